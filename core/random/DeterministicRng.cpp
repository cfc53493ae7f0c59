#include "core/random/DeterministicRng.h"

#include <cmath>
#include <limits>

namespace rope {

uint64_t splitmix64(uint64_t& state) {
    state += 0x9E3779B97F4A7C15ull;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint64_t streamKey(std::initializer_list<uint64_t> words) {
    uint64_t state = 0x5EED0F0E1A7E5EEDull;
    uint64_t key = splitmix64(state);
    for (uint64_t w : words) {
        state ^= w + key;
        key = splitmix64(state);
    }
    return key;
}

double deterministicLog(double x) {
    if (!(x > 0)) return x == 0 ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
    if (std::isinf(x)) return x;
    int e = 0;
    double m = std::frexp(x, &e);  // x = m·2^e, m in [0.5, 1); exact
    if (m < 0.70710678118654752440) {
        m *= 2;  // exact
        e -= 1;
    }
    // m in [√½, √2): ln m = 2·atanh(y) = 2(y + y³/3 + y⁵/5 + ...), y = (m−1)/(m+1), |y| ≤ 0.1716.
    const double y = (m - 1) / (m + 1);
    const double y2 = y * y;
    double series = 1.0 / 27;  // terms up to y²⁶/27: the first dropped one is below 1e-20
    for (int k = 12; k >= 0; --k) series = 1.0 / (2 * k + 1) + y2 * series;
    const double lnM = 2 * y * series;
    // ln 2 split so that e·ln2Hi is exact (fdlibm's constants).
    const double ln2Hi = 6.93147180369123816490e-01, ln2Lo = 1.90821492927058770002e-10;
    const double de = static_cast<double>(e);
    return de * ln2Hi + (lnM + de * ln2Lo);
}

Xoshiro256::Xoshiro256(uint64_t key) {
    for (uint64_t& s : m_s) s = splitmix64(key);
}

uint64_t Xoshiro256::next() {
    const auto rotl = [](uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
    const uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
}

double NormalStream::next() {
    if (m_hasSpare) {
        m_hasSpare = false;
        return m_spare;
    }
    double u = 0, v = 0, s = 0;
    do {
        u = 2 * m_rng.uniform() - 1;
        v = 2 * m_rng.uniform() - 1;
        s = u * u + v * v;
    } while (s >= 1 || s == 0);
    const double f = std::sqrt(-2 * deterministicLog(s) / s);
    m_spare = v * f;
    m_hasSpare = true;
    return u * f;
}

}  // namespace rope
