#include "FigureSpec.h"

#include <algorithm>
#include <cmath>
#include <regex>

#include "core/Errors.h"
#include "core/ParamSchema.h"

namespace rope::figures {
namespace {

std::string num(double v) { return formatNumber(v); }

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
    return s;
}

}  // namespace

const std::vector<ViewInfo>& figureViews() {
    static const std::vector<ViewInfo> views = {
        {"index-growth", "3D index growth", "one panel per study column", {}, {}},
        {"frequency", "Frequency allocation", "one panel per study column", {}, {}},
        {"similarity", "Temporal similarity", "pair bands: temporal, fastest, slowest, all",
         {"temporal", "fastest", "slowest", "all"}, {"temporal"}},
        {"kernel", "Relative-position kernel", "rows whose pairs are averaged: t, h, w", {"t", "h", "w"}, {"t"}},
        {"table1", "Properties (Table 1)", "one table row per study column", {}, {}},
        {"vniah", "V-NIAH heatmaps", "tasks: v-niah, v-niah-d", {"v-niah", "v-niah-d"}, {"v-niah", "v-niah-d"}},
        {"attention", "Attention on a video", "per study column: frames (frame x frame), tokens (token x token), overlay (query on the frames)",
         {"frames", "tokens", "overlay"}, {"frames"}},
    };
    return views;
}

const ViewInfo* findView(const std::string& name) {
    for (const ViewInfo& v : figureViews())
        if (v.name == name) return &v;
    return nullptr;
}

std::vector<int> shownColumns(const FigureSpec& s) {
    if (!s.columns.empty()) return s.columns;
    std::vector<int> all(s.study.columns.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
    return all;
}

std::vector<std::string> shownPanels(const FigureSpec& s) {
    if (!s.panels.empty()) return s.panels;
    const ViewInfo* v = findView(s.view);
    return v ? v->defaultPanels : std::vector<std::string>{};
}

void validateSpec(const FigureSpec& s) {
    const ViewInfo* view = findView(s.view);
    if (!view) {
        std::vector<std::string> names;
        for (const ViewInfo& v : figureViews()) names.push_back(v.name);
        throw InvalidParameter("--view", s.view, "is not a figure view; views are " + joined(names));
    }
    if (!(s.widthIn > 0) || s.widthIn > kMaxSizeIn)
        throw InvalidParameter("width", num(s.widthIn) + " in", "must be more than 0 and at most 100 in");
    if (s.heightIn < 0 || s.heightIn > kMaxSizeIn || std::isnan(s.heightIn))
        throw InvalidParameter("height", num(s.heightIn) + " in", "must be more than 0 and at most 100 in");
    if (!(s.dpi >= kMinDpi && s.dpi <= kMaxDpi))
        throw InvalidParameter("--dpi", num(s.dpi), "must be between 50 and 2400");
    if (!(s.fontPt >= kMinFontPt && s.fontPt <= kMaxFontPt))
        throw InvalidParameter("--font-pt", num(s.fontPt), "must be between 4 and 36");
    if (s.study.columns.empty()) throw InvalidParameter("study", "", "has no variant column");
    for (int c : s.columns)
        if (c < 0 || c >= static_cast<int>(s.study.columns.size()))
            throw InvalidParameter("--columns", std::to_string(c + 1),
                                   "must name study columns 1.." + std::to_string(s.study.columns.size()));
    for (const std::string& p : s.panels)
        if (std::find(view->panelKeys.begin(), view->panelKeys.end(), p) == view->panelKeys.end())
            throw InvalidParameter("--panels", p,
                                   view->panelKeys.empty() ? "does not apply to view " + s.view + " (" + view->panelHelp + ")"
                                                           : "is not a panel of view " + s.view + "; panels are " +
                                                                 joined(view->panelKeys));
    if (!(s.elevationDeg >= -89 && s.elevationDeg <= 89))
        throw InvalidParameter("elevation", num(s.elevationDeg), "must be between -89 and 89 degrees");
    if (!std::isfinite(s.azimuthDeg)) throw InvalidParameter("azimuth", num(s.azimuthDeg), "must be a finite angle");
    if (s.mergeAbove < 0) throw InvalidParameter("merge_above", std::to_string(s.mergeAbove), "must be ≥ 0");
}

void parseSize(const std::string& text, double dpi, double* widthIn, double* heightIn) {
    static const std::regex form(R"(^\s*([0-9]*\.?[0-9]+)\s*[xX×]\s*([0-9]*\.?[0-9]+)\s*(in|mm|px)?\s*$)");
    std::smatch m;
    if (!std::regex_match(text, m, form))
        throw InvalidParameter("--size", text, "must be WxH in pixels, or WxHin / WxHmm (e.g. 2000x1200, 6.75x3in, 170x80mm)");
    const double w = std::stod(m[1]), h = std::stod(m[2]);
    const std::string unit = m[3].matched ? m[3].str() : "px";
    const double perIn = unit == "in" ? 1.0 : unit == "mm" ? 25.4 : dpi;
    *widthIn = w / perIn;
    *heightIn = h / perIn;
    if (!(*widthIn > 0) || !(*heightIn > 0) || *widthIn > kMaxSizeIn || *heightIn > kMaxSizeIn)
        throw InvalidParameter("--size", text, "must be more than 0 and at most 100 in on each side");
}

std::string themeName(Theme t) { return t == Theme::Print ? "print" : "screen"; }

Theme parseTheme(const std::string& text) {
    if (text == "print") return Theme::Print;
    if (text == "screen") return Theme::Screen;
    throw InvalidParameter("--theme", text, "must be print or screen");
}

}  // namespace rope::figures
