// IEEE half and bfloat16 ↔ float32, bit by bit (declared in Safetensors.h).
#include <bit>
#include <cmath>
#include <cstdint>

#include "formats/Safetensors.h"

namespace rope {

float halfToFloat(uint16_t h) {
    const uint32_t sign = uint32_t(h & 0x8000u) << 16;
    const uint32_t exp = (h >> 10) & 0x1fu, mant = h & 0x3ffu;
    if (exp == 0) {  // zero or subnormal: mant · 2^−24, exact in float
        const float v = std::ldexp(static_cast<float>(mant), -24);
        return std::bit_cast<float>(std::bit_cast<uint32_t>(v) | sign);
    }
    if (exp == 31) return std::bit_cast<float>(sign | 0x7f800000u | (mant << 13));  // inf, NaN
    return std::bit_cast<float>(sign | ((exp + 112) << 23) | (mant << 13));
}

float bfloat16ToFloat(uint16_t b) { return std::bit_cast<float>(uint32_t(b) << 16); }

uint16_t floatToHalf(float f) {
    const uint32_t x = std::bit_cast<uint32_t>(f);
    const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
    uint32_t ax = x & 0x7fffffffu;
    if (ax >= 0x7f800000u) return sign | 0x7c00u | (ax > 0x7f800000u ? 0x200u : 0u);  // inf / quiet NaN
    if (ax >= 0x477ff000u) return sign | 0x7c00u;  // ≥ 65520 rounds to inf (65504 is the largest half)
    if (ax < 0x38800000u) {                        // below 2^−14: a half subnormal, units of 2^−24
        const float v = std::bit_cast<float>(ax) * 16777216.0f;  // exact (power of two)
        return sign | static_cast<uint16_t>(std::nearbyint(v));  // round to nearest even; 1024 = 2^−14
    }
    ax += 0xfffu + ((ax >> 13) & 1u);  // round to nearest even on the 13 dropped bits
    ax -= (127u - 15u) << 23;
    return sign | static_cast<uint16_t>(ax >> 13);
}

uint16_t floatToBfloat16(float f) {
    uint32_t x = std::bit_cast<uint32_t>(f);
    if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40u);  // quiet NaN
    x += 0x7fffu + ((x >> 16) & 1u);
    return static_cast<uint16_t>(x >> 16);
}

}  // namespace rope
