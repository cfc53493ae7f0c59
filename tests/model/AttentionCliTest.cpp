// `ropescope attention` in process through rope::cli::run: files and their layout (.npy headers
// parsed by hand, rows summing to 1, summary.json), stdout JSON, the capture round trip (a capture
// saved from a run reproduces that run's attention without the video or the model), and bad input
// → exit 2, one line naming the input, nothing on stdout.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <sys/stat.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include <opencv2/imgproc.hpp>

#include "TestVideo.h"
#include "app/cli/AppCommands.h"
#include "app/cli/Cli.h"
#include "formats/CaptureFile.h"
#include "formats/NpyFile.h"
#include "tests/common/FileSizeLimit.h"

namespace rope {
namespace {

namespace fs = std::filesystem;

struct CliRun {
    int rc = -1;
    std::string out, err;
};

CliRun runCli(std::vector<std::string> args) {
    std::ostringstream out, err;
    CliRun r;
    r.rc = cli::run(args, out, err, cli::appCommands());
    r.out = out.str();
    r.err = err.str();
    return r;
}

std::string readAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A parsed .npy file: its header text and float32 values.
struct Npy {
    std::string header;
    std::vector<float> values;
};

Npy readNpy(const fs::path& p) {
    const std::string b = readAll(p);
    Npy n;
    EXPECT_GE(b.size(), 10u);
    if (b.size() < 10) return n;
    EXPECT_EQ(b.substr(0, 6), "\x93NUMPY");
    EXPECT_EQ(b[6], '\x01');
    EXPECT_EQ(b[7], '\x00');
    const size_t len = static_cast<uint8_t>(b[8]) | (static_cast<size_t>(static_cast<uint8_t>(b[9])) << 8);
    EXPECT_EQ((10 + len) % 64, 0u);
    n.header = b.substr(10, len);
    n.values.resize((b.size() - 10 - len) / 4);
    std::memcpy(n.values.data(), b.data() + 10 + len, n.values.size() * 4);
    return n;
}

class AttentionCli : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = new test::TempDir("attention-cli");
        s_video = test::writeTestVideo(*s_dir / "clip.avi", 12, 64, 48, 10.0);
        // Frames with structure, so the built-in model has content to see: a bright square moving right.
        const fs::path moving = *s_dir / "moving.avi";
        cv::VideoWriter w(moving.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 5.0, cv::Size(84, 56));
        for (int i = 0; i < 6; ++i) {
            cv::Mat f(56, 84, CV_8UC3, cv::Scalar(40, 60, 90));
            cv::rectangle(f, cv::Rect(10 * i, 14, 20, 20), cv::Scalar(250, 250, 250), cv::FILLED);
            w.write(f);
        }
        w.release();
        s_moving = moving.string();
    }
    static void TearDownTestSuite() {
        delete s_dir;
        s_dir = nullptr;
    }
    static test::TempDir* s_dir;
    static std::string s_video, s_moving;
};
test::TempDir* AttentionCli::s_dir = nullptr;
std::string AttentionCli::s_video, AttentionCli::s_moving;

TEST(Npy, HeaderIsNumpyVersion1) {
    const float v[] = {1, 2, 3, 4, 5, 6};
    const std::string b = rope::npyBytes(v, 6, {2, 3});
    const std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    // 10 + header + padding + '\n' = 64: padding = 64 − 10 − 59 − 1 = −6 → next multiple, 128.
    ASSERT_EQ(b.size(), 128u + 24u);
    EXPECT_EQ(b.substr(10, header.size()), header);
    EXPECT_EQ(b[127], '\n');
    EXPECT_EQ(b[126], ' ');
    float back[6];
    std::memcpy(back, b.data() + 128, sizeof back);
    EXPECT_EQ(back[5], 6.0f);
    EXPECT_NE(rope::npyBytes(v, 3, {3}).find("'shape': (3,)"), std::string::npos);  // Python's 1-tuple
    EXPECT_ANY_THROW(rope::npyBytes(v, 6, {4, 2}));
}

