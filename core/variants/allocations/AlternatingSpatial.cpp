// RoPE-Tie (variants.md §3): h on even pairs, w on odd pairs, no pair for t — so text, with h = w,
// reduces exactly to 1D RoPE.
#include "Allocations.h"

namespace rope {

FrequencyPlan alternatingSpatialPlan(const RotaryGeometry& g) {
    FrequencyPlan p = singleAxisPlan(g);
    for (size_t i = 0; i < p.rowOfPair.size(); ++i) p.rowOfPair[i] = (i % 2 == 0) ? RowH : RowW;
    return p;
}

}  // namespace rope
