// The V-NIAH experiment on cases a person can check: no positions (content alone decides), a
// distractor identical to the needle (positions alone decide, against a hand computation), the
// grid against its drill-down, determinism, cancellation and the errors for bad grids.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>

#include "core/Errors.h"
#include "core/FrequencyPlan.h"
#include "core/variants/allocations/Allocations.h"
#include "core/ParamSchema.h"
#include "core/vniah/VniahExperiment.h"

using namespace rope;

namespace {

VniahSettings smallGrid() {
    VniahSettings s;
    s.lengths = {40, 120};
    s.depths = {0, 50, 100};
    s.distractorOffset = 30;
    s.seeds = 3;
    s.heads = 2;
    return s;
}

Params variant(VariantId v) {
    Params p;
    p.variant = v;
    return p;
}

RunControl oneThread() {
    RunControl c;
    c.threads = 1;
    return c;
}

}  // namespace

// --- content alone ----------------------------------------------------------------------------

// With every position equal, cos φ = 1 in every pair, so P(n) = ‖g_q‖² for every related token and
// (VniahContent.h, d = 128, β = 1):
//   needle logit      ≈ c_n·√d + √(1−c_n²)·z          (c_n = 0.9: 10.2 ± 0.44)
//   distractor logit  ≈ (c_n − gap)·√d + ...
//   haystack logit    ≈ z
// A frame's log-mass is log Σ exp over its 144 tokens. The needle's lead over a distractor is
// ≈ gap·√d − ((1−c_d²) − (1−c_n²))/2: 0.52 nats for gap 0.05, 1.05 for 0.1, 3.2 for 0.3, while
// the frame log-masses scatter by ≈ 0.05 nats (per-token noise 0.44–0.6 averaged over 144 tokens):
// ≥ 10 standard deviations. Over the best of up to 3000 haystack frames (log 144 + 0.5 + ~0.4)
// the lead is ≈ 9 nats. So every trial must succeed.
TEST(VniahExperiment, WithoutPositionsTheNeedleAlwaysWinsWhenItsContentGapIsPositive) {
    for (double gap : {0.05, 0.1, 0.3}) {
        VniahSettings s;
        s.lengths = {50, 700, 3000};
        s.seeds = 16;  // 64 trials per cell
        s.contentGap = gap;
        const int d = 128;
        const VniahHaystack hay = VniahHaystack::draw(s, d, 3000);
        const FrequencyPlan plan = singleAxisPlan(RotaryGeometry{1e6, d, d});
        for (int64_t F : s.lengths) {
            const VniahGeometry geo = VniahGeometry::of(s, F);
            Positions none;
            none.pos = PositionArray::Zero(3, geo.tokens());  // no position encoding: all equal
            for (int64_t depth : s.depths) {
                const auto scores = scoreVniahCell(s, hay, none, plan, geo, depth, {VniahTask::Plain, VniahTask::Distractors});
                for (const VniahCellScore& sc : scores) EXPECT_EQ(sc.rate(), 1.0) << "gap " << gap << " F " << F << " depth " << depth;
            }
        }
    }
}

// The control that shows the test above can fail: with no gap the needle and a distractor are
// identically distributed, so the needle wins about half of the trials that have a distractor.
TEST(VniahExperiment, WithoutPositionsAndWithoutGapNeedleAndDistractorTie) {
    VniahSettings s;
    s.lengths = {3000};
    s.seeds = 16;  // 64 trials per cell
    s.contentGap = 0;
    const VniahHaystack hay = VniahHaystack::draw(s, 128, 3000);
    const VniahGeometry geo = VniahGeometry::of(s, 3000);
    Positions none;
    none.pos = PositionArray::Zero(3, geo.tokens());
    double wins = 0, n = 0;
    for (int64_t depth : s.depths) {
        // Depths 0 and 100 have one distractor, the others two: P(win) = 1/2 and 1/3.
        const VniahCellScore sc = scoreVniahCell(s, hay, none, singleAxisPlan(RotaryGeometry{1e6, 128, 128}), geo, depth, {VniahTask::Distractors})[0];
        wins += sc.rate() * static_cast<double>(sc.success.size());
        n += static_cast<double>(sc.success.size());
    }
    // Expected (2·1/2 + 4·1/3)/6 = 0.389; 384 trials give a standard error of 0.025.
    EXPECT_NEAR(wins / n, 0.389, 0.11);
}

// --- positions alone --------------------------------------------------------------------------

