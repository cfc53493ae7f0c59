#pragma once
// A V-NIAH heatmap as a PNG, without Qt (the CLI links core + zlib only): x = haystack length,
// y = needle depth (0 % at the top), red (rate 0) → yellow → green (rate 1), as in the paper's
// Fig. 7. The only text is numeric — tick labels and the accuracy in a 3×5 pixel digit font; the
// variant and task are in the file name and in a PNG tEXt "Title" chunk. The GUI draws fully
// labelled heatmaps from the same numbers.
#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace rope::cli {

/// The PNG file bytes of the heatmap; rates: lengths × depths in [0, 1]. Written by the caller
/// through OutputTransaction (formats/), which checks the write.
std::string vniahHeatmapPng(const Eigen::ArrayXXd& rates, const std::vector<int64_t>& lengths,
                            const std::vector<int64_t>& depths, double accuracy, const std::string& title);

/// The RGB colour of a success rate: red (0) → yellow (0.5) → green (1).
std::array<uint8_t, 3> vniahRateColour(double rate);

}  // namespace rope::cli
