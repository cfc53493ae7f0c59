#pragma once
// The numbers a figure draws, computed once from a FigureSpec with core (no Qt): the study's
// results (positions, plans, curves, Table 1) and, for the V-NIAH view only, the V-NIAH grids.
//
// V-NIAH is the one long computation: it runs runVniah with the study's own vniah.* settings
// (the fig7 preset asks for a reduced grid, see resources/presets/README.md), reporting progress
// through RunControl. The attention view runs the video pipeline through the app's provider
// (AttentionFigureData.h) unless the caller gave the data. Other views run nothing long.
#include <vector>

#include "AttentionFigureData.h"
#include "FigureSpec.h"
#include "core/analysis/StudyResults.h"
#include "core/vniah/VniahExperiment.h"

namespace rope::figures {

struct FigureData {
    StudyResults results;
    std::vector<VniahGrid> vniah;  ///< for view "vniah": one per (shown column, task), column-major
    /// For view "attention": given by the caller (the GUI's maps) or, when null, computed by the
    /// registered attentionDataProvider() (the CLI).
    std::shared_ptr<const AttentionFigureInput> attention;
};

/// Throws InvalidParameter / TooLarge like the other commands. Returns false only if cancelled.
bool computeFigureData(const FigureSpec& spec, FigureData* out, const RunControl& ctl = {});

}  // namespace rope::figures
