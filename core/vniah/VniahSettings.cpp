#include "VniahSettings.h"

namespace rope {

std::vector<int64_t> inclusiveRange(int64_t first, int64_t last, int64_t step) {
    std::vector<int64_t> out;
    for (int64_t v = first; v < last; v += step) out.push_back(v);
    out.push_back(last);
    return out;
}

}  // namespace rope
