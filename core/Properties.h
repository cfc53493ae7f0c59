#pragma once
// The four properties of the paper's Table 1, derived from computed positions and the frequency
// plan — never looked up by variant name — so an ablation or a user-made variant gets its own row.
//
// Each is decided on the probe sequence `text:1,video:4x3x5,text:1` (odd H and W so that the
// reference's ⌊(H−1)/2⌋ centring is exact) laid out with the column's own parameters:
//   structure   — the tokens of one frame spread along ≥ 2 independent directions on the rows
//                 that drive at least one pair;
//   allocation  — t drives some pairs, and every one of them turns slower than every h/w pair;
//   symmetry    — some pair reads h or w, and on each such row the text token before the block and
//                 the one after it are equally far from the block's centre (mean position);
//   scaling     — t drives some pairs, and consecutive frames are further apart on t than plain
//                 counting gives (1 when t is constant within a frame, else tokens-per-frame × the
//                 in-frame step).
#include <array>
#include <string>

#include "Params.h"

namespace rope {

enum class Property { Structure, FrequencyAllocation, SpatialSymmetry, TemporalScaling };

struct PropertyVerdict {
    bool holds = false;
    std::string why;  ///< one sentence with the numbers that decided it
};

struct Properties {
    std::array<PropertyVerdict, 4> verdicts;
    const PropertyVerdict& operator[](Property p) const { return verdicts[static_cast<size_t>(p)]; }
};

std::string propertyKey(Property p);    ///< "structure", "frequency_allocation", ...
std::string propertyTitle(Property p);  ///< "2D/3D structure", ...

/// The rule that picks the probe sequence (for tooltips and docs).
std::string propertyProbeRule();

/// Derives the four properties for the variant and options in p (p.sequence is ignored; the probe
/// sequence above is used).
Properties deriveProperties(const Params& p);

}  // namespace rope
