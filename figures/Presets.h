#pragma once
// Paper presets: a study and a figure spec in one JSON file under resources/presets/ (compiled
// into the binary as Qt resources), e.g.
//
//   { "format": "ropescope-figure-preset", "version": 1, "name": "fig4",
//     "description": "Fig. 4 in kind: ...",
//     "figure": { "view": "frequency", "width_in": 6.75, "height_in": 2.4, "font_pt": 8,
//                 "panels": [], "columns": [1, 2], "title": "", "theme": "print" },
//     "study":  { "format": "ropescope-study", "version": 1, "study": {...}, "variants": [...] } }
//
// A preset study may list more variants than a study file's limit of four (Table 1 has five
// rows): they are read four at a time with the same study-scope settings and joined.
#include <string>
#include <vector>

#include "FigureSpec.h"

namespace rope::figures {

struct PresetInfo {
    std::string name, description;
};

std::vector<PresetInfo> presetList();
/// The spec of a preset; throws InvalidParameter("--preset", ...) naming the presets if unknown.
FigureSpec loadPreset(const std::string& name);
/// Applies a "figure" object (keys as above) onto `spec`; throws BadFile naming `source`.
void applyFigureJson(FigureSpec& spec, const std::string& figureJson, const std::string& source);

}  // namespace rope::figures
