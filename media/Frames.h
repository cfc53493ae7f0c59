#pragma once
// Plain-C++ types that cross the media/ boundary. No OpenCV here: the GUI, the CLI and
// model/ include this header without OpenCV's include path.
//
//   VideoInfo   what probeVideo() learns from a file without decoding it all
//   Frames      sampled frames, RGB uint8, [T][H][W][3] row-major, plus where each came from
//   Progress    core/Progress.h; returning false cancels the job, which then throws rope::Cancelled
//               (core/Errors.h) from the worker thread that runs it
#include <cstdint>
#include "core/Errors.h"
#include "core/Progress.h"
#include <string>
#include <vector>

namespace rope {

struct VideoInfo {
    std::string path;
    int width = 0, height = 0;  ///< pixels
    double fps = 0;             ///< from the container; 0 when unknown
    int64_t frameCount = 0;     ///< from the container's header; may be wrong (see VideoReader.h)
    double durationSeconds = 0; ///< frameCount / fps, 0 when either is unknown
    std::string codec;          ///< FourCC as text, e.g. "MJPG", "DIV3"; empty when unknown
    std::string backend;        ///< OpenCV videoio backend, e.g. "FFMPEG"
};

struct Frames {
    int64_t count = 0;          ///< T
    int height = 0, width = 0;  ///< of every frame after resizing
    std::vector<uint8_t> rgb;   ///< T·H·W·3 bytes: frame → row → column → (R, G, B)
    std::vector<double> timestamps;     ///< seconds from the start of the video, one per frame
    std::vector<int64_t> sourceIndices; ///< index of each frame in the decoded stream
    std::string sourcePath;
    std::vector<std::string> warnings;  ///< e.g. "header says 444 frames, 68 decode" (allowTruncated)

    size_t frameBytes() const { return static_cast<size_t>(height) * width * 3; }
    const uint8_t* frame(int64_t t) const { return rgb.data() + static_cast<size_t>(t) * frameBytes(); }
    uint8_t* frame(int64_t t) { return rgb.data() + static_cast<size_t>(t) * frameBytes(); }
};

}  // namespace rope
