// The `ropescope` command-line contract (shared/specs/cli.md), run in-process through
// rope::cli::run(args, out, err). Expected JSON comes from the worked examples of
// shared/specs/variants.md or hand derivations in the comments; error cases check the contract:
// exit 2, nothing on stdout, one line on stderr naming the bad value.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/Cli.h"
#include "tests/common/CliRun.h"
#include "tests/common/ExpectedRows.h"

namespace {

using nlohmann::json;
using Args = std::vector<std::string>;
using rope::testing::Vec;
using rope::testing::concat;
using rope::testing::range;
using rope::testing::repeat;

using Result = rope::testing::CliResult;
Result run(const Args& args) { return rope::testing::runCli(args); }

json runJson(const Args& args) {
    const Result r = run(args);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(r.err.empty()) << r.err;
    try {
        return json::parse(r.out);
    } catch (const std::exception& e) {
        ADD_FAILURE() << "stdout is not one JSON document: " << e.what() << "\n" << r.out.substr(0, 500);
        return json::object();
    }
}

Vec numbers(const json& arr) {
    Vec v;
    EXPECT_TRUE(arr.is_array());
    for (const json& x : arr) {
        EXPECT_TRUE(x.is_number()) << x.dump();
        v.push_back(x.get<double>());
    }
    return v;
}


std::set<std::string> keysOf(const json& obj) {
    std::set<std::string> k;
    for (const auto& [key, value] : obj.items()) k.insert(key);
    return k;
}

const char* kExample = "text:3,video:2x2x3,text:2";

void expectPositions(const Args& args, const std::string& variant, const Vec& t, const Vec& h, const Vec& w) {
    const json j = runJson(args);
    EXPECT_EQ(keysOf(j), (std::set<std::string>{"variant", "tokens", "t", "h", "w"}));
    EXPECT_EQ(j.value("variant", ""), variant);
    ASSERT_TRUE(j.contains("tokens") && j["tokens"].is_number_integer()) << j.dump();
    EXPECT_EQ(j["tokens"].get<long long>(), static_cast<long long>(t.size()));
    EXPECT_EQ(numbers(j["t"]), t) << "t row";
    EXPECT_EQ(numbers(j["h"]), h) << "h row";
    EXPECT_EQ(numbers(j["w"]), w) << "w row";
}

// --- positions: worked examples ------------------------------------------------------------------

TEST(CliPositions, VideoRopeWorkedExample) {
    // variants.md §5 (δ = 2): text 0,1,2; frame 0: t 3, h {3,4}, w {2,3,4}; frame 1: t 5, h {5,6},
    // w {4,5,6}; text 6, 7. 17 tokens (cli.md's example object says "tokens": 17).
    expectPositions({"positions", "--variant", "videorope", "--sequence", kExample, "--json"}, "videorope",
                    concat({{0, 1, 2}, repeat(3, 6), repeat(5, 6), {6, 7}}),
                    concat({{0, 1, 2}, {3, 3, 3, 4, 4, 4}, {5, 5, 5, 6, 6, 6}, {6, 7}}),
                    concat({{0, 1, 2}, {2, 3, 4, 2, 3, 4}, {4, 5, 6, 4, 5, 6}, {6, 7}}));
}

TEST(CliPositions, VideoRopeAllRowsOption) {
    // Same, --option videorope.next_start=all-rows: text after at max(5, 6, 6) + 1 = 7, 8.
    const Vec t = concat({{0, 1, 2}, repeat(3, 6), repeat(5, 6), {7, 8}});
    const Vec h = concat({{0, 1, 2}, {3, 3, 3, 4, 4, 4}, {5, 5, 5, 6, 6, 6}, {7, 8}});
    const Vec w = concat({{0, 1, 2}, {2, 3, 4, 2, 3, 4}, {4, 5, 6, 4, 5, 6}, {7, 8}});
    expectPositions({"positions", "--variant", "videorope", "--sequence", kExample, "--option",
                     "videorope.next_start=all-rows", "--json"},
                    "videorope", t, h, w);
}

TEST(CliPositions, VideoRopeFractionalDelta) {
    // --delta 1.5, text:1,video:2x1x1,text:2: t = 1, 2.5; next = 3.5 → 3.5, 4.5 (H = W = 1: h = w = t).
    const Vec v{0, 1, 2.5, 3.5, 4.5};
    expectPositions({"positions", "--variant", "videorope", "--sequence", "text:1,video:2x1x1,text:2", "--delta", "1.5"},
                    "videorope", v, v, v);
    // The same through --option.
    expectPositions({"positions", "--variant", "videorope", "--sequence", "text:1,video:2x1x1,text:2", "--option",
                     "videorope.delta=1.5"},
                    "videorope", v, v, v);
}

TEST(CliPositions, TadWorkedExample) {
    // variants.md §2: text 0, 2, 4; frame 0 tokens 6…11; frame 1 tokens 13…18; text 20, 22.
    const Vec v = concat({{0, 2, 4}, range(6, 6), range(13, 6), {20, 22}});
    expectPositions({"positions", "--variant", "tad", "--sequence", kExample, "--json"}, "tad", v, v, v);
}

TEST(CliPositions, TadPaperStrideOnText) {
    // --option tad.text_stride=paper: text keeps stride 1.
    const Vec v = range(0, 4);
    expectPositions({"positions", "--variant", "tad", "--sequence", "text:4", "--option", "tad.text_stride=paper"}, "tad",
                    v, v, v);
}

TEST(CliPositions, MRopeWorkedExample) {
    // st = 3: t = 3 + f, h = 3 + y, w = 3 + x; next = 3 + max(2, 2, 3) = 6.
    const Vec h{3, 3, 3, 4, 4, 4}, w{3, 4, 5, 3, 4, 5};
    expectPositions({"positions", "--variant", "m-rope", "--sequence", kExample, "--json"}, "m-rope",
                    concat({{0, 1, 2}, repeat(3, 6), repeat(4, 6), {6, 7}}), concat({{0, 1, 2}, h, h, {6, 7}}),
                    concat({{0, 1, 2}, w, w, {6, 7}}));
}

TEST(CliPositions, VanillaWorkedExample) {
    const Vec v = range(0, 17);
    expectPositions({"positions", "--variant", "vanilla", "--sequence", kExample, "--json"}, "vanilla", v, v, v);
}

TEST(CliPositions, RopeTieWorkedExample) {
    // Text 0,1,2 → L = 2; H = 2, W = 3, exit step (3+1)(2+1) = 12.
    //   frame 0: t 2,  h = 2 + (y+1)·4 → 6, 10,  w = 2 + (x+1)·3 → 5, 8, 11;  exit 14
    //   frame 1: L = 14: t 14, h 18, 22, w 17, 20, 23;  exit 26 → text 26, 27.
    expectPositions({"positions", "--variant", "rope-tie", "--sequence", kExample, "--json"}, "rope-tie",
                    concat({{0, 1, 2}, repeat(2, 6), repeat(14, 6), {26, 27}}),
                    concat({{0, 1, 2}, {6, 6, 6, 10, 10, 10}, {18, 18, 18, 22, 22, 22}, {26, 27}}),
                    concat({{0, 1, 2}, {5, 8, 11, 5, 8, 11}, {17, 20, 23, 17, 20, 23}, {26, 27}}));
}

TEST(CliPositions, FlagOrderDoesNotMatter) {
    const json a = runJson({"positions", "--variant", "m-rope", "--sequence", kExample, "--json"});
    const json b = runJson({"positions", "--json", "--sequence", kExample, "--variant", "m-rope"});
    EXPECT_EQ(a, b);
}

// --- rotary ------------------------------------------------------------------------------------

TEST(CliRotary, HandValuesSmallHead) {
    // Vanilla text:3 at 0, 1, 2; θ = 100, d = 4 → ω = (1, 0.1); sections must sum to 2 → 0,1,1.
    // Row n (rotate-half, pair row twice): cos = [cos n, cos 0.1n, cos n, cos 0.1n], same for sin.
    const json j = runJson({"rotary", "--variant", "vanilla", "--sequence", "text:3", "--theta", "100", "--head-dim", "4",
                            "--sections", "0,1,1", "--json"});
    EXPECT_EQ(keysOf(j), (std::set<std::string>{"variant", "head_dim", "rotary_dim", "pair_layout", "cos", "sin"}));
    EXPECT_EQ(j.value("variant", ""), "vanilla");
    EXPECT_EQ(j.value("head_dim", 0), 4);
    ASSERT_EQ(j["cos"].size(), 3u);
    ASSERT_EQ(j["sin"].size(), 3u);
    for (int n = 0; n < 3; ++n) {
        const Vec c = numbers(j["cos"][static_cast<size_t>(n)]), s = numbers(j["sin"][static_cast<size_t>(n)]);
        ASSERT_EQ(c.size(), 4u);
        ASSERT_EQ(s.size(), 4u);
        const double a[] = {1.0 * n, 0.1 * n, 1.0 * n, 0.1 * n};
        for (int ch = 0; ch < 4; ++ch) {
            EXPECT_NEAR(c[static_cast<size_t>(ch)], std::cos(a[ch]), 1e-15) << "n=" << n << " ch=" << ch;
            EXPECT_NEAR(s[static_cast<size_t>(ch)], std::sin(a[ch]), 1e-15) << "n=" << n << " ch=" << ch;
        }
    }
}

TEST(CliRotary, VideoRopeDefaultsShapeAndAllocation) {
    // Default d = 128, θ = 10^6, sections 16,24,24 (LTA: pairs 0–47 h/w interleaved, 48–63 t).
    const json j = runJson({"rotary", "--variant", "videorope", "--sequence", kExample, "--json"});
    EXPECT_EQ(j.value("head_dim", 0), 128);
    ASSERT_EQ(j["cos"].size(), 17u);
    ASSERT_EQ(j["sin"].size(), 17u);
    for (size_t n = 0; n < 17; ++n) {
        const Vec c = numbers(j["cos"][n]), s = numbers(j["sin"][n]);
        ASSERT_EQ(c.size(), 128u);
        ASSERT_EQ(s.size(), 128u);
        for (size_t i = 0; i < 64; ++i) {
            EXPECT_EQ(c[i], c[i + 64]) << "halves must be equal, token " << n;
            EXPECT_EQ(s[i], s[i + 64]) << "halves must be equal, token " << n;
            EXPECT_NEAR(c[i] * c[i] + s[i] * s[i], 1.0, 1e-15);
        }
    }
    // Token 3 = frame 0, y 0, x 0: (t, h, w) = (3, 3, 2) (worked example).
    //   pair 0 reads h, ω_0 = 1                 → angle 3
    //   pair 1 reads w, ω_1 = 10^(−6·2/128)      → angle 2·10^(−0.09375)
    //   pair 63 reads t, ω_63 = 10^(−6·126/128)  → angle 3·10^(−5.90625)
    const Vec s3 = numbers(j["sin"][3]);
    EXPECT_NEAR(s3[0], std::sin(3.0), 1e-14);
    EXPECT_NEAR(s3[1], std::sin(2.0 * std::pow(10.0, -0.09375)), 1e-14);
    EXPECT_NEAR(s3[63], std::sin(3.0 * std::pow(10.0, -5.90625)), 1e-18);
    // Token 0 is at position 0 on every row: cos 1, sin 0 everywhere.
    for (double v : numbers(j["cos"][0])) EXPECT_EQ(v, 1.0);
    for (double v : numbers(j["sin"][0])) EXPECT_EQ(v, 0.0);
}

// --- properties (Table 1) ------------------------------------------------------------------------

TEST(CliProperties, Table1) {
    struct Expected {
        const char* variant;
        bool s, a, y, c;
    };
    for (const Expected e : {Expected{"vanilla", false, false, false, false}, Expected{"tad", false, false, false, true},
                             Expected{"rope-tie", true, false, true, false}, Expected{"m-rope", true, false, false, false},
                             Expected{"videorope", true, true, true, true}}) {
        const json j = runJson({"properties", "--variant", e.variant, "--json"});
        EXPECT_EQ(j.value("structure", !e.s), e.s) << e.variant;
        EXPECT_EQ(j.value("frequency_allocation", !e.a), e.a) << e.variant;
        EXPECT_EQ(j.value("spatial_symmetry", !e.y), e.y) << e.variant;
        EXPECT_EQ(j.value("temporal_scaling", !e.c), e.c) << e.variant;
    }
}

// --- bad input: exit 2, nothing on stdout, one line on stderr naming the bad value ----------------

void expectBadInput(const Args& args, std::initializer_list<const char*> mentions) {
    std::string cmd;
    for (const auto& a : args) cmd += a + " ";
    const Result r = run(args);
    EXPECT_EQ(r.code, 2) << cmd << "\nstderr: " << r.err;
    EXPECT_TRUE(r.out.empty()) << cmd << "\nstdout: " << r.out.substr(0, 300);
    ASSERT_FALSE(r.err.empty()) << cmd;
    EXPECT_EQ(r.err.back(), '\n') << cmd;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "stderr must be one line: " << r.err;
    for (const char* m : mentions) EXPECT_NE(r.err.find(m), std::string::npos) << cmd << "\nstderr must mention \"" << m << "\": " << r.err;
}

class CliBadInput : public ::testing::TestWithParam<std::string> {
protected:
    Args cmd(std::initializer_list<std::string> rest) const {
        Args a{GetParam()};
        a.insert(a.end(), rest);
        return a;
    }
};

TEST_P(CliBadInput, UnknownVariant) {
    expectBadInput(cmd({"--variant", "rope3d", "--sequence", "text:1"}), {"rope3d", "videorope"});
    expectBadInput(cmd({"--variant", "VideoRoPE"}), {"VideoRoPE"});  // names are lowercase
    expectBadInput(cmd({"--variant", ""}), {"variant"});
}

TEST_P(CliBadInput, MalformedSequence) {
    expectBadInput(cmd({"--sequence", "text:3,video:2x2"}), {"video:2x2"});
    expectBadInput(cmd({"--sequence", "text:0"}), {"text:0"});
    expectBadInput(cmd({"--sequence", "text:abc"}), {"text:abc"});
    expectBadInput(cmd({"--sequence", "frames:3"}), {"frames:3"});
    expectBadInput(cmd({"--sequence", "image:2x-3"}), {"image:2x-3"});
    expectBadInput(cmd({"--sequence", "text:3,,text:2"}), {"text:3,,text:2"});
    expectBadInput(cmd({"--sequence", ""}), {"sequence"});
    expectBadInput(cmd({"--sequence", "video:10000000000x10000000000x1"}), {"10000000000"});
}

TEST_P(CliBadInput, DeltaNotPositive) {
    expectBadInput(cmd({"--variant", "videorope", "--delta", "0"}), {"delta", "0"});
    expectBadInput(cmd({"--variant", "videorope", "--delta", "-1"}), {"delta", "-1"});
    expectBadInput(cmd({"--variant", "videorope", "--delta", "-0.25"}), {"delta", "-0.25"});
    expectBadInput(cmd({"--variant", "videorope", "--option", "videorope.delta=-3"}), {"delta", "-3"});
    expectBadInput(cmd({"--variant", "videorope", "--delta", "fast"}), {"delta", "fast"});
}

TEST_P(CliBadInput, SectionsNotSummingToHalfTheHeadDim) {
    // 16 + 24 + 23 = 63 ≠ 128/2.
    expectBadInput(cmd({"--sections", "16,24,23"}), {"sections", "16,24,23"});
    // head_dim 64 with the default 16,24,24 (sum 64 ≠ 32).
    expectBadInput(cmd({"--head-dim", "64"}), {"sections", "16,24,24"});
    expectBadInput(cmd({"--head-dim", "64", "--sections", "8,12,13"}), {"sections", "8,12,13"});
    expectBadInput(cmd({"--sections", "16,24"}), {"sections", "16,24"});
}

TEST_P(CliBadInput, OddHeadDim) {
    expectBadInput(cmd({"--head-dim", "127"}), {"head_dim", "127"});
    expectBadInput(cmd({"--head-dim", "63", "--sections", "1,15,15"}), {"head_dim", "63"});
}

TEST(CliBadInput, GridTooLargeForMemory) {
    // video:100000x1000x1000 = 10^5·10^3·10^3 = 10^11 tokens; the positions alone need
    // 3·8·10^11 B = 2.4·10^12 B ≈ 2.2 TiB, far over the default budget. The message must name
    // the grid or its token count. (Only the commands that lay out --sequence: `properties` uses
    // its own probe sequence.)
    for (const char* command : {"positions", "rotary"}) {
        const Result r = run({command, "--sequence", "video:100000x1000x1000"});
        EXPECT_EQ(r.code, 2) << command << ": " << r.err;
        EXPECT_TRUE(r.out.empty()) << command;
        ASSERT_FALSE(r.err.empty()) << command;
        EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
        EXPECT_TRUE(r.err.find("100000x1000x1000") != std::string::npos ||
                    r.err.find("100000000000") != std::string::npos)
            << command << ": " << r.err;
        // Also with a grid between text: 4 + 10^9 + 4 tokens, 2.4·10^10 B ≈ 22.4 GiB.
        expectBadInput({command, "--sequence", "text:4,video:1000x1000x1000,text:4"}, {});
    }
}

TEST_P(CliBadInput, UnknownFlag) {
    expectBadInput(cmd({"--frobnicate", "3"}), {"--frobnicate"});
    expectBadInput(cmd({"--videorope.delta", "2"}), {"--videorope.delta"});  // keys go through --option
    expectBadInput(cmd({"videorope"}), {"videorope"});                        // not a flag at all
}

TEST_P(CliBadInput, OptionWithoutEquals) {
    // The message names the text and what is allowed (key=value).
    expectBadInput(cmd({"--option", "videorope.next_start"}), {"videorope.next_start", "="});
    expectBadInput(cmd({"--option", "=all-rows"}), {"=all-rows"});
}

TEST_P(CliBadInput, BadOptionKeyOrValue) {
    expectBadInput(cmd({"--option", "videorope.speed=2"}), {"videorope.speed"});
    expectBadInput(cmd({"--option", "videorope.next_start=sideways"}), {"sideways"});
    expectBadInput(cmd({"--option", "tad.text_stride=3"}), {"tad.text_stride"});
}

TEST_P(CliBadInput, FlagWithoutValue) {
    expectBadInput(cmd({"--variant", "videorope", "--delta"}), {"--delta"});
    expectBadInput(cmd({"--option"}), {"--option"});
}

INSTANTIATE_TEST_SUITE_P(Commands, CliBadInput, ::testing::Values("positions", "rotary", "properties"));

TEST(CliBadInput, RotaryTableOverTheMemoryBudget) {
    // text:100000 with a 16 MiB budget: positions 3·8·10^5 B ≈ 2.3 MiB would fit, but the cos + sin
    // tables need 2·8·10^5·64 B = 1.024·10^8 B ≈ 97.7 MiB → refused before any work.
    expectBadInput({"rotary", "--sequence", "text:100000", "--option", "memory_budget_mib=16"}, {});
    // positions for the same input fits and succeeds.
    const Result ok = run({"positions", "--sequence", "text:100000", "--option", "memory_budget_mib=16"});
    EXPECT_EQ(ok.code, 0) << ok.err;
}

TEST(CliBadInput, UnknownCommand) {
    const Result r = run({"frobnicate", "--variant", "videorope"});
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(r.out.empty());
    EXPECT_NE(r.err.find("frobnicate"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
}

TEST(Cli, HelpAndVersionSucceed) {
    const Result h = run({"--help"});
    EXPECT_EQ(h.code, 0);
    EXPECT_NE(h.out.find("positions"), std::string::npos);
    EXPECT_NE(h.out.find("rotary"), std::string::npos);
    const Result v = run({"--version"});
    EXPECT_EQ(v.code, 0);
    EXPECT_NE(v.out.find("ropescope"), std::string::npos);
}

}  // namespace
