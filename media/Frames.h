#pragma once
// Plain-C++ types that cross the media/ boundary. No OpenCV here: the GUI, the CLI and
// model/ include this header without OpenCV's include path.
//
//   VideoInfo   what probeVideo() learns from a file without decoding it all
//   Frames      sampled frames, RGB uint8, [T][H][W][3] row-major, plus where each came from
//   Progress    std::function<bool(double fraction)>; returning false cancels the job, which then
//               throws rope::Cancelled from the worker thread that runs it
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace rope {

/// A long job (decode, model run) was cancelled through its progress callback.
class Cancelled : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Called with a fraction in [0, 1], from the thread doing the work; return false to cancel.
using Progress = std::function<bool(double fraction)>;

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
