// HoPE's hybrid allocation (variants-more §8): LTA's spatial pairs unchanged, and every pair of
// the temporal band (the lowest frequencies) gets zero frequency — cos 1, sin 0 whatever the
// position (NoPE).
#include "Allocations.h"

namespace rope {

FrequencyPlan zeroTemporalBand(FrequencyPlan plan) {
    for (Row& r : plan.rowOfPair)
        if (r == RowT) r = RowNone;
    return plan;
}

}  // namespace rope
