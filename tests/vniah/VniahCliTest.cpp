// `ropescope vniah` and `ropescope vniah-ablation`: the JSON contract of specs/vniah.md, the files
// of --out, and the cli.md error convention (exit 2, one line on stderr, nothing on stdout).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "app/cli/Cli.h"
#include "tests/common/FileSizeLimit.h"
#include "formats/CaptureFile.h"
#include "core/random/DeterministicRng.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Result {
    int status;
    std::string out, err;
};

Result run(std::vector<std::string> args) {
    std::ostringstream out, err;
    const int status = rope::cli::run(args, out, err);
    return {status, out.str(), err.str()};
}

const std::vector<std::string> kSmall = {"--lengths", "10:30:10", "--depths", "0:100:50", "--seeds", "2",
                                         "--heads", "1", "--quiet"};

std::vector<std::string> cmd(std::vector<std::string> head, const std::vector<std::string>& tail = kSmall) {
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
}

fs::path freshDir(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / ("ropescope-vniah-test-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(d);
    return d;
}

void expectBadInput(const std::vector<std::string>& args, const std::string& mention) {
    const Result r = run(args);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    ASSERT_FALSE(r.err.empty());
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
    EXPECT_NE(r.err.find(mention), std::string::npos) << r.err;
}

}  // namespace

TEST(VniahCli, PrintsExactlyTheContractObject) {
    const Result r = run(cmd({"vniah", "--variant", "m-rope", "--distractors", "--json", "--option",
                              "vniah.distractor_offset=5"}));
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;  // --quiet
    const json j = json::parse(r.out);
    std::set<std::string> keys;
    for (const auto& [k, v] : j.items()) keys.insert(k);
    EXPECT_EQ(keys, (std::set<std::string>{"variant", "task", "accuracy", "lengths", "depths", "success", "seeds"}));
    EXPECT_EQ(j["variant"], "m-rope");
    EXPECT_EQ(j["task"], "v-niah-d");
    EXPECT_EQ(j["lengths"], json::array({10, 20, 30}));
    EXPECT_EQ(j["depths"], json::array({0, 50, 100}));
    EXPECT_EQ(j["seeds"], 2);
    // success[i][j]: one inner list per length, one rate per depth; accuracy is their mean.
    ASSERT_EQ(j["success"].size(), 3u);
    double sum = 0;
    for (const json& row : j["success"]) {
        ASSERT_EQ(row.size(), 3u);
        for (const json& rate : row) {
            EXPECT_GE(rate.get<double>(), 0.0);
            EXPECT_LE(rate.get<double>(), 1.0);
            sum += rate.get<double>();
        }
    }
    EXPECT_NEAR(j["accuracy"].get<double>(), sum / 9, 1e-12);
}

TEST(VniahCli, DefaultTaskIsVniahAndResultsRepeat) {
    const Result a = run(cmd({"vniah", "--variant", "videorope"}));
    const Result b = run(cmd({"vniah", "--variant", "videorope", "--json"}));
    ASSERT_EQ(a.status, 0) << a.err;
    EXPECT_EQ(json::parse(a.out)["task"], "v-niah");
    EXPECT_EQ(a.out, b.out);  // deterministic, and --json is the default output
}

