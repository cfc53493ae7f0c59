// IndexGrowthScene on a sequence small enough to reason about by hand: text:1,video:2x2x2 with
// M-RoPE positions from rope::computePositions. Token 0 is text at (t, h, w) = (0, 0, 0); the
// video starts at st = 1, so token 1 + 4f + 2y + x (frame f, row y, col x) sits at
// (1 + f, 1 + y, 1 + x) — the eight corners of a unit cube, no two on one line of sight from the
// default oblique camera.
#include <gtest/gtest.h>

#include <vtkCamera.h>
#include <vtkImageData.h>
#include <vtkPNGReader.h>
#include <vtkRenderer.h>

#include <cmath>
#include <fstream>
#include <stdexcept>
#include <string>

#include "PixelCheck.h"
#include "core/ParamSchema.h"
#include "core/PositionLayout.h"
#include "viz/Colormap.h"
#include "viz/BoxAxes.h"
#include "viz/IndexGrowthScene.h"
#include "viz/OffscreenRender.h"

namespace {

using rope::viz::IndexGrowthScene;
using rope::viz::OffscreenRender;

#define REQUIRE_DISPLAY() \
    if (!rope::viz::displayAvailable()) GTEST_SKIP() << "no X display; run under xvfb-run -a"

rope::Positions positionsFor(const std::string& sequence, rope::VariantId variant) {
    rope::Params p;
    p.sequence = rope::Sequence::parse(sequence);
    p.variant = variant;
    return rope::computePositions(p);
}

std::array<int, 3> bytes(const rope::viz::Rgb& c) {
    return {static_cast<int>(std::lround(c[0] * 255)), static_cast<int>(std::lround(c[1] * 255)),
            static_cast<int>(std::lround(c[2] * 255))};
}

struct Tiny : ::testing::Test {
    rope::Sequence seq = rope::Sequence::parse("text:1,video:2x2x2");
    rope::Positions pos = positionsFor("text:1,video:2x2x2", rope::VariantId("m-rope"));
};

TEST_F(Tiny, FramesAndTextAreCountedFromTheSequence) {
    IndexGrowthScene scene(pos, seq, "M-RoPE");
    EXPECT_EQ(scene.tokenCount(), 9);
    EXPECT_EQ(scene.frameCount(), 2);
    EXPECT_EQ(scene.frameOf(0), -1);
    for (int token = 1; token <= 4; ++token) EXPECT_EQ(scene.frameOf(token), 0) << token;
    for (int token = 5; token <= 8; ++token) EXPECT_EQ(scene.frameOf(token), 1) << token;
    EXPECT_EQ(scene.title(), "M-RoPE");
}

TEST_F(Tiny, BoundsAreTheDataPaddedByHalfAStep) {
    IndexGrowthScene scene(pos, seq, "");
    const auto b = scene.bounds();  // (w, h, t): all rows span 0 … 2
    for (int k = 0; k < 3; ++k) {
        EXPECT_DOUBLE_EQ(b[2 * k], -0.5);
        EXPECT_DOUBLE_EQ(b[2 * k + 1], 2.5);
    }
}

TEST_F(Tiny, DescribeTokenNamesSegmentFrameAndPosition) {
    IndexGrowthScene scene(pos, seq, "");
    // Token 3 = frame 0, row 1, col 0 → (t, h, w) = (1, 2, 1).
    // Segments are numbered per kind from 1 (the only video is "video 1"), frames from 0 (f).
    EXPECT_EQ(scene.describeToken(3), "token 3 \u00b7 video 1 \u00b7 frame 0 \u00b7 row 1, col 0\nvideo 2\u00d72\u00d72\n"
                                      "(t, h, w) = (1, 2, 1)");
    EXPECT_EQ(scene.describeToken(0), "token 0 \u00b7 text 1 \u00b7 token 0\ntext:1\n(t, h, w) = (0, 0, 0)");
    EXPECT_EQ(scene.describeToken(9), "");
}

TEST(FrameNumbering, LegendAndTooltipNameTheSegment) {
    // Issue 14 item 3: with an image before a 16-frame video the legend said "frame 0 … frame 16"
    // (the image counted as frame 0) while the tooltip numbered the video's frames 0–15.
    const std::string text = "text:2,image:2x2,video:16x2x2,text:1";
    const auto seq = rope::Sequence::parse(text);
    IndexGrowthScene scene(positionsFor(text, rope::VariantId("videorope")), seq, "");
    EXPECT_EQ(scene.legendLabels(), (std::vector<std::string>{"text", "image 1", "video 1 \u00b7 frame 0",
                                                               "video 1 \u00b7 frame 15"}));
    // Token 2 + 4 + 3·4 + 1 = 19: video 1, frame 3, row 0, col 1 (frame 3 in the tooltip too).
    EXPECT_EQ(scene.tokenName(19), "video 1 \u00b7 frame 3 \u00b7 row 0, col 1");
    EXPECT_EQ(scene.tokenName(3), "image 1 \u00b7 row 0, col 1");
    EXPECT_EQ(scene.tokenName(2 + 4 + 64), "text 2 \u00b7 token 0");
}

TEST(FrameNumbering, InsertedFrameGapKeepsTheUsersNumbering) {
    // Qwen3-VL with frame_gap 2 lays the video out as 4 one-frame blocks with 2 gap tokens between
    // them; the legend still names one video of frames 0…3 and the gap tokens are named as such.
    rope::Params p;
    p.sequence = rope::Sequence::parse("text:1,video:4x2x2");
    rope::setParam(p, "variant", "qwen3-vl");
    rope::setParam(p, "qwen3-vl.frame_gap", "2");
    const rope::Sequence laid = rope::laidOutSequence(p);
    ASSERT_EQ(laid.tokenCount(), 1 + 16 + 3 * 2);
    IndexGrowthScene scene;
    scene.update(rope::computePositions(p), laid, p.sequence);
    EXPECT_EQ(scene.legendLabels(), (std::vector<std::string>{"text", "video 1 \u00b7 frame 0", "video 1 \u00b7 frame 3"}));
    // Laid-out token 1 + 4 = 5 is the first gap token after frame 0; 1 + 4 + 2 = 7 opens frame 1.
    EXPECT_EQ(scene.tokenName(5), "frame gap after video 1 \u00b7 frame 0 \u00b7 token 0");
    EXPECT_EQ(scene.tokenName(7), "video 1 \u00b7 frame 1 \u00b7 row 0, col 0");
    EXPECT_EQ(scene.originalToken(7), 5);
    EXPECT_EQ(scene.laidOutToken(5), 7);
    EXPECT_EQ(scene.frameCount(), 4);
    EXPECT_EQ(scene.frameOf(7), 1);
}

TEST(ViewDirection, ARingSeenEdgeOnIsTurnedToFaceTheViewer) {
    // Circle-RoPE puts an image on a ring in the plane ⟂ (1, 1, 1) (variants-more.md §11). The
    // standard view (−0.86, 0.36, 0.36) meets that normal at cos = (−0.86 + 0.36 + 0.36)/√3 ≈ −0.08:
    // edge-on, the ring reads as a line. The suggestion must see it at |cos| ≥ 0.55.
    IndexGrowthScene ring(positionsFor("text:3,image:6x6,text:2", rope::VariantId("circle-rope")),
                          rope::Sequence::parse("text:3,image:6x6,text:2"), "");
    const auto eye = ring.suggestedViewDirection();
    ASSERT_TRUE(eye.has_value());
    const double cosine = ((*eye)[0] + (*eye)[1] + (*eye)[2]) / std::sqrt(3.0);
    EXPECT_GE(std::abs(cosine), 0.55);
    // A grid (M-RoPE) is seen well already: per-frame planes ⟂ t meet the view at cos 0.36 > 0.3.
    IndexGrowthScene grid(positionsFor("text:3,image:6x6,text:2", rope::VariantId("m-rope")),
                          rope::Sequence::parse("text:3,image:6x6,text:2"), "");
    EXPECT_FALSE(grid.suggestedViewDirection().has_value());
}

TEST(NiceTicks, IndexAxesUseOneTwoOrFiveTimesAPowerOfTen) {
    // 0…63, about 5 ticks: raw step 12.6 → 20 → 0, 20, 40, 60.
    EXPECT_EQ(rope::viz::BoxAxes::niceTicks(0, 63), (std::vector<double>{0, 20, 40, 60}));
    // 0…12: raw 2.4 → 2.5 would put ticks between indices; 5 → 0, 5, 10.
    EXPECT_EQ(rope::viz::BoxAxes::niceTicks(0, 12), (std::vector<double>{0, 5, 10}));
    // 0…1699: raw 340 → 500 → 0, 500, 1000, 1500.
    EXPECT_EQ(rope::viz::BoxAxes::niceTicks(0, 1699), (std::vector<double>{0, 500, 1000, 1500}));
    // Negative start (VideoRoPE's centring): −2…9, raw 2.2 → 5 → 0, 5 (−5 is outside).
    EXPECT_EQ(rope::viz::BoxAxes::niceTicks(-2, 9), (std::vector<double>{0, 5}));
}

TEST_F(Tiny, FractionalPositionsAreShownAsNumbers) {
    rope::Params p;
    p.sequence = seq;
    p.variant = rope::VariantId("videorope");
    p.delta = 0.5;
    IndexGrowthScene scene(rope::computePositions(p), seq, "");
    // VideoRoPE δ = 0.5: frame 1 at t = st + 0.5 = 1.5.
    EXPECT_NE(scene.describeToken(5).find("(t, h, w) = (1.5,"), std::string::npos) << scene.describeToken(5);
}

TEST_F(Tiny, UpdateRejectsMismatchedSizes) {
    IndexGrowthScene scene;
    EXPECT_THROW(scene.update(pos, rope::Sequence::parse("text:3")), std::invalid_argument);
}

TEST_F(Tiny, UpdateFollowsSequenceChangesAndKeepsTheCamera) {
    IndexGrowthScene scene(pos, seq, "");
    scene.camera()->Azimuth(33);
    double before[3];
    scene.camera()->GetPosition(before);
    const auto big = rope::Sequence::parse("text:4,video:3x4x5,text:2");
    scene.update(positionsFor("text:4,video:3x4x5,text:2", rope::VariantId("videorope")), big);
    EXPECT_EQ(scene.tokenCount(), 66);
    EXPECT_EQ(scene.frameCount(), 3);
    double after[3];
    scene.camera()->GetPosition(after);
    for (int k = 0; k < 3; ++k) EXPECT_DOUBLE_EQ(before[k], after[k]);
    scene.update(pos, seq);  // and back
    EXPECT_EQ(scene.tokenCount(), 9);
    EXPECT_EQ(scene.frameOf(8), 1);
}

TEST_F(Tiny, CloneCopiesDataTitleAndCamera) {
    IndexGrowthScene scene(pos, seq, "VideoRoPE");
    scene.camera()->Elevation(20);
    auto copy = scene.clone();
    EXPECT_EQ(copy->tokenCount(), 9);
    EXPECT_EQ(copy->title(), "VideoRoPE");
    EXPECT_NE(copy->camera(), scene.camera());
    double a[3], b[3];
    scene.camera()->GetPosition(a);
    copy->camera()->GetPosition(b);
    for (int k = 0; k < 3; ++k) EXPECT_DOUBLE_EQ(a[k], b[k]);
}

TEST(Colormap, FramesRunAlongTruncatedViridis) {
    EXPECT_EQ(rope::viz::frameColor(0, 1), rope::viz::viridis(0));
    EXPECT_EQ(rope::viz::frameColor(0, 5), rope::viz::viridis(0));
    EXPECT_EQ(rope::viz::frameColor(4, 5), rope::viz::viridis(0.88));
    EXPECT_EQ(bytes(rope::viz::viridis(0)), (std::array<int, 3>{68, 1, 84}));      // published stop
    EXPECT_EQ(bytes(rope::viz::viridis(0.5)), (std::array<int, 3>{33, 145, 140}));  // published stop
    EXPECT_EQ(bytes(rope::viz::viridis(2.0)), (std::array<int, 3>{253, 231, 37}));  // clamped
}

TEST_F(Tiny, RendersPointsInFrameAndTextColours) {
    REQUIRE_DISPLAY();
    IndexGrowthScene scene(pos, seq, "M-RoPE");
    scene.setPointSize(24);
    OffscreenRender out(scene.renderer(), 400, 300);
    out.writePng(std::string(ROPE_TEST_OUTPUT_DIR) + "/tiny_mrope.png");
    auto image = out.capture();
    const long ink = rope::test::countDifferent(image, {255, 255, 255}, 8);
    EXPECT_GT(ink, 9 * 150) << "nine discs of 24 px should cover well over 1350 pixels";
    EXPECT_LT(ink, 400 * 300 / 2) << "the background must stay white";
    // Shaded discs pass through their base colour somewhere between rim and highlight.
    const int frames = scene.frameCount();
    EXPECT_GE(rope::test::countNear(image, bytes(rope::viz::frameColor(0, frames)), 30), 5);
    EXPECT_GE(rope::test::countNear(image, bytes(rope::viz::frameColor(frames - 1, frames)), 30), 5);
    EXPECT_GE(rope::test::countNear(image, bytes(rope::viz::kTextTokenColor), 20), 5);
}

TEST_F(Tiny, PickFindsEveryTokenAtItsProjectedCentre) {
    REQUIRE_DISPLAY();
    IndexGrowthScene scene(pos, seq, "");
    OffscreenRender out(scene.renderer(), 400, 300);
    out.render();
    for (int64_t token = 0; token < scene.tokenCount(); ++token) {
        const auto p = scene.displayPosition(token);
        ASSERT_TRUE(p) << token;
        EXPECT_EQ(scene.pickToken((*p)[0], (*p)[1]), token);
        EXPECT_EQ(scene.pickToken((*p)[0] + 1.5, (*p)[1] - 1.5), token);
    }
    EXPECT_EQ(scene.pickToken(2, 2), -1);  // a corner, far from every token
}

TEST_F(Tiny, ProjectionMatchesWhatVtkDraws) {
    // The projection behind pickToken agrees with what VTK draws: in a one-token scene the
    // pixel at the token's projected centre is the token's disc, not paper.
    REQUIRE_DISPLAY();
    const auto one = rope::Sequence::parse("image:1x1");
    rope::Positions p;
    p.pos.resize(3, 1);
    p.pos << 3.0, 1.0, 2.0;
    IndexGrowthScene scene(p, one, "");
    scene.setPointSize(16);
    scene.camera()->Azimuth(25);
    OffscreenRender out(scene.renderer(), 300, 200);
    auto image = out.capture();
    const auto centre = scene.displayPosition(0);
    ASSERT_TRUE(centre);
    const auto px = rope::test::pixel(image, static_cast<int>(std::lround((*centre)[0])),
                                      static_cast<int>(std::lround((*centre)[1])));
    EXPECT_FALSE(rope::test::near(px, {255, 255, 255, 255}, 10)) << "token centre is background";
}

TEST_F(Tiny, PdfExportStartsWithMagic) {
    REQUIRE_DISPLAY();
    IndexGrowthScene scene(pos, seq, "M-RoPE");
    OffscreenRender out(scene.renderer(), 800, 600);
    const std::string file = std::string(ROPE_TEST_OUTPUT_DIR) + "/tiny_mrope.pdf";
    out.writePdf(file);
    std::ifstream in(file, std::ios::binary);
    std::string head(5, '\0');
    ASSERT_TRUE(in.read(head.data(), 5));
    EXPECT_EQ(head, "%PDF-");
}

TEST_F(Tiny, CloneRendersLikeTheOriginal) {
    REQUIRE_DISPLAY();
    IndexGrowthScene scene(pos, seq, "M-RoPE");
    scene.camera()->Azimuth(-20);
    auto copy = scene.clone();
    vtkSmartPointer<vtkImageData> a, b;
    { OffscreenRender out(scene.renderer(), 200, 150); a = out.capture(); }
    { OffscreenRender out(copy->renderer(), 200, 150); b = out.capture(); }
    long differing = 0;
    for (int y = 0; y < 150; ++y)
        for (int x = 0; x < 200; ++x)
            if (!rope::test::near(rope::test::pixel(a, x, y), rope::test::pixel(b, x, y), 2)) ++differing;
    EXPECT_EQ(differing, 0);
}

}  // namespace
