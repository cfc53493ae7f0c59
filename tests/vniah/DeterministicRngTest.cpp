// The random numbers behind V-NIAH: published generators, a log built from + − × ÷ only, and normal
// numbers with the right moments. Reference values are the published ones or re-derived here from
// the published definitions, never read back from the code under test.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "core/random/DeterministicRng.h"

using namespace rope;

TEST(DeterministicRng, Splitmix64MatchesThePublishedSequenceForSeedZero) {
    // First outputs of Vigna's public-domain splitmix64.c started from state 0.
    uint64_t state = 0;
    EXPECT_EQ(splitmix64(state), 0xE220A8397B1DCDAFull);
    EXPECT_EQ(splitmix64(state), 0x6E789E6AA1B965F4ull);
    EXPECT_EQ(splitmix64(state), 0x06C45D188009454Full);
}

TEST(DeterministicRng, Xoshiro256StarStarFollowsItsDefinition) {
    // Blackman & Vigna's xoshiro256**, written out again from the paper's definition: the state is
    // four splitmix64 outputs of the key; output = rotl(s1·5, 7)·9; then the xor/shift/rotate update.
    const auto rotl = [](uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
    for (uint64_t key : {uint64_t{0}, uint64_t{42}, ~uint64_t{0}}) {
        uint64_t seedState = key, s[4];
        for (uint64_t& w : s) w = splitmix64(seedState);
        Xoshiro256 rng(key);
        for (int n = 0; n < 1000; ++n) {
            const uint64_t expected = rotl(s[1] * 5, 7) * 9;
            const uint64_t t = s[1] << 17;
            s[2] ^= s[0], s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3], s[2] ^= t, s[3] = rotl(s[3], 45);
            ASSERT_EQ(rng.next(), expected) << "key " << key << " output " << n;
        }
    }
}

TEST(DeterministicRng, UniformUsesTheTop53Bits) {
    // uniform() = (next() >> 11)·2^−53: in [0, 1) and the same word the generator gave.
    Xoshiro256 a(7), b(7);
    for (int n = 0; n < 1000; ++n) {
        const double u = a.uniform();
        EXPECT_EQ(u, static_cast<double>(b.next() >> 11) / 9007199254740992.0);
        EXPECT_GE(u, 0.0);
        EXPECT_LT(u, 1.0);
    }
}

TEST(DeterministicRng, LogAgreesWithTheLibraryWithinFourUlps) {
    EXPECT_EQ(deterministicLog(1.0), 0.0);  // m = 1 → y = 0 → exactly 0
    EXPECT_TRUE(std::isinf(deterministicLog(0.0)) && deterministicLog(0.0) < 0);
    EXPECT_TRUE(std::isnan(deterministicLog(-1.0)));
    const auto ulp = [](double v) { return std::nextafter(std::abs(v), INFINITY) - std::abs(v); };
    // A log sweep over the whole range, then the series' own interval finely (where ln x = e·ln 2 +
    // ln m cancels and the last bits are hardest).
    for (double x = 1e-300; x < 1e300; x *= 1.37) EXPECT_LE(std::abs(deterministicLog(x) - std::log(x)), 4 * ulp(std::log(x))) << x;
    for (double x = 0.5; x < 2.0; x += 1.0 / 4096) EXPECT_LE(std::abs(deterministicLog(x) - std::log(x)), 4 * ulp(std::log(x))) << x;
}

TEST(DeterministicRng, NormalStreamHasStandardMoments) {
    // n = 400 000 samples: standard errors are 1/√n = 0.0016 (mean), √(2/n) = 0.0022 (variance),
    // √(96/n) = 0.015 (fourth moment, 3 for a normal). Bounds are ≥ 4.5 standard errors.
    NormalStream z(streamKey({1, 2, 3}));
    const int n = 400000;
    double m1 = 0, m2 = 0, m4 = 0;
    for (int i = 0; i < n; ++i) {
        const double v = z.next();
        m1 += v, m2 += v * v, m4 += v * v * v * v;
    }
    m1 /= n, m2 /= n, m4 /= n;
    EXPECT_NEAR(m1, 0.0, 0.0075);
    EXPECT_NEAR(m2, 1.0, 0.01);
    EXPECT_NEAR(m4, 3.0, 0.07);
}

TEST(DeterministicRng, StreamsAreReproducibleAndDistinct) {
    NormalStream a(streamKey({5, 6})), b(streamKey({5, 6})), c(streamKey({6, 5}));
    bool differs = false;
    for (int i = 0; i < 100; ++i) {
        const double x = a.next();
        EXPECT_EQ(x, b.next());
        differs |= x != c.next();
    }
    EXPECT_TRUE(differs);
    EXPECT_NE(streamKey({1}), streamKey({1, 0}));
}
