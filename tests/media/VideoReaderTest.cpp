// media/: probing, the sampling rules (expected indices derived by hand in each test), decoding
// the right frames (each generated frame's colour encodes its index), resizing, progress and
// Cancel, and bad files — missing, empty, random bytes, text named .mp4, truncated — that must give
// a BadFile naming the file, never a crash. Real videos from Debian's opencv-doc when installed.
#include <gtest/gtest.h>

#include <tuple>

#include <filesystem>
#include <fstream>
#include <random>

#include "TestVideo.h"
#include "core/Errors.h"
#include "media/VideoReader.h"

namespace rope {
namespace {

namespace fs = std::filesystem;
using test::frameOfColour;
using test::TempDir;
using test::writeTestVideo;

const fs::path kOpencvData = "/usr/share/doc/opencv-doc/examples/data";

/// Index of the source frame that decoded frame t shows (its centre pixel's colour).
int64_t shownFrame(const Frames& f, int64_t t) {
    const uint8_t* px = f.frame(t) + (static_cast<size_t>(f.height / 2) * f.width + f.width / 2) * 3;
    return frameOfColour(px[0], px[1], px[2]);
}

/// Runs f and returns the BadFile message ("" if none was thrown).
template <typename F>
std::string badFileMessage(F&& f) {
    try {
        f();
    } catch (const BadFile& e) {
        return e.what();
    }
    return "";
}

class VideoFixture : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = new TempDir("video");
        // 25 frames, 64 × 48, 10 fps → 2.5 s.
        s_clip = writeTestVideo(*s_dir / "clip.avi", 25, 64, 48, 10.0);
    }
    static void TearDownTestSuite() {
        delete s_dir;
        s_dir = nullptr;
    }
    void SetUp() override { ASSERT_FALSE(s_clip.empty()) << "cv::VideoWriter cannot write MJPG here"; }
    static TempDir* s_dir;
    static std::string s_clip;
};
TempDir* VideoFixture::s_dir = nullptr;
std::string VideoFixture::s_clip;

// ---- sampling rules (pure arithmetic) ------------------------------------------------------------

TEST(Sampling, ByCountSpreadsOverTheWholeVideo) {
    // round(i·(F−1)/(N−1)): F = 10, N = 3 → 0, 4.5 → 5, 9.
    EXPECT_EQ(sampleIndicesByCount(10, 3), (std::vector<int64_t>{0, 5, 9}));
    // F = 25, N = 4 → 0, 8, 16, 24 (exact thirds of 24).
    EXPECT_EQ(sampleIndicesByCount(25, 4), (std::vector<int64_t>{0, 8, 16, 24}));
    // F = 7, N = 4 → 0, 2, 4, 6.
    EXPECT_EQ(sampleIndicesByCount(7, 4), (std::vector<int64_t>{0, 2, 4, 6}));
    // F = 5, N = 5 → every frame.
    EXPECT_EQ(sampleIndicesByCount(5, 5), (std::vector<int64_t>{0, 1, 2, 3, 4}));
    // N = 1 → the middle frame ⌊(F−1)/2⌋: F = 25 → 12, F = 10 → 4.
    EXPECT_EQ(sampleIndicesByCount(25, 1), (std::vector<int64_t>{12}));
    EXPECT_EQ(sampleIndicesByCount(10, 1), (std::vector<int64_t>{4}));
}

TEST(Sampling, ByCountRejectsImpossibleCounts) {
    EXPECT_THROW(sampleIndicesByCount(10, 0), InvalidParameter);
    EXPECT_THROW(sampleIndicesByCount(10, 11), InvalidParameter);
    EXPECT_THROW(sampleIndicesByCount(0, 1), InvalidParameter);
}

