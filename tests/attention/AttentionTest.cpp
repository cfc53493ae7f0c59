// Attention over a captured head: invariants (softmax rows sum to 1, causal zeros, band components
// add up to the logits, Vanilla logits depend only on the offset), hand computations (a 2-token
// logit with d = 4, uniform frame attention), a double-precision reference, and the budget refusal.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "tests/common/PaperVariants.h"
#include "core/Errors.h"
#include "core/FrequencyPlan.h"
#include "core/ParamSchema.h"
#include "core/PositionLayout.h"
#include "core/Rotary.h"
#include "core/attention/Attention.h"

namespace {

using namespace rope;

/// Params for head_dim d with sections that sum to d/2 (t gets a quarter, h and w the rest).
Params paramsFor(VariantId v, int d) {
    Params p;
    p.variant = v;
    p.headDim = d;
    const int half = d / 2, t = half / 4, h = (half - t) / 2;
    p.sections = {t, h, half - t - h};
    return p;
}

QkCapture emptyCapture(int64_t layers, int64_t heads, int64_t T, int64_t H, int64_t W, int64_t d) {
    QkCapture c;
    for (QkTensor* t : {&c.q, &c.k}) {
        t->layers = layers, t->heads = heads, t->tokens = T * H * W, t->headDim = d;
        t->data.assign(static_cast<size_t>(t->size()), 0.0f);
    }
    c.frames = T, c.rows = H, c.cols = W;
    return c;
}

QkCapture randomCapture(int64_t layers, int64_t heads, int64_t T, int64_t H, int64_t W, int64_t d, unsigned seed) {
    QkCapture c = emptyCapture(layers, heads, T, H, W, d);
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (float& v : c.q.data) v = normal(rng);
    for (float& v : c.k.data) v = normal(rng);
    return c;
}

TEST(Attention, SoftmaxRowsSumToOneAndCausalIsZeroAboveTheDiagonal) {
    const QkCapture cap = randomCapture(2, 2, 3, 2, 4, 32, 7);
    for (VariantId v : paperVariantNames())
        for (bool causal : {false, true}) {
            SCOPED_TRACE(variantName(v) + (causal ? " causal" : " full"));
            AttentionRequest req;
            req.variant = paramsFor(v, 32);
            req.layer = 1, req.head = 0, req.causal = causal;
            const AttentionMap m = computeAttention(cap, req);
            ASSERT_EQ(m.probabilities.rows(), 24);
            ASSERT_EQ(m.probabilities.cols(), 24);
            for (Eigen::Index i = 0; i < 24; ++i) {
                EXPECT_NEAR(m.probabilities.row(i).sum(), 1.0f, 1e-5f);
                EXPECT_GE(m.probabilities.row(i).minCoeff(), 0.0f);
                for (Eigen::Index j = i + 1; causal && j < 24; ++j) EXPECT_EQ(m.probabilities(i, j), 0.0f);
            }
            if (causal) {
                EXPECT_EQ(m.probabilities(0, 0), 1.0f);  // the first query sees only itself
            }
            ASSERT_EQ(m.frameAttention.rows(), 3);
            for (Eigen::Index a = 0; a < 3; ++a) EXPECT_NEAR(m.frameAttention.row(a).sum(), 1.0f, 1e-5f);
            if (causal) {  // frame 0 cannot see frames 1 and 2
                EXPECT_EQ(m.frameAttention(0, 1) + m.frameAttention(0, 2), 0.0f);
            }
        }
}

TEST(Attention, BandComponentsSumToTheFullLogits) {
    const QkCapture cap = randomCapture(1, 1, 3, 3, 4, 32, 11);
    for (VariantId v : {VariantId("videorope"), VariantId("m-rope"), VariantId("rope-tie")}) {
        const Params p = paramsFor(v, 32);
        const std::vector<std::vector<FrequencyBand>> splits = {
            halvesBands(32), rowBands(makeFrequencyPlan(p)), parsePairRanges("0-3,4-9,10-15", 32)};
        for (const auto& bands : splits) {
            SCOPED_TRACE(variantName(v) + " / " + bands.front().name);
            AttentionRequest req;
            req.variant = p;
            req.bands = bands;
            req.keepLogits = true;
            const AttentionMap m = computeAttention(cap, req);
            RowMajorMatrixXf sum = RowMajorMatrixXf::Zero(36, 36);
            for (const BandLogits& b : m.bands) sum += b.logits;
            EXPECT_LE((sum - m.logits).cwiseAbs().maxCoeff(), 1e-4f);
            EXPECT_GT(m.logits.cwiseAbs().maxCoeff(), 0.5f);  // not vacuous

            // Summaries, recomputed here by plain loops over the 3 × 3 frame blocks of 12 tokens.
            const BandLogits& b = m.bands.back();
            double blockSum = 0, absSum = 0;
            for (int i = 12; i < 24; ++i)
                for (int j = 24; j < 36; ++j) blockSum += b.logits(i, j);
            for (int i = 0; i < 36; ++i)
                for (int j = 0; j < 36; ++j) absSum += std::abs(b.logits(i, j));
            EXPECT_NEAR(b.frameMean(1, 2), blockSum / 144.0, 1e-5);
            EXPECT_NEAR(b.meanAbs, absSum / (36.0 * 36.0), 1e-5);
        }
    }
}

TEST(Attention, VanillaLogitsOfIdenticalTokensDependOnlyOnTheOffset) {
    // q = k = x for every token. Under Vanilla RoPE token n sits at position n, and per pair
    //   q̃_n · k̃_m = (a² + b²) cos((n − m) ω_i)          (the sin terms a·b − b·a cancel)
    // so logit(n, m) = Σ_i (a_i² + b_i²) cos((n − m) ω_i) / √d, ω_i = θ^(−2i/d).
    const int d = 16;
    const double theta = 10000;
    QkCapture cap = emptyCapture(1, 1, 2, 3, 4, d);
    const float x[d] = {0.3f, -1.2f, 0.8f, 0.05f, 2.0f, -0.7f, 0.4f, 1.1f, -0.9f, 0.6f, 0.2f, -1.5f, 1.3f, 0.1f, -0.4f, 0.75f};
    for (int64_t n = 0; n < 24; ++n)
        for (int c = 0; c < d; ++c) cap.q.token(0, 0, n)[c] = cap.k.token(0, 0, n)[c] = x[c];
    AttentionRequest req;
    req.variant = paramsFor(VariantId("vanilla"), d);
    req.variant.theta = theta;
    req.keepLogits = true;
    const AttentionMap m = computeAttention(cap, req);
    for (int n = 0; n < 24; ++n)
        for (int k = 0; k < 24; ++k) {
            double expected = 0;
            for (int i = 0; i < d / 2; ++i) {
                const double w = std::pow(theta, -2.0 * i / d);
                expected += (double(x[i]) * x[i] + double(x[i + d / 2]) * x[i + d / 2]) * std::cos((n - k) * w);
            }
            expected /= std::sqrt(double(d));
            EXPECT_NEAR(m.logits(n, k), expected, 1e-4) << n << "," << k;
            if (n + 1 < 24 && k + 1 < 24) {
                EXPECT_NEAR(m.logits(n, k), m.logits(n + 1, k + 1), 1e-4);
            }
        }
}

TEST(Attention, TwoTokenHandComputationWithHeadDim4) {
    // Vanilla, θ = 100, d = 4: ω_0 = 1, ω_1 = 100^(−1/2) = 0.1. Grid 1×1×2: token 0 at position 0,
    // token 1 at position 1. Rotate-half pairs: pair 0 = channels (0, 2), pair 1 = channels (1, 3).
    //   q_1 = [1, 0, 0, 1]: pair 0 (a, b) = (1, 0) turned by 1 rad   → (cos 1, sin 1)
    //                       pair 1 (a, b) = (0, 1) turned by 0.1 rad → (−sin 0.1, cos 0.1)
    //   q̃_1 = [cos 1, −sin 0.1, sin 1, cos 0.1];  k_0 = [2, 1, 0, 3] at position 0 is not turned.
    //   logit(1, 0) = (2 cos 1 − sin 0.1 + 3 cos 0.1) / √4,  split as
    //     pair 0: 2 cos 1 / 2 = cos 1,   pair 1: (−sin 0.1 + 3 cos 0.1) / 2.
    // q_0 = 0 and k_1 = 0, so every other logit is 0.
    QkCapture cap = emptyCapture(1, 1, 1, 1, 2, 4);
    const float q1[4] = {1, 0, 0, 1}, k0[4] = {2, 1, 0, 3};
    std::copy(q1, q1 + 4, cap.q.token(0, 0, 1));
    std::copy(k0, k0 + 4, cap.k.token(0, 0, 0));
    const double L = (2 * std::cos(1.0) - std::sin(0.1) + 3 * std::cos(0.1)) / 2;  // ≈ 1.98289

    AttentionRequest req;
    req.variant = paramsFor(VariantId("vanilla"), 4);
    req.variant.theta = 100;
    req.keepLogits = true;
    req.bands = halvesBands(4);
    for (bool causal : {false, true}) {
        req.causal = causal;
        const AttentionMap m = computeAttention(cap, req);
        EXPECT_NEAR(m.logits(1, 0), L, 1e-6);
        EXPECT_NEAR(m.logits(0, 0), 0, 1e-7);
        EXPECT_NEAR(m.logits(0, 1), 0, 1e-7);
        EXPECT_NEAR(m.logits(1, 1), 0, 1e-7);
        EXPECT_NEAR(m.bands[0].logits(1, 0), std::cos(1.0), 1e-6);
        EXPECT_NEAR(m.bands[1].logits(1, 0), (-std::sin(0.1) + 3 * std::cos(0.1)) / 2, 1e-6);
        // Row 1: softmax of (L, 0).
        EXPECT_NEAR(m.probabilities(1, 0), std::exp(L) / (std::exp(L) + 1), 1e-6);
        EXPECT_NEAR(m.probabilities(1, 1), 1 / (std::exp(L) + 1), 1e-6);
        // Row 0: two equal logits → ½, ½; causal → only itself.
        EXPECT_NEAR(m.probabilities(0, 0), causal ? 1.0 : 0.5, 1e-7);
        EXPECT_NEAR(m.probabilities(0, 1), causal ? 0.0 : 0.5, 1e-7);
    }
}

TEST(Attention, UniformAttentionGivesHandComputedFrameAttention) {
    // q = 0: every logit is 0, so a query spreads its attention evenly over the keys it sees.
    // Grid 2×1×2: tokens 0, 1 in frame 0, tokens 2, 3 in frame 1.
    //   full   : every row ¼ ¼ ¼ ¼  → frame attention [[½, ½], [½, ½]]
    //   causal : rows [1], [½ ½], [⅓ ⅓ ⅓], [¼ ¼ ¼ ¼] →
    //            frame 0 queries put all mass on frame 0: [1, 0]
    //            frame 1 queries: on frame 0 mean(⅔, ½) = 7/12, on frame 1 mean(⅓, ½) = 5/12
    QkCapture cap = randomCapture(1, 1, 2, 1, 2, 8, 3);
    std::fill(cap.q.data.begin(), cap.q.data.end(), 0.0f);
    AttentionRequest req;
    req.variant = paramsFor(VariantId("videorope"), 8);
    const AttentionMap full = computeAttention(cap, req);
    for (int a = 0; a < 2; ++a)
        for (int b = 0; b < 2; ++b) EXPECT_NEAR(full.frameAttention(a, b), 0.5, 1e-6);
    req.causal = true;
    const AttentionMap causal = computeAttention(cap, req);
    EXPECT_NEAR(causal.frameAttention(0, 0), 1.0, 1e-6);
    EXPECT_NEAR(causal.frameAttention(0, 1), 0.0, 1e-6);
    EXPECT_NEAR(causal.frameAttention(1, 0), 7.0 / 12, 1e-6);
    EXPECT_NEAR(causal.frameAttention(1, 1), 5.0 / 12, 1e-6);
}

TEST(Attention, MatchesADoublePrecisionReference) {
    // Reference: core's double rotation (Rotary.h rotate, computeRotaryDirect) and plain loops in
    // double. The 2×16×20 grid (640 tokens) spans several row blocks of the implementation, the
    // last one partial, so block edges and the causal shortcut (keys up to the block's last query)
    // are covered.
    struct Grid {
        int64_t T, H, W;
        std::vector<VariantId> variants;
    };
    const int d = 16;
    for (const Grid& g : {Grid{3, 2, 3, paperVariantNames()}, Grid{2, 16, 20, {VariantId("videorope"), VariantId("m-rope")}}}) {
        const int64_t n = g.T * g.H * g.W;
        const QkCapture cap = randomCapture(1, 2, g.T, g.H, g.W, d, 5);
        for (VariantId v : g.variants) {
            Params p = paramsFor(v, d);
            p.delta = 1.5;
            Params seqParams = p;
            seqParams.sequence = Sequence::parse("video:" + std::to_string(g.T) + "x" + std::to_string(g.H) + "x" +
                                                 std::to_string(g.W));
            const RotaryTable table = computeRotaryDirect(computePositions(seqParams), makeFrequencyPlan(seqParams));
            RowMajorMatrix q(n, d), k(n, d);
            for (int64_t t = 0; t < n; ++t)
                for (int c = 0; c < d; ++c) q(t, c) = cap.q.token(0, 1, t)[c], k(t, c) = cap.k.token(0, 1, t)[c];
            const RowMajorMatrix qr = rotate(q, table), kr = rotate(k, table);
            const Eigen::MatrixXd logit = qr * kr.transpose() / std::sqrt(double(d));

            for (bool causal : {false, true})
                for (bool keepLogits : {false, true}) {
                    SCOPED_TRACE(variantName(v) + " n=" + std::to_string(n) + (causal ? " causal" : " full") +
                                 (keepLogits ? " +logits" : ""));
                    AttentionRequest req;
                    req.variant = p;
                    req.head = 1;
                    req.causal = causal;
                    req.keepLogits = keepLogits;
                    const AttentionMap m = computeAttention(cap, req);
                    double worstP = 0, worstL = 0;
                    for (int64_t i = 0; i < n; ++i) {
                        const int64_t len = causal ? i + 1 : n;
                        const double mx = logit.row(i).head(len).maxCoeff();
                        const double z = (logit.row(i).head(len).array() - mx).exp().sum();
                        for (int64_t j = 0; j < n; ++j) {
                            const double ref = j < len ? std::exp(logit(i, j) - mx) / z : 0.0;
                            worstP = std::max(worstP, std::abs(m.probabilities(i, j) - ref));
                            if (keepLogits) worstL = std::max(worstL, std::abs(m.logits(i, j) - logit(i, j)));
                        }
                    }
                    EXPECT_LE(worstP, 1e-5);
                    EXPECT_LE(worstL, 1e-4);
                }
        }
    }
}

TEST(Attention, RotationKeepsEveryPairsLength) {
    const int d = 16;
    const QkCapture cap = randomCapture(1, 1, 2, 2, 2, d, 9);
    Params p = paramsFor(VariantId("videorope"), d);
    const RotaryTable table = videoRotary(p, 2, 2, 2);
    const RowMajorMatrixXf r = rotateRows(cap.q.data.data(), 8, d, table);
    for (int n = 0; n < 8; ++n)
        for (int i = 0; i < d / 2; ++i) {
            const float* x = cap.q.token(0, 0, n);
            EXPECT_NEAR(std::hypot(r(n, i), r(n, i + d / 2)), std::hypot(x[i], x[i + d / 2]), 1e-5);
        }
}

TEST(Attention, KeyImageIsTheQueryRowReshapedToTheFrame) {
    const QkCapture cap = randomCapture(1, 1, 2, 2, 3, 8, 13);
    AttentionRequest req;
    req.variant = paramsFor(VariantId("m-rope"), 8);
    const AttentionMap m = computeAttention(cap, req);
    const Eigen::MatrixXf img = m.keyImage(7, 1);
    ASSERT_EQ(img.rows(), 2);
    ASSERT_EQ(img.cols(), 3);
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 3; ++x) EXPECT_EQ(img(y, x), m.probabilities(7, 6 + y * 3 + x));
    EXPECT_THROW(m.keyImage(12, 0), InvalidParameter);
    EXPECT_THROW(m.keyImage(0, 2), InvalidParameter);
}

