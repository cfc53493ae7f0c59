// Position layouts of the five variants. Every expected row is either a worked example of
// shared/specs/variants.md (cited) or derived by hand from the rules there, with the arithmetic in
// the comment next to it.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "core/PositionLayout.h"
#include "core/variants/Variant.h"
#include "tests/common/ExpectedRows.h"

namespace {

using namespace rope;
using rope::testing::Vec;
using rope::testing::concat;
using rope::testing::range;
using rope::testing::repeat;
using Options = std::vector<std::pair<std::string, std::string>>;

Params params(const std::string& variant, const std::string& seq, const Options& opts = {}) {
    Params p;
    setParam(p, "variant", variant);
    setParam(p, "sequence", seq);
    for (const auto& [k, v] : opts) setParam(p, k, v);
    return p;
}

Positions lay(const std::string& variant, const std::string& seq, const Options& opts = {}) {
    return computePositions(params(variant, seq, opts));
}

Vec row(const Positions& pos, int r) {
    Vec out;
    for (Eigen::Index n = 0; n < pos.tokens(); ++n) out.push_back(pos.pos(r, n));
    return out;
}


void expectRows(const Positions& pos, const Vec& t, const Vec& h, const Vec& w) {
    ASSERT_EQ(static_cast<size_t>(pos.tokens()), t.size());
    EXPECT_EQ(row(pos, 0), t) << "t row";
    EXPECT_EQ(row(pos, 1), h) << "h row";
    EXPECT_EQ(row(pos, 2), w) << "w row";
}

void expectAllRows(const Positions& pos, const Vec& v) { expectRows(pos, v, v, v); }

const char* kExample = "text:3,video:2x2x3,text:2";  // the spec's running example, 17 tokens

// ---------------------------------------------------------------------------------------------
// Vanilla RoPE: every token takes the next integer on all three rows.

TEST(VanillaLayout, EveryTokenTakesTheNextInteger) {
    expectAllRows(lay("vanilla", kExample), range(0, 17));
    // text:2,video:1x2x2 → 0 1 | 2 3 4 5
    expectAllRows(lay("vanilla", "text:2,video:1x2x2"), range(0, 6));
}

TEST(VanillaLayout, VisualBlockAtTheStartStartsAtZero) {
    // image:2x2,text:1 → 0 1 2 3 | 4
    expectAllRows(lay("vanilla", "image:2x2,text:1"), range(0, 5));
}

// ---------------------------------------------------------------------------------------------
// TAD-RoPE: position = vanilla index v + time index τ on all rows.

TEST(TadLayout, ReferenceWorkedExample) {
    // variants.md §2: text 0, 2, 4; frame 0 tokens 6…11; frame 1 tokens 13…18; text 20, 22.
    expectAllRows(lay("tad", kExample), concat({{0, 2, 4}, range(6, 6), range(13, 6), {20, 22}}));
}

TEST(TadLayout, ReferenceIsTheDefaultTextStride) {
    // Text only: v = n and τ = n, so position 2n (the documented stride-2 quirk).
    expectAllRows(lay("tad", "text:5"), {0, 2, 4, 6, 8});
}

TEST(TadLayout, ReferenceCountersRunOverTwoVideos) {
    // text:1,video:1x1x2,video:2x1x1,text:1
    //   text            v 0     τ 0  → 0
    //   video A frame 0 v 1, 2  τ 1  → 2, 3
    //   video B frame 0 v 3     τ 2  → 5
    //   video B frame 1 v 4     τ 3  → 7
    //   text            v 5     τ 4  → 9
    expectAllRows(lay("tad", "text:1,video:1x1x2,video:2x1x1,text:1"), {0, 2, 3, 5, 7, 9});
}

TEST(TadLayout, PaperStrideKeepsTextAtStrideOne) {
    const Options paper{{"tad.text_stride", "paper"}};
    // Text only: no frame index anywhere, so plain counting 0, 1, 2, 3, 4.
    expectAllRows(lay("tad", "text:5", paper), range(0, 5));

    // Mixed: only what the spec fixes. The text before the first video is 0, 1, 2; inside a frame
    // consecutive tokens differ by 1 (one vanilla step); from the last token of frame 0 to the first
    // of frame 1 the position grows by 2 (one vanilla step + one frame-index step); the closing text
    // keeps stride 1. (Where the video starts and where the closing text starts are not pinned down
    // by the spec; see the report.)
    const Positions pos = lay("tad", kExample, paper);
    ASSERT_EQ(pos.tokens(), 17);
    for (Eigen::Index n = 0; n < 17; ++n) {
        EXPECT_EQ(pos.t(n), pos.h(n));
        EXPECT_EQ(pos.t(n), pos.w(n));
    }
    EXPECT_EQ(pos.t(0), 0);
    EXPECT_EQ(pos.t(1), 1);
    EXPECT_EQ(pos.t(2), 2);
    for (Eigen::Index k = 1; k < 6; ++k) {
        EXPECT_EQ(pos.t(3 + k) - pos.t(3 + k - 1), 1) << "frame 0, token " << k;
        EXPECT_EQ(pos.t(9 + k) - pos.t(9 + k - 1), 1) << "frame 1, token " << k;
    }
    EXPECT_EQ(pos.t(9) - pos.t(8), 2) << "frame boundary";
    EXPECT_EQ(pos.t(16) - pos.t(15), 1) << "closing text stride";
    EXPECT_GT(pos.t(3), pos.t(2)) << "video starts after the opening text";
}

// ---------------------------------------------------------------------------------------------
// RoPE-Tie: text (n, n, n); an H×W block after last position L: h = L + (y+1)(W+1),
// w = L + (x+1)(H+1), t = L; next token at L + (W+1)(H+1).

TEST(RopeTieLayout, ImageAfterText) {
    // text:1,image:2x3,text:1 — text at 0, so L = 0; H = 2, W = 3:
    //   h = 0 + (y+1)·4 → y=0: 4, y=1: 8;  w = 0 + (x+1)·3 → 3, 6, 9;  t = 0
    //   next token at 0 + 4·3 = 12.
    expectRows(lay("rope-tie", "text:1,image:2x3,text:1"),
               /*t*/ {0, 0, 0, 0, 0, 0, 0, 12},
               /*h*/ {0, 4, 4, 4, 8, 8, 8, 12},
               /*w*/ {0, 3, 6, 9, 3, 6, 9, 12});
}

TEST(RopeTieLayout, BlockAtTheStartUsesLMinusOne) {
    // image:2x2,text:1 — no text before: L = 0 − 1 = −1; H = W = 2:
    //   h = −1 + (y+1)·3 → 2, 5;  w = −1 + (x+1)·3 → 2, 5;  t = −1;  next at −1 + 3·3 = 8.
    expectRows(lay("rope-tie", "image:2x2,text:1"),
               /*t*/ {-1, -1, -1, -1, 8},
               /*h*/ {2, 2, 5, 5, 8},
               /*w*/ {2, 5, 2, 5, 8});
}

TEST(RopeTieLayout, VideoFramesAreConsecutiveBlocks) {
    // text:1,video:2x1x2,text:1 — L0 = 0; H = 1, W = 2, exit step (W+1)(H+1) = 3·2 = 6.
    //   frame 0: t = 0,  h = 0 + 1·3 = 3,  w = 0 + (x+1)·2 → 2, 4;   exit 0 + 6 = 6
    //   frame 1: L1 = 6: t = 6,  h = 6 + 3 = 9,  w = 6 + 2, 6 + 4 → 8, 10;  exit 12
    //   text at 12.
    expectRows(lay("rope-tie", "text:1,video:2x1x2,text:1"),
               /*t*/ {0, 0, 0, 6, 6, 12},
               /*h*/ {0, 3, 3, 9, 9, 12},
               /*w*/ {0, 2, 4, 8, 10, 12});
}

TEST(RopeTieLayout, BlockRightAfterABlockStartsAtTheExitMinusOne) {
    // image:1x1,image:1x1,text:1
    //   block A: L = −1, h = w = −1 + 1·2 = 1, t = −1; next token at −1 + 2·2 = 3
    //   block B starts at 3 with no text before: L = 3 − 1 = 2; h = w = 2 + 2 = 4, t = 2; exit 2 + 4 = 6
    //   text at 6.
    expectRows(lay("rope-tie", "image:1x1,image:1x1,text:1"),
               /*t*/ {-1, 2, 6},
               /*h*/ {1, 4, 6},
               /*w*/ {1, 4, 6});
}

TEST(RopeTieLayout, SymmetricEntryAndExitSteps) {
    // text:1,image:3x5,text:1: L = 0, H = 3, W = 5. Entry step on h: first row at L + 1·6 = 6, so 6 − 0 = 6;
    // exit: next token 0 + 6·4 = 24, last row h = 3·6 = 18, so 24 − 18 = 6 = entry step. On w the
    // entry is 1·4 = 4 and the exit 24 − 5·4 = 4.
    const Positions pos = lay("rope-tie", "text:1,image:3x5,text:1");
    ASSERT_EQ(pos.tokens(), 17);
    EXPECT_EQ(pos.h(1) - pos.h(0), 6);
    EXPECT_EQ(pos.h(16) - pos.h(15), 6);
    EXPECT_EQ(pos.w(1) - pos.w(0), 4);
    EXPECT_EQ(pos.w(16) - pos.w(15), 4);
    EXPECT_EQ(pos.h(16), 24);
}

// ---------------------------------------------------------------------------------------------
// M-RoPE: visual block from st: t = st + f, h = st + y, w = st + x; next start = max of all rows + 1.

TEST(MRopeLayout, SpecExampleNextStartIsStPlusMaxTHW) {
    // text 0 1 2; st = 3; T = 2, H = 2, W = 3:
    //   frame 0: t 3, h 3 3 3 4 4 4, w 3 4 5 3 4 5; frame 1: t 4, same h/w
    //   next start = 3 + max(2, 2, 3) = 6 → text 6, 7
    const Vec hw_h{3, 3, 3, 4, 4, 4}, hw_w{3, 4, 5, 3, 4, 5};
    expectRows(lay("m-rope", kExample),
               concat({{0, 1, 2}, repeat(3, 6), repeat(4, 6), {6, 7}}),
               concat({{0, 1, 2}, hw_h, hw_h, {6, 7}}),
               concat({{0, 1, 2}, hw_w, hw_w, {6, 7}}));
}

TEST(MRopeLayout, NextStartUsesTheLargestOfTHW) {
    // H largest: text:1,video:2x5x3,text:1 → st = 1, next = 1 + max(2, 5, 3) = 6.
    const Positions a = lay("m-rope", "text:1,video:2x5x3,text:1");
    EXPECT_EQ(a.t(31), 6);  // token 1 + 2·5·3 = 31
    // T largest: video:7x2x3,text:1 → st = 0, next = 0 + 7 = 7.
    const Positions b = lay("m-rope", "video:7x2x3,text:1");
    EXPECT_EQ(b.t(42), 7);  // token 7·2·3 = 42
    EXPECT_EQ(b.h(42), 7);
    // W largest: image:2x9,text:2 → st = 0, next = 9 → text 9, 10.
    const Positions c = lay("m-rope", "image:2x9,text:2");
    EXPECT_EQ(c.w(18), 9);
    EXPECT_EQ(c.w(19), 10);
}

TEST(MRopeLayout, ImageHasConstantT) {
    // text:2,image:2x2 → st = 2: t 2 2 2 2, h 2 2 3 3, w 2 3 2 3.
    expectRows(lay("m-rope", "text:2,image:2x2"), {0, 1, 2, 2, 2, 2}, {0, 1, 2, 2, 3, 3}, {0, 1, 2, 3, 2, 3});
}

TEST(MRopeLayout, TwoBlocksChainThroughNextStart) {
    // image:1x2,image:2x1 → block A from 0: t 0, h 0, w 0 1; next = 0 + max(1,1,2) = 2.
    // block B from 2: t 2, h 2 3, w 2; next = 2 + 2 = 4 (text).
    expectRows(lay("m-rope", "image:1x2,image:2x1,text:1"), {0, 0, 2, 2, 4}, {0, 0, 2, 3, 4}, {0, 1, 2, 2, 4});
}

// ---------------------------------------------------------------------------------------------
// VideoRoPE: t = st + δ·f, h = t + y − ⌊(H−1)/2⌋, w = t + x − ⌊(W−1)/2⌋; next start = max t + 1.

TEST(VideoRopeLayout, SpecWorkedExampleTRow) {
    // variants.md §5, δ = 2: text 0,1,2; frame 0: t = 3, h ∈ {3,4}, w ∈ {2,3,4};
    // frame 1: t = 5, h ∈ {5,6}, w ∈ {4,5,6}; text 6, 7.
    // (⌊(2−1)/2⌋ = 0, ⌊(3−1)/2⌋ = 1; raster order: row 0 then row 1, three columns each.)
    expectRows(lay("videorope", kExample),
               concat({{0, 1, 2}, repeat(3, 6), repeat(5, 6), {6, 7}}),
               concat({{0, 1, 2}, {3, 3, 3, 4, 4, 4}, {5, 5, 5, 6, 6, 6}, {6, 7}}),
               concat({{0, 1, 2}, {2, 3, 4, 2, 3, 4}, {4, 5, 6, 4, 5, 6}, {6, 7}}));
}

TEST(VideoRopeLayout, DefaultDeltaIsTwo) {
    // cli.md: --delta default 2.0. Giving it explicitly must not change anything.
    EXPECT_EQ(lay("videorope", kExample).pos.matrix(), lay("videorope", kExample, {{"videorope.delta", "2"}}).pos.matrix());
}

TEST(VideoRopeLayout, NextStartAllRows) {
    // Same blocks; all-rows rule: max(t 5, h 6, w 6) + 1 = 7 → text 7, 8 (variants.md §5).
    const Positions pos = lay("videorope", kExample, {{"videorope.next_start", "all-rows"}});
    ASSERT_EQ(pos.tokens(), 17);
    for (int r = 0; r < 3; ++r) {
        EXPECT_EQ(pos.pos(r, 15), 7);
        EXPECT_EQ(pos.pos(r, 16), 8);
    }
    // The visual block itself is unchanged by the rule.
    EXPECT_EQ(pos.pos.leftCols(15).matrix(), lay("videorope", kExample).pos.leftCols(15).matrix());
}

TEST(VideoRopeLayout, NextStartAllRowsAlsoBetweenBlocks) {
    // image:1x5,image:1x1 — block A from 0: t 0, w = 0 + x − 2 → −2..2.
    //   t-row: next = 0 + 1 = 1;   all-rows: next = max(0, 0, 2) + 1 = 3.
    const Positions tRow = lay("videorope", "image:1x5,image:1x1");
    const Positions all = lay("videorope", "image:1x5,image:1x1", {{"videorope.next_start", "all-rows"}});
    EXPECT_EQ(row(tRow, 2), (Vec{-2, -1, 0, 1, 2, 1}));
    EXPECT_EQ(row(all, 2), (Vec{-2, -1, 0, 1, 2, 3}));
    EXPECT_EQ(tRow.t(5), 1);
    EXPECT_EQ(all.t(5), 3);
}

TEST(VideoRopeLayout, FractionalDelta) {
    // text:1,video:2x1x1,text:2 with δ = 1.5: st = 1; frame 0 t = 1, frame 1 t = 1 + 1.5 = 2.5;
    // H = W = 1 so h = w = t; next start = 2.5 + 1 = 3.5 → text 3.5, 4.5 (fractional, as the spec warns).
    expectAllRows(lay("videorope", "text:1,video:2x1x1,text:2", {{"videorope.delta", "1.5"}}), {0, 1, 2.5, 3.5, 4.5});
    // δ = 0.5, three frames: t = 1, 1.5, 2; next = 3.
    expectAllRows(lay("videorope", "text:1,video:3x1x1,text:1", {{"videorope.delta", "0.5"}}), {0, 1, 1.5, 2, 3});
}

TEST(VideoRopeLayout, NegativePositionsFromCentringAtTheStart) {
    // variants.md §5: text:1,video:4x4x8 gives w = −2.
    // st = 1; ⌊(4−1)/2⌋ = 1, ⌊(8−1)/2⌋ = 3; frame 0: h = 1 + y − 1 → 0..3, w = 1 + x − 3 → −2..5.
    const Positions pos = lay("videorope", "text:1,video:4x4x8");
    EXPECT_EQ(pos.pos.row(2).minCoeff(), -2);
    EXPECT_EQ(pos.w(1), -2);
    EXPECT_EQ(pos.h(1), 0);
    EXPECT_EQ(pos.w(8), 5);  // token 1 + 7: frame 0, row 0, x = 7 → 1 + 7 − 3
    // video:1x3x3 at the very start: st = 0, centre 1 → h, w ∈ {−1, 0, 1}; next text at max t + 1 = 1.
    expectRows(lay("videorope", "video:1x3x3,text:1"),
               /*t*/ {0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
               /*h*/ {-1, -1, -1, 0, 0, 0, 1, 1, 1, 1},
               /*w*/ {-1, 0, 1, -1, 0, 1, -1, 0, 1, 1});
}

TEST(VideoRopeLayout, TextAfterABlockCanSitBelowItsLargestW) {
    // text:1,video:1x1x9,text:1: st = 1, ⌊8/2⌋ = 4, w = 1 + x − 4 → −3..5; t-row next = 1 + 1 = 2 < 5.
    const Positions pos = lay("videorope", "text:1,video:1x1x9,text:1");
    EXPECT_EQ(pos.pos.row(2).maxCoeff(), 5);
    EXPECT_EQ(pos.w(10), 2);
}

TEST(VideoRopeLayout, DiagonalLayoutOff) {
    // DL off: h = st + y, w = st + x, t = st + δ·f (no centring, no t offset on h/w).
    // text:3,video:2x2x3,text:2, δ = 2: st = 3; t 3 (frame 0), 5 (frame 1); h 3/4; w 3/4/5 in both
    // frames; t-row next = 5 + 1 = 6.
    const Vec h{3, 3, 3, 4, 4, 4}, w{3, 4, 5, 3, 4, 5};
    expectRows(lay("videorope", kExample, {{"videorope.diagonal", "off"}}),
               concat({{0, 1, 2}, repeat(3, 6), repeat(5, 6), {6, 7}}),
               concat({{0, 1, 2}, h, h, {6, 7}}),
               concat({{0, 1, 2}, w, w, {6, 7}}));
}

TEST(VideoRopeLayout, DeltaOnlyStretchesTime) {
    // text:1,video:3x1x1 with δ = 3: t = 1, 4, 7 (= 1 + 3f); next = 8.
    expectAllRows(lay("videorope", "text:1,video:3x1x1,text:1", {{"videorope.delta", "3"}}), {0, 1, 4, 7, 8});
}

TEST(VideoRopeLayout, VisualTokensLieAlongTheDiagonal) {
    // With odd H and W the centring is exact: within each frame, mean(h) = mean(w) = t.
    const Positions pos = lay("videorope", "text:2,video:3x5x7");
    for (int f = 0; f < 3; ++f) {
        const Eigen::Index start = 2 + 35 * f;
        const double t = pos.t(start);
        EXPECT_EQ(t, 2 + 2.0 * f);  // st = 2, δ = 2
        EXPECT_DOUBLE_EQ(pos.pos.row(1).segment(start, 35).mean(), t);
        EXPECT_DOUBLE_EQ(pos.pos.row(2).segment(start, 35).mean(), t);
    }
}

// ---------------------------------------------------------------------------------------------
// Invariants over all variants.

class EveryVariant : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryVariant, TextTokensHaveEqualRows) {
    const Params p = params(GetParam(), "text:2,video:3x2x3,text:2,image:3x3,text:3");
    const Positions pos = computePositions(p);
    for (Eigen::Index n = 0; n < pos.tokens(); ++n) {
        if (p.sequence.locate(n).kind != SegmentKind::Text) continue;
        EXPECT_EQ(pos.t(n), pos.h(n)) << "token " << n;
        EXPECT_EQ(pos.t(n), pos.w(n)) << "token " << n;
    }
}

TEST_P(EveryVariant, TextOnlySequenceIsPlainCounting) {
    // Text-only sequences reduce to 1D RoPE positions 0, 1, 2, …, except TAD's reference stride 2.
    const Positions pos = lay(GetParam(), "text:6");
    expectAllRows(pos, GetParam() == "tad" ? range(0, 6, 2) : range(0, 6));
    if (GetParam() == "tad") expectAllRows(lay("tad", "text:6", {{"tad.text_stride", "paper"}}), range(0, 6));
}

TEST_P(EveryVariant, TextAfterTextContinuesByOne) {
    // text:2,text:3 is five text tokens in a row.
    const Positions a = lay(GetParam(), "text:2,text:3");
    const Positions b = lay(GetParam(), "text:5");
    EXPECT_EQ(a.pos.matrix(), b.pos.matrix());
}

TEST_P(EveryVariant, ChecksTheMemoryBudget) {
    // 10^11 tokens × 3 rows × 8 bytes = 2.4·10^12 bytes ≈ 2.2 TiB, far over the default 4096 MiB.
    EXPECT_THROW(lay(GetParam(), "video:100000x1000x1000"), TooLarge);
    // With a 16 MiB budget: 10^6 tokens need 24·10^6 B ≈ 22.9 MiB (refused),
    // 5·10^5 tokens need 1.2·10^7 B ≈ 11.4 MiB (accepted).
    EXPECT_THROW(lay(GetParam(), "text:1000000", {{"memory_budget_mib", "16"}}), TooLarge);
    EXPECT_EQ(lay(GetParam(), "text:500000", {{"memory_budget_mib", "16"}}).tokens(), 500000);
}

TEST_P(EveryVariant, ValidatesParameters) {
    Params p = params(GetParam(), "text:1");
    p.sections = {16, 24, 23};  // sums to 63 ≠ 128/2: refused by variants that use sections only
    if (requireVariant(GetParam()).usesSections)
        EXPECT_THROW(computePositions(p), InvalidParameter);
    else
        EXPECT_NO_THROW(computePositions(p));
    p = params(GetParam(), "text:1");
    p.delta = 0;  // δ must be > 0
    EXPECT_THROW(computePositions(p), InvalidParameter);
}

INSTANTIATE_TEST_SUITE_P(Layouts, EveryVariant, ::testing::Values("vanilla", "tad", "rope-tie", "m-rope", "videorope"),
                         [](const auto& info) {
                             std::string s = info.param;
                             for (char& c : s)
                                 if (c == '-') c = '_';
                             return s;
                         });

}  // namespace
