#pragma once
// One builder per figure view: it prepares the numbers from FigureData and returns the panel
// painters, shared legend and data sidecar (Drawing.h). FigureRenderer lays them out on the page.
#include <QString>
#include <string>

#include "figures/Drawing.h"
#include "figures/FigureData.h"
#include "figures/FigureSpec.h"

namespace rope::figures {

ViewDrawing buildIndexGrowth(const FigureSpec& spec, const FigureData& data);
ViewDrawing buildFrequency(const FigureSpec& spec, const FigureData& data);
ViewDrawing buildSimilarity(const FigureSpec& spec, const FigureData& data);
ViewDrawing buildKernel(const FigureSpec& spec, const FigureData& data);
ViewDrawing buildTable1(const FigureSpec& spec, const FigureData& data);
ViewDrawing buildVniah(const FigureSpec& spec, const FigureData& data);
ViewDrawing buildAttention(const FigureSpec& spec, const FigureData& data);

/// Table 1 as LaTeX (booktabs): one row per shown column, ✓ = \checkmark, ✗ = \texttimes.
std::string table1Latex(const FigureSpec& spec, const FigureData& data);

/// "VideoRoPE (δ = 2)", "M-RoPE", "VideoRoPE (temporal_band = high)": the variant and what is
/// not its default.
QString columnTitle(const Params& p);

}  // namespace rope::figures