TEST(Attention, SummariesDoNotDependOnWhatIsKept) {
    const QkCapture cap = randomCapture(1, 1, 2, 16, 20, 16, 17);  // 640 tokens: several row blocks
    AttentionRequest req;
    req.variant = paramsFor(VariantId("videorope"), 16);
    req.bands = halvesBands(16);
    const AttentionMap all = computeAttention(cap, req);
    req.keepProbabilities = false;
    req.keepBandLogits = false;
    const AttentionMap lean = computeAttention(cap, req);
    EXPECT_EQ(lean.probabilities.size(), 0);
    EXPECT_EQ(lean.bands[0].logits.size(), 0);
    EXPECT_EQ(lean.frameAttention, all.frameAttention);
    for (int b = 0; b < 2; ++b) {
        EXPECT_EQ(lean.bands[size_t(b)].frameMean, all.bands[size_t(b)].frameMean);
        EXPECT_EQ(lean.bands[size_t(b)].meanAbs, all.bands[size_t(b)].meanAbs);
    }
    EXPECT_THROW(lean.keyImage(0, 0), InvalidParameter);
}

TEST(Attention, RefusesOverTheMemoryBudgetWithTheEstimate) {
    // video:16x16x16 = 4096 tokens: one 4096 × 4096 float matrix is 64 MiB on its own.
    const QkCapture cap = emptyCapture(1, 1, 16, 16, 16, 8);
    AttentionRequest req;
    req.variant = paramsFor(VariantId("videorope"), 8);
    req.variant.memoryBudgetMiB = 32;
    EXPECT_GE(attentionBytes(4096, 16, req), 64.0 * 1024 * 1024);
    try {
        computeAttention(cap, req);
        ADD_FAILURE() << "accepted";
    } catch (const TooLarge& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("MiB"), std::string::npos) << m;
        EXPECT_NE(m.find("4096 tokens"), std::string::npos) << m;
        EXPECT_NE(m.find("budget of 32 MiB"), std::string::npos) << m;
    }
    // Each kept band matrix adds another 64 MiB to the estimate.
    AttentionRequest withBands = req;
    withBands.bands = halvesBands(8);
    EXPECT_NEAR(attentionBytes(4096, 16, withBands) - attentionBytes(4096, 16, req), 2 * 64.0 * 1024 * 1024, 1024 * 1024);
}

