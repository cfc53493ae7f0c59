#pragma once
// What a figure is: which view of which study, at what physical size, resolution, font size and
// theme, with which panels. The GUI's Export dialog and `ropescope figure` both fill one of these
// and hand it to the same renderer (FigureRenderer.h).
//
//   FigureSpec s;
//   s.view = "frequency"; s.study = demoStudy();
//   s.widthIn = 6.75; s.fontPt = 8;            // a double-column figure, 8 pt text
//   writeFigureFile(s, computeFigureData(s), "fig4.pdf");
#include <string>
#include <vector>

#include "Colors.h"
#include "Style.h"
#include "core/Study.h"

namespace rope::figures {

constexpr double kSingleColumnIn = 3.25;
constexpr double kDoubleColumnIn = 6.75;
constexpr double kMaxSizeIn = 100;
constexpr double kMinDpi = 50, kMaxDpi = 2400;
constexpr double kMinFontPt = 4, kMaxFontPt = 36;
constexpr double kMaxRasterPixels = 120e6;  ///< PNG (and preview) pixel budget
constexpr int kDefaultMergeAbove = 20000;   ///< 3D: tokens above which points merge per pixel

struct FigureSpec {
    std::string view = "index-growth";  ///< a name from figureViews()
    Study study = demoStudy();
    std::string source = "demo study";  ///< where the study came from (metadata, command line)
    std::string presetName;             ///< the preset it came from, if any (command line)
    std::string studyPath;              ///< the study file it came from, if any (command line)
    std::vector<int> columns;           ///< 0-based study columns to show; empty = all
    std::vector<std::string> panels;    ///< view-specific panel keys (ViewInfo::panelKeys); empty = default
    double widthIn = kDoubleColumnIn;
    double heightIn = 0;                ///< 0 = from the view's panel shape
    double dpi = 300;                   ///< PNG pixels per inch (vectors ignore it, except 3D merging)
    double fontPt = 8;
    Theme theme = Theme::Print;
    RateColors rateColors = RateColors::Paper;
    // 3D camera: orthographic (or perspective) from azimuth / elevation, in degrees.
    double azimuthDeg = 22.7, elevationDeg = 21.1;
    bool perspective = false;
    int mergeAbove = kDefaultMergeAbove;
    std::string title;                  ///< optional figure title above the panels
};

struct ViewInfo {
    std::string name;       ///< "index-growth"
    std::string human;      ///< "3D index growth"
    std::string panelHelp;  ///< what --panels selects for this view
    std::vector<std::string> panelKeys;      ///< allowed panel keys (empty: panels are the columns)
    std::vector<std::string> defaultPanels;  ///< used when FigureSpec::panels is empty
};

const std::vector<ViewInfo>& figureViews();
const ViewInfo* findView(const std::string& name);

/// Throws InvalidParameter naming the field, value and rule (unknown view, size 0 or > 100 in,
/// DPI outside 50–2400, column outside the study, unknown panel key, ...).
void validateSpec(const FigureSpec& s);

/// Columns to draw (0-based), FigureSpec::columns or every column of the study.
std::vector<int> shownColumns(const FigureSpec& s);
/// Panel keys to draw, FigureSpec::panels or the view's default.
std::vector<std::string> shownPanels(const FigureSpec& s);

/// Parses "6.75x3in", "170x80mm", "2000x1200" (pixels at `dpi`) into inches. Throws
/// InvalidParameter("--size", ...).
void parseSize(const std::string& text, double dpi, double* widthIn, double* heightIn);

std::string themeName(Theme t);
Theme parseTheme(const std::string& text);  ///< "print" | "screen"

}  // namespace rope::figures