TEST(Sampling, ByFpsTakesOneFramePerPeriod) {
    // 10 fps source, 4 fps wanted: frame ⌊j·2.5⌋ → 0, 2, 5, 7, 10, 12, 15, 17, 20, 22 (25 is past F = 25).
    EXPECT_EQ(sampleIndicesByFps(25, 10, 4), (std::vector<int64_t>{0, 2, 5, 7, 10, 12, 15, 17, 20, 22}));
    // 10 fps source, 2.5 fps wanted: every 4th frame; 24 is the last below 25.
    EXPECT_EQ(sampleIndicesByFps(25, 10, 2.5), (std::vector<int64_t>{0, 4, 8, 12, 16, 20, 24}));
    // 29.97 fps (NTSC), 1 fps wanted, 100 frames: ⌊29.97·j⌋ → 0, 29, 59, 89.
    EXPECT_EQ(sampleIndicesByFps(100, 29.97, 1), (std::vector<int64_t>{0, 29, 59, 89}));
    // The cap keeps the first ones.
    EXPECT_EQ(sampleIndicesByFps(25, 10, 4, 3), (std::vector<int64_t>{0, 2, 5}));
    // Same rate as the source: every frame.
    EXPECT_EQ(sampleIndicesByFps(4, 10, 10), (std::vector<int64_t>{0, 1, 2, 3}));
}

TEST(Sampling, ByFpsRejectsImpossibleRates) {
    EXPECT_THROW(sampleIndicesByFps(25, 10, 0), InvalidParameter);
    EXPECT_THROW(sampleIndicesByFps(25, 10, -1), InvalidParameter);
    EXPECT_THROW(sampleIndicesByFps(25, 10, 11), InvalidParameter);  // faster than the source
    EXPECT_THROW(sampleIndicesByFps(25, 0, 1), InvalidParameter);    // source rate unknown
}

// Issue 13 item 15: a header claiming 2^32 − 1 frames with --fps 1 (source 1 fps) built a
// 429M-entry list before refusing. The count is now computed without the list.
TEST(Sampling, FpsCountNeedsNoListAndHugeCountsAreRefused) {
    const int64_t claimed = 4294967295;
    EXPECT_EQ(fpsSampleCount(claimed, 1.0, 1.0), claimed);          // one per frame
    EXPECT_EQ(fpsSampleCount(claimed, 10.0, 1.0), 429496730);       // j·10 < 2^32−1 ⇔ j ≤ 429496729
    EXPECT_EQ(fpsSampleCount(claimed, 10.0, 1.0, 8), 8);            // capped by --frames
    EXPECT_THROW(sampleIndicesByFps(claimed, 10.0, 1.0), InvalidParameter);
    // The count is exactly the length of the list wherever a list is built (the hand cases above).
    for (const auto& [frames, src, tgt] : std::vector<std::tuple<int64_t, double, double>>{
             {25, 10, 4}, {25, 10, 2.5}, {100, 29.97, 1}, {1, 30, 30}, {7, 3, 1}, {1000, 24, 23.976}})
        EXPECT_EQ(fpsSampleCount(frames, src, tgt), static_cast<int64_t>(sampleIndicesByFps(frames, src, tgt).size()))
            << frames << " frames, " << src << " → " << tgt;
}

TEST(Sampling, AutoGridKeepsTheAspectRatio) {
    // 768 × 576 (vtest.avi), 144 tokens: rows = round(√(144·0.75)) = round(10.39) = 10, cols = round(14.4) = 14.
    EXPECT_EQ(autoGrid(768, 576).rows, 10);
    EXPECT_EQ(autoGrid(768, 576).cols, 14);
    // 16:9, 144 tokens: rows = round(√81) = 9, cols = 16.
    EXPECT_EQ(autoGrid(1920, 1080).rows, 9);
    EXPECT_EQ(autoGrid(1920, 1080).cols, 16);
    // Square, 64 tokens: 8 × 8.
    EXPECT_EQ(autoGrid(100, 100, 64).rows, 8);
    EXPECT_EQ(autoGrid(100, 100, 64).cols, 8);
}

