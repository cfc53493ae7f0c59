// Table 1 of the VideoRoPE paper (variants.md "Table 1"), derived from positions + allocation, and the
// ablations that must each lose exactly the property they switch off. Expected verdicts come from the
// spec's table; the comments show, on the probe sequence text:1,video:4x3x5,text:1 (Properties.h),
// why each verdict follows from the layout rules.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "core/ParamSchema.h"
#include "core/Properties.h"

namespace {

using namespace rope;

struct Row1 {
    const char* variant;
    std::array<bool, 4> expected;  // structure, frequency allocation, spatial symmetry, temporal scaling
};

constexpr Property kAll[] = {Property::Structure, Property::FrequencyAllocation, Property::SpatialSymmetry,
                             Property::TemporalScaling};

Params params(const std::string& variant, std::initializer_list<std::pair<const char*, const char*>> opts = {}) {
    Params p;
    setParam(p, "variant", variant);
    for (const auto& [k, v] : opts) setParam(p, k, v);
    return p;
}

void expectRow(const Properties& got, std::array<bool, 4> expected, const std::string& what) {
    for (int i = 0; i < 4; ++i) {
        const Property q = kAll[i];
        EXPECT_EQ(got[q].holds, expected[static_cast<size_t>(i)])
            << what << ": " << propertyTitle(q) << " — " << got[q].why;
        EXPECT_FALSE(got[q].why.empty()) << what << ": " << propertyKey(q);
    }
}

class Table1 : public ::testing::TestWithParam<Row1> {};

// Hand check of each row on the probe (text at token 0; the block is tokens 1..60, 15 per frame;
// text after at token 61):
//  vanilla   t = h = w = running index; one row drives every pair → no structure, no allocation,
//            no h/w pair → no symmetry; frames 15 apart = 15 tokens × step 1 → no scaling.
//  tad       text 0; frame 0 at v 1..15 + τ 1 → 2..16; frame 1 at 16..30 + 2 → 18..32: frames 16 apart,
//            plain counting 15 → scaling ✓; one row everywhere → the other three ✗.
//  rope-tie  L = 0, H = 3, W = 5, exit step 6·4 = 24: frame f has L_f = 24f, h = L_f + 6(y+1),
//            w = L_f + 4(x+1) → 2 directions ✓; no t pair → allocation ✗, scaling ✗;
//            centre h = mean(24f) + mean(6(y+1)) = 36 + 12 = 48, w = 36 + 12 = 48; text before 0,
//            after at 4·24 = 96: 48 = 48 → symmetry ✓.
//  m-rope    st = 1: t = 1+f, h = 1+y, w = 1+x → structure ✓; t on pairs 0–15 (fastest) → allocation ✗;
//            centre h = 1 + 1 = 2, text after at 1 + max(4,3,5) = 6: before 2, after 4 → symmetry ✗;
//            frames 1 apart, t constant in a frame → plain counting 1 → scaling ✗.
//  videorope st = 1, δ = 2: t = 1 + 2f, h = t + y − 1, w = t + x − 2 → structure ✓; t on 48–63 →
//            allocation ✓; centre h = w = mean t = 1 + 2·1.5 = 4, text after at max t + 1 = 7 + 1 = 8:
//            before 4, after 4 → symmetry ✓; frames 2 apart vs 1 → scaling ✓.
TEST_P(Table1, DerivedRowMatchesThePaper) {
    const Row1 r = GetParam();
    expectRow(deriveProperties(params(r.variant)), r.expected, r.variant);
}

INSTANTIATE_TEST_SUITE_P(Paper, Table1,
                         ::testing::Values(Row1{"vanilla", {false, false, false, false}},
                                           Row1{"tad", {false, false, false, true}},
                                           Row1{"rope-tie", {true, false, true, false}},
                                           Row1{"m-rope", {true, false, false, false}},
                                           Row1{"videorope", {true, true, true, true}}),
                         [](const auto& info) {
                             std::string s = info.param.variant;
                             for (char& c : s)
                                 if (c == '-') c = '_';
                             return s;
                         });

TEST(PropertiesAblation, TemporalBandHighLosesFrequencyAllocation) {
    // t moves to pairs 0–15, the fastest; pairs 16–63 (slower) read h/w → allocation ✗, the rest unchanged.
    expectRow(deriveProperties(params("videorope", {{"videorope.temporal_band", "high"}})), {true, false, true, true},
              "videorope temporal_band=high");
}

TEST(PropertiesAblation, NextStartAllRowsLosesSymmetry) {
    // Probe: max t = 7, max h = 7 + 2 − 1 = 8, max w = 7 + 4 − 2 = 9 → text after at 10;
    // centre 4: before 4, after 10 − 4 = 6 → symmetry ✗.
    expectRow(deriveProperties(params("videorope", {{"videorope.next_start", "all-rows"}})), {true, true, false, true},
              "videorope next_start=all-rows");
}

TEST(PropertiesAblation, DeltaOneLosesScaling) {
    // δ = 1: frames 1 apart, t constant within a frame → plain counting → scaling ✗. Symmetry still holds:
    // centre = 1 + 1.5 = 2.5, text after at 4 + 1 = 5: before 2.5, after 2.5.
    expectRow(deriveProperties(params("videorope", {{"videorope.delta", "1"}})), {true, true, true, false},
              "videorope δ=1");
}

TEST(PropertiesAblation, OtherDeltasKeepScaling) {
    // δ ∈ {0.5, 1.5, 2.5, 3} (paper's Table 6 grid minus 1): frame step δ ≠ 1 → scaling ✓.
    // Symmetry: centre = 1 + 1.5δ, text after at 1 + 3δ + 1: before 1 + 1.5δ, after 1 + 1.5δ ✓.
    for (const char* d : {"0.5", "1.5", "2.5", "3"})
        expectRow(deriveProperties(params("videorope", {{"videorope.delta", d}})), {true, true, true, true},
                  std::string("videorope δ=") + d);
}

TEST(PropertiesAblation, SequentialOrderKeepsAllFour) {
    // h 0–23, w 24–47, t 48–63: t is still the slowest band; positions unchanged.
    expectRow(deriveProperties(params("videorope", {{"videorope.spatial_order", "sequential"}})), {true, true, true, true},
              "videorope spatial_order=sequential");
}

TEST(PropertiesAblation, DiagonalOffLosesSymmetry) {
    // DL off: h = st + y = 1 + y → centre h = 2, but text after still at max t + 1 = 8: 2 vs 6 → ✗.
    // The frame grid still spans 2 directions, t stays on the slow pairs and frames are 2 apart.
    expectRow(deriveProperties(params("videorope", {{"videorope.diagonal", "off"}})), {true, true, false, true},
              "videorope diagonal=off");
}

TEST(PropertiesAblation, TadPaperStrideStillScales) {
    // Paper stride: in-frame step 1 and frame boundary step 2 → frames 15 + 1 = 16 apart vs 15 → ✓.
    expectRow(deriveProperties(params("tad", {{"tad.text_stride", "paper"}})), {false, false, false, true},
              "tad text_stride=paper");
}

TEST(Properties, IgnoreTheColumnsSequence) {
    // Properties.h: the probe sequence is used, p.sequence is ignored.
    Params a = params("m-rope");
    Params b = a;
    setParam(b, "sequence", "text:1");
    const Properties pa = deriveProperties(a), pb = deriveProperties(b);
    for (Property q : kAll) EXPECT_EQ(pa[q].holds, pb[q].holds);
}

TEST(Properties, KeysAndTitles) {
    EXPECT_EQ(propertyTitle(Property::Structure), "2D/3D structure");
    EXPECT_EQ(propertyKey(Property::FrequencyAllocation), "frequency_allocation");
    EXPECT_EQ(propertyKey(Property::SpatialSymmetry), "spatial_symmetry");
    EXPECT_EQ(propertyKey(Property::TemporalScaling), "temporal_scaling");
}

}  // namespace
