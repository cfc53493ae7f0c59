// `ropescope check` and `--generate` through rope::cli::run (in-process). Files are written by the
// test: JSON from hand-derived rows (the arithmetic next to them), .npy images spelled out byte by
// byte, or — for "every built-in matches itself" — the registry's own `positions --json` output.
// Contract: exit 0 match, 1 mismatch (first tokens, per-segment counts, diagnosis), 2 bad input
// with one line on stderr naming the file and nothing on stdout.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli/Cli.h"
#include "tests/common/CliRun.h"
#include "core/variants/Variant.h"
#include "tests/common/ExpectedRows.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Args = std::vector<std::string>;
using rope::testing::Vec;
using rope::testing::concat;
using rope::testing::range;
using rope::testing::repeat;

using Result = rope::testing::CliResult;
Result run(const Args& args) { return rope::testing::runCli(args); }

class CheckCli : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("check-cli-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir);
    }
    void TearDown() override { fs::remove_all(dir); }
    std::string write(const std::string& name, const std::string& bytes) {
        const fs::path p = dir / name;
        std::ofstream(p, std::ios::binary) << bytes;
        return p.string();
    }
    std::string rowsJson(const std::string& name, const Vec& t, const Vec& h, const Vec& w) {
        return write(name, json::array({t, h, w}).dump());
    }
    void expectBadInput(const Args& args, const std::string& named) {
        const Result r = run(args);
        EXPECT_EQ(r.code, 2) << r.out << r.err;
        EXPECT_TRUE(r.out.empty()) << r.out;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_NE(r.err.find(named), std::string::npos) << r.err;
    }
    fs::path dir;
};

/// Version-1.0 .npy image of int64 or float32 values (header padded to 64 bytes).
std::string npy(const std::string& descr, const std::string& shape, const std::string& data) {
    std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
    header += '\n';
    std::string out = "\x93NUMPY";
    out += '\x01';
    out += '\x00';
    out += static_cast<char>(header.size() & 0xff);
    out += static_cast<char>(header.size() >> 8);
    return out + header + data;
}

std::string int64s(const Vec& values) {
    std::string out;
    for (const double v : values) {
        const uint64_t b = static_cast<uint64_t>(static_cast<int64_t>(v));
        for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((b >> (8 * i)) & 0xff));
    }
    return out;
}

std::string float32s(const Vec& values) {
    std::string out;
    for (const double v : values) {
        const uint32_t b = std::bit_cast<uint32_t>(static_cast<float>(v));
        for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((b >> (8 * i)) & 0xff));
    }
    return out;
}

const char* kExample = "text:3,video:2x2x3,text:2";
// M-RoPE on the running example with the t-row next start (the pitfall): text after the video at
// max t + 1 = 4 + 1 = 5 instead of max over all rows + 1 = 6.
const Vec kT = concat({range(0, 3), repeat(3, 6), repeat(4, 6), range(5, 2)});
const Vec kH = concat({range(0, 3), repeat(3, 3), repeat(4, 3), repeat(3, 3), repeat(4, 3), range(5, 2)});
const Vec kW = concat({range(0, 3), range(3, 3), range(3, 3), range(3, 3), range(3, 3), range(5, 2)});

TEST_F(CheckCli, EveryBuiltInMatchesItsOwnPositionsFile) {
    for (const rope::VariantEntry& e : rope::variantRegistry()) {
        const Args layout = {"--variant", e.name, "--sequence", "text:3,image:2x3,text:2", "--generate", "2"};
        Args positions = {"positions", "--json"};
        positions.insert(positions.end(), layout.begin(), layout.end());
        const Result p = run(positions);
        ASSERT_EQ(p.code, 0) << e.name << p.err;
        Args check = {"check", "--positions", write(e.name + ".json", p.out)};
        check.insert(check.end(), layout.begin(), layout.end());
        const Result c = run(check);
        EXPECT_EQ(c.code, 0) << e.name << "\n" << c.out << c.err;
        EXPECT_NE(c.out.find("MATCH: all 13 tokens"), std::string::npos) << c.out;
    }
}

