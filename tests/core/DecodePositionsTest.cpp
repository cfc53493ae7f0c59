// Decode-time positions (--generate N, core/check/DecodePositions.h). Expected ids are derived by
// hand from the rules of shared/specs/variants*.md and the transformers decode step
//   position_ids = cache_position + rope_delta,   rope_delta = max id + 1 − prompt length,
// with the arithmetic written next to each check.
#include <gtest/gtest.h>

#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "core/PositionLayout.h"
#include "core/check/DecodePositions.h"
#include "tests/common/ExpectedRows.h"

namespace {

using namespace rope;
using rope::testing::Vec;
using rope::testing::concat;
using rope::testing::range;
using rope::testing::repeat;

Params params(const std::string& variant, const std::string& seq, int64_t generate,
              const std::vector<std::pair<std::string, std::string>>& opts = {}) {
    Params p;
    setParam(p, "variant", variant);
    setParam(p, "sequence", seq);
    setParam(p, "generate", std::to_string(generate));
    for (const auto& [k, v] : opts) setParam(p, k, v);
    return p;
}

Vec row(const Positions& pos, int r, Eigen::Index from = 0) {
    Vec out;
    for (Eigen::Index n = from; n < pos.tokens(); ++n) out.push_back(pos.pos(r, n));
    return out;
}

void expectGenerated(const Positions& pos, int64_t generated, const Vec& ids) {
    for (int r = 0; r < pos.axes(); ++r) EXPECT_EQ(row(pos, r, pos.tokens() - generated), ids) << "row " << r;
}

// M-RoPE, text:3,video:2x2x3 then 3 generated tokens.
//   prompt: text 0,1,2; video from st = 3: t = 3 + f ∈ {3, 4}, h = 3 + y ∈ {3, 4}, w = 3 + x ∈ {3, 4, 5}
//   max id = 5, prompt length P = 3 + 12 = 15, rope_delta = 5 + 1 − 15 = −9
//   generated k = 0, 1, 2: cache_position 15 + k, id = 15 + k − 9 = 6, 7, 8 on every row
TEST(DecodePositions, MRopeContinuesAtMaxPlusOneAfterAVideo) {
    const Params p = params("m-rope", "text:3,video:2x2x3", 3);
    const Positions pos = decodePositions(p);
    ASSERT_EQ(pos.tokens(), 18);
    expectGenerated(pos, 3, {6, 7, 8});
    Params prompt = p;
    prompt.generate = 0;
    const Positions promptPos = computePositions(prompt);
    EXPECT_EQ(ropeDelta(promptPos), -9.0);
    EXPECT_TRUE(samePositions(ropeDeltaContinuation(promptPos, 3, -9.0), pos));
    EXPECT_EQ(decodeLaidOut(p).format(), "text:3,video:2x2x3,text:3");
}

// Qwen2.5-VL, text:3,video:3x2x2 at fps 1, then 3 generated tokens (prompt ends with the video).
//   spg = temporal_patch_size / fps = 2 / 1 = 2 s, tps = 2 → τ(f) = ⌊f · 2 · 2⌋ = 4f = 0, 4, 8
//   t = 3 + τ = 3, 7, 11; h = 3 + y ∈ {3, 4}; w = 3 + x ∈ {3, 4}; max id = 11
//   P = 3 + 12 = 15, rope_delta = 11 + 1 − 15 = −3; generated = 15 + k − 3 = 12, 13, 14
TEST(DecodePositions, Qwen25VlAfterAVideoUsesTheTimeAlignedMaximum) {
    const Params p = params("qwen2.5-vl", "text:3,video:3x2x2", 3, {{"qwen2.5-vl.fps", "1"}});
    const Positions pos = decodePositions(p);
    ASSERT_EQ(pos.tokens(), 18);
    EXPECT_EQ(row(pos, 0), concat({range(0, 3), repeat(3, 4), repeat(7, 4), repeat(11, 4), range(12, 3)}));
    expectGenerated(pos, 3, {12, 13, 14});
    Params prompt = p;
    prompt.generate = 0;
    EXPECT_EQ(ropeDelta(computePositions(prompt)), -3.0);
    EXPECT_TRUE(samePositions(ropeDeltaContinuation(computePositions(prompt), 3, -3.0), pos));
}

// Qwen3-VL with frame_gap 2 on the spec's running example (variants-more.md §7: text after the
// video at 11, 12). Generating 2 instead of the trailing text gives the same ids: max id = 10
// (frame 1 w ∈ {8, 9, 10}), P = 3 + 6 + 2 + 6 = 17, rope_delta = 10 + 1 − 17 = −6, ids 17 − 6 = 11, 12.
TEST(DecodePositions, Qwen3VlFrameGapMatchesTheSpecTextAfterTheVideo) {
    const Positions pos = decodePositions(params("qwen3-vl", "text:3,video:2x2x3", 2, {{"qwen3-vl.frame_gap", "2"}}));
    ASSERT_EQ(pos.tokens(), 19);
    expectGenerated(pos, 2, {11, 12});
}

// VideoRoPE decodes with its t-row rule (the reference's rope_delta is max t + 1 − P):
//   text:3,video:2x2x3, δ = 2: frame t = 3, 5 (variants.md §5) → max t = 5 → generated 6, 7, 8
//   (max over all rows would be 6, from w of frame 1, giving 7, 8, 9).
TEST(DecodePositions, VideoRopeDecodesAfterTheMaximumT) {
    expectGenerated(decodePositions(params("videorope", "text:3,video:2x2x3", 3)), 3, {6, 7, 8});
}

// TAD-RoPE decodes at 2·cache_position + rope_delta (the reference): stride 2, as its text.
//   text:3,video:2x2x3,text:2 is 0,2,4 | 6…11 | 13…18 | 20,22 (variants.md §2); generated 24, 26.
TEST(DecodePositions, TadDecodesAtStrideTwo) {
    expectGenerated(decodePositions(params("tad", "text:3,video:2x2x3,text:2", 2)), 2, {24, 26});
}

TEST(DecodePositions, NoGeneratedTokensIsThePrompt) {
    const Params p = params("hope", "text:3,video:2x2x3,text:2", 0);
    EXPECT_TRUE(samePositions(decodePositions(p), computePositions(p)));
}

TEST(DecodePositions, GenerateIsAStudySettingWithARange) {
    Params p;
    EXPECT_THROW(setParam(p, "generate", "-1"), InvalidParameter);
    EXPECT_THROW(setParam(p, "generate", "2.5"), InvalidParameter);
    EXPECT_THROW(setParam(p, "generate", std::to_string(kMaxGeneratedTokens + 1)), InvalidParameter);
    setParam(p, "generate", "7");
    EXPECT_EQ(p.generate, 7);
    EXPECT_EQ(requireParam("generate").scope, ParamScope::Study);
    EXPECT_EQ(requireParam("generate").cliFlag, "--generate");
}

}  // namespace
