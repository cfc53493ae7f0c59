#pragma once
// Random numbers that are the same on every machine, so a V-NIAH result is reproducible from its
// seed alone. std::normal_distribution cannot promise that (its algorithm is implementation-defined),
// and neither can libm's log/sin/cos (last-bit differences between C libraries and CPU paths), so
// everything here is integer arithmetic plus IEEE-754 +, −, ×, ÷ and sqrt, which are exactly
// rounded everywhere (this file is compiled with -ffp-contract=off so no FMA changes a rounding).
//
//   seed words ──splitmix64──► stream key ──splitmix64 ×4──► xoshiro256** state
//                                                            │ next() 64-bit words
//                                                            ▼
//                     uniform in [−1, 1) from the top 53 bits → Marsaglia polar → N(0, 1)
//
// splitmix64 (Steele, Lea & Flood 2014, as in Vigna's public-domain reference) and xoshiro256**
// (Blackman & Vigna 2018) are re-implemented from their published definitions.
#include <cstdint>
#include <initializer_list>

namespace rope {

/// Advances `state` by the golden-ratio increment and returns its bijective mix.
uint64_t splitmix64(uint64_t& state);

/// One 64-bit key from several words (seed, trial, frame, ...): each word is folded into a
/// splitmix64 chain, so distinct word lists give unrelated keys.
uint64_t streamKey(std::initializer_list<uint64_t> words);

/// ln(x) for finite x > 0 with only +, −, ×, ÷ (frexp split + atanh series), within 1e-15 relative
/// of the exact value. Returns −inf for 0 and NaN for negative input.
double deterministicLog(double x);

/// xoshiro256** seeded from a key through four splitmix64 steps (Vigna's recommendation).
class Xoshiro256 {
public:
    explicit Xoshiro256(uint64_t key);
    uint64_t next();
    /// Uniform in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    uint64_t m_s[4];
};

/// Standard normal numbers by Marsaglia's polar method: draw (u, v) uniform in the square [−1, 1)²
/// until 0 < s = u² + v² < 1, then u·√(−2 ln s / s) and v·√(−2 ln s / s) are two independent N(0, 1).
class NormalStream {
public:
    explicit NormalStream(uint64_t key) : m_rng(key) {}
    double next();

private:
    Xoshiro256 m_rng;
    double m_spare = 0;
    bool m_hasSpare = false;
};

}  // namespace rope
