#pragma once
// Positions of a column: the variant's position design (core/variants/) over the sequence.
#include <vector>

#include "Params.h"
#include "Positions.h"
#include "variants/PositionDesign.h"

namespace rope {

/// The sequence the column's design lays out: p.sequence plus any tokens the design inserts
/// (frame_gap text between frames). Equal to p.sequence for most variants.
Sequence laidOutSequence(const Params& p);

/// Column of every token of `original` in the positions of `laidOut` (= design->expand(original),
/// which only inserts text segments between the frames of a video).
std::vector<Eigen::Index> originalTokenColumns(const Sequence& original, const Sequence& laidOut);

/// Validates p, checks the memory budget, and lays out the sequence.
Positions computePositions(const Params& p);

}  // namespace rope