TEST(Attention, RejectsMismatchedParametersAndBands) {
    const QkCapture cap = randomCapture(2, 3, 1, 2, 2, 8, 1);
    AttentionRequest req;
    req.variant = paramsFor(VariantId("videorope"), 16);
    try {
        computeAttention(cap, req);
        ADD_FAILURE() << "accepted";
    } catch (const InvalidParameter& e) {
        EXPECT_EQ(e.name(), "head_dim");
        EXPECT_NE(std::string(e.what()).find("capture's head_dim = 8"), std::string::npos) << e.what();
    }
    req.variant = paramsFor(VariantId("videorope"), 8);
    req.layer = 2;
    EXPECT_THROW(computeAttention(cap, req), InvalidParameter);
    req.layer = 0, req.head = 3;
    EXPECT_THROW(computeAttention(cap, req), InvalidParameter);
    req.head = 0;
    req.bands = {{"a", {0, 1}}, {"b", {1, 2}}};  // pair 1 twice
    EXPECT_THROW(computeAttention(cap, req), InvalidParameter);
    req.bands = {{"a", {0, 4}}};  // d/2 = 4 pairs: 0..3
    EXPECT_THROW(computeAttention(cap, req), InvalidParameter);
    req.bands = {{"a", {2, 1}}};
    EXPECT_THROW(computeAttention(cap, req), InvalidParameter);

    QkCapture bad = cap;
    bad.cols = 3;  // grid no longer matches the tokens
    req.bands.clear();
    EXPECT_THROW(computeAttention(bad, req), InvalidParameter);
}

