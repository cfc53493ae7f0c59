// `ropescope check` in core (core/check/): reading shapes, comparing, and the diagnosis. Every
// "file" here is written by hand from the specs' worked examples or derived in the comment next
// to it — never produced by the layout code under test — except where a test states the invariant
// "the registry's own positions match themselves".
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "core/check/Diagnosis.h"
#include "core/check/DecodePositions.h"
#include "core/check/PositionCheck.h"
#include "core/check/RotaryCheck.h"
#include "core/variants/Variant.h"
#include "tests/common/ExpectedRows.h"

namespace {

using namespace rope;
using rope::testing::Vec;
using rope::testing::concat;
using rope::testing::range;
using rope::testing::repeat;
using Options = std::vector<std::pair<std::string, std::string>>;

Params params(const std::string& variant, const std::string& seq, const Options& opts = {}, int64_t generate = 0) {
    Params p;
    setParam(p, "variant", variant);
    setParam(p, "sequence", seq);
    setParam(p, "generate", std::to_string(generate));
    for (const auto& [k, v] : opts) setParam(p, k, v);
    return p;
}

/// A [3, N] array of the rows t, h, w.
NumericArray rows(const Vec& t, const Vec& h, const Vec& w) {
    NumericArray a;
    a.shape = {3, static_cast<int64_t>(t.size())};
    a.values = concat({t, h, w});
    a.source = "hand.npy";
    return a;
}

PositionCheckReport check(const Params& p, const NumericArray& a) {
    return checkPositions(p, interpretPositions(a, decodeTokenCount(p), positionAxes(p)), CheckOptions{});
}

bool diagnosed(const PositionCheckReport& r, const std::string& setting) {
    return std::any_of(r.diagnosis.begin(), r.diagnosis.end(),
                       [&](const DiagnosisHit& h) { return h.setting.find(setting) != std::string::npos; });
}

std::string settings(const PositionCheckReport& r) {
    std::string s;
    for (const DiagnosisHit& h : r.diagnosis) s += "[" + h.setting + "] ";
    return s.empty() ? "(no diagnosis)" : s;
}

const char* kExample = "text:3,video:2x2x3,text:2";

// M-RoPE on the running example (variants.md §4): text 0,1,2; t = 3 + f, h = 3 + y, w = 3 + x;
// next start 3 + max(2, 2, 3) = 6 → text 6, 7.
const Vec kMropeT = concat({range(0, 3), repeat(3, 6), repeat(4, 6), range(6, 2)});
const Vec kMropeH = concat({range(0, 3), repeat(3, 3), repeat(4, 3), repeat(3, 3), repeat(4, 3), range(6, 2)});
const Vec kMropeW = concat({range(0, 3), range(3, 3), range(3, 3), range(3, 3), range(3, 3), range(6, 2)});

TEST(CheckPositions, TheSpecExampleMatches) {
    const PositionCheckReport r = check(params("m-rope", kExample), rows(kMropeT, kMropeH, kMropeW));
    EXPECT_TRUE(r.match());
    EXPECT_EQ(r.tokens, 17);
    EXPECT_EQ(r.assumed, "[3, 17]: rows t, h, w");
}

TEST(CheckPositions, EveryBuiltInMatchesItsOwnPositions) {  // invariant: the registry against itself
    for (const VariantEntry& e : variantRegistry()) {
        const Params p = params(e.name, "text:3,image:2x3,text:2", {}, 2);
        const Positions pos = decodePositions(p);
        NumericArray a;
        a.shape = {pos.axes(), pos.tokens()};
        for (int r = 0; r < pos.axes(); ++r)
            for (Eigen::Index n = 0; n < pos.tokens(); ++n) a.values.push_back(pos.pos(r, n));
        a.source = e.name;
        EXPECT_TRUE(check(p, a).match()) << e.name;
    }
}

TEST(CheckPositions, MismatchesAreListedWithTheirSegmentAndCountedPerSegment) {
    // The next-start pitfall: text after the video at max t + 1 = 5 instead of 6 (all rows).
    const Vec t = concat({range(0, 3), repeat(3, 6), repeat(4, 6), range(5, 2)});
    const Vec h = concat({range(0, 3), repeat(3, 3), repeat(4, 3), repeat(3, 3), repeat(4, 3), range(5, 2)});
    const Vec w = concat({range(0, 3), range(3, 3), range(3, 3), range(3, 3), range(3, 3), range(5, 2)});
    const PositionCheckReport r = check(params("m-rope", kExample), rows(t, h, w));
    ASSERT_EQ(r.mismatches, 2);
    ASSERT_EQ(r.first.size(), 2u);
    EXPECT_EQ(r.first[0].token, 15);
    EXPECT_EQ(r.first[0].segment, 2);
    EXPECT_EQ(r.first[0].expected, (Vec{6, 6, 6}));
    EXPECT_EQ(r.first[0].found, (Vec{5, 5, 5}));
    ASSERT_EQ(r.perSegment.size(), 3u);
    EXPECT_EQ(r.perSegment[0].mismatches, 0);
    EXPECT_EQ(r.perSegment[1].mismatches, 0);
    EXPECT_EQ(r.perSegment[2].mismatches, 2);
    EXPECT_EQ(r.perSegment[1].label, "video:2x2x3");
    EXPECT_TRUE(diagnosed(r, "next start = max t + 1")) << settings(r);
}

TEST(CheckDiagnosis, PlainOneDimensionalIds) {
    NumericArray a;
    a.shape = {17};
    a.values = range(0, 17);
    a.source = "ids.npy";
    const PositionCheckReport r = check(params("m-rope", kExample), a);
    EXPECT_FALSE(r.match());
    EXPECT_TRUE(diagnosed(r, "plain 1D ids")) << settings(r);
}

// Qwen2.5-VL, text:1,video:4x2x2 sampled at fps 4 (variants-more.md §6): spg = 2 / 4 = 0.5 s,
// tps 2. float: τ = ⌊f · 0.5 · 2⌋ = f → t = 1 + f. int-first: ⌊0.5⌋ = 0 → τ = 0 → every frame t = 1.
// h = 1 + y, w = 1 + x. The file has the collapsed ids.
TEST(CheckDiagnosis, SecondPerGridCastToIntIsRoundingIntFirst) {
    const Vec t = concat({{0}, repeat(1, 16)});
    Vec h = {0}, w = {0};
    for (int f = 0; f < 4; ++f) h = concat({h, {1, 1, 2, 2}}), w = concat({w, {1, 2, 1, 2}});
    const PositionCheckReport r = check(params("qwen2.5-vl", "text:1,video:4x2x2", {{"qwen2.5-vl.fps", "4"}}), rows(t, h, w));
    EXPECT_EQ(r.mismatches, 12);  // frames 1–3 (t expected 2, 3, 4)
    EXPECT_TRUE(diagnosed(r, "qwen2.5-vl.rounding=int-first")) << settings(r);
}

// Qwen2.5-VL video:4x1x1 at fps 3 (tps 2, patch 2): spg = 2/3, spg·tps = 4/3.
// float: τ = ⌊4f/3⌋ = 0, 1, 2, 4; int-interval: τ = f·⌊4/3⌋ = f = 0, 1, 2, 3 (the file); h = w = 0.
TEST(CheckDiagnosis, IntervalTruncatedOnceIsRoundingIntInterval) {
    const PositionCheckReport r =
        check(params("qwen2.5-vl", "video:4x1x1", {{"qwen2.5-vl.fps", "3"}}), rows({0, 1, 2, 3}, {0, 0, 0, 0}, {0, 0, 0, 0}));
    EXPECT_EQ(r.mismatches, 1);  // frame 3: expected t = 4
    EXPECT_TRUE(diagnosed(r, "qwen2.5-vl.rounding=int-interval")) << settings(r);
}

// Qwen2.5-VL video:3x1x1 at the defaults (fps 2, spg 1 s): tps 2 gives τ = 2f = 0, 2, 4; the
// config-class default tps 4 gives τ = 4f = 0, 4, 8; h = w = 0.
TEST(CheckDiagnosis, TokensPerSecondFour) {
    const PositionCheckReport r = check(params("qwen2.5-vl", "video:3x1x1"), rows({0, 4, 8}, {0, 0, 0}, {0, 0, 0}));
    EXPECT_TRUE(diagnosed(r, "qwen2.5-vl.tokens_per_second=4")) << settings(r);
}

// TAD-RoPE reference layout of the running example (variants.md §2), checked with text_stride=paper.
TEST(CheckDiagnosis, TadTextStride) {
    const Vec ids = concat({{0, 2, 4}, range(6, 6), range(13, 6), {20, 22}});
    const PositionCheckReport r = check(params("tad", kExample, {{"tad.text_stride", "paper"}}), rows(ids, ids, ids));
    EXPECT_FALSE(r.match());
    EXPECT_TRUE(diagnosed(r, "tad.text_stride=reference")) << settings(r);
}

// VideoRoPE with δ = 1 on the running example: t = 3 + f = 3, 4; h = t + y − ⌊1/2⌋ = t + y;
// w = t + x − ⌊2/2⌋ = t + x − 1; text after max t + 1 = 5, 6 (= HoPE γ = 1, variants-more.md §8).
TEST(CheckDiagnosis, DeltaOne) {
    const Vec t = concat({range(0, 3), repeat(3, 6), repeat(4, 6), {5, 6}});
    const Vec h = concat({range(0, 3), repeat(3, 3), repeat(4, 3), repeat(4, 3), repeat(5, 3), {5, 6}});
    const Vec w = concat({range(0, 3), range(2, 3), range(2, 3), range(3, 3), range(3, 3), {5, 6}});
    const PositionCheckReport r = check(params("videorope", kExample), rows(t, h, w));
    EXPECT_TRUE(diagnosed(r, "--delta 1")) << settings(r);
    EXPECT_TRUE(diagnosed(r, "--variant hope")) << settings(r);
}

// Qwen3-VL frame_gap = 2 (variants-more.md §7 worked example, 19 tokens) checked as frame_gap 0 (17):
// a length mismatch that the option explains.
TEST(CheckDiagnosis, FrameGapExplainsALengthMismatch) {
    const Vec t = concat({range(0, 3), repeat(3, 6), {6, 7}, repeat(8, 6), {11, 12}});
    const Vec h = concat({range(0, 3), repeat(3, 3), repeat(4, 3), {6, 7}, repeat(8, 3), repeat(9, 3), {11, 12}});
    const Vec w = concat({range(0, 3), range(3, 3), range(3, 3), {6, 7}, range(8, 3), range(8, 3), {11, 12}});
    const Params p = params("qwen3-vl", kExample);
    EXPECT_THROW(interpretPositions(rows(t, h, w), decodeTokenCount(p), 3), BadFile);
    int tried = 0;
    const auto hits = diagnoseLength(p, rows(t, h, w), 1e-4, tried);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].setting, "--option qwen3-vl.frame_gap=2");
    EXPECT_EQ(hits[0].spec, "variants-more.md §7");
}

