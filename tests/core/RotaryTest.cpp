// cos/sin tables and the rotate-half rotation. Expected values are hand-computed angles or
// invariants of rotations (cos² + sin² = 1, norms kept, q·k depends only on position differences).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <string>

#include "core/FrequencyPlan.h"
#include "core/variants/allocations/Allocations.h"
#include "core/ParamSchema.h"
#include "core/PositionLayout.h"
#include "core/Rotary.h"

namespace {

using namespace rope;
constexpr double kPi = std::numbers::pi;

Params params(const std::string& variant, const std::string& seq,
              std::initializer_list<std::pair<const char*, const char*>> opts = {}) {
    Params p;
    setParam(p, "variant", variant);
    setParam(p, "sequence", seq);
    for (const auto& [k, v] : opts) setParam(p, k, v);
    return p;
}

Positions positionsOf(std::initializer_list<std::array<double, 3>> tokens) {
    Positions p;
    p.pos.resize(3, static_cast<Eigen::Index>(tokens.size()));
    Eigen::Index n = 0;
    for (const auto& t : tokens) {
        p.pos(0, n) = t[0], p.pos(1, n) = t[1], p.pos(2, n) = t[2];
        ++n;
    }
    return p;
}

TEST(Rotary, HandValuesForVanillaSmallHead) {
    // θ = 100, d = 4 → ω = (1, 0.1). Vanilla text:3 sits at 0, 1, 2, so token n has angles (n, 0.1n).
    const Params p = params("vanilla", "text:3", {{"theta", "100"}, {"head_dim", "4"}, {"sections", "0,1,1"}});
    const RotaryTable tab = computeRotary(computePositions(p), makeFrequencyPlan(p));
    ASSERT_EQ(tab.tokens(), 3);
    ASSERT_EQ(tab.rotaryDim(), 4);
    for (int n = 0; n < 3; ++n) {
        EXPECT_NEAR(tab.cos(n, 0), std::cos(1.0 * n), 1e-15);
        EXPECT_NEAR(tab.sin(n, 0), std::sin(1.0 * n), 1e-15);
        EXPECT_NEAR(tab.cos(n, 1), std::cos(0.1 * n), 1e-15);
        EXPECT_NEAR(tab.sin(n, 1), std::sin(0.1 * n), 1e-15);
    }
    // Token 0 is at angle 0: cos 1, sin 0.
    EXPECT_EQ(tab.cos(0, 0), 1.0);
    EXPECT_EQ(tab.sin(0, 1), 0.0);
}

TEST(Rotary, EachPairReadsItsOwnRow) {
    // θ = 1e4, d = 8, sections 2,1,1 (VideoRoPE LTA: rows h, w, t, t; ω = 1, 0.1, 0.01, 0.001).
    // One token at (t, h, w) = (1000, 2, 30):
    //   pair 0: h·ω_0 = 2·1 = 2;  pair 1: w·ω_1 = 30·0.1 = 3;
    //   pair 2: t·ω_2 = 1000·0.01 = 10;  pair 3: t·ω_3 = 1000·0.001 = 1.
    const Params p = params("videorope", "text:1", {{"theta", "10000"}, {"head_dim", "8"}, {"sections", "2,1,1"}});
    const FrequencyPlan plan = makeFrequencyPlan(p);
    const RotaryTable tab = computeRotary(positionsOf({{1000, 2, 30}}), plan);
    const double expected[] = {2, 3, 10, 1};
    for (int i = 0; i < 4; ++i) {
        EXPECT_NEAR(tab.cos(0, i), std::cos(expected[i]), 1e-12) << "pair " << i;
        EXPECT_NEAR(tab.sin(0, i), std::sin(expected[i]), 1e-12) << "pair " << i;
    }
}

TEST(Rotary, MRopeVideoHandValues) {
    // M-RoPE, θ = 10^4, d = 8, sections 2,1,1 → rows t, t, h, w; ω = 1, 0.1, 0.01, 0.001.
    // text:1,video:2x2x2: text at 0; st = 1; last token: f = 1, y = 1, x = 1 → (t, h, w) = (2, 2, 2).
    // Token 3 (f = 0, y = 1, x = 0) → (1, 2, 1): angles 1·1, 1·0.1, 2·0.01, 1·0.001.
    const Params p = params("m-rope", "text:1,video:2x2x2", {{"theta", "10000"}, {"head_dim", "8"}, {"sections", "2,1,1"}});
    const RotaryTable tab = computeRotary(computePositions(p), makeFrequencyPlan(p));
    ASSERT_EQ(tab.tokens(), 9);
    const double a4[] = {1, 0.1, 0.02, 0.001};
    const double a8[] = {2, 0.2, 0.02, 0.002};
    for (int i = 0; i < 4; ++i) {
        EXPECT_NEAR(tab.sin(3, i), std::sin(a4[i]), 1e-14) << "token 3 (f0 y1 x0), pair " << i;
        EXPECT_NEAR(tab.sin(8, i), std::sin(a8[i]), 1e-14) << "token 8 (f1 y1 x1), pair " << i;
    }
}

TEST(Rotary, RotateHalfConvention) {
    // d = 2 (one pair), ω_0 = 1, position π/2 → angle π/2, cos 0, sin 1.
    // x = [a, b] = [1, 0]: y = x·cos + rotate_half(x)·sin = [1, 0]·0 + [−0, 1]·1 = [0, 1].
    // x = [0, 1]: y = [0, 1]·0 + [−1, 0]·1 = [−1, 0].
    const FrequencyPlan plan = singleAxisPlan(RotaryGeometry{1e6, 2, 2});
    const RotaryTable tab = computeRotary(positionsOf({{kPi / 2, kPi / 2, kPi / 2}, {kPi / 2, kPi / 2, kPi / 2}}), plan);
    RowMajorMatrix x(2, 2);
    x << 1, 0, 0, 1;
    const RowMajorMatrix y = rotate(x, tab);
    EXPECT_NEAR(y(0, 0), 0, 1e-15);
    EXPECT_NEAR(y(0, 1), 1, 1e-15);
    EXPECT_NEAR(y(1, 0), -1, 1e-15);
    EXPECT_NEAR(y(1, 1), 0, 1e-15);
}

TEST(Rotary, RotateHalfPairsChannelCWithCPlusHalf) {
    // d = 4: pair 0 = channels (0, 2), pair 1 = channels (1, 3). Angles: pair 0 = π (ω_0 = 1,
    // position π), pair 1 = π·ω_1; with θ = 100, ω_1 = 0.1 → 0.1π.
    // x = [1, 0, 0, 0]: only pair 0 is non-zero; y = [cos π, 0, sin π, 0] = [−1, 0, 0, 0].
    // x = [0, 1, 0, 0]: y = [0, cos 0.1π, 0, sin 0.1π].
    const FrequencyPlan plan = singleAxisPlan(RotaryGeometry{100, 4, 4});
    const RotaryTable tab = computeRotary(positionsOf({{kPi, kPi, kPi}, {kPi, kPi, kPi}}), plan);
    RowMajorMatrix x(2, 4);
    x << 1, 0, 0, 0, 0, 1, 0, 0;
    const RowMajorMatrix y = rotate(x, tab);
    EXPECT_NEAR(y(0, 0), -1, 1e-15);
    EXPECT_NEAR(y(0, 1), 0, 1e-15);
    EXPECT_NEAR(y(0, 2), 0, 1e-15);
    EXPECT_NEAR(y(0, 3), 0, 1e-15);
    EXPECT_NEAR(y(1, 0), 0, 1e-15);
    EXPECT_NEAR(y(1, 1), std::cos(0.1 * kPi), 1e-15);
    EXPECT_NEAR(y(1, 2), 0, 1e-15);
    EXPECT_NEAR(y(1, 3), std::sin(0.1 * kPi), 1e-15);
}

TEST(Rotary, PositionZeroIsTheIdentity) {
    const FrequencyPlan plan = makeFrequencyPlan(params("videorope", "text:1"));
    const RotaryTable tab = computeRotary(positionsOf({{0, 0, 0}}), plan);
    std::mt19937 rng(7);
    std::normal_distribution<double> g;
    RowMajorMatrix x(1, 128);
    for (int c = 0; c < 128; ++c) x(0, c) = g(rng);
    EXPECT_EQ(rotate(x, tab), x);
}

TEST(Rotary, ExpandRowWritesThePairRowTwice) {
    const Params p = params("videorope", "text:2,video:2x3x3");
    const RotaryTable tab = computeRotary(computePositions(p), makeFrequencyPlan(p));
    std::vector<double> row(128);
    for (Eigen::Index n = 0; n < tab.tokens(); ++n) {
        expandRow(tab.cos, n, row.data());
        for (int c = 0; c < 64; ++c) {
            EXPECT_EQ(row[static_cast<size_t>(c)], tab.cos(n, c));
            EXPECT_EQ(row[static_cast<size_t>(c + 64)], tab.cos(n, c));
        }
    }
}

// --- the fast table equals the direct formula, for every variant and tricky positions ----------

class RotaryEveryVariant : public ::testing::TestWithParam<std::string> {};

TEST_P(RotaryEveryVariant, FastTableEqualsDirectFormula) {
    for (const char* seq : {"text:3,video:2x2x3,text:2", "video:3x4x8,text:2,image:5x5,text:1", "image:1x9,image:3x1"}) {
        for (const char* delta : {"2", "0.5", "1.5"}) {
            const Params p = params(GetParam(), seq, {{"videorope.delta", delta}});
            const Positions pos = computePositions(p);
            const FrequencyPlan plan = makeFrequencyPlan(p);
            const RotaryTable fast = computeRotary(pos, plan);
            const RotaryTable direct = computeRotaryDirect(pos, plan);
            ASSERT_EQ(fast.tokens(), pos.tokens());
            EXPECT_EQ(fast.cos.matrix(), direct.cos.matrix()) << seq << " δ=" << delta;
            EXPECT_EQ(fast.sin.matrix(), direct.sin.matrix()) << seq << " δ=" << delta;
        }
    }
}

TEST_P(RotaryEveryVariant, TextOnlyIsOneDimensionalRope) {
    // Text tokens at n have t = h = w = n, so whichever row a pair reads, its angle is n·ω_i:
    // the table must be cos(n·ω_i), sin(n·ω_i) with ω_i = θ^(−2i/d) — except TAD's reference stride,
    // where token n sits at 2n. θ = 10^4, d = 16, sections 2,3,3.
    const Params p = params(GetParam(), "text:7", {{"theta", "10000"}, {"head_dim", "16"}, {"sections", "2,3,3"}});
    const RotaryTable tab = computeRotary(computePositions(p), makeFrequencyPlan(p));
    const double stride = GetParam() == "tad" ? 2 : 1;
    for (int n = 0; n < 7; ++n)
        for (int i = 0; i < 8; ++i) {
            const double omega = std::pow(10000.0, -2.0 * i / 16);
            EXPECT_NEAR(tab.cos(n, i), std::cos(stride * n * omega), 1e-14) << "n=" << n << " i=" << i;
            EXPECT_NEAR(tab.sin(n, i), std::sin(stride * n * omega), 1e-14) << "n=" << n << " i=" << i;
        }
}

TEST_P(RotaryEveryVariant, CosSquaredPlusSinSquaredIsOne) {
    const Params p = params(GetParam(), "text:4,video:3x4x5,text:3");
    const RotaryTable tab = computeRotary(computePositions(p), makeFrequencyPlan(p));
    const RowMajorArray one = tab.cos.square() + tab.sin.square();
    EXPECT_LT((one - 1).abs().maxCoeff(), 1e-15);
}

TEST_P(RotaryEveryVariant, RotationKeepsNorms) {
    const Params p = params(GetParam(), "text:4,video:3x4x5,text:3");
    const RotaryTable tab = computeRotary(computePositions(p), makeFrequencyPlan(p));
    std::mt19937 rng(42);
    std::normal_distribution<double> g;
    RowMajorMatrix x(tab.tokens(), 128);
    for (Eigen::Index k = 0; k < x.rows(); ++k)
        for (int c = 0; c < 128; ++c) x(k, c) = g(rng);
    const RowMajorMatrix y = rotate(x, tab);
    for (Eigen::Index k = 0; k < x.rows(); ++k) {
        EXPECT_NEAR(y.row(k).norm(), x.row(k).norm(), 1e-12 * x.row(k).norm()) << "token " << k;
        // Per pair too: a 2D rotation keeps a² + b².
        for (int i = 0; i < 64; ++i) {
            const double before = x(k, i) * x(k, i) + x(k, i + 64) * x(k, i + 64);
            const double after = y(k, i) * y(k, i) + y(k, i + 64) * y(k, i + 64);
            EXPECT_NEAR(after, before, 1e-12 * (1 + before));
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Variants, RotaryEveryVariant, ::testing::Values("vanilla", "tad", "rope-tie", "m-rope", "videorope"),
                         [](const auto& info) {
                             std::string s = info.param;
                             for (char& c : s)
                                 if (c == '-') c = '_';
                             return s;
                         });

TEST(Rotary, FastTableHandlesRandomRepeatedAndSignedZeroPositions) {
    // 4000 tokens drawn from 37 distinct values (with repeats in and out of runs), plus −0.0.
    std::mt19937 rng(3);
    std::uniform_int_distribution<int> pick(-18, 18);
    Positions pos;
    pos.pos.resize(3, 4001);
    for (Eigen::Index n = 0; n < 4000; ++n)
        for (int r = 0; r < 3; ++r) pos.pos(r, n) = 0.5 * pick(rng);
    pos.pos.col(4000) << -0.0, -0.0, 0.0;
    for (const FrequencyPlan& plan : {sectionPlan(RotaryGeometry{1e6, 128, 128, {16, 24, 24}}, TemporalBand::Low, SpatialOrder::Interleaved),
                                      sectionPlan(RotaryGeometry{1e6, 128, 128, {16, 24, 24}}, TemporalBand::High, SpatialOrder::Sequential),
                                      alternatingSpatialPlan(RotaryGeometry{1e4, 32, 32}), singleAxisPlan(RotaryGeometry{1e6, 64, 64})}) {
        const RotaryTable fast = computeRotary(pos, plan);
        const RotaryTable direct = computeRotaryDirect(pos, plan);
        EXPECT_EQ(fast.cos.matrix(), direct.cos.matrix());
        // sin(−0) = −0 == +0 for operator==, so the signed zero cannot hide a difference here.
        EXPECT_EQ(fast.sin.matrix(), direct.sin.matrix());
    }
}

// --- relative position: q·k after rotation depends only on position differences (per row) ------

double dot(const RowMajorMatrix& y, Eigen::Index a, Eigen::Index b) { return y.row(a).dot(y.row(b)); }

TEST(Rotary, DotProductDependsOnlyOnPositionDifferences) {
    // Four tokens: q at P, k at Q, q at P + Δ, k at Q + Δ, with a different shift Δ on each row.
    // Every pair's angle difference is (P − Q)[row]·ω_i in both cases, so the two dot products agree.
    const FrequencyPlan plan = sectionPlan(RotaryGeometry{1e4, 16, 16, {2, 3, 3}}, TemporalBand::Low, SpatialOrder::Interleaved);
    const std::array<double, 3> P{5, -2, 7.5}, Q{1, 4, 3}, D{13, -6.5, 100};
    const Positions pos = positionsOf({{P[0], P[1], P[2]},
                                       {Q[0], Q[1], Q[2]},
                                       {P[0] + D[0], P[1] + D[1], P[2] + D[2]},
                                       {Q[0] + D[0], Q[1] + D[1], Q[2] + D[2]}});
    const RotaryTable tab = computeRotary(pos, plan);
    std::mt19937 rng(11);
    std::normal_distribution<double> g;
    RowMajorMatrix x(4, 16);
    for (int c = 0; c < 16; ++c) {
        x(0, c) = x(2, c) = g(rng);  // the same q
        x(1, c) = x(3, c) = g(rng);  // the same k
    }
    const RowMajorMatrix y = rotate(x, tab);
    EXPECT_NEAR(dot(y, 0, 1), dot(y, 2, 3), 1e-10);

    // Negative control: shift only k's t row by 1 — the t pairs now see a different difference and the
    // dot product must change (otherwise this test could not fail).
    Positions moved = pos;
    moved.pos(0, 3) += 1;
    const RowMajorMatrix z = rotate(x, computeRotary(moved, plan));
    EXPECT_GT(std::abs(dot(z, 0, 1) - dot(z, 2, 3)), 1e-6);
}

TEST(Rotary, DotProductClosedForm) {
    // Hand derivation for one pair with q = (a, b), k = (a', b') at angles α, β:
    //   q' = (a cα − b sα, b cα + a sα),  k' = (a' cβ − b' sβ, b' cβ + a' sβ)
    //   q'·k' = (a a' + b b') cos(α − β) + (a b' − b a') sin(α − β)
    // and q·k is the sum over pairs. Check against rotate() for M-RoPE's plan on two 3D positions.
    const FrequencyPlan plan = sectionPlan(RotaryGeometry{1e4, 16, 16, {2, 3, 3}}, TemporalBand::High, SpatialOrder::Sequential);
    const Positions pos = positionsOf({{3, 1, 4}, {-1, 5, 9}});
    const RotaryTable tab = computeRotary(pos, plan);
    std::mt19937 rng(5);
    std::normal_distribution<double> g;
    RowMajorMatrix x(2, 16);
    for (int c = 0; c < 16; ++c) x(0, c) = g(rng), x(1, c) = g(rng);
    const RowMajorMatrix y = rotate(x, tab);
    double expected = 0;
    for (int i = 0; i < 8; ++i) {
        const Row r = plan.rowOfPair[static_cast<size_t>(i)];
        const double d = (pos.pos(r, 0) - pos.pos(r, 1)) * std::pow(1e4, -2.0 * i / 16);
        const double a = x(0, i), b = x(0, i + 8), a2 = x(1, i), b2 = x(1, i + 8);
        expected += (a * a2 + b * b2) * std::cos(d) + (a * b2 - b * a2) * std::sin(d);
    }
    EXPECT_NEAR(dot(y, 0, 1), expected, 1e-12);
}

TEST(Rotary, OneDimensionalRelativePositionOverAVanillaSequence) {
    // Vanilla text:12 (positions 0..11): with the same q at m and the same k at n, q·k is a function of
    // m − n only: (m, n) = (5, 2), (9, 6), (3, 0) give one value; (5, 3) another.
    const Params p = params("vanilla", "text:12");
    const RotaryTable tab = computeRotary(computePositions(p), makeFrequencyPlan(p));
    std::mt19937 rng(9);
    std::normal_distribution<double> g;
    RowMajorMatrix q(1, 128), k(1, 128);
    for (int c = 0; c < 128; ++c) q(0, c) = g(rng), k(0, c) = g(rng);
    RowMajorMatrix qs(12, 128), ks(12, 128);
    for (int n = 0; n < 12; ++n) qs.row(n) = q.row(0), ks.row(n) = k.row(0);
    const RowMajorMatrix rq = rotate(qs, tab), rk = rotate(ks, tab);
    const auto qk = [&](int m, int n) { return rq.row(m).dot(rk.row(n)); };
    EXPECT_NEAR(qk(5, 2), qk(9, 6), 1e-10);
    EXPECT_NEAR(qk(5, 2), qk(3, 0), 1e-10);
    EXPECT_GT(std::abs(qk(5, 2) - qk(5, 3)), 1e-6);
}

}  // namespace
