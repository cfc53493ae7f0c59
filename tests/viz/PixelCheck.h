#pragma once
// Pixel helpers for offscreen image tests (vtkImageData with unsigned char scalars).
#include <vtkImageData.h>

#include <array>
#include <cstdlib>

namespace rope::test {

/// Components at (x, y) with y counted from the bottom (VTK's image origin).
inline std::array<int, 4> pixel(vtkImageData* image, int x, int y) {
    const int comps = image->GetNumberOfScalarComponents();
    const auto* p = static_cast<const unsigned char*>(image->GetScalarPointer(x, y, 0));
    std::array<int, 4> out{0, 0, 0, 255};
    for (int c = 0; c < comps && c < 4; ++c) out[c] = p[c];
    return out;
}

inline bool near(const std::array<int, 4>& a, const std::array<int, 4>& b, int tolerance) {
    for (int c = 0; c < 4; ++c)
        if (std::abs(a[c] - b[c]) > tolerance) return false;
    return true;
}

/// Pixels whose RGB differs from `rgb` by more than `tolerance` in some channel.
inline long countDifferent(vtkImageData* image, std::array<int, 3> rgb, int tolerance) {
    const int* dims = image->GetDimensions();
    long n = 0;
    for (int y = 0; y < dims[1]; ++y)
        for (int x = 0; x < dims[0]; ++x) {
            const auto p = pixel(image, x, y);
            for (int c = 0; c < 3; ++c)
                if (std::abs(p[c] - rgb[c]) > tolerance) {
                    ++n;
                    break;
                }
        }
    return n;
}

/// Pixels within Euclidean RGB distance `radius` of `rgb`.
inline long countNear(vtkImageData* image, std::array<int, 3> rgb, double radius) {
    const int* dims = image->GetDimensions();
    long n = 0;
    for (int y = 0; y < dims[1]; ++y)
        for (int x = 0; x < dims[0]; ++x) {
            const auto p = pixel(image, x, y);
            double d2 = 0;
            for (int c = 0; c < 3; ++c) d2 += double(p[c] - rgb[c]) * double(p[c] - rgb[c]);
            if (d2 <= radius * radius) ++n;
        }
    return n;
}

}  // namespace rope::test
