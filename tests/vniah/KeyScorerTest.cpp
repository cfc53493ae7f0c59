// Per-key scoring of materialised q/k (the real-model path) against a direct rotation, and the two
// facts the synthetic experiment rests on: a key equal to q scores its positional term, and random
// keys keep their spread under any rotation.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/common/PaperVariants.h"
#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "core/PositionLayout.h"
#include "core/Rotary.h"
#include "core/vniah/CapturedVniah.h"
#include "core/random/DeterministicRng.h"
#include "core/vniah/KeyScorer.h"
#include "core/vniah/VniahContent.h"

using namespace rope;

namespace {

Params withSequence(VariantId v, const char* seq) {
    Params p;
    p.variant = v;
    p.sequence = Sequence::parse(seq);
    return p;
}

RowMajorMatrixXf randomRows(Eigen::Index rows, int d, uint64_t key) {
    NormalStream z(key);
    RowMajorMatrixXf m(rows, d);
    for (Eigen::Index r = 0; r < rows; ++r)
        for (int c = 0; c < d; ++c) m(r, c) = static_cast<float>(z.next());
    return m;
}

}  // namespace

TEST(KeyScorer, MatchesRotatingQAndKThenTakingTheDotProduct) {
    // Reference: rotate q and every k with the cos/sin table computed one angle at a time
    // (Rotary.h), then (R q)·(R k)/√d in double. Long vanilla/TAD sequences put positions in the
    // thousands, where angle reduction matters.
    for (VariantId v : paperVariantNames()) {
        const Params p = withSequence(v, "text:5,video:40x3x8,text:4");
        const Positions pos = computePositions(p);
        const FrequencyPlan plan = makeFrequencyPlan(p);
        const RotaryTable table = computeRotaryDirect(pos, plan);
        const int d = p.headDim;
        const int64_t first = 5, n = 40 * 24, query = pos.tokens() - 1;
        const RowMajorMatrixXf keys = randomRows(n, d, 11);
        const Eigen::VectorXf q = randomRows(1, d, 12).row(0).transpose();

        RowMajorMatrix qRow(1, d), kRows(n, d);
        qRow.row(0) = q.cast<double>().transpose();
        kRows = keys.cast<double>();
        RotaryTable qTable, kTable;
        qTable.cos = table.cos.middleRows(query, 1), qTable.sin = table.sin.middleRows(query, 1);
        kTable.cos = table.cos.middleRows(first, n), kTable.sin = table.sin.middleRows(first, n);
        const RowMajorMatrix rq = rotate(qRow, qTable), rk = rotate(kRows, kTable);
        const Eigen::VectorXd ref = rk * rq.row(0).transpose() / std::sqrt(static_cast<double>(d));

        for (int threads : {1, 2}) {
            const Eigen::VectorXd got = rotaryLogits(plan, pos, query, q, first, keys, threads);
            ASSERT_EQ(got.size(), n);
            // float inputs and float tables: each of the d terms carries ~1e-7 relative error.
            EXPECT_LT((got - ref).cwiseAbs().maxCoeff(), 2e-5 * std::sqrt(static_cast<double>(d))) << variantName(v);
        }
    }
}

TEST(KeyScorer, AKeyEqualToTheQueryScoresItsPositionalTerm) {
    // k = q ⇒ a_i = ρ_i, b_i = 0 ⇒ logit = Σ_i ρ_i cos φ_i / √d, the synthetic experiment's P(n).
    VniahSettings s;
    const VniahGeometry geo = VniahGeometry::of(s, 30);
    for (VariantId v : paperVariantNames()) {
        Params p;
        p.variant = v;
        p.sequence = geo.sequence();
        const Positions pos = computePositions(p);
        const FrequencyPlan plan = makeFrequencyPlan(p);
        const VniahQuery q = vniahQuery(s, p.headDim, 0, 0);
        const int64_t frame = 17;
        const RowMajorMatrixXf keys = q.g.cast<float>().transpose().replicate(geo.tokensPerFrame(), 1);
        const Eigen::VectorXd logits = rotaryLogits(plan, pos, geo.queryToken(), q.g.cast<float>(), geo.firstToken(frame), keys);
        RowMajorArray rho(p.headDim / 2, 1);
        rho.col(0) = q.rho.array();
        const RowMajorArray terms = positionalTerms(frameCosines(pos, plan, geo, frame), rho);
        for (Eigen::Index n = 0; n < logits.size(); ++n)
            EXPECT_NEAR(logits(n), terms(n, 0) / std::sqrt(128.0), 2e-4) << variantName(v) << " token " << n;
    }
}

TEST(KeyScorer, RandomKeysKeepTheirSpreadUnderEveryRotation) {
    // For k ~ N(0, I), q·R k ~ N(0, ‖q‖²) whatever R is — why the experiment may draw a haystack
    // logit as one normal. 40 000 keys per half: the variance's standard error is √(2/n) = 0.7 %,
    // the mean's ‖q‖/√d/√n. Both halves of the video (near and far from the query) must agree.
    VniahSettings s;
    const VniahGeometry geo = VniahGeometry::of(s, 560);
    for (VariantId v : paperVariantNames()) {
        Params p;
        p.variant = v;
        p.sequence = geo.sequence();
        const Positions pos = computePositions(p);
        const FrequencyPlan plan = makeFrequencyPlan(p);
        const VniahQuery q = vniahQuery(s, 128, 1, 0);
        const int64_t n = 40000;
        const double expectedVar = q.norm * q.norm / 128;
        for (int64_t first : {int64_t{0}, geo.visualTokens() - n}) {
            const RowMajorMatrixXf keys = randomRows(n, 128, 100 + static_cast<uint64_t>(first));
            const Eigen::VectorXd l = rotaryLogits(plan, pos, geo.queryToken(), q.g.cast<float>(), first, keys, 2);
            const double mean = l.mean(), var = (l.array() - mean).square().sum() / static_cast<double>(n - 1);
            EXPECT_NEAR(mean, 0.0, 5 * std::sqrt(expectedVar / static_cast<double>(n))) << variantName(v);
            EXPECT_NEAR(var / expectedVar, 1.0, 0.035) << variantName(v) << " first key " << first;
        }
    }
}