// M-RoPE text:3,video:2x2x3 + 3 generated: expected 6, 7, 8 (DecodePositionsTest). A pipeline that
// forgets rope_deltas puts them at cache_position 15, 16, 17 (delta 0); a stale delta −20 from
// another prompt at 15 − 20 = −5, −4, −3.
TEST(CheckDiagnosis, StaleRopeDeltaAtDecode) {
    const Params p = params("m-rope", "text:3,video:2x2x3", {}, 3);
    const Vec t = concat({range(0, 3), repeat(3, 6), repeat(4, 6)});
    const Vec h = concat({range(0, 3), repeat(3, 3), repeat(4, 3), repeat(3, 3), repeat(4, 3)});
    const Vec w = concat({range(0, 3), range(3, 3), range(3, 3), range(3, 3), range(3, 3)});
    const Vec right = {6, 7, 8}, none = {15, 16, 17}, stale = {-5, -4, -3};
    EXPECT_TRUE(check(p, rows(concat({t, right}), concat({h, right}), concat({w, right}))).match());
    const PositionCheckReport r0 = check(p, rows(concat({t, none}), concat({h, none}), concat({w, none})));
    EXPECT_EQ(r0.mismatches, 3);
    EXPECT_TRUE(r0.first[0].generated);
    EXPECT_EQ(r0.perSegment.back().label, "generated:3");
    EXPECT_TRUE(diagnosed(r0, "rope_delta = 0 (expected -9)")) << settings(r0);
    const PositionCheckReport r1 = check(p, rows(concat({t, stale}), concat({h, stale}), concat({w, stale})));
    EXPECT_TRUE(diagnosed(r1, "rope_delta = -20 (expected -9)")) << settings(r1);
}