namespace {

/// Two frames of one token each, a one-token question, needle in frame 0 (depth 0) and a
/// distractor identical to it (gap 0, similarity 1: no noise) in frame 1. head_dim 4, θ = 100:
/// ω_0 = 1, ω_1 = 100^(−2/4) = 0.1. Then each frame's log-mass is its one logit (β/√d)·P with
/// P = ρ_0 cos φ_0 + ρ_1 cos φ_1, ρ_i = g_i² + g_{i+2}².
VniahSettings twoFrameSettings() {
    VniahSettings s;
    s.lengths = {2};
    s.depths = {0};
    s.seeds = 16;
    s.frameRows = s.frameCols = 1;
    s.questionTokens = 1;
    s.distractorOffset = 1;
    s.needleSimilarity = 1;
    s.contentGap = 0;
    s.logitScale = 1.5;
    s.task = VniahTask::Distractors;
    return s;
}

Params twoFrameParams(VariantId v) {
    Params p;
    p.variant = v;
    p.headDim = 4;
    p.theta = 100;
    p.sections = {1, 1, 0};
    p.delta = 5;
    return p;
}

}  // namespace

TEST(VniahExperiment, IdenticalDistractorIsDecidedByPositionAloneVideoRope) {
    // VideoRoPE, δ = 5, sections t/h/w = 1/1/0: pair 0 → h (the interleaved spatial band), pair 1 → t
    // (LTA: the last, slowest pair). Layout of video:2x1x1,text:1 (centring offsets are 0 for a
    // 1×1 grid): frame 0 at t = h = w = 0, frame 1 at 5, the question at max t + 1 = 6.
    //   needle (frame 0):     φ_0 = 1·(0 − 6),   φ_1 = 0.1·(0 − 6)   → P_n = ρ0 cos 6 + ρ1 cos 0.6
    //   distractor (frame 1): φ_0 = 1·(5 − 6),   φ_1 = 0.1·(5 − 6)   → P_d = ρ0 cos 1 + ρ1 cos 0.1
    // The needle wins iff 0.420·ρ0 > 0.170·ρ1: about 71 % of random queries, so both outcomes occur.
    const VniahSettings s = twoFrameSettings();
    const Params p = twoFrameParams(VariantId("videorope"));
    const double scale = s.logitScale / 2;  // β/√d
    int handWins = 0;
    for (int seed = 0; seed < s.seeds; ++seed)
        for (int head = 0; head < s.heads; ++head) {
            const VniahQuery q = vniahQuery(s, 4, seed, head);
            const double r0 = q.g(0) * q.g(0) + q.g(2) * q.g(2), r1 = q.g(1) * q.g(1) + q.g(3) * q.g(3);
            const double pn = r0 * std::cos(6.0) + r1 * std::cos(0.6), pd = r0 * std::cos(1.0) + r1 * std::cos(0.1);
            const VniahCase c = vniahCase(s, p, VniahTask::Distractors, 2, 0, seed, head);
            ASSERT_EQ(c.distractorFrames, (std::vector<int64_t>{1}));
            EXPECT_NEAR(c.frameLogMass(0), scale * pn, 1e-12);
            EXPECT_NEAR(c.frameLogMass(1), scale * pd, 1e-12);
            EXPECT_EQ(c.success, pn > pd);
            handWins += pn > pd;
        }
    const double handRate = handWins / static_cast<double>(s.trials());
    EXPECT_GT(handRate, 0.0);
    EXPECT_LT(handRate, 1.0);
    const VniahRun run = runVniah(s, {{"VideoRoPE", p}}, {VniahTask::Distractors}, oneThread());
    EXPECT_EQ(run.grids[0].success(0, 0), handRate);
}

TEST(VniahExperiment, IdenticalDistractorIsDecidedByPositionAloneMRope) {
    // M-RoPE, sections 1/1/0: pair 0 → t (the fast band), pair 1 → h. Frames: (t, h, w) = (0, 0, 0)
    // and (1, 0, 0); the question at max over all rows + 1 = 2 on every row.
    //   needle:     φ_0 = −2, φ_1 = 0.1·(−2)   → P_n = ρ0 cos 2 + ρ1 cos 0.2
    //   distractor: φ_0 = −1, φ_1 = 0.1·(−2)   → P_d = ρ0 cos 1 + ρ1 cos 0.2
    // P_n − P_d = ρ0 (cos 2 − cos 1) = −0.956 ρ0 < 0: the temporal pair alone makes the needle lose.
    const VniahSettings s = twoFrameSettings();
    const Params p = twoFrameParams(VariantId("m-rope"));
    for (int seed = 0; seed < s.seeds; ++seed)
        for (int head = 0; head < s.heads; ++head) {
            const VniahQuery q = vniahQuery(s, 4, seed, head);
            const double r0 = q.g(0) * q.g(0) + q.g(2) * q.g(2), r1 = q.g(1) * q.g(1) + q.g(3) * q.g(3);
            const VniahCase c = vniahCase(s, p, VniahTask::Distractors, 2, 0, seed, head);
            EXPECT_NEAR(c.frameLogMass(0), 0.75 * (r0 * std::cos(2.0) + r1 * std::cos(0.2)), 1e-12);
            EXPECT_NEAR(c.frameLogMass(1), 0.75 * (r0 * std::cos(1.0) + r1 * std::cos(0.2)), 1e-12);
            EXPECT_FALSE(c.success);
            EXPECT_EQ(c.winnerFrame, 1);
        }
    const VniahRun run = runVniah(s, {{"M-RoPE", p}}, {VniahTask::Distractors}, oneThread());
    EXPECT_EQ(run.grids[0].success(0, 0), 0.0);
    EXPECT_EQ(run.grids[0].lostToDistractor(0, 0), 1.0);
}

