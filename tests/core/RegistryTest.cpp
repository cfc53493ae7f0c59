// The variant registry (issue 10): every spec worked example of variants-more.md and
// variants-third.md, the bad inputs they name, and generic checks run over every registry entry.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/Errors.h"
#include "core/FrequencyPlan.h"
#include "core/ParamSchema.h"
#include "core/PositionLayout.h"
#include "core/Properties.h"
#include "core/Rotary.h"
#include "core/variants/Variant.h"

namespace {

using namespace rope;

Params make(const std::string& variant, const std::string& seq, std::map<std::string, std::string> opts = {}) {
    Params p;
    setParam(p, "variant", variant);
    setParam(p, "sequence", seq);
    for (const auto& [k, v] : opts) setParam(p, k, v);
    return p;
}

std::vector<double> row(const Positions& pos, int r) {
    std::vector<double> v;
    for (Eigen::Index n = 0; n < pos.tokens(); ++n) v.push_back(pos.pos(r, n));
    return v;
}

void expectRow(const Positions& pos, int r, const std::vector<double>& want, double tol = 1e-9) {
    const auto got = row(pos, r);
    ASSERT_EQ(got.size(), want.size()) << "axis " << r;
    for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "axis " << r << " token " << i;
}

const std::string kSeq = "text:3,video:2x2x3,text:2";

// variants-more.md §6 worked example, fps 2: frame t 3 and 5, h {3,4}, w {3,4,5}; text 6, 7.
TEST(Qwen25Vl, SpecExampleFps2) {
    const Positions p = computePositions(make("qwen2.5-vl", kSeq));
    expectRow(p, 0, {0, 1, 2, 3, 3, 3, 3, 3, 3, 5, 5, 5, 5, 5, 5, 6, 7});
    expectRow(p, 1, {0, 1, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4, 6, 7});
    expectRow(p, 2, {0, 1, 2, 3, 4, 5, 3, 4, 5, 3, 4, 5, 3, 4, 5, 6, 7});
}

TEST(Qwen25Vl, SpecExampleFps1AndTransformersDocstring) {
    const Positions p = computePositions(make("qwen2.5-vl", kSeq, {{"qwen2.5-vl.fps", "1"}}));
    EXPECT_EQ(p.t(3), 3);
    EXPECT_EQ(p.t(9), 7);
    EXPECT_EQ(p.t(15), 8);
    EXPECT_EQ(p.t(16), 9);
    // tps 25, fps 1 on video:3x2x2 → τ = 0, 50, 100.
    const Positions d = computePositions(
        make("qwen2.5-vl", "video:3x2x2", {{"qwen2.5-vl.fps", "1"}, {"qwen2.5-vl.tokens_per_second", "25"}}));
    EXPECT_EQ(d.t(0), 0);
    EXPECT_EQ(d.t(4), 50);
    EXPECT_EQ(d.t(8), 100);
}

TEST(Qwen25Vl, TruncationAtHighFpsMatchesTheSpecTable) {
    const std::map<std::string, std::vector<double>> table = {
        {"5", {0, 0, 1, 2, 3, 4, 4, 5, 6, 7, 8, 8}}, {"6", {0, 0, 1, 2, 2, 3, 4, 4, 5, 6, 6, 7}},
        {"8", {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5}}};
    for (const auto& [fps, tau] : table) {
        const Positions p = computePositions(make("qwen2.5-vl", "video:12x1x1", {{"qwen2.5-vl.fps", fps}}));
        expectRow(p, 0, tau);
    }
    // int-first: spg = 2/5 cast to 0 → every τ collapses to 0.
    const Positions c = computePositions(
        make("qwen2.5-vl", "video:4x1x1", {{"qwen2.5-vl.fps", "5"}, {"qwen2.5-vl.rounding", "int-first"}}));
    expectRow(c, 0, {0, 0, 0, 0});
}

// variants-more.md §7: G = 0 and G = 2.
TEST(Qwen3Vl, SpecExampleFrameGap) {
    const Positions p = computePositions(make("qwen3-vl", kSeq));
    expectRow(p, 0, {0, 1, 2, 3, 3, 3, 3, 3, 3, 6, 6, 6, 6, 6, 6, 9, 10});
    expectRow(p, 1, {0, 1, 2, 3, 3, 3, 4, 4, 4, 6, 6, 6, 7, 7, 7, 9, 10});
    expectRow(p, 2, {0, 1, 2, 3, 4, 5, 3, 4, 5, 6, 7, 8, 6, 7, 8, 9, 10});
    const Positions g = computePositions(make("qwen3-vl", kSeq, {{"qwen3-vl.frame_gap", "2"}}));
    ASSERT_EQ(g.tokens(), 19);
    expectRow(g, 0, {0, 1, 2, 3, 3, 3, 3, 3, 3, 6, 7, 8, 8, 8, 8, 8, 8, 11, 12});
    expectRow(g, 2, {0, 1, 2, 3, 4, 5, 3, 4, 5, 6, 7, 8, 9, 10, 8, 9, 10, 11, 12});
}

TEST(Qwen3Vl, InterleaveForD128MatchesTheSpec) {
    Params p = make("qwen3-vl", "text:1");
    EXPECT_EQ(p.theta, 5e6);
    const FrequencyPlan plan = makeFrequencyPlan(p);
    std::vector<int> t, h, w;
    for (int j = 0; j < 57; j += 3) t.push_back(j);
    for (int j : {57, 60, 61, 62, 63}) t.push_back(j);
    for (int j = 1; j <= 58; j += 3) h.push_back(j);
    for (int j = 2; j <= 59; j += 3) w.push_back(j);
    EXPECT_EQ(plan.pairsOf(RowT), t);
    EXPECT_EQ(plan.pairsOf(RowH), h);
    EXPECT_EQ(plan.pairsOf(RowW), w);
    // d = 64 with 8,12,12: counts differ from the sections (h 11, w 10, t 11).
    setParam(p, "head_dim", "64");
    setParam(p, "sections", "8,12,12");
    const FrequencyPlan small = makeFrequencyPlan(p);
    EXPECT_EQ(small.pairsOf(RowH).size(), 11u);
    EXPECT_EQ(small.pairsOf(RowW).size(), 10u);
    EXPECT_EQ(small.pairsOf(RowT).size(), 11u);
}

// variants-third.md §12: R = 64 of head_dim 256, ω over R, interleave counts equal the sections,
// the last pair (31) is h.
TEST(Qwen35, PartialRotaryInterleave) {
    const Params p = make("qwen3.5", kSeq);
    EXPECT_EQ(p.headDim, 256);
    EXPECT_EQ(p.rotaryDimension(), 64);
    const FrequencyPlan plan = makeFrequencyPlan(p);
    EXPECT_EQ(plan.pairs(), 32);
    EXPECT_EQ(plan.pairsOf(RowT).size(), 11u);
    EXPECT_EQ(plan.pairsOf(RowH).size(), 11u);
    EXPECT_EQ(plan.pairsOf(RowW).size(), 10u);
    EXPECT_EQ(plan.rowOfPair[31], RowH);
    EXPECT_NEAR(plan.omega(1), std::pow(1e7, -2.0 / 64), 1e-15);
    const Positions pos = computePositions(p);
    expectRow(pos, 0, {0, 1, 2, 3, 3, 3, 3, 3, 3, 6, 6, 6, 6, 6, 6, 9, 10});
}

// variants-third.md §13: R = 64, θ 1e4, chunked 8/12/12, adjacent pairs for GLM-4.1V.
TEST(Glm4v, ChunkedHalfRotaryAdjacentPairs) {
    Params p = make("glm-4v", kSeq);
    const FrequencyPlan plan = makeFrequencyPlan(p);
    EXPECT_EQ(plan.rotaryDim, 64);
    EXPECT_EQ(plan.theta, 10000);
    EXPECT_EQ(plan.pairsOf(RowT).front(), 0);
    EXPECT_EQ(plan.pairsOf(RowT).back(), 7);
    EXPECT_EQ(plan.pairsOf(RowH).front(), 8);
    EXPECT_EQ(plan.pairsOf(RowW).back(), 31);
    EXPECT_EQ(plan.pairLayout, PairLayout::Adjacent);
    setParam(p, "glm-4v.model", "4.5v");
    EXPECT_EQ(makeFrequencyPlan(p).pairLayout, PairLayout::Half);
    const Positions pos = computePositions(make("glm-4v", kSeq, {{"glm-4v.frame_gap", "2"}}));
    EXPECT_EQ(pos.tokens(), 19);
    EXPECT_EQ(pos.t(17), 11);
}

// variants-third.md §14: M-RoPE positions, LTA allocation, θ 5e5, h = w sections required.
TEST(Ernie, MRopePositionsLtaAllocation) {
    const Positions pos = computePositions(make("ernie-4.5-vl", kSeq));
    expectRow(pos, 0, {0, 1, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 6, 7});
    const FrequencyPlan plan = makeFrequencyPlan(make("ernie-4.5-vl", kSeq));
    EXPECT_EQ(plan.pairsOf(RowT).front(), 44);  // the last 20 pairs
    EXPECT_EQ(plan.rowOfPair[0], RowH);
    EXPECT_EQ(plan.rowOfPair[1], RowW);
    EXPECT_THROW(computePositions(make("ernie-4.5-vl", kSeq, {{"sections", "20,20,24"}})), InvalidParameter);
}

// variants-more.md §8: γ = 1; temporal band zero frequency.
TEST(Hope, SpecExampleAndNoPEBand) {
    const Positions pos = computePositions(make("hope", kSeq));
    expectRow(pos, 0, {0, 1, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 5, 6});
    expectRow(pos, 1, {0, 1, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 6});
    expectRow(pos, 2, {0, 1, 2, 2, 3, 4, 2, 3, 4, 3, 4, 5, 3, 4, 5, 5, 6});
    const Params p = make("hope", kSeq);
    const RotaryTable tab = computeRotary(computePositions(p), makeFrequencyPlan(p));
    for (Eigen::Index n = 0; n < tab.tokens(); ++n)
        for (int i = 48; i < 64; ++i) {
            EXPECT_EQ(tab.cos(n, i), 1.0);
            EXPECT_EQ(tab.sin(n, i), 0.0);
        }
    EXPECT_THROW(make("hope", kSeq, {{"hope.gamma", "0"}}), InvalidParameter);
}

// variants-more.md §9: four streams.
TEST(Vrope, SpecExampleStreams) {
    const Positions pos = computePositions(make("vrope", kSeq));
    ASSERT_EQ(pos.axes(), 4);
    expectRow(pos, 0, {0, 1, 2, 3, 4, 5, 4, 5, 6, 7, 8, 9, 8, 9, 10, 11, 12});
    expectRow(pos, 1, {0, 1, 2, 5, 4, 3, 6, 5, 4, 9, 8, 7, 10, 9, 8, 11, 12});
    expectRow(pos, 2, {0, 1, 2, 4, 5, 6, 3, 4, 5, 8, 9, 10, 7, 8, 9, 11, 12});
    expectRow(pos, 3, {0, 1, 2, 6, 5, 4, 5, 4, 3, 10, 9, 8, 9, 8, 7, 11, 12});
    const FrequencyPlan plan = makeFrequencyPlan(make("vrope", kSeq));
    for (int i = 0; i < plan.pairs(); ++i) EXPECT_EQ(plan.rowOfPair[static_cast<size_t>(i)], i % 4);
}

// variants-more.md §10: stride 64 → δ 0.25; stride 16 → δ 1/16.
TEST(V2pe, SpecExampleFractionalIds) {
    const Positions a = computePositions(make("v2pe", "text:3,image:16x16,text:2"));
    EXPECT_EQ(a.t(3), 2.25);
    EXPECT_EQ(a.t(4), 2.5);
    EXPECT_EQ(a.t(258), 66.0);
    EXPECT_EQ(a.t(259), 67);
    EXPECT_EQ(a.t(260), 68);
    const Positions b = computePositions(make("v2pe", "text:3,image:16x16,text:2", {{"v2pe.stride", "16"}}));
    EXPECT_EQ(b.t(3), 2.0625);
    EXPECT_EQ(b.t(258), 18.0);
    EXPECT_EQ(b.t(259), 19);
    EXPECT_THROW(make("v2pe", kSeq, {{"v2pe.stride", "-1"}}), InvalidParameter);
}

// variants-more.md §11: ring, to 1e-4; video refused.
TEST(CircleRope, SpecExampleRing) {
    const Positions p = computePositions(make("circle-rope", "text:3,image:2x3,text:2"));
    EXPECT_NEAR(p.t(3), 3, 1e-4);
    EXPECT_NEAR(p.h(3), 3 + 5 * std::sqrt(2.0), 1e-4);
    EXPECT_NEAR(p.w(3), 3 - 5 * std::sqrt(2.0), 1e-4);
    EXPECT_NEAR(p.t(4), 10.5275, 1e-4);
    EXPECT_NEAR(p.t(9), 11.5275, 1e-4);
    EXPECT_NEAR(p.t(10), 12.5275, 1e-4);
    for (Eigen::Index n = 3; n < 9; ++n) {
        EXPECT_NEAR(p.t(n) + p.h(n) + p.w(n), 9, 1e-9);  // in the plane ⟂ (1,1,1) through (3,3,3)
        const double r = std::hypot(p.t(n) - 3, p.h(n) - 3, p.w(n) - 3);
        EXPECT_NEAR(r, 10, 1e-9);
    }
    EXPECT_THROW(computePositions(make("circle-rope", kSeq)), InvalidParameter);
}

// variants-third.md §15: spatial reset.
TEST(MropeI, SpecExampleSpatialReset) {
    const Positions p = computePositions(make("mrope-i", kSeq));
    expectRow(p, 0, {0, 1, 2, 3, 3, 3, 3, 3, 3, 6, 6, 6, 6, 6, 6, 9, 10});
    expectRow(p, 1, {0, 1, 2, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 9, 10});
    expectRow(p, 2, {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 9, 10});
    EXPECT_THROW(make("mrope-i", kSeq, {{"mrope-i.temporal_stride", "0"}}), InvalidParameter);
}

// variants-third.md §16: positions (all-rows next start) and κ, ω'.
TEST(VideoRopePlus, SpecExampleAndRescale) {
    const Positions p = computePositions(make("videorope++", kSeq));
    expectRow(p, 0, {0, 1, 2, 3, 3, 3, 3, 3, 3, 5, 5, 5, 5, 5, 5, 7, 8});
    const FrequencyPlan plan = makeFrequencyPlan(make("videorope++", kSeq));
    EXPECT_NEAR(plan.omega(48) / 1.0997e-5, 1, 1e-4);
    EXPECT_NEAR(plan.omega(63) / 3.1023e-7, 1, 1e-4);
    EXPECT_NEAR(plan.omega(0), 1.0, 1e-15);  // spatial pairs keep θ^(−2i/R)
    const FrequencyPlan one = makeFrequencyPlan(make("videorope++", kSeq, {{"videorope++.factor", "1"}}));
    EXPECT_TRUE(one.rescaledPairs().empty());
    EXPECT_THROW(make("videorope++", kSeq, {{"videorope++.factor", "0"}}), InvalidParameter);
    EXPECT_THROW(make("videorope++", kSeq, {{"videorope++.original_length", "1"}}), InvalidParameter);
}

TEST(RotaryDim, ConventionAndBadValues) {
    Params p = make("m-rope", "text:2", {{"rotary_dim", "32"}, {"sections", "4,6,6"}});
    const FrequencyPlan plan = makeFrequencyPlan(p);
    EXPECT_EQ(plan.pairs(), 16);
    EXPECT_NEAR(plan.omega(1), std::pow(1e6, -2.0 / 32), 1e-15);
    EXPECT_THROW(make("m-rope", "text:2", {{"rotary_dim", "33"}}), InvalidParameter);
    Params over = make("m-rope", "text:2", {{"rotary_dim", "256"}, {"sections", "16,56,56"}});
    EXPECT_THROW(validate(over), InvalidParameter);
    EXPECT_THROW(validate(make("m-rope", "text:2", {{"rotary_dim", "64"}})), InvalidParameter);  // sections ≠ 32
    // A variant that ignores sections does not validate them (issue 10).
    EXPECT_NO_THROW(validate(make("vanilla", "text:2", {{"head_dim", "64"}})));
}

TEST(BadOptions, NamedErrors) {
    EXPECT_THROW(make("qwen2.5-vl", kSeq, {{"qwen2.5-vl.fps", "0"}}), InvalidParameter);
    EXPECT_THROW(make("qwen2.5-vl", kSeq, {{"qwen2.5-vl.rounding", "ceil"}}), InvalidParameter);
    EXPECT_THROW(make("qwen3-vl", kSeq, {{"qwen3-vl.frame_gap", "-1"}}), InvalidParameter);
    try {
        make("qwen3.5", kSeq, {{"qwen3.5.frame_gap", "-1"}});
        FAIL();
    } catch (const InvalidParameter& e) {
        EXPECT_NE(std::string(e.what()).find("qwen3.5.frame_gap"), std::string::npos) << e.what();
    }
}

// Generic checks over every registry entry: adding a variant adds it here with no other edit.
class EveryRegistryVariant : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryRegistryVariant, TextOnlyIsOneDimensionalAndRotationKeepsNorms) {
    const Params p = make(GetParam(), "text:7");
    const Positions pos = computePositions(p);
    // 1D: every axis carries the same increasing id (TAD's reference advances text by 2, the others by 1).
    for (Eigen::Index n = 0; n < pos.tokens(); ++n) {
        for (int a = 1; a < pos.axes(); ++a) EXPECT_EQ(pos.pos(a, n), pos.pos(0, n)) << a;
        if (n > 0) EXPECT_GT(pos.pos(0, n), pos.pos(0, n - 1));
    }
    EXPECT_EQ(pos.pos(0, 0), 0);
    const FrequencyPlan plan = makeFrequencyPlan(p);
    const RotaryTable tab = computeRotary(pos, plan);
    const RotaryTable direct = computeRotaryDirect(pos, plan);
    EXPECT_TRUE((tab.cos == direct.cos).all() && (tab.sin == direct.sin).all());
    RowMajorMatrix x = RowMajorMatrix::Random(pos.tokens(), p.headDim);
    const RowMajorMatrix y = rotate(x, tab);
    for (Eigen::Index n = 0; n < x.rows(); ++n) EXPECT_NEAR(y.row(n).norm(), x.row(n).norm(), 1e-12);
    // Pass-through channels are unchanged.
    for (int c = plan.rotaryDim; c < p.headDim; ++c) EXPECT_EQ(y(3, c), x(3, c));
}