TEST_F(CheckCli, GenerateMarksTheGeneratedTokens) {
    // M-RoPE text:3,video:2x2x3: max id 5, P = 15, rope_delta = 5 + 1 − 15 = −9 → generated 6, 7, 8.
    const Result r = run({"positions", "--variant", "m-rope", "--sequence", "text:3,video:2x2x3", "--generate", "3", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["tokens"], 18);
    EXPECT_EQ(j["generated"], 3);
    for (const char* row : {"t", "h", "w"}) EXPECT_EQ(Vec(j[row].end() - 3, j[row].end()), (Vec{6, 7, 8})) << row;
    EXPECT_FALSE(json::parse(run({"positions", "--sequence", "text:2", "--json"}).out).contains("generated"));
    const json rot = json::parse(run({"rotary", "--sequence", "text:2", "--generate", "1", "--json"}).out);
    EXPECT_EQ(rot["cos"].size(), 3u);
    EXPECT_EQ(rot["generated"], 1);
}

TEST_F(CheckCli, MismatchListsTokensSegmentsAndTheDiagnosis) {
    const Result r = run({"check", "--variant", "m-rope", "--sequence", kExample, "--positions", rowsJson("ids.json", kT, kH, kW)});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    EXPECT_NE(r.out.find("MISMATCH: 2 of 17 tokens"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("token 15: text:2 (segment 2), token 0: expected (6, 6, 6), found (5, 5, 5)"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("mismatches per segment: text:3 0/3, video:2x2x3 0/12, text:2 2/2"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("next start = max t + 1"), std::string::npos) << r.out;
    const Result j = run({"check", "--variant", "m-rope", "--sequence", kExample, "--positions", (dir / "ids.json").string(), "--json"});
    EXPECT_EQ(j.code, 1);
    const json doc = json::parse(j.out);
    EXPECT_EQ(doc["match"], false);
    EXPECT_EQ(doc["mismatches"], 2);
    EXPECT_EQ(doc["first_mismatches"][0]["token"], 15);
    EXPECT_EQ(doc["per_segment"][2]["mismatches"], 2);
    EXPECT_EQ(doc["diagnosis"][0]["setting"], "next start = max t + 1");
}

// Qwen2.5-VL text:1,video:4x2x2 at fps 4 with second_per_grid_t cast to int: spg = 2 / 4 = 0.5,
// ⌊0.5⌋ = 0 → every frame at t = 1 (the reference gives 1 + f); h = 1 + y, w = 1 + x. As int64 [3, 1, N].
TEST_F(CheckCli, RoundingPitfallFromAnInt64Npy) {
    Vec h = {0}, w = {0};
    for (int f = 0; f < 4; ++f) h = concat({h, {1, 1, 2, 2}}), w = concat({w, {1, 2, 1, 2}});
    const std::string file = write("ids.npy", npy("<i8", "(3, 1, 17)", int64s(concat({concat({{0}, repeat(1, 16)}), h, w}))));
    const Result r = run({"check", "--variant", "qwen2.5-vl", "--sequence", "text:1,video:4x2x2", "--option",
                          "qwen2.5-vl.fps=4", "--positions", file});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.out.find("read as [3, 1, 17]: rows t, h, w (unit batch dimension dropped)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--option qwen2.5-vl.rounding=int-first"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("variants-more.md §6"), std::string::npos) << r.out;
}

TEST_F(CheckCli, FrameGapAndForgottenGenerateAreDiagnosedLengths) {
    // Qwen3-VL frame_gap = 2 worked example (variants-more.md §7), 19 tokens, checked with G = 0.
    const Vec t = concat({range(0, 3), repeat(3, 6), {6, 7}, repeat(8, 6), {11, 12}});
    const Vec h = concat({range(0, 3), repeat(3, 3), repeat(4, 3), {6, 7}, repeat(8, 3), repeat(9, 3), {11, 12}});
    const Vec w = concat({range(0, 3), range(3, 3), range(3, 3), {6, 7}, range(8, 3), range(8, 3), {11, 12}});
    const Result r = run({"check", "--variant", "qwen3-vl", "--sequence", kExample, "--positions", rowsJson("g.json", t, h, w)});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.out.find("holds 19 tokens, the sequence has 17"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--option qwen3-vl.frame_gap=2"), std::string::npos) << r.out;
    // M-RoPE text:3,video:2x2x3 followed by its 3 generated tokens 6, 7, 8, checked without --generate.
    const Vec pt = concat({range(0, 3), repeat(3, 6), repeat(4, 6), {6, 7, 8}});
    const Vec ph = concat({range(0, 3), repeat(3, 3), repeat(4, 3), repeat(3, 3), repeat(4, 3), {6, 7, 8}});
    const Vec pw = concat({range(0, 3), range(3, 3), range(3, 3), range(3, 3), range(3, 3), {6, 7, 8}});
    const Result g = run({"check", "--variant", "m-rope", "--sequence", "text:3,video:2x2x3", "--positions", rowsJson("d.json", pt, ph, pw)});
    EXPECT_EQ(g.code, 1) << g.err;
    EXPECT_NE(g.out.find("--generate 3"), std::string::npos) << g.out;
    // With --generate 3 it matches; with a stale rope_delta (0: ids 15, 16, 17) it is diagnosed.
    const Args seq = {"--variant", "m-rope", "--sequence", "text:3,video:2x2x3", "--generate", "3"};
    Args ok = {"check", "--positions", (dir / "d.json").string()};
    ok.insert(ok.end(), seq.begin(), seq.end());
    EXPECT_EQ(run(ok).code, 0);
    const Vec st = concat({Vec(pt.begin(), pt.end() - 3), {15, 16, 17}});
    const Vec sh = concat({Vec(ph.begin(), ph.end() - 3), {15, 16, 17}});
    const Vec sw = concat({Vec(pw.begin(), pw.end() - 3), {15, 16, 17}});
    Args stale = {"check", "--positions", rowsJson("s.json", st, sh, sw)};
    stale.insert(stale.end(), seq.begin(), seq.end());
    const Result s = run(stale);
    EXPECT_EQ(s.code, 1);
    EXPECT_NE(s.out.find("generated:3 3/3"), std::string::npos) << s.out;
    EXPECT_NE(s.out.find("rope_delta = 0 (expected -9)"), std::string::npos) << s.out;
}

TEST_F(CheckCli, BadFilesExitTwoNamingTheFile) {
    const Args base = {"check", "--variant", "vanilla", "--sequence", "text:3", "--positions"};
    const auto with = [&](const std::string& file) {
        Args a = base;
        a.push_back(file);
        return a;
    };
    const std::string good = npy("<i8", "(3,)", int64s({0, 1, 2}));
    expectBadInput(with(write("cut.npy", good.substr(0, good.size() - 3))), "cut.npy: is truncated");
    expectBadInput(with(write("dtype.npy", npy("<u8", "(3,)", int64s({0, 1, 2})))), "dtype.npy: has dtype '<u8'");
    expectBadInput(with(write("long.npy", npy("<i8", "(3, 4)", int64s(range(0, 12))))), "long.npy: holds 4 tokens");
    expectBadInput(with(write("nan.npy", npy("<f4", "(3,)", float32s({0, std::numeric_limits<double>::quiet_NaN(), 2})))),
                   "nan.npy: value 1");
    expectBadInput(with(write("huge.npy", npy("<i8", "(4294967296, 4294967296)", ""))), "huge.npy: shape");
    expectBadInput(with((dir / "missing.json").string()), "missing.json: does not exist");
    expectBadInput({"check", "--variant", "vanilla", "--sequence", "text:3"}, "--positions is required");
    Args cosOnly = with(write("ok.npy", good));
    cosOnly.insert(cosOnly.end(), {"--cos", "c.npy"});
    expectBadInput(cosOnly, "--sin");
    Args tol = with((dir / "ok.npy").string());
    tol.insert(tol.end(), {"--tolerance", "-1"});
    expectBadInput(tol, "--tolerance");
    EXPECT_EQ(run(with((dir / "ok.npy").string())).code, 0);
}

TEST_F(CheckCli, CosSinFilesAreChecked) {
    // Vanilla, head_dim 4, text:2 (positions 0, 1). θ = 100: ω = 1, 100^(-1/2) = 0.1; θ = 10000: ω = 1, 0.01.
    // Rotate-half rows [cos n·ω0, cos n·ω1, cos n·ω0, cos n·ω1] as float32 [1, 2, 4].
    const auto tables = [&](double omega1, const std::string& tag) {
        Vec c, s;
        for (int n = 0; n < 2; ++n)
            for (int k = 0; k < 4; ++k) c.push_back(std::cos(n * (k % 2 ? omega1 : 1.0))), s.push_back(std::sin(n * (k % 2 ? omega1 : 1.0)));
        return Args{"--cos", write("cos" + tag + ".npy", npy("<f4", "(1, 2, 4)", float32s(c))),
                    "--sin", write("sin" + tag + ".npy", npy("<f4", "(1, 2, 4)", float32s(s)))};
    };
    Args a = {"check", "--variant", "vanilla", "--sequence", "text:2", "--head-dim", "4", "--theta", "100",
              "--positions", write("p.npy", npy("<i8", "(2,)", int64s({0, 1})))};
    Args right = a, wrong = a;
    for (const std::string& x : tables(0.1, "100")) right.push_back(x);
    for (const std::string& x : tables(0.01, "10000")) wrong.push_back(x);
    const Result r = run(right);
    EXPECT_EQ(r.code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("pair layout half"), std::string::npos) << r.out;
    const Result w = run(wrong);
    EXPECT_EQ(w.code, 1) << w.out << w.err;
    EXPECT_NE(w.out.find("--theta 10000 "), std::string::npos) << w.out;
}

TEST_F(CheckCli, HelpListsCheck) {
    EXPECT_NE(run({"--help"}).out.find("check "), std::string::npos);
    EXPECT_EQ(run({"check", "--help"}).code, 0);
}

}  // namespace