// --- the grid and its drill-down --------------------------------------------------------------

TEST(VniahExperiment, GridCellsAreTheMeanOfTheirDrillDownCases) {
    const VniahSettings s = smallGrid();
    for (VariantId v : {VariantId("m-rope"), VariantId("videorope"), VariantId("vanilla")}) {
        const Params p = variant(v);
        const VniahRun run = runVniah(s, {{variantName(v), p}}, {VniahTask::Distractors}, {});
        ASSERT_EQ(run.status, RunStatus::Completed);
        const VniahGrid& g = run.grids[0];
        for (size_t l = 0; l < s.lengths.size(); ++l)
            for (size_t d = 0; d < s.depths.size(); ++d) {
                int wins = 0;
                for (int seed = 0; seed < s.seeds; ++seed)
                    for (int head = 0; head < s.heads; ++head) {
                        const VniahCase c = vniahCase(s, p, VniahTask::Distractors, s.lengths[l], s.depths[d], seed, head);
                        wins += c.success;
                        EXPECT_NEAR(c.frameMass.sum(), 1.0, 1e-12);
                        EXPECT_EQ(c.success, c.winnerFrame == c.needleFrame);
                    }
                EXPECT_EQ(g.success(static_cast<Eigen::Index>(l), static_cast<Eigen::Index>(d)), wins / 6.0)
                    << variantName(v) << " F " << s.lengths[l] << " depth " << s.depths[d];
            }
    }
}

TEST(VniahExperiment, DrillDownTermsAreOneWithoutAttenuationAtTheQuery) {
    // The positional term of a frame is the mean over its tokens of Σ ρ_i cos φ_i / ‖g‖²: at most 1,
    // and the temporal share alone is at most the share of ρ on t pairs (16 of 64 pairs for M-RoPE).
    VniahSettings s = smallGrid();
    const VniahCase c = vniahCase(s, variant(VariantId("m-rope")), VniahTask::Plain, 120, 50, 0, 0);
    EXPECT_LE(c.positionalTerm.maxCoeff(), 1.0 + 1e-12);
    EXPECT_GE(c.positionalTerm.minCoeff(), -1.0 - 1e-12);
    const VniahQuery q = vniahQuery(s, 128, 0, 0);
    const double temporalShare = q.rho.head(16).sum() / q.rho.sum();
    EXPECT_LE(c.temporalTerm.cwiseAbs().maxCoeff(), temporalShare + 1e-12);
}

// --- determinism --------------------------------------------------------------------------------

TEST(VniahExperiment, SameSeedSameResultWhateverTheThreadCount) {
    VniahSettings s = smallGrid();
    const std::vector<VniahColumn> cols{{"m", variant(VariantId("m-rope"))}, {"v", variant(VariantId("videorope"))}};
    const std::vector<VniahTask> tasks{VniahTask::Plain, VniahTask::Distractors};
    RunControl two;
    two.threads = 2;
    const VniahRun a = runVniah(s, cols, tasks, oneThread());
    const VniahRun b = runVniah(s, cols, tasks, two);
    const VniahRun c = runVniah(s, cols, tasks, two);
    ASSERT_EQ(a.grids.size(), 4u);
    for (size_t k = 0; k < a.grids.size(); ++k) {
        EXPECT_TRUE((a.grids[k].success == b.grids[k].success).all());
        EXPECT_TRUE((a.grids[k].meanMargin == b.grids[k].meanMargin).all());
        EXPECT_TRUE((b.grids[k].meanMargin == c.grids[k].meanMargin).all());
    }
    s.seed = 2;  // another base seed draws other trials
    const VniahRun d = runVniah(s, cols, tasks, two);
    EXPECT_FALSE((a.grids[1].meanMargin == d.grids[1].meanMargin).all());
}

// --- control ----------------------------------------------------------------------------------

