#pragma once
// Images for headless output — attention heatmaps and heatmaps laid over video frames — encoded as
// PNG by OpenCV's imgcodecs (already a dependency of this target), so the project keeps one PNG
// encoder per layer instead of writing another. Plain C++ interface; OpenCV only in ImageFile.cpp.
//
// Colour: matplotlib's viridis (OpenCV's COLORMAP_VIRIDIS), low = dark purple, high = yellow,
// readable in greyscale print and by colour-blind readers.
#include <cstdint>
#include <string>
#include <vector>

namespace rope {

struct RgbImage {
    int width = 0, height = 0;
    std::vector<uint8_t> rgb;  ///< height · width · 3, row-major, (R, G, B)
};

/// values: rows × cols, row-major. Mapped linearly from [lo, hi] (clamped) to viridis. The image is
/// scaled by an integer factor so that its longer side is at least `minSide` pixels (nearest, so
/// every cell stays a crisp block), or block-averaged down when the matrix is larger than `maxSide`.
RgbImage heatmapImage(const float* values, int rows, int cols, float lo, float hi, int minSide = 256, int maxSide = 2048);

/// A frame (RGB, w × h) with a rows × cols map blended on top: map cells become rectangles of the
/// frame, coloured by viridis over [lo, hi], alpha = opacity of the colour.
RgbImage overlayHeatmap(const uint8_t* frameRgb, int width, int height, const float* map, int rows, int cols, float lo,
                        float hi, float alpha = 0.55f);

/// Images side by side (same height), with a `gap`-pixel white border between them.
RgbImage hstack(const std::vector<RgbImage>& images, int gap = 4);

/// Images of one size in rows of `columns`, `gap` white pixels between them (the last row may be
/// short; its empty cells stay white).
RgbImage tileImages(const std::vector<RgbImage>& images, int columns, int gap = 4);

/// The PNG file bytes of `image` (encoded in memory, so callers write them through one checked
/// writer such as OutputTransaction::write). Throws BadFile when OpenCV cannot encode it.
std::string pngBytes(const RgbImage& image);

/// Writes pngBytes() to `path` (flushed, closed, checked). Throws BadFile naming the path.
void writePng(const std::string& path, const RgbImage& image);

}  // namespace rope
