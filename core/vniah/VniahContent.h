#pragma once
// The content of one V-NIAH trial and the logits it produces under a variant's rotation.
//
// Model (units: σ² = β = vniah.logit_scale, d = head_dim, rotate-half pairs (i, i + d/2)):
//   query           q  = σ·g_q,                          g_q ~ N(0, I_d), one per (seed, head)
//   haystack key    k  = σ·g,                            g   ~ N(0, I_d), unrelated to q
//   needle key      k  = σ·(c·g_q + √(1−c²)·g′),         c = c_needle,   fresh g′ per token
//   distractor key  the same with c = c_needle − gap
// Logit of key n at relative angles φ_i(n) = ω_i·(pos_n[row(i)] − pos_q[row(i)]):
//   (R_q q)·(R_n k)/√d = Σ_i [a_i cos φ_i + b_i sin φ_i]/√d,
//       a_i = q_i k_i + q_{i+d/2} k_{i+d/2},   b_i = q_{i+d/2} k_i − q_i k_{i+d/2}.
// For k ∝ q, b_i = 0 and a_i = ρ_i = g_{q,i}² + g_{q,i+d/2}², so the q-aligned part is the
// positional term  P(n) = Σ_i ρ_i cos φ_i(n),  computed exactly for every needle/distractor token.
// The rest is an isotropic Gaussian vector, and a rotation maps N(0, I) onto itself: q·R g is
// N(0, ‖g_q‖²) whatever R is, independently across keys. So, exactly in distribution,
//   haystack logit    ℓ = β·‖g_q‖/√d · z
//   related logit     ℓ = β/√d · (c·P(n) + √(1−c²)·‖g_q‖·z),     z ~ N(0, 1) per token,
// and one normal per key replaces d of them with no approximation (KeyScorer.h scores real,
// materialised q/k; tests/vniah checks the two agree). Positions enter only through P(n); the
// haystack's distribution does not depend on them, which is what makes the comparison between
// variants a comparison of positions alone.
//
// Streams (core/random/DeterministicRng.h), so that every number has one owner whatever the thread schedule:
//   g_q                     key(seed, s, h, Query)           shared by every length and depth
//   haystack frame f        key(seed, s, h, f, Haystack)     shared by every length, depth and
//                                                            variant: a video of F frames is the
//                                                            first F frames of one long haystack
//   needle/distractor at f  key(seed, s, h, F, f, Related)   shared by every variant
// Variants therefore see the same haystack, needle noise and q (common random numbers).
#include <Eigen/Core>
#include <cstdint>

#include "core/FrequencyPlan.h"
#include "core/Positions.h"
#include "core/Rotary.h"
#include "core/vniah/VniahGeometry.h"

namespace rope {

struct VniahQuery {
    Eigen::VectorXd g;    ///< g_q, head_dim standard normals
    Eigen::VectorXd rho;  ///< ρ_i = g_i² + g_{i+d/2}², one per pair
    double norm = 0;      ///< ‖g_q‖
};

VniahQuery vniahQuery(const VniahSettings& s, int headDim, int seed, int head);

/// log Σ_j exp(x_j) over n values read with a stride, computed as max + log Σ exp(x − max).
double logSumExp(const double* x, int64_t n, int64_t stride = 1);

/// Log attention mass (before the common softmax denominator) of haystack frame `frame`; the same
/// in every video long enough to contain it.
double haystackFrameLogMass(const VniahSettings& s, const VniahQuery& q, int headDim, int seed, int head, int64_t frame);

/// cos φ_i(n) for every token n of `frame` (rows) and pair i (columns).
RowMajorArray frameCosines(const Positions& pos, const FrequencyPlan& plan, const VniahGeometry& geo, int64_t frame);

/// P(n, t) = Σ_i cos(n, i)·rho(i, t), i summed in ascending order for every entry, so a single
/// trial column gives bit-for-bit the numbers of the batched call. rho: pairs × trials.
RowMajorArray positionalTerms(const RowMajorArray& cosines, const RowMajorArray& rho);

/// Log-mass of a needle or distractor frame with similarity c, from its positional terms
/// P(n) = p[n·stride] (n over the frame's tokens) and the noise stream of (s, h, frames, frame).
double relatedFrameLogMass(const VniahSettings& s, const VniahQuery& q, int headDim, int seed, int head,
                           int64_t frames, int64_t frame, double c, const double* p, int64_t stride);

}  // namespace rope
