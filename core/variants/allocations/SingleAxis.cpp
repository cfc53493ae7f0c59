// Every pair reads one axis: Vanilla RoPE, TAD-RoPE, V2PE (their axes are equal, so which one
// does not matter).
#include "Allocations.h"

namespace rope {

FrequencyPlan singleAxisPlan(const RotaryGeometry& g, Row row) {
    FrequencyPlan p;
    p.theta = g.theta;
    p.headDim = g.headDim;
    p.rotaryDim = g.rotaryDim;
    p.omega = inverseFrequencies(g.theta, g.rotaryDim);
    p.rowOfPair.assign(static_cast<size_t>(g.rotaryDim / 2), row);
    return p;
}

}  // namespace rope
