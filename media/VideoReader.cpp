#include "media/VideoReader.h"

#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>
#include <opencv2/videoio/registry.hpp>

#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <mutex>

#include "core/Errors.h"
#include "core/MemoryBudget.h"
#include "core/ParamSchema.h"
#include "core/text/TextParse.h"

namespace rope {
namespace {

namespace fs = std::filesystem;

std::string quoted(const std::string& path) { return quoteBounded(path, 200); }

/// OpenCV's warnings ("[ WARN:0@…] global cap_ffmpeg…") and FFmpeg's ("moov atom not found") would
/// break the one-line error contract of the CLI; our exceptions carry the information instead.
/// OpenCV reads OPENCV_FFMPEG_LOGLEVEL once, when its FFmpeg backend starts; −8 is AV_LOG_QUIET.
/// A value the user set (to debug a file) is kept.
void quietOpenCv() {
    static std::once_flag once;
    std::call_once(once, [] {
        setenv("OPENCV_FFMPEG_LOGLEVEL", "-8", /*overwrite=*/0);
        cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR);
    });
}

void requireReadableFile(const std::string& path) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) throw BadFile("video " + quoted(path) + ": no such file");
    if (fs::is_directory(st)) throw BadFile("video " + quoted(path) + ": is a directory, not a video file");
    // Checked before opening: a FIFO (or a device) would block the open or the read forever.
    if (!fs::is_regular_file(st))
        throw BadFile("video " + quoted(path) + ": is not a regular file (a FIFO, device or socket); give a video file");
    if (fs::file_size(path, ec) == 0) throw BadFile("video " + quoted(path) + ": the file is empty");
}

/// FFmpeg explicitly: with CAP_ANY, OpenCV also tries its image-sequence backend (a name with "%d"
/// becomes a pattern) and GStreamer, whose failures print pages to stderr.
cv::VideoCapture openCapture(const std::string& path) {
    quietOpenCv();
    requireReadableFile(path);
    cv::VideoCapture cap;
    const bool haveFfmpeg = cv::videoio_registry::hasBackend(cv::CAP_FFMPEG);
    try {
        cap.open(path, haveFfmpeg ? cv::CAP_FFMPEG : cv::CAP_ANY);
    } catch (const cv::Exception& e) {
        throw BadFile("video " + quoted(path) + ": OpenCV failed to open it (" + e.err + ")");
    }
    if (!cap.isOpened())
        throw BadFile("video " + quoted(path) + ": OpenCV 4.6 (" + (haveFfmpeg ? "FFmpeg" : "default") +
                      " backend) cannot decode it — not a video, an unsupported container or codec, or a damaged header");
    return cap;
}

