#pragma once
// Frames built in memory for the model tests: 28-px token blocks with chosen contents.
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "TempDir.h"
#include "core/attention/QkCapture.h"
#include "media/Frames.h"

namespace rope::test {

/// T frames of rows × cols tokens (28 px each); pixel(t, token row, token col, y, x, channel) → 0..255.
inline Frames makeFrames(int64_t T, int rows, int cols, const std::function<uint8_t(int64_t, int, int, int, int, int)>& pixel) {
    Frames f;
    f.count = T;
    f.height = rows * 28;
    f.width = cols * 28;
    f.rgb.resize(f.frameBytes() * static_cast<size_t>(T));
    for (int64_t t = 0; t < T; ++t) {
        f.timestamps.push_back(0.5 * static_cast<double>(t));
        f.sourceIndices.push_back(t);
        for (int y = 0; y < f.height; ++y)
            for (int x = 0; x < f.width; ++x)
                for (int c = 0; c < 3; ++c)
                    f.frame(t)[(static_cast<size_t>(y) * f.width + x) * 3 + c] = pixel(t, y / 28, x / 28, y % 28, x % 28, c);
    }
    return f;
}

inline double dot(const float* a, const float* b, int64_t d) {
    double s = 0;
    for (int64_t i = 0; i < d; ++i) s += static_cast<double>(a[i]) * b[i];
    return s;
}

}  // namespace rope::test