TEST(Bands, ReadyMadeSplits) {
    const std::vector<FrequencyBand> halves = halvesBands(128);
    ASSERT_EQ(halves.size(), 2u);
    EXPECT_EQ(halves[0].pairs.front(), 0);
    EXPECT_EQ(halves[0].pairs.back(), 31);
    EXPECT_EQ(halves[1].pairs.front(), 32);
    EXPECT_EQ(halves[1].pairs.back(), 63);

    // VideoRoPE, d = 128, sections 16/24/24 (variants.md §5): pairs 0–47 alternate h (even) and
    // w (odd); pairs 48–63, the lowest frequencies, drive t.
    const std::vector<FrequencyBand> rows = rowBands(makeFrequencyPlan(Params{}));
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].name, "t");
    EXPECT_EQ(rows[0].pairs.size(), 16u);
    EXPECT_EQ(rows[0].pairs.front(), 48);
    EXPECT_EQ(rows[1].name, "h");
    EXPECT_EQ(rows[1].pairs[1], 2);
    EXPECT_EQ(rows[2].name, "w");
    EXPECT_EQ(rows[2].pairs.back(), 47);

    const std::vector<FrequencyBand> user = parsePairRanges(" 0-3, 7 ,10-15", 32);
    ASSERT_EQ(user.size(), 3u);
    EXPECT_EQ(user[0].name, "pairs 0-3");
    EXPECT_EQ(user[0].pairs, (std::vector<int>{0, 1, 2, 3}));
    EXPECT_EQ(user[1].name, "pair 7");
    EXPECT_EQ(user[2].pairs.size(), 6u);
    for (const char* bad : {"", "5-3", "0-16", "a", "0-3,3-5", "1-", "-1", "0-3,,4"})
        EXPECT_THROW(parsePairRanges(bad, 32), InvalidParameter) << bad;
}

}  // namespace