TEST_P(EveryRegistryVariant, ScoreDependsOnlyOnPositionDifferences) {
    // q·k after rotation depends on the difference of positions per axis: shifting both tokens'
    // positions by the same amount on every axis leaves it unchanged.
    const std::string seq = GetParam() == "circle-rope" ? "text:2,image:2x3,text:2" : "text:2,video:2x2x3,text:2";
    const Params p = make(GetParam(), seq);
    Positions pos = computePositions(p);
    const FrequencyPlan plan = makeFrequencyPlan(p);
    Positions shifted = pos;
    shifted.pos += 17.25;
    const RotaryTable a = computeRotary(pos, plan), b = computeRotary(shifted, plan);
    const RowMajorMatrix q = RowMajorMatrix::Random(1, p.headDim), k = RowMajorMatrix::Random(1, p.headDim);
    for (Eigen::Index i : {Eigen::Index(0), Eigen::Index(4)})
        for (Eigen::Index j : {Eigen::Index(5), Eigen::Index(pos.tokens() - 1)}) {
            RowMajorMatrix qi = q, kj = k;
            auto rot = [&](const RotaryTable& t, const RowMajorMatrix& v, Eigen::Index n) {
                RotaryTable one;
                one.pairLayout = t.pairLayout;
                one.cos = t.cos.row(n);
                one.sin = t.sin.row(n);
                return rotate(v, one);
            };
            const double s1 = rot(a, qi, i).row(0).dot(rot(a, kj, j).row(0));
            const double s2 = rot(b, qi, i).row(0).dot(rot(b, kj, j).row(0));
            EXPECT_NEAR(s1, s2, 1e-9);
        }
}

TEST_P(EveryRegistryVariant, DeclaresEverythingTheCliAndGuiNeed) {
    const VariantEntry& e = requireVariant(GetParam());
    EXPECT_FALSE(e.displayName.empty());
    EXPECT_FALSE(e.summary.empty());
    EXPECT_FALSE(e.reference.spec.empty());
    EXPECT_TRUE(e.makeDesign && e.makePlan);
    for (const VariantOption& o : e.options) {
        EXPECT_EQ(o.key.rfind(e.name + ".", 0), 0u) << o.key;
        const ParamSpec* s = findParam(o.key);
        ASSERT_NE(s, nullptr) << o.key;
        EXPECT_TRUE(appliesTo(*s, e.name));
        EXPECT_EQ(checkOptionValue(o, o.defaultValue), o.defaultValue);
    }
    EXPECT_NO_THROW(deriveProperties(paramsFor(e.name)));
}

std::vector<std::string> registryNames() { return allVariants(); }

INSTANTIATE_TEST_SUITE_P(Registry, EveryRegistryVariant, ::testing::ValuesIn(registryNames()),
                         [](const auto& info) {
                             std::string n = info.param;
                             for (char& c : n)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return n;
                         });

}  // namespace
