#pragma once
// Which axis drives each of the R/2 rotary pairs (R = rotary_dim ≤ head_dim), and how fast each
// pair turns. Plain RoPE: ω_i = θ^(−2i/R), wavelength λ_i = 2π/ω_i, angle of pair i for a token =
// position[axis(i)]·ω_i. A pair may be driven by no axis (zero frequency: HoPE's NoPE band) and a
// plan may carry its own ω per pair (VideoRoPE++ rescales the temporal band). Channels R … d−1
// pass through unrotated. Pair 0 is the fastest.
//
// M-RoPE, R = 128, sections t/h/w = 16/24/24 (chunked)
//   pair i :  0 ........ 15 | 16 ........ 39 | 40 ........ 63
//   axis   :  t  t  ...  t  |  h  h  ...  h  |  w  w  ...  w
//
// VideoRoPE, same sections (LTA: interleaved h/w, then the temporal band at the lowest frequencies)
//   pair i :  0  1  2  3 ... 46 47 | 48 ........... 63
//   axis   :  h  w  h  w ...  h  w |  t  t ......... t
//
// Qwen3-VL, sections 24/20/20 (interleaved by 3): t h w t h w … t h w t t t t
// The allocations live in core/variants/allocations/, one file each.
#include <Eigen/Core>
#include <array>
#include <string>
#include <vector>

#include "Params.h"

namespace rope {

struct FrequencyPlan {
    double theta = 1e6;
    int headDim = 128;
    int rotaryDim = 128;  ///< R: channels that rotate; pairs() = R/2
    PairLayout pairLayout = PairLayout::Half;
    std::vector<Row> rowOfPair;  ///< size R/2: the axis (position row) driving pair i, or RowNone
    Eigen::VectorXd omega;       ///< ω_i, size R/2

    int pairs() const { return rotaryDim / 2; }
    double wavelength(int i) const;
    /// Pairs driven by axis r (RowNone: the zero-frequency pairs), in increasing i.
    std::vector<int> pairsOf(Row r) const;
    /// How many distinct axes drive at least one pair.
    int rowsUsed() const;
    /// Pairs whose ω differs from the plain θ^(−2i/R) (VideoRoPE++'s rescaled temporal band).
    std::vector<int> rescaledPairs() const;
};

/// ω_i = θ^(−2i/R) for i in [0, R/2).
Eigen::VectorXd inverseFrequencies(double theta, int rotaryDim);

/// The geometry a plan is built over.
struct RotaryGeometry {
    double theta = 1e6;
    int headDim = 128;
    int rotaryDim = 128;
    std::array<int, 3> sections{16, 24, 24};
};
RotaryGeometry geometryOf(const Params& p);

/// The plan a parameter set asks for (variant + its frequency options). Validates p.
FrequencyPlan makeFrequencyPlan(const Params& p);

char rowLetter(Row r);  ///< 't', 'h', 'w', '0'…'3' for streams, '-' for none
/// What people read for an axis: "t (time)", "h (rows)", "w (columns)", "stream s3", "none (zero frequency)".
std::string axisLabel(Row r);

}  // namespace rope