// ---- a generated video ---------------------------------------------------------------------------

TEST_F(VideoFixture, ProbeReadsTheHeader) {
    const VideoInfo info = probeVideo(s_clip);
    EXPECT_EQ(info.path, s_clip);
    EXPECT_EQ(info.width, 64);
    EXPECT_EQ(info.height, 48);
    EXPECT_NEAR(info.fps, 10.0, 1e-6);
    EXPECT_EQ(info.frameCount, 25);
    EXPECT_NEAR(info.durationSeconds, 2.5, 1e-6);
    EXPECT_EQ(info.codec, "MJPG");
    EXPECT_FALSE(info.backend.empty());
}

// Issue 13 item 15: sampled frames are held at native size while decoding; that memory is checked
// against the budget from the header, before a frame is decoded. 4 frames of 64 × 48 at native and
// output size: 4 · (9216 + 9216) B = 73,728 B = 0.0703 MiB.
TEST_F(VideoFixture, DecodedFramesAreBudgetedBeforeDecoding) {
    FrameRequest r;
    r.sampling.count = 4;
    r.memoryBudgetMiB = 0.07;  // just below 0.0703
    try {
        (void)readFrames(s_clip, r);
        ADD_FAILURE() << "decoded over the budget";
    } catch (const TooLarge& e) {
        EXPECT_NE(std::string(e.what()).find("4 frames of 64x48 px"), std::string::npos) << e.what();
    }
    r.memoryBudgetMiB = 0.071;  // just above
    EXPECT_EQ(readFrames(s_clip, r).count, 4);
}

TEST_F(VideoFixture, ReadsTheFramesSampledByCount) {
    FrameRequest r;
    r.sampling.count = 4;
    const Frames f = readFrames(s_clip, r);
    ASSERT_EQ(f.count, 4);
    EXPECT_EQ(f.width, 64);
    EXPECT_EQ(f.height, 48);
    EXPECT_EQ(f.rgb.size(), 4u * 64 * 48 * 3);
    EXPECT_EQ(f.sourceIndices, (std::vector<int64_t>{0, 8, 16, 24}));
    for (int64_t t = 0; t < 4; ++t) EXPECT_EQ(shownFrame(f, t), f.sourceIndices[static_cast<size_t>(t)]) << "frame " << t;
    // Timestamps = index / 10 fps.
    ASSERT_EQ(f.timestamps.size(), 4u);
    EXPECT_NEAR(f.timestamps[1], 0.8, 1e-9);
    EXPECT_NEAR(f.timestamps[3], 2.4, 1e-9);
    EXPECT_TRUE(f.warnings.empty());
}

TEST_F(VideoFixture, ReadsTheFramesSampledByFps) {
    FrameRequest r;
    r.sampling.mode = FrameSampling::Mode::Fps;
    r.sampling.fps = 4;
    const Frames f = readFrames(s_clip, r);
    EXPECT_EQ(f.sourceIndices, (std::vector<int64_t>{0, 2, 5, 7, 10, 12, 15, 17, 20, 22}));
    for (int64_t t = 0; t < f.count; ++t) EXPECT_EQ(shownFrame(f, t), f.sourceIndices[static_cast<size_t>(t)]);
    EXPECT_NEAR(f.timestamps[2], 0.5, 1e-9);
}

TEST_F(VideoFixture, ResizesToTheRequestedGrid) {
    FrameRequest r;
    r.sampling.count = 2;
    r.outWidth = 3 * 28;  // a 2 × 3 token grid at 28 px per token
    r.outHeight = 2 * 28;
    const Frames f = readFrames(s_clip, r);
    EXPECT_EQ(f.width, 84);
    EXPECT_EQ(f.height, 56);
    EXPECT_EQ(f.rgb.size(), 2u * 84 * 56 * 3);
    EXPECT_EQ(shownFrame(f, 1), 24);  // a flat frame stays flat when resized
    r.outWidth = 10;
    r.outHeight = 0;  // one side only is a request error
    EXPECT_THROW(readFrames(s_clip, r), InvalidParameter);
}