std::string fourccText(double v) {
    const auto code = static_cast<uint32_t>(static_cast<int64_t>(v));
    std::string s;
    for (int i = 0; i < 4; ++i) {
        const char c = static_cast<char>((code >> (8 * i)) & 0xFF);
        if (c >= 32 && c < 127) s += c;
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return code == 0 ? "" : s;
}

VideoInfo infoOf(cv::VideoCapture& cap, const std::string& path) {
    VideoInfo info;
    info.path = path;
    info.width = static_cast<int>(cap.get(cv::CAP_PROP_FRAME_WIDTH));
    info.height = static_cast<int>(cap.get(cv::CAP_PROP_FRAME_HEIGHT));
    const double fps = cap.get(cv::CAP_PROP_FPS);
    info.fps = std::isfinite(fps) && fps > 0 && fps < 10000 ? fps : 0;
    const double n = cap.get(cv::CAP_PROP_FRAME_COUNT);
    info.frameCount = std::isfinite(n) && n > 0 && n < 1e12 ? static_cast<int64_t>(n) : 0;
    info.durationSeconds = info.fps > 0 ? static_cast<double>(info.frameCount) / info.fps : 0;
    info.codec = fourccText(cap.get(cv::CAP_PROP_FOURCC));
    info.backend = cap.getBackendName();
    if (info.width <= 0 || info.height <= 0)
        throw BadFile("video " + quoted(path) + ": no video stream with a frame size (" + std::to_string(info.width) +
                      " × " + std::to_string(info.height) + ")");
    return info;
}

bool report(const Progress& progress, double fraction) { return !progress || progress(std::clamp(fraction, 0.0, 1.0)); }

/// Counts the frames that actually decode (used when the header gives no count).
int64_t countFrames(cv::VideoCapture& cap, const Progress& progress) {
    int64_t n = 0;
    while (cap.grab()) {
        if (++n % 64 == 0 && !report(progress, 0.0)) throw Cancelled("video decoding cancelled");
    }
    return n;
}

/// What happened when walking the stream: the frames, or the index where it ended.
struct Walk {
    std::vector<cv::Mat> frames;
    std::vector<double> clock;  ///< CAP_PROP_POS_MSEC / 1000 at each sampled frame
    int64_t endedAt = -1;       ///< first index that did not decode, −1 if all did
};

Walk walk(cv::VideoCapture& cap, const std::string& path, const std::vector<int64_t>& indices, const Progress& progress) {
    Walk w;
    int64_t next = 0;  // index of the frame the next grab() returns
    for (size_t s = 0; s < indices.size(); ++s) {
        const int64_t want = indices[s];
        if (want - next > kSeekGap) {
            // Seek, then check where we landed; if the backend cannot say, fall back to grabbing.
            if (cap.set(cv::CAP_PROP_POS_FRAMES, static_cast<double>(want)) &&
                static_cast<int64_t>(std::llround(cap.get(cv::CAP_PROP_POS_FRAMES))) == want) {
                next = want;
            } else {
                cap.release();
                cap = openCapture(path);
                next = 0;
            }
        }
        while (next < want) {
            if (!cap.grab()) {
                w.endedAt = next;
                return w;
            }
            ++next;
            if (next % 32 == 0 && !report(progress, (static_cast<double>(s) + static_cast<double>(next) / (want + 1)) / indices.size() * 0.9))
                throw Cancelled("video decoding cancelled");
        }
        cv::Mat bgr;
        if (!cap.grab() || !cap.retrieve(bgr) || bgr.empty()) {
            w.endedAt = want;
            return w;
        }
        ++next;
        w.clock.push_back(cap.get(cv::CAP_PROP_POS_MSEC) / 1000.0);
        w.frames.push_back(bgr);
        if (!report(progress, static_cast<double>(s + 1) / indices.size() * 0.9)) throw Cancelled("video decoding cancelled");
    }
    return w;
}

cv::Mat toRgbSized(const cv::Mat& in, int outW, int outH) {
    cv::Mat rgb;
    if (in.channels() == 1) cv::cvtColor(in, rgb, cv::COLOR_GRAY2RGB);
    else if (in.channels() == 4) cv::cvtColor(in, rgb, cv::COLOR_BGRA2RGB);
    else cv::cvtColor(in, rgb, cv::COLOR_BGR2RGB);
    if (rgb.depth() != CV_8U) rgb.convertTo(rgb, CV_8U);
    if (outW > 0 && outH > 0 && (outW != rgb.cols || outH != rgb.rows)) {
        const bool shrink = outW < rgb.cols && outH < rgb.rows;
        cv::Mat sized;
        cv::resize(rgb, sized, cv::Size(outW, outH), 0, 0, shrink ? cv::INTER_AREA : cv::INTER_LINEAR);
        rgb = sized;
    }
    return rgb.isContinuous() ? rgb : rgb.clone();
}

}  // namespace

TruncatedVideo::TruncatedVideo(const std::string& path, int64_t headerFrames, int64_t decodableFrames)
    : BadFile("video " + quoted(path) + ": the header promises " + std::to_string(headerFrames) +
              " frames but decoding stops at frame " + std::to_string(decodableFrames) +
              "; the file is truncated or corrupt"),
      m_path(path), m_header(headerFrames), m_decodable(decodableFrames) {}

int64_t fpsSampleIndex(int64_t j, double sourceFps, double targetFps) {
    // The small epsilon keeps exact multiples (j·25/2.5 = 10) from landing on 9.999….
    return static_cast<int64_t>(std::floor(static_cast<double>(j) * sourceFps / targetFps + 1e-9));
}