TEST(CheckDiagnosis, NothingReproducesNoise) {
    Vec t = kMropeT;
    t[5] = 100;
    const PositionCheckReport r = check(params("m-rope", kExample), rows(t, kMropeH, kMropeW));
    EXPECT_EQ(r.mismatches, 1);
    EXPECT_TRUE(r.diagnosisSearched);
    EXPECT_TRUE(r.diagnosis.empty()) << settings(r);
}

// ---- shapes ------------------------------------------------------------------------------------

NumericArray shaped(std::vector<int64_t> shape, Vec values) {
    NumericArray a;
    a.shape = std::move(shape), a.values = std::move(values), a.source = "f.npy";
    return a;
}

TEST(FoundPositionsShapes, EveryDocumentedLayoutReadsTheSameIds) {
    // Two tokens with (t, h, w) = (0, 1, 2) and (3, 4, 5).
    const Vec rowsFirst = {0, 3, 1, 4, 2, 5}, tokensFirst = {0, 1, 2, 3, 4, 5};
    const Positions want = interpretPositions(shaped({3, 2}, rowsFirst), 2, 3).positions;
    EXPECT_EQ(want.pos(0, 1), 3);
    EXPECT_EQ(want.pos(2, 0), 2);
    for (const auto& [shape, values] : std::vector<std::pair<std::vector<int64_t>, Vec>>{
             {{1, 3, 2}, rowsFirst}, {{3, 1, 2}, rowsFirst}, {{2, 3}, tokensFirst}, {{1, 2, 3}, tokensFirst}}) {
        const FoundPositions f = interpretPositions(shaped(shape, values), 2, 3);
        EXPECT_TRUE(samePositions(f.positions, want)) << shaped(shape, values).shapeText();
    }
    // [4, N]: Qwen3-VL's text row first (here 9, 9), then t, h, w.
    const FoundPositions q3 = interpretPositions(shaped({4, 2}, concat({{9, 9}, rowsFirst})), 2, 3);
    EXPECT_TRUE(samePositions(q3.positions, want));
    EXPECT_NE(q3.assumed.find("Qwen3-VL"), std::string::npos);
    // [4, N] for a four-stream variant: the streams.
    EXPECT_EQ(interpretPositions(shaped({4, 2}, range(0, 8)), 2, 4).positions.pos(3, 1), 7);
    // [N] and [1, N]: 1D ids on every axis.
    const FoundPositions oneD = interpretPositions(shaped({1, 2}, {5, 6}), 2, 3);
    EXPECT_TRUE(oneD.oneDimensional);
    EXPECT_EQ(oneD.positions.pos(2, 1), 6);
}