TEST_F(AttentionCli, WritesMapsPerVariant) {
    const fs::path out = *s_dir / "out";
    const CliRun r = runCli({"attention", "--video", s_moving, "--frames", "3", "--grid", "2x3", "--variants", "vanilla,videorope",
                          "--out", out.string(), "--quiet"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "");  // --out without --json: files only
    for (const std::string v : {"vanilla", "videorope"}) {
        const fs::path d = out / v;
        for (const char* f : {"attention.npy", "frame_attention.npy", "attention.png", "frame_attention.png", "overlay.png",
                              "summary.json", "band_fast_half.npy", "band_slow_half.npy"})
            EXPECT_TRUE(fs::exists(d / f)) << d / f;
        // 3 frames × 2 × 3 tokens = 18 tokens.
        const Npy a = readNpy(d / "attention.npy");
        EXPECT_NE(a.header.find("'shape': (18, 18)"), std::string::npos) << a.header;
        ASSERT_EQ(a.values.size(), 18u * 18u);
        for (int i = 0; i < 18; ++i) {
            double sum = 0;
            for (int j = 0; j < 18; ++j) sum += a.values[static_cast<size_t>(i * 18 + j)];
            EXPECT_NEAR(sum, 1.0, 1e-5) << "row " << i;
        }
        const Npy fa = readNpy(d / "frame_attention.npy");
        EXPECT_NE(fa.header.find("'shape': (3, 3)"), std::string::npos);
        ASSERT_EQ(fa.values.size(), 9u);
        for (int i = 0; i < 3; ++i) EXPECT_NEAR(fa.values[static_cast<size_t>(i * 3)] + fa.values[static_cast<size_t>(i * 3 + 1)] +
                                                    fa.values[static_cast<size_t>(i * 3 + 2)],
                                                1.0, 1e-5);
        const nlohmann::json s = nlohmann::json::parse(readAll(d / "summary.json"));
        EXPECT_EQ(s["variant"], v);
        EXPECT_EQ(s["grid"], (nlohmann::json{3, 2, 3}));
        EXPECT_EQ(s["video"]["sampled_frames"], (nlohmann::json{0, 3, 5}));  // round(i·5/2): 0, 2.5 → 3, 5
        EXPECT_EQ(s["model"]["kind"], "built-in");
        EXPECT_EQ(s["query"]["t_r_c"], (nlohmann::json{1, 1, 1}));  // middle frame, centre token
        // frame_attention in the summary is the .npy's matrix (row-major).
        EXPECT_NEAR(s["frame_attention"][0][1].get<double>(), fa.values[1], 1e-6);
        EXPECT_EQ(s["bands"].size(), 2u);
        EXPECT_EQ(s["bands"][0]["pairs"], 32);  // fast half of 64 pairs
    }
    // No temporary file is left behind.
    for (const auto& e : fs::recursive_directory_iterator(out)) EXPECT_EQ(e.path().filename().string().find(".part-"), std::string::npos);
}

TEST_F(AttentionCli, JsonOnStdoutWithoutOut) {
    const CliRun r = runCli({"attention", "--video", s_video, "--frames", "2", "--grid", "1x2", "--variant", "m-rope", "--quiet"});
    ASSERT_EQ(r.rc, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["tokens"], 4);
    EXPECT_EQ(j["variants"][0]["variant"], "m-rope");
    EXPECT_EQ(j["variants"][0]["frame_attention"].size(), 2u);
}

TEST_F(AttentionCli, SavedCaptureReproducesTheRun) {
    const fs::path cap = *s_dir / "run.safetensors";
    const CliRun first = runCli({"attention", "--video", s_moving, "--frames", "4", "--grid", "2x3", "--layer", "1", "--head", "2",
                              "--save-capture", cap.string(), "--quiet"});
    ASSERT_EQ(first.rc, 0) << first.err;
    ASSERT_TRUE(fs::exists(cap));
    // The capture holds every layer and head; reading layer 1, head 2 back gives the same attention.
    const CliRun second = runCli({"attention", "--model", cap.string(), "--layer", "1", "--head", "2", "--quiet"});
    ASSERT_EQ(second.rc, 0) << second.err;
    const nlohmann::json a = nlohmann::json::parse(first.out), b = nlohmann::json::parse(second.out);
    for (int i = 0; i < 4; ++i)
        for (int k = 0; k < 4; ++k)
            EXPECT_NEAR(a["variants"][0]["frame_attention"][i][k].get<double>(), b["variants"][0]["frame_attention"][i][k].get<double>(), 1e-6);
    // With a capture, the grid and frames come from the file.
    const CliRun clash = runCli({"attention", "--model", cap.string(), "--frames", "4", "--quiet"});
    EXPECT_EQ(clash.rc, 2);
    EXPECT_NE(clash.err.find("--frames"), std::string::npos);
}

// Issue 13 item 11: one transaction per command. A bad --query is found after the model ran; the
// capture asked for with --save-capture must not be written (before: F was written, then exit 2).
TEST_F(AttentionCli, SaveCaptureWithBadQueryLeavesNoCapture) {
    const fs::path cap = *s_dir / "never.safetensors";
    const CliRun r = runCli({"attention", "--video", s_moving, "--frames", "3", "--grid", "2x3", "--save-capture", cap.string(),
                             "--query", "99,0,0", "--quiet"});
    EXPECT_EQ(r.rc, 2) << r.err;
    EXPECT_NE(r.err.find("--query"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(cap));
    for (const auto& e : fs::directory_iterator(s_dir->path()))
        EXPECT_EQ(e.path().filename().string().find("never.safetensors"), std::string::npos) << e.path();
}

// Issue 13 item 11: `--variants all --out` failing on the second variant (tad) keeps no vanilla/.
// The failure: a directory stands where tad/summary.json must go, so the final rename fails.
TEST_F(AttentionCli, VariantsAllFailingOnTadKeepsNoVanilla) {
    const fs::path out = *s_dir / "all-or-nothing";
    fs::create_directories(out / "tad" / "summary.json");
    const CliRun r = runCli({"attention", "--video", s_moving, "--frames", "3", "--grid", "2x3", "--variants", "all", "--out",
                             out.string(), "--quiet"});
    EXPECT_EQ(r.rc, 2) << r.err;
    EXPECT_NE(r.err.find("summary.json"), std::string::npos) << r.err;
    std::vector<std::string> left;
    for (const auto& e : fs::recursive_directory_iterator(out)) left.push_back(fs::relative(e.path(), out).string());
    std::sort(left.begin(), left.end());
    EXPECT_EQ(left, (std::vector<std::string>{"tad", "tad/summary.json"})) << "only what was there before the run";
    fs::remove_all(out);
}

// Issue 13 items 10/11: a full disk (at most 512 bytes per file) fails the run and leaves nothing.
TEST_F(AttentionCli, FullDiskLeavesNothing) {
    const fs::path out = *s_dir / "full", cap = *s_dir / "full.safetensors";
    CliRun r;
    {
        test::FileSizeLimit full(512);
        ASSERT_TRUE(full.active());
        r = runCli({"attention", "--video", s_moving, "--frames", "3", "--grid", "2x3", "--variants", "vanilla,videorope",
                    "--out", out.string(), "--save-capture", cap.string(), "--quiet"});
    }
    EXPECT_EQ(r.rc, 1);  // a failed write (cli.md), not bad input
    EXPECT_NE(r.err.find("cannot write"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(cap));
}

// Issue 13 item 7: a FIFO as --video or --model blocked forever in open(). Refused before opening.
// (Before the fix this test hangs until the ctest TIMEOUT of test_attention_cli.)
TEST_F(AttentionCli, FifoAsVideoOrModelIsRefused) {
    const fs::path fifo = *s_dir / "pipe.avi";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    for (const std::vector<std::string>& args : {std::vector<std::string>{"attention", "--video", fifo.string(), "--quiet"},
                                                 std::vector<std::string>{"attention", "--video", s_video, "--model", fifo.string(), "--quiet"}}) {
        const CliRun r = runCli(args);
        EXPECT_EQ(r.rc, 2) << r.err;
        EXPECT_EQ(r.out, "");
        EXPECT_NE(r.err.find("not a regular file"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find(fifo.string()), std::string::npos) << r.err;
    }
    fs::remove(fifo);
}

// Issue 13 item 15: the overlay frames of a capture (28 px per token) are sized in 64 bits and
// refused before decoding when no frame could be that large (before: int overflow, or a decode
// at 28,000 px wide).
TEST_F(AttentionCli, CaptureGridTooWideForOverlayFramesIsRefusedBeforeDecoding) {
    QkCapture c;
    c.frames = 1, c.rows = 1, c.cols = 1000;
    for (QkTensor* t : {&c.q, &c.k}) {
        t->layers = t->heads = 1, t->tokens = 1000, t->headDim = 2;
        t->data.assign(2000, 0.5f);
    }
    const fs::path cap = *s_dir / "wide.safetensors";
    writeCapture(cap.string(), c);
    const CliRun r = runCli({"attention", "--model", cap.string(), "--video", s_moving, "--quiet"});
    EXPECT_EQ(r.rc, 2) << r.err;
    EXPECT_NE(r.err.find("28000x28 px overlay"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(AttentionCli, BadInputExitsTwoWithOneLine) {
    const std::string text = (*s_dir / "notes.mp4").string();
    std::ofstream(text) << "not a video\n";
    const std::string missing = (*s_dir / "missing.avi").string();
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--video", missing}, missing},
        {{"--video", text}, text},
        {{"--video", s_video, "--grid", "3by4"}, "--grid"},
        {{"--video", s_video, "--frames", "13"}, "13"},          // 12 frames only
        {{"--video", s_video, "--fps", "20"}, "fps"},            // 10 fps source
        {{"--video", s_video, "--model", text}, text},
        {{"--video", s_video, "--layer", "4"}, "layer"},          // built-in: layers 0..3
        {{"--video", s_video, "--query", "9,0,0"}, "--query"},
        {{"--video", s_video, "--bogus", "1"}, "--bogus"},
        {{"--frames", "2"}, "--video"},
    };
    for (const auto& [args, names] : cases) {
        std::vector<std::string> full = {"attention"};
        full.insert(full.end(), args.begin(), args.end());
        full.push_back("--quiet");
        const CliRun r = runCli(full);
        EXPECT_EQ(r.rc, 2) << names;
        EXPECT_EQ(r.out, "") << names;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_NE(r.err.find(names), std::string::npos) << r.err;
    }
}

}  // namespace
}  // namespace rope
