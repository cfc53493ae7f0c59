// VideoRoPE++ / "YaRN-V" (variants-third §16): an NTK-aware base change of the temporal band only;
// h/w pairs keep ω_i = θ^(−2i/R). For a temporal pair i:
//   ω'_i = (θ·κ)^(−2i/R),   κ = ((L·s − 1) / (L − 1))^(R/(R−2)),   s = factor, L = original length.
//   R = 128, θ 1e6, [16,24,24], s = 4, L = 32768: κ = 4.0891, ω'_48 = 1.0997e-5, ω'_63 = 3.1023e-7
// No attention / mscale factor. s = 1 gives κ = 1 (plain VideoRoPE).
#include <cmath>

#include "Allocations.h"

namespace rope {

FrequencyPlan rescaleTemporalBand(FrequencyPlan plan, double factor, double originalLength) {
    const double R = plan.rotaryDim;
    const double kappa = std::pow((originalLength * factor - 1) / (originalLength - 1), R / (R - 2));
    for (int i = 0; i < plan.pairs(); ++i)
        if (plan.rowOfPair[static_cast<size_t>(i)] == RowT) plan.omega(i) = std::pow(plan.theta * kappa, -2.0 * i / R);
    return plan;
}

}  // namespace rope
