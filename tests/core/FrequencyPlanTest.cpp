// Inverse frequencies ω_i = θ^(−2i/d) and which row drives each pair (variants.md "Vocabulary",
// §3–§5). Pair rows are written out by hand from the section rules.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "core/Errors.h"
#include "core/FrequencyPlan.h"
#include "core/variants/allocations/Allocations.h"
#include "core/ParamSchema.h"

namespace {

using namespace rope;

std::string rows(const FrequencyPlan& plan) {
    std::string s;
    for (Row r : plan.rowOfPair) s += rowLetter(r);
    return s;
}

std::string times(int n, const std::string& unit) {
    std::string s;
    for (int i = 0; i < n; ++i) s += unit;
    return s;
}

std::vector<int> span(int from, int to) {  // inclusive
    std::vector<int> v;
    for (int i = from; i <= to; ++i) v.push_back(i);
    return v;
}

Params params(const std::string& variant, std::initializer_list<std::pair<const char*, const char*>> opts = {}) {
    Params p;
    setParam(p, "variant", variant);
    for (const auto& [k, v] : opts) setParam(p, k, v);
    return p;
}

// --- ω_i ---------------------------------------------------------------------------------------

TEST(InverseFrequencies, HandValuesForSmallDims) {
    // θ = 100, d = 4: ω_0 = 100^0 = 1, ω_1 = 100^(−2/4) = 100^(−1/2) = 0.1.
    const Eigen::VectorXd w = inverseFrequencies(100, 4);
    ASSERT_EQ(w.size(), 2);
    EXPECT_DOUBLE_EQ(w(0), 1.0);
    EXPECT_DOUBLE_EQ(w(1), 0.1);
    // θ = 10000, d = 8: ω = 10^(−4·2i/8) = 10^(−i) → 1, 0.1, 0.01, 0.001.
    const Eigen::VectorXd v = inverseFrequencies(10000, 8);
    ASSERT_EQ(v.size(), 4);
    EXPECT_DOUBLE_EQ(v(0), 1.0);
    EXPECT_DOUBLE_EQ(v(1), 0.1);
    EXPECT_DOUBLE_EQ(v(2), 0.01);
    EXPECT_DOUBLE_EQ(v(3), 0.001);
}

TEST(InverseFrequencies, QwenDefaults) {
    // θ = 10^6, d = 128: ω_0 = 1; ω_1 = 10^(−6·2/128) = 10^(−0.09375);
    // ω_32 = 10^(−6·64/128) = 10^(−3) = 0.001; ω_63 = θ^(−(d−2)/d) = 10^(−6·126/128) = 10^(−5.90625).
    const Eigen::VectorXd w = inverseFrequencies(1e6, 128);
    ASSERT_EQ(w.size(), 64);
    EXPECT_DOUBLE_EQ(w(0), 1.0);
    EXPECT_NEAR(w(1), std::pow(10.0, -0.09375), 1e-15);
    EXPECT_NEAR(w(32), 1e-3, 1e-17);
    EXPECT_NEAR(w(63) / std::pow(10.0, -5.90625), 1.0, 1e-14);
    // Consecutive ratio is constant: ω_{i+1}/ω_i = θ^(−2/d) = 10^(−0.09375).
    for (int i = 0; i + 1 < 64; ++i) EXPECT_NEAR(w(i + 1) / w(i), std::pow(10.0, -0.09375), 1e-13) << i;
}

TEST(InverseFrequencies, PairZeroIsFastestAndTheyDecrease) {
    const Eigen::VectorXd w = inverseFrequencies(1e6, 128);
    for (int i = 0; i + 1 < w.size(); ++i) EXPECT_GT(w(i), w(i + 1));
}

TEST(FrequencyPlan, WavelengthIsTwoPiOverOmega) {
    // λ_0 = 2π/1 = 2π; with θ = 100, d = 4: λ_1 = 2π/0.1 = 20π.
    FrequencyPlan p = singleAxisPlan(RotaryGeometry{100, 4, 4});
    EXPECT_DOUBLE_EQ(p.wavelength(0), 2 * std::numbers::pi);
    EXPECT_NEAR(p.wavelength(1), 20 * std::numbers::pi, 1e-12);
    EXPECT_EQ(p.pairs(), 2);
}

// --- per-variant allocation ---------------------------------------------------------------------

TEST(FrequencyPlan, VanillaAndTadReadOneRowEverywhere) {
    for (const char* v : {"vanilla", "tad"}) {
        const FrequencyPlan plan = makeFrequencyPlan(params(v));
        EXPECT_EQ(plan.pairs(), 64);
        EXPECT_EQ(plan.rowsUsed(), 1) << v;
    }
}

TEST(FrequencyPlan, RopeTieAlternatesHAndWWithNoT) {
    const FrequencyPlan plan = makeFrequencyPlan(params("rope-tie"));
    EXPECT_EQ(rows(plan), times(32, "hw"));  // even pairs h, odd pairs w
    EXPECT_TRUE(plan.pairsOf(RowT).empty());
    EXPECT_EQ(plan.rowsUsed(), 2);
}

TEST(FrequencyPlan, MRopeSections16_24_24) {
    // Pairs 0–15 → t (highest frequencies), 16–39 → h, 40–63 → w.
    const FrequencyPlan plan = makeFrequencyPlan(params("m-rope"));
    EXPECT_EQ(plan.pairsOf(RowT), span(0, 15));
    EXPECT_EQ(plan.pairsOf(RowH), span(16, 39));
    EXPECT_EQ(plan.pairsOf(RowW), span(40, 63));
    EXPECT_EQ(rows(plan), times(16, "t") + times(24, "h") + times(24, "w"));
}

TEST(FrequencyPlan, MRopeOtherHeadDim) {
    // d = 64, sections 8,12,12: t 0–7, h 8–19, w 20–31.
    const FrequencyPlan plan = makeFrequencyPlan(params("m-rope", {{"head_dim", "64"}, {"sections", "8,12,12"}}));
    EXPECT_EQ(plan.pairs(), 32);
    EXPECT_EQ(rows(plan), times(8, "t") + times(12, "h") + times(12, "w"));
}

TEST(FrequencyPlan, VideoRopeLTA) {
    // Pairs 0–47 alternate h (even) / w (odd); 48–63 (the lowest frequencies) drive t.
    const FrequencyPlan plan = makeFrequencyPlan(params("videorope"));
    EXPECT_EQ(rows(plan), times(24, "hw") + times(16, "t"));
    EXPECT_EQ(plan.pairsOf(RowT), span(48, 63));
}

TEST(FrequencyPlan, VideoRopeHeadDim64Sections8_12_12) {
    // variants.md §5: pairs 0–23 interleaved h/w, pairs 24–31 → t.
    const FrequencyPlan plan = makeFrequencyPlan(params("videorope", {{"head_dim", "64"}, {"sections", "8,12,12"}}));
    EXPECT_EQ(rows(plan), times(12, "hw") + times(8, "t"));
}

TEST(FrequencyPlan, VideoRopeAblationTemporalBandHigh) {
    // LTA off: t takes the first 16 pairs (highest frequencies); the 48 spatial pairs follow,
    // still interleaved: 16 h, 17 w, … 63 w (16 is even, so "h on even pairs" holds too).
    const FrequencyPlan plan = makeFrequencyPlan(params("videorope", {{"videorope.temporal_band", "high"}}));
    EXPECT_EQ(rows(plan), times(16, "t") + times(24, "hw"));
}

TEST(FrequencyPlan, VideoRopeAblationSequential) {
    // h block then w block, temporal band still low: h 0–23, w 24–47, t 48–63.
    const FrequencyPlan plan = makeFrequencyPlan(params("videorope", {{"videorope.spatial_order", "sequential"}}));
    EXPECT_EQ(rows(plan), times(24, "h") + times(24, "w") + times(16, "t"));
}

TEST(FrequencyPlan, VideoRopeWithBothAblationsIsMRopesAllocation) {
    const FrequencyPlan a = makeFrequencyPlan(
        params("videorope", {{"videorope.temporal_band", "high"}, {"videorope.spatial_order", "sequential"}}));
    const FrequencyPlan b = makeFrequencyPlan(params("m-rope"));
    EXPECT_EQ(a.rowOfPair, b.rowOfPair);
}

TEST(FrequencyPlan, SectionCountsMatchSectionsForSequentialPlans) {
    // sections t, h, w = 4, 6, 22 (sum 32 = 64/2), sequential: exactly 4 t, 6 h, 22 w pairs.
    const FrequencyPlan hi = sectionPlan(RotaryGeometry{1e4, 64, 64, {4, 6, 22}}, TemporalBand::High, SpatialOrder::Sequential);
    EXPECT_EQ(rows(hi), times(4, "t") + times(6, "h") + times(22, "w"));
    const FrequencyPlan lo = sectionPlan(RotaryGeometry{1e4, 64, 64, {4, 6, 22}}, TemporalBand::Low, SpatialOrder::Sequential);
    EXPECT_EQ(rows(lo), times(6, "h") + times(22, "w") + times(4, "t"));
}

TEST(FrequencyPlan, InterleavingFollowsPairParityEvenForUnequalSpatialSections) {
    // variants.md §5 general rule: the first s_h + s_w pairs alternate h (even) / w (odd), the last s_t
    // drive t. With [16, 20, 28] that is 48 alternating pairs (24 h, 24 w — the rule, not 20/28) and
    // pairs 48–63 on t.
    const FrequencyPlan plan = sectionPlan(RotaryGeometry{1e6, 128, 128, {16, 20, 28}}, TemporalBand::Low, SpatialOrder::Interleaved);
    EXPECT_EQ(rows(plan), times(24, "hw") + times(16, "t"));
}

TEST(FrequencyPlan, PlanCarriesTheInverseFrequencies) {
    const FrequencyPlan plan = makeFrequencyPlan(params("videorope", {{"theta", "10000"}, {"head_dim", "8"}, {"sections", "2,1,1"}}));
    // θ = 10^4, d = 8 → ω = 1, 0.1, 0.01, 0.001 (see HandValuesForSmallDims).
    ASSERT_EQ(plan.omega.size(), 4);
    EXPECT_DOUBLE_EQ(plan.omega(0), 1.0);
    EXPECT_DOUBLE_EQ(plan.omega(3), 0.001);
    EXPECT_EQ(plan.theta, 10000);
    EXPECT_EQ(plan.headDim, 8);
    // sections 2,1,1 with LTA: first 2 pairs h, w; last 2 pairs t.
    EXPECT_EQ(rows(plan), "hwtt");
}

TEST(FrequencyPlan, MakeFrequencyPlanValidates) {
    Params p = params("m-rope");
    p.sections = {16, 24, 25};  // 65 ≠ 64
    EXPECT_THROW(makeFrequencyPlan(p), InvalidParameter);
}

TEST(FrequencyPlan, RowLetters) {
    EXPECT_EQ(rowLetter(RowT), 't');
    EXPECT_EQ(rowLetter(RowH), 'h');
    EXPECT_EQ(rowLetter(RowW), 'w');
}

}  // namespace
