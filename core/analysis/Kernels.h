#pragma once
// Curves the teaching views plot. All are functions of a variant's positions and frequency plan.
//
// Row kernel (relative-position kernel / long-term decay), for the pairs P_r a row r drives:
//     K_r(Δ) = (1/|P_r|) Σ_{i∈P_r} cos(Δ·ω_i)
// the q·k of two identical unit-energy vectors Δ apart on that row. Pairs with wavelengths far
// above Δ keep K near 1; fast pairs make it oscillate.
//
// Temporal similarity (Fig. 5 in kind): the same patch in frame 0 and frame k of a video, with
// identical content, scored over a band of pairs B:
//     S(k) = (1/|B|) Σ_{i∈B} cos((p_row(i)(k) − p_row(i)(0))·ω_i)
// M-RoPE's temporal pairs are the fastest, so S oscillates with k; VideoRoPE's are the slowest,
// so S falls smoothly.
#include <string>
#include <vector>

#include "core/FrequencyPlan.h"
#include "core/Params.h"

namespace rope {

struct Curve {
    std::vector<double> x, y;
};

enum class PairBand { Temporal, Fastest, Slowest, All };  ///< Fastest/Slowest = a quarter of the pairs

std::string pairBandName(PairBand b);
/// The pairs of a band for this plan (Temporal: the pairs t drives; may be empty).
std::vector<int> bandPairs(const FrequencyPlan& plan, PairBand band);

/// K_r(Δ) at `samples` Δ values spaced evenly on a log scale from 1 to maxDelta (plus Δ = 0).
Curve rowKernel(const FrequencyPlan& plan, Row r, double maxDelta, int samples);

/// S(k) for k = 0..maxFrames, for the centre patch of a video with the grid of the first visual
/// segment of p.sequence (9×16 if there is none), laid out by p's variant.
Curve temporalSimilarity(const Params& p, PairBand band, int maxFrames);

}  // namespace rope
