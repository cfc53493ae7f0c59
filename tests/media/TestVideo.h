#pragma once
// Tiny videos written by the tests with cv::VideoWriter (MJPG in .avi, which every OpenCV build
// can write and read back). Frame i is one solid colour that encodes i, so a decoded frame tells
// which source frame it is:  R = 16·(i mod 16) + 8,  G = 16·(⌊i/16⌋ mod 16) + 8,  B = 16·⌊i/256⌋ + 8.
// Steps of 16 leave ±7 of room for JPEG's colour rounding on flat frames.
#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>

#include "TempDir.h"

namespace rope::test {

inline cv::Vec3b colourOfFrame(int64_t i) {  // RGB
    return {static_cast<uint8_t>(16 * (i % 16) + 8), static_cast<uint8_t>(16 * ((i / 16) % 16) + 8),
            static_cast<uint8_t>(16 * (i / 256) + 8)};
}

/// Which frame an RGB colour encodes, or −1 if a channel is more than 7 off its grid.
inline int64_t frameOfColour(int r, int g, int b) {
    auto digit = [](int v) { return v / 16; };  // 16d + 8 ± 7 lies in [16d + 1, 16d + 15]
    const int dr = digit(r), dg = digit(g), db = digit(b);
    if (std::abs(r - (16 * dr + 8)) > 7 || std::abs(g - (16 * dg + 8)) > 7 || std::abs(b - (16 * db + 8)) > 7) return -1;
    return dr + 16 * dg + 256 * db;
}

/// Writes `frames` frames of width × height at `fps` and returns the path.
inline std::string writeTestVideo(const std::filesystem::path& path, int frames, int width, int height, double fps) {
    cv::VideoWriter w(path.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), fps, cv::Size(width, height));
    if (!w.isOpened()) return "";
    for (int i = 0; i < frames; ++i) {
        const cv::Vec3b rgb = colourOfFrame(i);
        w.write(cv::Mat(height, width, CV_8UC3, cv::Scalar(rgb[2], rgb[1], rgb[0])));  // BGR
    }
    w.release();
    return path.string();
}

}  // namespace rope::test