TEST(FoundPositionsShapes, WrongLengthAndShapeAreBadFilesNamingTheFile) {
    try {
        interpretPositions(shaped({3, 4}, range(0, 12)), 2, 3);
        FAIL() << "a 4-token file for 2 tokens was accepted";
    } catch (const BadFile& e) {
        EXPECT_NE(std::string(e.what()).find("f.npy"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("--generate 2"), std::string::npos) << e.what();
    }
    EXPECT_THROW(interpretPositions(shaped({5, 2}, range(0, 10)), 2, 3), BadFile);
    EXPECT_THROW(interpretPositions(shaped({2, 3, 2}, range(0, 12)), 2, 3), BadFile);
    EXPECT_THROW(interpretPositions(shaped({3, 2}, range(0, 6)), 2, 4), BadFile);  // VRoPE needs 4 streams
}

// ---- cos/sin -----------------------------------------------------------------------------------
// Vanilla, head_dim 4, θ = 100, text:3: ω_0 = 1, ω_1 = 100^(−2/4) = 0.1; positions 0, 1, 2.
// Rotate-half rows: cos(n), cos(0.1n), cos(n), cos(0.1n); adjacent: cos(n), cos(n), cos(0.1n), cos(0.1n).

NumericArray table(double theta2, bool adjacent, bool sine, int64_t batch = 1) {
    NumericArray a;
    a.shape = {batch, 3, 4};
    a.source = sine ? "sin.npy" : "cos.npy";
    const auto f = [sine](double x) { return sine ? std::sin(x) : std::cos(x); };
    for (int n = 0; n < 3; ++n) {
        const double a0 = n * 1.0, a1 = n * theta2;
        const Vec row = adjacent ? Vec{f(a0), f(a0), f(a1), f(a1)} : Vec{f(a0), f(a1), f(a0), f(a1)};
        a.values.insert(a.values.end(), row.begin(), row.end());
    }
    return a;
}

TEST(CheckRotary, BothPairLayoutsAreReadAndNamed) {
    const Params p = params("vanilla", "text:3", {{"head_dim", "4"}, {"theta", "100"}});
    const RotaryCheckReport half = checkRotary(p, table(0.1, false, false), table(0.1, false, true), nullptr, {});
    EXPECT_TRUE(half.match());
    EXPECT_EQ(half.layout, "half");
    EXPECT_TRUE(half.variantLayout);
    const RotaryCheckReport adj = checkRotary(p, table(0.1, true, false), table(0.1, true, true), nullptr, {});
    EXPECT_TRUE(adj.match());
    EXPECT_EQ(adj.layout, "adjacent");
    EXPECT_FALSE(adj.variantLayout);
}

TEST(CheckRotary, AnotherThetaIsDiagnosed) {
    // θ = 10000 gives ω_1 = 10000^(−1/2) = 0.01.
    const Params p = params("vanilla", "text:3", {{"head_dim", "4"}, {"theta", "100"}});
    const RotaryCheckReport r = checkRotary(p, table(0.01, false, false), table(0.01, false, true), nullptr, {});
    EXPECT_FALSE(r.match());
    EXPECT_EQ(r.mismatchingTokens, 2);  // token 0 has angle 0 under every θ
    ASSERT_FALSE(r.diagnosis.empty());
    EXPECT_EQ(r.diagnosis[0].setting, "--theta 10000");
}

// GLM-4V (variants-third.md §13): head_dim 128, R = 64, θ 10000, adjacent pairs for GLM-4.1V. On text
// every axis holds the token index n, so every pair's angle is n·ω_i with ω_i = 10000^(−2i/64),
// whatever the allocation. A head_dim-wide [N, 128] table: channels 2i, 2i+1 = pair i, channels
// 64…127 pass through (cos 1, sin 0).
TEST(CheckRotary, HeadDimWideAdjacentTableOfGlm4v) {
    const Params p = params("glm-4v", "text:2");
    NumericArray c, s;
    c.shape = s.shape = {2, 128};
    c.source = "cos.npy", s.source = "sin.npy";
    for (int n = 0; n < 2; ++n)
        for (int ch = 0; ch < 128; ++ch) {
            const double angle = ch < 64 ? n * std::pow(10000.0, -2.0 * (ch / 2) / 64.0) : 0.0;
            c.values.push_back(ch < 64 ? std::cos(angle) : 1.0);
            s.values.push_back(ch < 64 ? std::sin(angle) : 0.0);
        }
    const RotaryCheckReport r = checkRotary(p, c, s, nullptr, {});
    EXPECT_TRUE(r.match()) << r.mismatchingTokens;
    EXPECT_EQ(r.layout, "adjacent");
    EXPECT_TRUE(r.variantLayout);
    EXPECT_EQ(r.width, 128);
    EXPECT_EQ(r.rotaryDim, 64);
    s.values[128 + 100] = 0.5;  // a pass-through channel of token 1 that rotates: a mismatch
    EXPECT_EQ(checkRotary(p, c, s, nullptr, {}).mismatchingTokens, 1);
}

TEST(CheckRotary, ShapesNamingTheFile) {
    const Params p = params("vanilla", "text:3", {{"head_dim", "4"}, {"theta", "100"}});
    NumericArray perAxis = table(0.1, false, false, 3);  // [3, 3, 4]: Qwen2-VL's per-axis tables
    try {
        checkRotary(p, perAxis, perAxis, nullptr, {});
        FAIL();
    } catch (const BadFile& e) {
        EXPECT_NE(std::string(e.what()).find("cos.npy"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("mrope_section"), std::string::npos) << e.what();
    }
}

}  // namespace
