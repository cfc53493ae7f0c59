#include "Colormap.h"

#include <algorithm>
#include <cmath>

namespace rope::viz {
namespace {

// matplotlib's viridis at u = 0, 0.1, …, 1 (8-bit sRGB).
constexpr std::array<std::array<int, 3>, 11> kViridis{{
    {68, 1, 84}, {72, 36, 117}, {65, 68, 135}, {53, 95, 141}, {42, 120, 142}, {33, 145, 140},
    {34, 168, 132}, {68, 191, 112}, {122, 209, 81}, {189, 223, 38}, {253, 231, 37},
}};

constexpr double kFrameMapEnd = 0.88;  // see the header: bright yellow is cut

}  // namespace

Rgb viridis(double u) {
    u = std::clamp(u, 0.0, 1.0) * 10.0;
    const int i = std::min(static_cast<int>(std::floor(u)), 9);
    const double f = u - i;
    Rgb c;
    for (int k = 0; k < 3; ++k) c[k] = ((1 - f) * kViridis[i][k] + f * kViridis[i + 1][k]) / 255.0;
    return c;
}

Rgb frameColor(int frame, int frameCount) {
    if (frameCount <= 1) return viridis(0.0);
    return viridis(kFrameMapEnd * static_cast<double>(frame) / static_cast<double>(frameCount - 1));
}

}  // namespace rope::viz
