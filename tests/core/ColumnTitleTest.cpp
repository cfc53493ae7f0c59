// The name people see for a column (issue 14 item 10: human labels, never raw keys) and the
// section scaling the GUI offers when head_dim changes (item 7).
#include <gtest/gtest.h>

#include "core/ColumnTitle.h"
#include "core/ParamSchema.h"
#include "core/SectionScaling.h"

namespace {

using namespace rope;

TEST(ColumnTitle, NaturalVariantIsItsDisplayName) {
    EXPECT_EQ(columnTitle(paramsFor("m-rope")), "M-RoPE");
    EXPECT_EQ(columnTitle(paramsFor("qwen3-vl")), "Qwen3-VL");  // θ 5e6 and (24,20,20) are its natural values
}

TEST(ColumnTitle, DeltaAlwaysForVariantsThatReadIt) {
    EXPECT_EQ(columnTitle(paramsFor("videorope")), "VideoRoPE (δ = 2)");
    Params p = paramsFor("videorope++");
    setParam(p, "videorope.delta", "3");
    EXPECT_EQ(columnShortTitle(p), "VideoRoPE++ (δ = 3)");
}

TEST(ColumnTitle, OptionsByTheirHumanLabel) {
    Params p = paramsFor("videorope");
    setParam(p, "videorope.delta", "3");
    setParam(p, "videorope.temporal_band", "high");
    EXPECT_EQ(columnTitle(p), "VideoRoPE (δ = 3, LTA off (temporal band high))");
    EXPECT_EQ(columnTitle(p).find("temporal_band"), std::string::npos);
    EXPECT_EQ(columnShortTitle(p), "VideoRoPE (δ = 3)");
}

TEST(ColumnTitle, NumericOptionsAndGeometryOverridesByShortLabel) {
    Params hope = paramsFor("hope");
    setParam(hope, "hope.gamma", "1.5");
    EXPECT_EQ(columnTitle(hope), "HoPE (Temporal stride γ = 1.5)");
    Params m = paramsFor("m-rope");
    setParam(m, "theta", "10000");
    EXPECT_EQ(columnTitle(m), "M-RoPE (θ = 10000)");  // the editor's "θ (base)" without its explanation
}

TEST(ColumnTitle, OtherVariantsOptionsAreNotNamed) {
    Params p = paramsFor("m-rope");
    setParam(p, "hope.gamma", "1.5");  // kept for when the column switches back to HoPE; irrelevant here
    EXPECT_EQ(columnTitle(p), "M-RoPE");
}

TEST(SectionScaling, KeepsProportions) {
    // 16:24:24 over 32 pairs: 16·32/64 = 8, 24·32/64 = 12.
    EXPECT_EQ(scaledSections({16, 24, 24}, 32), (std::array<int, 3>{8, 12, 12}));
    // Qwen3-VL's 24:20:20 over 32: 12, 10, 10.
    EXPECT_EQ(scaledSections({24, 20, 20}, 32), (std::array<int, 3>{12, 10, 10}));
}

TEST(SectionScaling, LeftoverPairsGoToTheLargestRemainders) {
    // 16:24:24 over 33: 8.25, 12.375, 12.375 → floors 8, 12, 12 (32); the one pair left goes to the
    // largest fractional part, h before w on the tie.
    EXPECT_EQ(scaledSections({16, 24, 24}, 33), (std::array<int, 3>{8, 13, 12}));
    // 1:1:1 over 2: 2/3 each → floors 0; two leftovers to t and h.
    EXPECT_EQ(scaledSections({1, 1, 1}, 2), (std::array<int, 3>{1, 1, 0}));
}

TEST(SectionScaling, AllZeroSplitsEvenly) { EXPECT_EQ(scaledSections({0, 0, 0}, 3), (std::array<int, 3>{1, 1, 1})); }

}  // namespace
