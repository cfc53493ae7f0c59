#pragma once
// Opening a video file and sampling frames from it (OpenCV 4.6 videoio, FFmpeg backend), behind a
// plain-C++ interface: OpenCV appears only in VideoReader.cpp.
//
// Why the reader decodes sequentially. Container headers lie: Debian's own opencv-doc sample
// tree.avi announces 444 frames and decodes 68, and a truncated download still carries the full
// frame count. Seeking by frame number (CAP_PROP_POS_FRAMES) on such files lands on the wrong frame
// or silently fails. So readFrames() walks the stream with grab() — cheap, it skips colour
// conversion — and retrieves only the frames it samples; it seeks only across gaps of more than
// kSeekGap frames, and checks where the seek landed. When the stream ends before a frame the plan
// needs, the file is truncated or its header is wrong: by default that is an error naming the file
// (BadFile); with allowTruncated the plan is redone over the frames that do decode and a warning is
// recorded in Frames::warnings.
//
// Sampling (indices into the decoded stream, F = frame count, all hand-checkable):
//   by count N : i-th index = round(i·(F−1)/(N−1)), halves rounded up; N = 1 → ⌊(F−1)/2⌋.
//                F = 10, N = 3 → 0, 5, 9        F = 25, N = 4 → 0, 8, 16, 24
//                (the uniform linspace over the whole video that Qwen2-VL's processor uses)
//   by fps f   : one frame per 1/f seconds from t = 0: index_j = ⌊j·fps_src/f⌋ while < F, then at
//                most maxFrames of them.   F = 25, fps_src = 10, f = 4 → 0, 2, 5, 7, 10, 12, …, 22
//
// Every function is synchronous: call it from a worker thread; Progress is called on that thread.
// Errors: BadFile (unreadable, not a video, truncated) and InvalidParameter (a request the video
// cannot meet) name the file; Cancelled when Progress returned false.
#include <cstdint>
#include <string>
#include <vector>

#include "media/Frames.h"

namespace rope {

struct FrameSampling {
    enum class Mode { Count, Fps };
    Mode mode = Mode::Count;
    int64_t count = 8;      ///< Mode::Count: frames wanted, ≥ 1
    double fps = 1.0;       ///< Mode::Fps: frames per second wanted, > 0
    int64_t maxFrames = 0;  ///< Mode::Fps: keep at most this many (the first ones); 0 = no cap
};

struct FrameRequest {
    FrameSampling sampling;
    int outWidth = 0, outHeight = 0;  ///< resize every frame to this; 0 × 0 keeps the native size
    bool allowTruncated = false;      ///< sample from the frames that decode when the header over-counts
    /// The decoded frames (native size while walking + output size) must fit this, checked from the
    /// header before any frame is decoded (rope::TooLarge otherwise).
    double memoryBudgetMiB = 4096;
};

/// The stream ends before a frame the sampling plan needs (the header over-counts, or the file is
/// cut short) and the request did not allow it. One message for every front end, naming the file
/// and both counts; each front end then offers its own way to accept it (the CLI's
/// --allow-truncated, the GUI's "use the frames that decode" dialog).
class TruncatedVideo : public BadFile {
public:
    TruncatedVideo(const std::string& path, int64_t headerFrames, int64_t decodableFrames);
    const std::string& path() const { return m_path; }
    int64_t headerFrames() const { return m_header; }
    int64_t decodableFrames() const { return m_decodable; }

private:
    std::string m_path;
    int64_t m_header, m_decodable;
};

/// Gaps larger than this are crossed with a seek instead of grab().
inline constexpr int64_t kSeekGap = 300;

/// Opens the file, reads its header and decodes nothing. Throws BadFile naming the file.
VideoInfo probeVideo(const std::string& path);

/// The sampling rules above; pure arithmetic, no file. Throw InvalidParameter("frames" / "fps", …).
std::vector<int64_t> sampleIndicesByCount(int64_t frameCount, int64_t n);
std::vector<int64_t> sampleIndicesByFps(int64_t frameCount, double sourceFps, double targetFps, int64_t maxFrames = 0);
std::vector<int64_t> planSamples(int64_t frameCount, double sourceFps, const FrameSampling& s);

/// At most this many frames are ever sampled (a list of indices is built only below it).
inline constexpr int64_t kMaxSampledFrames = 1 << 20;
/// Index of the j-th frame sampled at targetFps from a sourceFps video (before the end check).
int64_t fpsSampleIndex(int64_t j, double sourceFps, double targetFps);
/// How many frames sampleIndicesByFps would return, in O(1) without building the list (a header
/// claiming 2^32 − 1 frames must be refused without a 4 GB list). 0 for unusable rates.
int64_t fpsSampleCount(int64_t frameCount, double sourceFps, double targetFps, int64_t maxFrames = 0);
/// planSamples(...).size() without building the list.
int64_t plannedSampleCount(int64_t frameCount, double sourceFps, const FrameSampling& s);

/// Decodes the sampled frames as RGB, resized to the requested size (INTER_AREA when shrinking).
/// Timestamps are index / fps (container fps), or the decoder's clock when fps is unknown.
Frames readFrames(const std::string& path, const FrameRequest& request, const Progress& progress = {});

/// A token grid rows × cols with about `tokens` cells and the frame's aspect ratio, as a vision
/// model's resizer would choose it: rows = max(1, round(√(tokens·h/w))), cols = max(1, round(tokens/rows)).
/// 768 × 576 (vtest.avi), 144 tokens → 10 × 14.
struct GridSize {
    int rows = 0, cols = 0;
};
GridSize autoGrid(int width, int height, int tokens = 144);

}  // namespace rope
