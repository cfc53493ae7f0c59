#pragma once
// Which row (t, h or w) drives each of the d/2 rotary pairs, and how fast each pair turns:
//   ω_i = θ^(−2i/d),  wavelength λ_i = 2π/ω_i,  angle of pair i for a token = position[row(i)]·ω_i.
// Pair 0 is the fastest, pair d/2−1 the slowest.
//
// M-RoPE, d = 128, sections t/h/w = 16/24/24 (temporal band high, sequential h/w)
//   pair i :  0 ........ 15 | 16 ........ 39 | 40 ........ 63
//   row    :  t  t  ...  t  |  h  h  ...  h  |  w  w  ...  w
//
// VideoRoPE, same sections (LTA: temporal band low, interleaved h/w)
//   pair i :  0  1  2  3 ... 46 47 | 48 ........... 63
//   row    :  h  w  h  w ...  h  w |  t  t ......... t
//   ω_i    :  fast ───────────────────────────────► slow   (t gets the slowest)
//
// RoPE-Tie: h on even pairs, w on odd pairs, no pair for t.
// Vanilla and TAD: every pair reads t (their three rows are equal, so the choice does not matter).
#include <Eigen/Core>
#include <array>
#include <vector>

#include "Params.h"

namespace rope {

struct FrequencyPlan {
    double theta = 1e6;
    int headDim = 128;
    std::vector<Row> rowOfPair;  ///< size d/2
    Eigen::VectorXd omega;       ///< ω_i, size d/2

    int pairs() const { return headDim / 2; }
    double wavelength(int i) const;
    /// Pairs driven by row r, in increasing i.
    std::vector<int> pairsOf(Row r) const;
    /// How many distinct rows drive at least one pair.
    int rowsUsed() const;
};

/// ω_i = θ^(−2i/d) for i in [0, d/2).
Eigen::VectorXd inverseFrequencies(double theta, int headDim);

/// Every pair reads the same row.
FrequencyPlan uniformPlan(double theta, int headDim, Row row = RowT);
/// Even pairs h, odd pairs w (RoPE-Tie).
FrequencyPlan alternatingSpatialPlan(double theta, int headDim);
/// Sections [s_t, s_h, s_w]: the temporal band takes the first (High) or last (Low) s_t pairs; the
/// other s_h + s_w pairs are either interleaved h (even) / w (odd) or h block then w block.
FrequencyPlan sectionPlan(double theta, int headDim, std::array<int, 3> sections, TemporalBand band,
                          SpatialOrder order);

/// The plan a parameter set asks for (variant + its frequency options). Validates p.
FrequencyPlan makeFrequencyPlan(const Params& p);

char rowLetter(Row r);  ///< 't', 'h', 'w'

}  // namespace rope
