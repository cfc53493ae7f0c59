#pragma once
// Colours shared by every RoPEScope figure, so a frame has the same colour in a 3D scene, a chart
// and a legend.
//
//   frame colours: viridis sampled on [0, 0.88] — perceptually uniform, readable in grey print and
//   for common colour-vision deficiencies; the top end (bright yellow) is cut because it vanishes
//   on a white page.
//
//      frame 0 ███ dark violet ── blue ── teal ── green ███ frame T−1
//
//   text tokens: one neutral grey — told apart from every frame by having no hue.
#include <array>

namespace rope::viz {

/// Linear RGB triple in [0, 1].
using Rgb = std::array<double, 3>;

/// Colour of frame `frame` among `frameCount` frames (first → last along the map).
/// One frame gets the map's start colour.
Rgb frameColor(int frame, int frameCount);

/// Viridis at u ∈ [0, 1] (clamped), piecewise-linear through 11 published stops.
Rgb viridis(double u);

/// Text tokens, text polylines and labels.
constexpr Rgb kTextTokenColor{0.45, 0.45, 0.45};
constexpr Rgb kTextPathColor{0.70, 0.70, 0.70};
constexpr Rgb kInkColor{0.10, 0.10, 0.10};        ///< axis lines, tick labels, titles
constexpr Rgb kPaperColor{1.0, 1.0, 1.0};         ///< figure background

}  // namespace rope::viz