TEST(VniahCli, OutDirectoryGetsJsonCsvAndPngAndNoLeftovers) {
    const fs::path dir = freshDir("out");
    const Result r = run(cmd({"vniah", "--variant", "m-rope", "--out", dir.string(), "--json"}));
    ASSERT_EQ(r.status, 0) << r.err;
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
    EXPECT_EQ(names, (std::set<std::string>{"vniah-m-rope-v-niah.json", "vniah-m-rope-v-niah.csv", "vniah-m-rope-v-niah.png"}));
    std::ifstream jf(dir / "vniah-m-rope-v-niah.json");
    std::stringstream js;
    js << jf.rdbuf();
    EXPECT_EQ(js.str(), r.out);
    std::ifstream png(dir / "vniah-m-rope-v-niah.png", std::ios::binary);
    char magic[8];
    png.read(magic, 8);
    EXPECT_EQ(std::string(magic, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    std::ifstream csv(dir / "vniah-m-rope-v-niah.csv");
    std::string header;
    std::getline(csv, header);
    EXPECT_EQ(header, "length,depth,success,lost_to_distractor,mean_margin_nats,trials");
    int rows = 0;
    for (std::string line; std::getline(csv, line);) ++rows;
    EXPECT_EQ(rows, 9);
    // With --out and without --json nothing goes to stdout.
    EXPECT_TRUE(run(cmd({"vniah", "--variant", "m-rope", "--out", dir.string()})).out.empty());
    fs::remove_all(dir);
}

// Issue 13 item 10: on a full disk (simulated: at most 64 bytes per file) the run fails and leaves
// nothing — before, the stream was checked before its buffer was flushed and the PNG writer not at
// all, so 0-byte files stayed behind with exit 0.
TEST(VniahCli, FullDiskLeavesNothingAndFails) {
    const fs::path dir = freshDir("full");
    for (const std::vector<std::string>& args :
         {cmd({"vniah", "--variant", "m-rope", "--out", dir.string()}),
          cmd({"vniah-ablation", "--sweep", "delta", "--values", "1,2", "--option", "vniah.distractor_offset=5", "--out", dir.string()})}) {
        Result r{};
        {
            rope::test::FileSizeLimit full(64);
            ASSERT_TRUE(full.active());
            r = run(args);
        }
        EXPECT_EQ(r.status, 1) << args[0] << ": a failed write is exit 1 (cli.md), not success or bad input";
        EXPECT_NE(r.err.find("cannot write"), std::string::npos) << r.err;
        EXPECT_FALSE(fs::exists(dir)) << args[0] << " left " << dir << " behind";
    }
}

TEST(VniahCli, BadInputIsOneLineAndExitTwo) {
    expectBadInput(cmd({"vniah", "--variant", "m-rope", "--depths", "0:120:20"}), "vniah.depths");
    expectBadInput({"vniah", "--lengths", "", "--quiet"}, "vniah.lengths");
    expectBadInput(cmd({"vniah", "--variant", "rope2"}), "variant");
    expectBadInput(cmd({"vniah", "--distractors", "--option", "vniah.distractor_offset=30"}), "outside the video");
    expectBadInput(cmd({"vniah", "--threads", "-3"}), "--threads");
    expectBadInput(cmd({"vniah", "--capture", "/nonexistent/qk.safetensors", "--needle-frame", "1"}), "qk.safetensors");
    expectBadInput(cmd({"vniah", "--needle-frame", "3"}), "needs --capture");
    expectBadInput({"vniah", "--lengths", "200000", "--option", "memory_budget_mib=64", "--quiet"}, "MiB");
    expectBadInput(cmd({"vniah", "--bogus", "1"}), "--bogus");
}

TEST(VniahCli, AblationSweepsOneKeyOverBothTasks) {
    const Result r = run(cmd({"vniah-ablation", "--sweep", "delta", "--values", "1,2", "--json", "--option", "vniah.distractor_offset=5"}));
    ASSERT_EQ(r.status, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["sweep"], "videorope.delta");
    ASSERT_EQ(j["rows"].size(), 2u);
    EXPECT_EQ(j["rows"][0]["value"], "1");
    EXPECT_EQ(j["rows"][1]["label"], "videorope.delta=2");
    for (const json& row : j["rows"]) {
        ASSERT_EQ(row["results"].size(), 2u);
        EXPECT_EQ(row["results"][0]["task"], "v-niah");
        EXPECT_EQ(row["results"][1]["task"], "v-niah-d");
        EXPECT_EQ(row["v-niah"], row["results"][0]["accuracy"]);
    }
    // δ = 2 is the default, so its V-NIAH-D row equals a plain `vniah --distractors` run.
    const Result single = run(cmd({"vniah", "--distractors", "--variant", "videorope", "--option", "vniah.distractor_offset=5"}));
    EXPECT_EQ(json::parse(single.out), j["rows"][1]["results"][1]);
}

TEST(VniahCli, VariantSweepIsTable3WithThePapersNumbers) {
    const Result r = run(cmd({"vniah-ablation", "--sweep", "variants", "--markdown", "--option", "vniah.distractor_offset=5"}));
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out.rfind("| variant |", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("| M-RoPE |"), std::string::npos);
    EXPECT_NE(r.out.find("78.67"), std::string::npos);  // the paper's M-RoPE V-NIAH
    EXPECT_NE(r.out.find("87.11"), std::string::npos);  // the paper's VideoRoPE V-NIAH-D
}

TEST(VniahCli, AblationRejectsWhatItCannotSweep) {
    expectBadInput(cmd({"vniah-ablation"}), "--sweep");
    expectBadInput(cmd({"vniah-ablation", "--sweep", "nonsense"}), "nonsense");
    expectBadInput(cmd({"vniah-ablation", "--sweep", "videorope.delta", "--values", "1,-1"}), "videorope.delta");
    expectBadInput(cmd({"vniah-ablation", "--sweep", "theta", "--values", "1e6,,2"}), "--values");
}

// --- real-model mode ----------------------------------------------------------------------------

namespace {

/// 12 frames of 3 × 4 tokens, 1 layer, 2 heads, head_dim 128. Frame 7's q and k are one shared
/// direction v (norm ≈ 11) plus small noise; every other token is N(0, I). The query (mean q of
/// frame 7 ≈ v) then scores frame 7's keys at ≈ ‖v‖²/√d ≈ 11 against ≈ N(0, 1) elsewhere.
rope::QkCapture needleCapture() {
    rope::QkCapture c;
    c.frames = 12, c.rows = 3, c.cols = 4;
    for (rope::QkTensor* t : {&c.q, &c.k}) {
        t->layers = 1, t->heads = 2, t->tokens = c.tokens(), t->headDim = 128;
        t->data.resize(static_cast<size_t>(t->size()));
    }
    rope::NormalStream z(rope::streamKey({77}));
    for (float& x : c.q.data) x = static_cast<float>(z.next());
    for (float& x : c.k.data) x = static_cast<float>(z.next());
    for (int64_t head = 0; head < 2; ++head) {
        std::vector<float> v(128);
        for (float& x : v) x = static_cast<float>(z.next());
        for (int64_t n = 7 * 12; n < 8 * 12; ++n)
            for (int i = 0; i < 128; ++i) {
                c.q.token(0, head, n)[i] = v[static_cast<size_t>(i)] + 0.1f * static_cast<float>(z.next());
                c.k.token(0, head, n)[i] = v[static_cast<size_t>(i)] + 0.1f * static_cast<float>(z.next());
            }
    }
    c.sourceModel = "test";
    return c;
}

}  // namespace

TEST(VniahCli, CaptureModeScoresEveryHeadWithTheSameContract) {
    const fs::path dir = freshDir("capture");
    fs::create_directories(dir);
    const std::string file = (dir / "needle.safetensors").string();
    rope::writeCapture(file, needleCapture());
    for (const char* v : {"vanilla", "m-rope", "videorope"}) {
        const Result r = run({"vniah", "--capture", file, "--needle-frame", "7", "--variant", v, "--quiet"});
        ASSERT_EQ(r.status, 0) << r.err;
        const json j = json::parse(r.out);
        EXPECT_EQ(j["lengths"], json::array({12}));
        EXPECT_EQ(j["depths"], json::array({64}));  // round(100 · 7 / 11) = round(63.6)
        EXPECT_EQ(j["success"], json::array({json::array({1.0})})) << v;
        EXPECT_EQ(j["accuracy"], 1.0);
        EXPECT_EQ(j["seeds"], 1);
        EXPECT_EQ(j["task"], "v-niah");
    }
    const Result d = run({"vniah", "--capture", file, "--needle-frame", "7", "--distractor-frames", "2,10", "--quiet"});
    ASSERT_EQ(d.status, 0) << d.err;
    EXPECT_EQ(json::parse(d.out)["task"], "v-niah-d");
    expectBadInput({"vniah", "--capture", file, "--quiet"}, "--needle-frame");
    expectBadInput({"vniah", "--capture", file, "--needle-frame", "12", "--quiet"}, "--needle-frame");
    expectBadInput({"vniah", "--capture", file, "--needle-frame", "7", "--head-dim", "64", "--sections", "8,12,12", "--quiet"},
                   "head_dim");
    fs::remove_all(dir);
}
