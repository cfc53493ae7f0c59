// The shared attention pipeline (pipeline/AttentionPipeline.h): its rules, hand-checked, and the
// attention.* schema entries that carry its inputs through CLI flags and study files.
#include <gtest/gtest.h>

#include "TempDir.h"
#include "TestVideo.h"
#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "core/Study.h"
#include "pipeline/AttentionPipeline.h"

namespace rope {
namespace {

TEST(AttentionPipeline, ScaledSectionsKeepQwen2VlProportions) {
    // Qwen2-VL: 64 pairs → 16, 24, 24. 32 pairs: t = ⌊34/4⌋ = 8, h = ⌊24/2⌋ = 12, w = 12.
    EXPECT_EQ(scaledSections(64), (std::array<int, 3>{16, 24, 24}));
    EXPECT_EQ(scaledSections(32), (std::array<int, 3>{8, 12, 12}));
    // 10 pairs: t = ⌊12/4⌋ = 3, h = ⌊7/2⌋ = 3, w = 4 (the remainder goes to w).
    EXPECT_EQ(scaledSections(10), (std::array<int, 3>{3, 3, 4}));
}

TEST(AttentionPipeline, ColumnFollowsTheCapturesHeadDimUnlessSet) {
    QkCapture c;
    c.q.headDim = c.k.headDim = 64;
    Params p = paramsFor("videorope");  // head_dim 128, sections 16,24,24
    const Params a = adoptCaptureShape(p, c);
    EXPECT_EQ(a.headDim, 64);
    EXPECT_EQ(a.sections, (std::array<int, 3>{8, 12, 12}));  // 32 pairs
    setParam(p, "head_dim", "128");  // set by the user: kept, so the mismatch is reported later
    EXPECT_EQ(adoptCaptureShape(p, c).headDim, 128);
    c.q.headDim = 63;
    EXPECT_THROW(adoptCaptureShape(paramsFor("videorope"), c), BadFile);
}

TEST(AttentionPipeline, GridAutoAndGiven) {
    VideoInfo vtest;
    vtest.width = 768, vtest.height = 576;  // rows = round(√(144·576/768)) = round(10.39) = 10, cols = round(14.4) = 14
    AttentionSettings s;
    EXPECT_EQ(gridFor(s, vtest).rows, 10);
    EXPECT_EQ(gridFor(s, vtest).cols, 14);
    s.grid = "9x16";
    EXPECT_EQ(gridFor(s, vtest).rows, 9);
    EXPECT_EQ(gridFor(s, vtest).cols, 16);
}

TEST(AttentionPipeline, DefaultQueryIsTheCentreOfTheMiddleFrame) {
    // T = 8, 10 × 14: frame 4, row 5, column 7 → 4·140 + 5·14 + 7 = 637.
    EXPECT_EQ(defaultQuery(8, 10, 14), 637);
}

TEST(AttentionPipeline, OnlySamplingAndModelChangesNeedNewQk) {
    QkInputs in;
    in.modelKind = ModelKind::Builtin;
    AttentionSettings now = in.settings;
    now.layer = 2, now.head = 3, now.causal = true, now.bands = "rows";
    EXPECT_FALSE(needsNewQk(in, now));  // attention-stage settings
    now.frames = 9;
    EXPECT_TRUE(needsNewQk(in, now));
    in.modelKind = ModelKind::Capture;  // read by head: the layer/head are part of the q/k
    now = in.settings;
    now.head = 1;
    EXPECT_TRUE(needsNewQk(in, now));
}

TEST(AttentionPipeline, MissingVideoIsRefusedNamingTheKey) {
    try {
        loadQk(AttentionSettings{}, Params{}, QkOptions{});
        FAIL() << "no video accepted";
    } catch (const InvalidParameter& e) {
        EXPECT_EQ(e.name(), "attention.video");
    }
}

TEST(AttentionPipeline, RunsOnAGeneratedVideoAndRowsSumToOne) {
    test::TempDir dir("pipeline");
    const std::string video = test::writeTestVideo(dir / "clip.avi", 6, 64, 48, 10.0);
    ASSERT_FALSE(video.empty());
    Params shared;
    setParam(shared, "attention.video", video);
    setParam(shared, "attention.frames", "3");
    setParam(shared, "attention.grid", "2x3");
    double last = -1;
    bool monotone = true;
    PipelineReporter r;
    r.overall = [&](double f) {
        monotone = monotone && f >= last;
        last = f;
        return true;
    };
    const QkInputs in = loadQk(shared.attention, shared, QkOptions{}, r);
    EXPECT_TRUE(monotone);
    EXPECT_EQ(in.capture.frames, 3);
    EXPECT_EQ(in.capture.tokens(), 18);
    const ColumnAttention c = computeColumn(in, paramsFor("m-rope"), shared.attention, true);
    for (int64_t n = 0; n < 18; ++n) EXPECT_NEAR(c.map.probabilities.row(n).sum(), 1.0f, 1e-4f);
    EXPECT_EQ(c.map.bands.size(), 2u);     // halves
    EXPECT_EQ(c.rowBands.bands.size(), 3u);  // t, h, w under M-RoPE
    // A layer the built-in model (4 layers) lacks.
    AttentionSettings bad = shared.attention;
    bad.layer = 4;
    EXPECT_THROW(computeColumn(in, paramsFor("m-rope"), bad), InvalidParameter);
}

TEST(AttentionSchema, InputsRoundTripThroughAStudyFile) {
    Study s = demoStudy();
    s.set("attention.video", "/data/clip one.mp4");
    s.set("attention.frames", "12");
    s.set("attention.fps", "0.5");
    s.set("attention.grid", "9x16");
    s.set("attention.layer", "3");
    s.set("attention.head", "7");
    s.set("attention.causal", "on");
    s.set("attention.bands", "0-15,16-63");
    s.set("attention.model", "/models/q.safetensors");
    const Study back = studyFromJson(studyToJson(s), "test");
    for (const Params& p : back.columns) {  // study scope: every column has them
        EXPECT_EQ(p.attention.video, "/data/clip one.mp4");
        EXPECT_EQ(p.attention.frames, 12);
        EXPECT_EQ(p.attention.fps, 0.5);
        EXPECT_EQ(p.attention.grid, "9x16");
        EXPECT_EQ(p.attention.layer, 3);
        EXPECT_EQ(p.attention.head, 7);
        EXPECT_TRUE(p.attention.causal);
        EXPECT_EQ(p.attention.bands, "0-15,16-63");
        EXPECT_EQ(p.attention.model, "/models/q.safetensors");
    }
    EXPECT_TRUE(back == s);
}

TEST(AttentionSchema, BadValuesNameTheKey) {
    Params p;
    for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"attention.grid", "9x"}, {"attention.grid", "0x4"}, {"attention.frames", "0"}, {"attention.frames", "4097"},
             {"attention.bands", "5-2"}, {"attention.causal", "yes"}, {"attention.fps", "-1"}, {"attention.video", "a\nb"}}) {
        try {
            setParam(p, key, value);
            ADD_FAILURE() << key << " accepted " << value;
        } catch (const InvalidParameter& e) {
            EXPECT_EQ(e.name(), key) << e.what();
        }
    }
}

}  // namespace
}  // namespace rope
