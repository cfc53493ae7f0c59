#pragma once
// The frequency allocations, one file each. Each returns a complete plan over geometry g's R/2
// pairs (ω_i = θ^(−2i/R)); transformations (zero band, rescale) take a plan and change it.
#include "../../FrequencyPlan.h"

namespace rope {

/// A plan with every pair on axis `row` (Vanilla, TAD, V2PE: their axes are equal anyway).
FrequencyPlan singleAxisPlan(const RotaryGeometry& g, Row row = RowT);

/// Even pairs h, odd pairs w, no pair for t (RoPE-Tie).
FrequencyPlan alternatingSpatialPlan(const RotaryGeometry& g);

/// Sections [s_t, s_h, s_w] in bands: the temporal band takes the first s_t pairs (High: M-RoPE's
/// chunked order) or the last s_t (Low: LTA); the s_h + s_w spatial pairs are interleaved h (even)
/// / w (odd) or an h block then a w block. Chunked = (High, Sequential); LTA = (Low, Interleaved).
enum class TemporalBand { Low, High };
enum class SpatialOrder { Interleaved, Sequential };
FrequencyPlan sectionPlan(const RotaryGeometry& g, TemporalBand band, SpatialOrder order);

/// Qwen3-VL's interleave: pair j → h if j mod 3 = 1 and j < 3·s_h; → w if j mod 3 = 2 and
/// j < 3·s_w; otherwise → t.
FrequencyPlan interleavedByThreePlan(const RotaryGeometry& g);

/// HoPE: every pair of the temporal band gets zero frequency (cos 1, sin 0).
FrequencyPlan zeroTemporalBand(FrequencyPlan plan);

/// VRoPE: pair i reads stream i mod `streams`.
FrequencyPlan perStreamPlan(const RotaryGeometry& g, int streams);

/// VideoRoPE++ ("YaRN-V", NTK-aware base change of the temporal band only):
/// ω'_i = (θ·κ)^(−2i/R), κ = ((L·s − 1)/(L − 1))^(R/(R−2)), s = factor, L = original length.
FrequencyPlan rescaleTemporalBand(FrequencyPlan plan, double factor, double originalLength);

}  // namespace rope