namespace {

// Issue 13 item 12: q/k that are finite but huge (3e38, as a capture may hold) overflow q·k.
// Before: NaN attention, null statistics and exit 0. Now: refused naming layer, head and cause.
TEST(Attention, HugeFiniteQkAreRefusedAsOverflowInQk) {
    QkCapture cap = emptyCapture(1, 2, 1, 1, 2, 4);
    for (float& v : cap.q.data) v = 3e38f;
    for (float& v : cap.k.data) v = 3e38f;
    AttentionRequest req;
    req.variant = paramsFor(VariantId("vanilla"), 4);
    req.layer = 0, req.head = 1;
    try {
        (void)computeAttention(cap, req);
        ADD_FAILURE() << "non-finite attention was returned";
    } catch (const InvalidParameter& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("overflow in q·k"), std::string::npos) << m;
        EXPECT_NE(m.find("layer 0 head 1"), std::string::npos) << m;
    }
    // 3e19: the rotation stays finite (|component| ≤ √2·3e19), but q·k/√d at token 0 (angle 0)
    // is 4 · 3e19 · 3e19 / 2 = 1.8e39 > FLT_MAX ≈ 3.4e38.
    for (float& v : cap.q.data) v = 3e19f;
    for (float& v : cap.k.data) v = 3e19f;
    EXPECT_THROW((void)computeAttention(cap, req), InvalidParameter);
}

}  // namespace