int64_t fpsSampleCount(int64_t frameCount, double sourceFps, double targetFps, int64_t maxFrames) {
    if (frameCount <= 0) return 0;
    // Sample j is taken while fpsSampleIndex(j) < frameCount (monotone in j): estimate the first j
    // that fails, then step to it exactly. O(1) work, whatever the header claims.
    const double estimate = std::ceil(static_cast<double>(frameCount) * targetFps / sourceFps);
    int64_t c = estimate > 9e18 ? int64_t(9e18) : std::max<int64_t>(0, static_cast<int64_t>(estimate));
    while (c > 0 && fpsSampleIndex(c - 1, sourceFps, targetFps) >= frameCount) --c;
    while (fpsSampleIndex(c, sourceFps, targetFps) < frameCount) ++c;
    return maxFrames > 0 ? std::min(c, maxFrames) : c;
}

VideoInfo probeVideo(const std::string& path) {
    cv::VideoCapture cap = openCapture(path);
    return infoOf(cap, path);
}

std::vector<int64_t> sampleIndicesByCount(int64_t frameCount, int64_t n) {
    if (n < 1) throw InvalidParameter("frames", std::to_string(n), "must be ≥ 1");
    if (frameCount < 1) throw InvalidParameter("frames", std::to_string(n), "cannot be sampled from a video with no frames");
    if (n > frameCount)
        throw InvalidParameter("frames", std::to_string(n), "must be ≤ the video's " + std::to_string(frameCount) + " frames");
    if (n == 1) return {(frameCount - 1) / 2};
    std::vector<int64_t> idx(static_cast<size_t>(n));
    const int64_t span = frameCount - 1, den = n - 1;
    // round(i·span/den) with halves up, in integers: ⌊(2·i·span + den) / (2·den)⌋
    for (int64_t i = 0; i < n; ++i) idx[static_cast<size_t>(i)] = (2 * i * span + den) / (2 * den);
    return idx;
}

std::vector<int64_t> sampleIndicesByFps(int64_t frameCount, double sourceFps, double targetFps, int64_t maxFrames) {
    if (!(targetFps > 0) || !std::isfinite(targetFps))
        throw InvalidParameter("fps", formatNumber(targetFps), "must be > 0");
    if (!(sourceFps > 0))
        throw InvalidParameter("fps", formatNumber(targetFps), "needs the video's frame rate, which its header does not give; sample by frame count");
    if (targetFps > sourceFps * (1 + 1e-9))
        throw InvalidParameter("fps", formatNumber(targetFps), "must be ≤ the video's " + formatNumber(sourceFps) + " frames per second");
    if (maxFrames < 0) throw InvalidParameter("frames", std::to_string(maxFrames), "must be ≥ 0 (0 = no cap)");
    const int64_t n = fpsSampleCount(frameCount, sourceFps, targetFps, maxFrames);
    if (n > kMaxSampledFrames)
        throw InvalidParameter("fps", formatNumber(targetFps),
                               "selects " + std::to_string(n) + " frames of this " + std::to_string(frameCount) +
                                   "-frame video; at most " + std::to_string(kMaxSampledFrames) + " can be sampled (lower --fps or cap with --frames)");
    std::vector<int64_t> idx(static_cast<size_t>(n));
    for (int64_t j = 0; j < n; ++j) idx[static_cast<size_t>(j)] = fpsSampleIndex(j, sourceFps, targetFps);
    if (idx.empty()) throw InvalidParameter("fps", formatNumber(targetFps), "selects no frame of a video with no frames");
    return idx;
}

int64_t plannedSampleCount(int64_t frameCount, double sourceFps, const FrameSampling& s) {
    if (s.mode == FrameSampling::Mode::Count) return s.count;
    if (!(s.fps > 0) || !std::isfinite(s.fps) || !(sourceFps > 0) || s.maxFrames < 0) return 0;
    return fpsSampleCount(frameCount, sourceFps, s.fps, s.maxFrames);
}

std::vector<int64_t> planSamples(int64_t frameCount, double sourceFps, const FrameSampling& s) {
    return s.mode == FrameSampling::Mode::Count ? sampleIndicesByCount(frameCount, s.count)
                                                : sampleIndicesByFps(frameCount, sourceFps, s.fps, s.maxFrames);
}

