#include "SectionScaling.h"

#include <algorithm>
#include <cstdint>

namespace rope {

std::array<int, 3> scaledSections(const std::array<int, 3>& from, int pairs) {
    std::array<int64_t, 3> weight{};
    int64_t total = 0;
    for (size_t i = 0; i < 3; ++i) total += weight[i] = std::max(0, from[i]);
    if (total == 0) weight = {1, 1, 1}, total = 3;
    std::array<int, 3> out{};
    std::array<int64_t, 3> remainder{};  // fractional part × total, exact in integers
    int64_t given = 0;
    for (size_t i = 0; i < 3; ++i) {
        const int64_t share = weight[i] * std::max(0, pairs);
        out[i] = static_cast<int>(share / total);
        remainder[i] = share % total;
        given += out[i];
    }
    for (int64_t left = std::max(0, pairs) - given; left > 0; --left) {
        size_t best = 0;
        for (size_t i = 1; i < 3; ++i)
            if (remainder[i] > remainder[best]) best = i;
        ++out[best];
        remainder[best] = -1;  // each section takes at most one leftover pair
    }
    return out;
}

}  // namespace rope
