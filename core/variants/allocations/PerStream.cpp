// VRoPE (variants-more §9): a plain 1D spectrum whose pair i reads stream i mod 4. Sections are
// ignored.
#include "Allocations.h"

namespace rope {

FrequencyPlan perStreamPlan(const RotaryGeometry& g, int streams) {
    FrequencyPlan p = singleAxisPlan(g);
    for (size_t i = 0; i < p.rowOfPair.size(); ++i) p.rowOfPair[i] = static_cast<Row>(static_cast<int>(i) % streams);
    return p;
}

}  // namespace rope