TEST(VniahExperiment, CancelledRunReturnsNoGrid) {
    std::atomic<bool> cancel{true};
    RunControl ctl;
    ctl.cancel = &cancel;
    const VniahRun run = runVniah(smallGrid(), {{"m", variant(VariantId("m-rope"))}}, {VniahTask::Plain}, ctl);
    EXPECT_EQ(run.status, RunStatus::Cancelled);
    EXPECT_TRUE(run.grids.empty());
}

TEST(VniahExperiment, ProgressRisesToOne) {
    RunControl ctl;
    std::vector<double> seen;
    ctl.progress = [&](double f) {
        seen.push_back(f);
        return true;
    };
    runVniah(smallGrid(), {{"m", variant(VariantId("m-rope"))}}, {VniahTask::Plain}, ctl);
    ASSERT_FALSE(seen.empty());
    for (size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i], seen[i - 1]);
    EXPECT_NEAR(seen.back(), 1.0, 1e-12);
}

TEST(VniahExperiment, ProgressReturningFalseCancelsLikeTheFlag) {
    // One progress/cancel type (core/Progress.h): a callback that answers false stops the run.
    RunControl ctl;
    int calls = 0;
    ctl.progress = [&](double) {
        ++calls;
        return false;
    };
    const VniahRun run = runVniah(smallGrid(), {{"m", variant(VariantId("m-rope"))}}, {VniahTask::Plain}, ctl);
    EXPECT_GE(calls, 1);
    EXPECT_EQ(run.status, RunStatus::Cancelled);
    EXPECT_TRUE(run.grids.empty());
}

// --- bad parameters ---------------------------------------------------------------------------

namespace {

void expectInvalid(const VniahSettings& s, VniahTask task, const std::string& key, const std::string& words) {
    try {
        runVniah(s, {{"m", Params{}}}, {task}, {});
        ADD_FAILURE() << key << " was accepted";
    } catch (const InvalidParameter& e) {
        EXPECT_EQ(e.name(), key) << e.what();
        EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
}

}  // namespace

TEST(VniahExperiment, EmptyGridIsAClearError) {
    VniahSettings s = smallGrid();
    s.lengths.clear();
    expectInvalid(s, VniahTask::Plain, "vniah.lengths", "at least one");
    s = smallGrid();
    s.depths.clear();
    expectInvalid(s, VniahTask::Plain, "vniah.depths", "at least one");
}

TEST(VniahExperiment, DepthOutside0To100IsAClearError) {
    VniahSettings s = smallGrid();
    s.depths = {0, 120};
    expectInvalid(s, VniahTask::Plain, "vniah.depths", "0..100");
    s.depths = {-5};
    expectInvalid(s, VniahTask::Plain, "vniah.depths", "0..100");
}

TEST(VniahExperiment, DistractorOutsideEveryVideoIsAClearError) {
    VniahSettings s = smallGrid();  // longest video 120 frames
    s.distractorOffset = 120;
    expectInvalid(s, VniahTask::Distractors, "vniah.distractor_offset", "outside the video");
    EXPECT_NO_THROW(validateVniah(s, {VniahTask::Plain}));  // V-NIAH places no distractor
    s.distractorOffset = 119;
    EXPECT_NO_THROW(validateVniah(s, {VniahTask::Distractors}));
}

TEST(VniahExperiment, TooManyTokensForTheMemoryBudgetIsRefusedWithTheEstimate) {
    VniahSettings s;
    s.lengths = {1'000'000};  // 144 million tokens: positions alone are 3.5 GB per thread
    Params p;
    p.memoryBudgetMiB = 4096;
    try {
        runVniah(s, {{"m", p}}, {VniahTask::Plain}, {});
        ADD_FAILURE() << "a 144-million-token grid was accepted";
    } catch (const TooLarge& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("V-NIAH grid"), std::string::npos) << msg;
        EXPECT_NE(msg.find("MiB"), std::string::npos) << msg;
        EXPECT_NE(msg.find("4096"), std::string::npos) << msg;
    }
    // The estimate grows with the grid and is what the budget is compared with.
    VniahSettings small = smallGrid();
    EXPECT_LT(vniahMemoryBytes(small, {{"m", p}}, 2), vniahMemoryBytes(s, {{"m", p}}, 2));
    EXPECT_GT(vniahMemoryBytes(s, {{"m", p}}, 1), 144e6 * 24);  // at least the positions
}

TEST(VniahExperiment, OtherBadSettingsNameTheirKey) {
    VniahSettings s = smallGrid();
    s.seeds = 0;
    expectInvalid(s, VniahTask::Plain, "vniah.seeds", ">= 1");
    s = smallGrid();
    s.logitScale = -1;
    expectInvalid(s, VniahTask::Plain, "vniah.logit_scale", "> 0");
    s = smallGrid();
    EXPECT_THROW(vniahCase(s, Params{}, VniahTask::Plain, 40, 0, s.seeds, 0), InvalidParameter);
}