TEST(KeyScorer, FrameLogMassIsLogSumExpPerFrame) {
    Eigen::VectorXd logits(4);
    logits << 0.0, std::log(3.0), 1.0, 1.0;
    const Eigen::VectorXd m = frameLogMasses(logits, 2);
    ASSERT_EQ(m.size(), 2);
    EXPECT_NEAR(m(0), std::log(4.0), 1e-15);        // log(1 + 3)
    EXPECT_NEAR(m(1), 1.0 + std::log(2.0), 1e-15);  // log(e + e)
}

TEST(CapturedVniah, AStrongNeedleWinsUnderEveryVariant) {
    // q from a seed; needle keys = 3q (cosine 1, three times the norm), all other keys random: the
    // needle logits are ≈ 3‖q‖²/√d ≈ 34 against haystack logits ~ N(0, ‖q‖²/d) ≈ N(0, 1).
    CapturedVniahCase c;
    c.sequence = Sequence::parse("text:2,video:20x3x4,text:5");
    c.videoSegment = 1;
    c.queryToken = c.sequence.tokenCount() - 1;
    c.needleFrame = 13;
    c.distractorFrames = {3};
    c.q = randomRows(1, 128, 5).row(0).transpose();
    c.keys = randomRows(20 * 12, 128, 6);
    for (int n = 0; n < 12; ++n) c.keys.row(13 * 12 + n) = 3 * c.q.transpose();
    for (VariantId v : paperVariantNames()) {
        Params p;
        p.variant = v;
        const CapturedVniahScore score = scoreCapturedVniah(p, c);
        EXPECT_TRUE(score.success) << variantName(v);
        EXPECT_EQ(score.winnerFrame, 13) << variantName(v);
        EXPECT_EQ(score.frameLogMass.size(), 20);
    }
}

TEST(CapturedVniah, ShapesThatDoNotMatchAreRejected) {
    CapturedVniahCase c;
    c.sequence = Sequence::parse("video:4x2x2,text:1");
    c.queryToken = 16;
    c.q = Eigen::VectorXf::Zero(128);
    c.keys = RowMajorMatrixXf::Zero(15, 128);  // 16 video tokens expected
    EXPECT_THROW(scoreCapturedVniah(Params{}, c), InvalidParameter);
    c.keys = RowMajorMatrixXf::Zero(16, 128);
    c.needleFrame = 4;  // outside 0..3
    EXPECT_THROW(scoreCapturedVniah(Params{}, c), InvalidParameter);
    c.needleFrame = 1;
    c.distractorFrames = {1};  // the needle itself
    EXPECT_THROW(scoreCapturedVniah(Params{}, c), InvalidParameter);
    c.distractorFrames = {};
    c.videoSegment = 1;  // the text segment
    EXPECT_THROW(scoreCapturedVniah(Params{}, c), InvalidParameter);
    c.videoSegment = 0;
    EXPECT_NO_THROW(scoreCapturedVniah(Params{}, c));
}

TEST(CapturedVniah, EveryLayerAndHeadIsOneTrialAndTiesFail) {
    // An all-zero capture (2 layers × 3 heads, 3 frames of 1 × 2 tokens): every logit is 0 whatever
    // the rotation, so every frame's log-mass is log 2, no frame is strictly the largest, and the
    // needle loses every one of the 6 trials.
    QkCapture cap;
    cap.frames = 3, cap.rows = 1, cap.cols = 2;
    for (QkTensor* t : {&cap.q, &cap.k}) {
        t->layers = 2, t->heads = 3, t->tokens = 6, t->headDim = 128;
        t->data.assign(static_cast<size_t>(t->size()), 0.0f);
    }
    Params p;
    const CaptureVniahResult r = scoreCaptureVniah(p, cap, 1, {});
    EXPECT_EQ(r.layers, 2);
    EXPECT_EQ(r.heads, 3);
    ASSERT_EQ(r.scores.size(), 6u);
    // All-zero q and k: every logit is 0, every frame has log-mass log 2, so no frame is strictly
    // the largest and the needle does not win (ties fail).
    for (const CapturedVniahScore& s : r.scores) {
        EXPECT_NEAR(s.frameLogMass(1), std::log(2.0), 1e-12);
        EXPECT_FALSE(s.success);
    }
    EXPECT_EQ(r.rate(), 0.0);
    p.headDim = 64;
    p.sections = {8, 12, 12};
    EXPECT_THROW(scoreCaptureVniah(p, cap, 1, {}), InvalidParameter);
    EXPECT_THROW(scoreCaptureVniah(Params{}, cap, 3, {}), InvalidParameter);
}