Frames readFrames(const std::string& path, const FrameRequest& request, const Progress& progress) {
    if ((request.outWidth > 0) != (request.outHeight > 0) || request.outWidth < 0 || request.outHeight < 0)
        throw InvalidParameter("frame size", std::to_string(request.outWidth) + "x" + std::to_string(request.outHeight),
                               "must be two positive numbers, or 0x0 for the native size");
    cv::VideoCapture cap = openCapture(path);
    const VideoInfo info = infoOf(cap, path);
    Frames out;
    out.sourcePath = path;

    int64_t frameCount = info.frameCount;
    if (frameCount <= 0) {  // no count in the header: count what decodes, then start again
        frameCount = countFrames(cap, progress);
        if (frameCount == 0) throw BadFile("video " + quoted(path) + ": no frame decodes; the file is truncated or corrupt");
        cap.release();
        cap = openCapture(path);
        out.warnings.push_back("the header gives no frame count; " + std::to_string(frameCount) + " frames decode");
    }
    std::vector<int64_t> indices = planSamples(frameCount, info.fps, request.sampling);
    {
        // Every sampled frame is held at its native size during the walk, then at the output size.
        const double n = static_cast<double>(indices.size()), native = 3.0 * info.width * double(info.height);
        const double sized = request.outWidth > 0 ? 3.0 * request.outWidth * double(request.outHeight) : native;
        requireMemory(n * (native + sized), request.memoryBudgetMiB,
                      std::to_string(indices.size()) + " frames of " + std::to_string(info.width) + "x" +
                          std::to_string(info.height) + " px decoded from video " + quoted(path));
    }
    Walk w = walk(cap, path, indices, progress);
    if (w.endedAt >= 0) {
        const int64_t decodable = w.endedAt;  // frames 0 … endedAt−1 decoded (or were skipped by a seek)
        if (decodable == 0) throw BadFile("video " + quoted(path) + ": no frame decodes; the file is truncated or corrupt");
        if (!request.allowTruncated)
            throw TruncatedVideo(path, frameCount, decodable);
        out.warnings.push_back("the header promises " + std::to_string(frameCount) + " frames but only " +
                               std::to_string(decodable) + " decode; sampled from those");
        frameCount = decodable;
        indices = planSamples(frameCount, info.fps, request.sampling);
        cap.release();
        cap = openCapture(path);
        w = walk(cap, path, indices, progress);
        if (w.endedAt >= 0)
            throw BadFile("video " + quoted(path) + ": decoding stops at frame " + std::to_string(w.endedAt) +
                          " on a second pass; the file is corrupt");
    }

    out.count = static_cast<int64_t>(indices.size());
    out.sourceIndices = indices;
    for (size_t s = 0; s < w.frames.size(); ++s) {
        cv::Mat rgb = toRgbSized(w.frames[s], request.outWidth, request.outHeight);
        if (s == 0) {
            out.width = rgb.cols;
            out.height = rgb.rows;
            out.rgb.resize(out.frameBytes() * indices.size());
        } else if (rgb.cols != out.width || rgb.rows != out.height) {
            throw BadFile("video " + quoted(path) + ": frame size changes mid-stream (" + std::to_string(out.width) + " × " +
                          std::to_string(out.height) + " → " + std::to_string(rgb.cols) + " × " + std::to_string(rgb.rows) +
                          "); give an output size to resize every frame");
        }
        std::copy(rgb.data, rgb.data + out.frameBytes(), out.frame(static_cast<int64_t>(s)));
        out.timestamps.push_back(info.fps > 0 ? static_cast<double>(indices[s]) / info.fps : w.clock[s]);
    }
    report(progress, 1.0);
    return out;
}

GridSize autoGrid(int width, int height, int tokens) {
    if (width <= 0 || height <= 0 || tokens <= 0) throw InvalidParameter("grid", std::to_string(tokens), "needs a frame size and a token count > 0");
    GridSize g;
    g.rows = std::max(1, static_cast<int>(std::lround(std::sqrt(static_cast<double>(tokens) * height / width))));
    g.cols = std::max(1, static_cast<int>(std::lround(static_cast<double>(tokens) / g.rows)));
    return g;
}

}  // namespace rope
