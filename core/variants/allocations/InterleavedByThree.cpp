// Qwen3-VL / Qwen3.5 / MRoPE-I interleaved MRoPE (variants-more §7, variants-third §12, §15):
// pair j → h if j mod 3 = 1 and j < 3·s_h; → w if j mod 3 = 2 and j < 3·s_w; otherwise → t.
//   R = 128, [24,20,20]: t = {0,3,…,57, 60,61,62,63}, h = {1,4,…,58}, w = {2,5,…,59}
//   R = 64,  [11,11,10]: t 11, h 11 (the last pair, 31, is h), w 10
// When 3·s_h or 3·s_w exceeds R/2 the per-axis counts differ from the sections (reference
// behaviour: R = 64, [8,12,12] gives h 11, w 10, t 11).
#include "Allocations.h"

namespace rope {

FrequencyPlan interleavedByThreePlan(const RotaryGeometry& g) {
    FrequencyPlan p = singleAxisPlan(g, RowT);
    for (int j = 0; j < p.pairs(); ++j) {
        Row r = RowT;
        if (j % 3 == 1 && j < 3 * g.sections[1]) r = RowH;
        if (j % 3 == 2 && j < 3 * g.sections[2]) r = RowW;
        p.rowOfPair[static_cast<size_t>(j)] = r;
    }
    return p;
}

}  // namespace rope