TEST_F(VideoFixture, ReportsProgressUpToOne) {
    std::vector<double> seen;
    FrameRequest r;
    r.sampling.count = 5;
    readFrames(s_clip, r, [&](double x) {
        seen.push_back(x);
        return true;
    });
    ASSERT_FALSE(seen.empty());
    for (size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i], seen[i - 1]);
    EXPECT_DOUBLE_EQ(seen.back(), 1.0);
}

TEST_F(VideoFixture, CancelStopsTheJob) {
    FrameRequest r;
    r.sampling.count = 10;
    int calls = 0;
    EXPECT_THROW(readFrames(s_clip, r, [&](double) { return ++calls < 3; }), Cancelled);
    EXPECT_EQ(calls, 3);
}

TEST_F(VideoFixture, RequestsTheVideoCannotMeetAreParameterErrors) {
    FrameRequest r;
    r.sampling.count = 26;  // 25 frames only
    EXPECT_THROW(readFrames(s_clip, r), InvalidParameter);
    r.sampling.mode = FrameSampling::Mode::Fps;
    r.sampling.fps = 30;  // faster than 10 fps
    EXPECT_THROW(readFrames(s_clip, r), InvalidParameter);
}

TEST(VideoSeek, FarApartFramesAreTheRightOnes) {
    // 700 frames: count 3 → 0, round(349.5) = 350, 699; the gaps of 350 > kSeekGap use a seek,
    // whose landing is checked.
    TempDir dir("video-seek");
    const std::string path = writeTestVideo(dir / "long.avi", 700, 16, 16, 25.0);
    ASSERT_FALSE(path.empty());
    FrameRequest r;
    r.sampling.count = 3;
    const Frames f = readFrames(path, r);
    EXPECT_EQ(f.sourceIndices, (std::vector<int64_t>{0, 350, 699}));
    for (int64_t t = 0; t < 3; ++t) EXPECT_EQ(shownFrame(f, t), f.sourceIndices[static_cast<size_t>(t)]);
}

// ---- bad files: BadFile naming the file, never a crash ---------------------------------------

TEST(BadVideo, MissingEmptyAndDirectory) {
    TempDir dir("video-bad");
    const std::string missing = (dir / "nope.mp4").string();
    EXPECT_NE(badFileMessage([&] { probeVideo(missing); }).find(missing), std::string::npos);
    const std::string empty = (dir / "empty.avi").string();
    std::ofstream(empty).close();
    const std::string m = badFileMessage([&] { probeVideo(empty); });
    EXPECT_NE(m.find(empty), std::string::npos);
    EXPECT_NE(m.find("empty"), std::string::npos);
    EXPECT_NE(badFileMessage([&] { probeVideo(dir.path().string()); }).find("directory"), std::string::npos);
}

TEST(BadVideo, RandomBytesAndTextAreRefused) {
    TempDir dir("video-junk");
    const std::string junk = (dir / "junk.avi").string();
    {
        std::mt19937 rng(7);
        std::ofstream out(junk, std::ios::binary);
        for (int i = 0; i < 64 * 1024; ++i) out.put(static_cast<char>(rng() & 0xFF));
    }
    const std::string text = (dir / "notes.mp4").string();
    std::ofstream(text) << "This is a text file with a video extension.\nIt has no moov atom.\n";
    for (const std::string& path : {junk, text}) {
        const std::string m = badFileMessage([&] {
            FrameRequest r;
            r.sampling.count = 2;
            readFrames(path, r);
        });
        EXPECT_NE(m.find(path), std::string::npos) << "message: " << m;
    }
}

TEST(BadVideo, TruncatedFileIsAnErrorUnlessAllowed) {
    TempDir dir("video-trunc");
    const std::string full = writeTestVideo(dir / "full.avi", 40, 64, 48, 10.0);
    ASSERT_FALSE(full.empty());
    // Keep the first 55 % of the bytes: the header still announces 40 frames, the index is gone and
    // the later frames are missing.
    const std::string cut = (dir / "cut.avi").string();
    {
        std::ifstream in(full, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() * 55 / 100);
    }
    FrameRequest r;
    r.sampling.count = 5;
    const std::string m = badFileMessage([&] { readFrames(cut, r); });
    EXPECT_NE(m.find(cut), std::string::npos) << "message: " << m;
    EXPECT_NE(m.find("truncated"), std::string::npos) << "message: " << m;

    r.allowTruncated = true;
    const Frames f = readFrames(cut, r);
    EXPECT_EQ(f.count, 5);
    EXPECT_FALSE(f.warnings.empty());
    EXPECT_LT(f.sourceIndices.back(), 40 * 55 / 100 + 1);  // sampled from the frames that decode
    for (int64_t t = 0; t < f.count; ++t) EXPECT_EQ(shownFrame(f, t), f.sourceIndices[static_cast<size_t>(t)]);
}

// ---- real videos nobody here made (Debian's opencv-doc) --------------------------------------

TEST(RealVideo, VtestAviProbeAndSample) {
    const fs::path p = kOpencvData / "vtest.avi";
    if (!fs::exists(p)) GTEST_SKIP() << p << " not installed (Debian package opencv-doc)";
    const VideoInfo info = probeVideo(p.string());
    EXPECT_EQ(info.width, 768);
    EXPECT_EQ(info.height, 576);
    EXPECT_NEAR(info.fps, 10.0, 1e-6);
    EXPECT_EQ(info.frameCount, 795);
    EXPECT_NEAR(info.durationSeconds, 79.5, 1e-6);
    FrameRequest r;
    r.sampling.count = 8;
    r.outWidth = 14 * 28;
    r.outHeight = 10 * 28;
    const Frames f = readFrames(p.string(), r);
    EXPECT_EQ(f.count, 8);
    EXPECT_EQ(f.width, 392);
    EXPECT_EQ(f.height, 280);
    // round(i·794/7): 0, 113, 227, 340, 454, 567, 681, 794.
    EXPECT_EQ(f.sourceIndices, (std::vector<int64_t>{0, 113, 227, 340, 454, 567, 681, 794}));
    EXPECT_NEAR(f.timestamps.back(), 79.4, 1e-9);
    // Consecutive samples of a street scene differ, and none is a blank frame.
    for (int64_t t = 0; t < f.count; ++t) {
        long sum = 0;
        for (size_t i = 0; i < f.frameBytes(); ++i) sum += f.frame(t)[i];
        EXPECT_GT(sum / static_cast<long>(f.frameBytes()), 20) << "frame " << t << " is nearly black";
    }
}

TEST(RealVideo, TreeAviHeaderOvercountsItsFrames) {
    // tree.avi's header announces 444 frames but only 68 decode with OpenCV 4.6 / FFmpeg 5.
    const fs::path p = kOpencvData / "tree.avi";
    if (!fs::exists(p)) GTEST_SKIP() << p << " not installed (Debian package opencv-doc)";
    const VideoInfo info = probeVideo(p.string());
    FrameRequest r;
    r.sampling.count = 4;
    const std::string m = badFileMessage([&] { readFrames(p.string(), r); });
    if (m.empty()) GTEST_SKIP() << "this FFmpeg decodes all " << info.frameCount << " frames of tree.avi";
    EXPECT_NE(m.find(p.string()), std::string::npos);
    r.allowTruncated = true;
    const Frames f = readFrames(p.string(), r);
    EXPECT_EQ(f.count, 4);
    ASSERT_FALSE(f.warnings.empty());
    EXPECT_LT(f.sourceIndices.back(), info.frameCount);
}

}  // namespace
}  // namespace rope
