#pragma once
// Everything the views of one study show, computed in one go off the GUI thread and handed over
// as plain data (no Qt, no VTK): positions, frequency plan, Table 1 row and the curves, per column.
#include <array>
#include <cstdint>
#include <vector>

#include "core/FrequencyPlan.h"
#include "core/Positions.h"
#include "core/Properties.h"
#include "core/Study.h"
#include "core/analysis/Kernels.h"

namespace rope {

constexpr int kSimilarityFrames = 64;     ///< frames shown in the temporal-similarity view
constexpr double kKernelMaxDelta = 1e6;   ///< largest Δ of the row kernels
constexpr int kKernelSamples = 240;

struct ColumnResult {
    Params params;
    Positions positions;  ///< the prompt, then Params::generate generated tokens (core/check/DecodePositions.h)
    Sequence laidOut;  ///< the sequence the positions are for (frame_gap text inserted; generated tokens last)
    int64_t generated = 0;  ///< the last `generated` tokens are decode-time tokens
    FrequencyPlan plan;
    Properties properties;
    std::array<Curve, 3> rowKernels;  ///< by Row
    std::array<Curve, 4> similarity;  ///< by PairBand
    double positionSpan = 0;          ///< largest minus smallest position over all rows
};

struct StudyResults {
    Sequence sequence;
    std::vector<ColumnResult> columns;
};

/// Throws InvalidParameter / TooLarge for a study that cannot be computed.
StudyResults computeStudyResults(const Study& study);
/// Same, but a column whose parameters (every field, Params::operator==) equal those of a column
/// of `previous` is copied from there instead of recomputed: a δ drag recomputes one column.
StudyResults computeStudyResults(const Study& study, const StudyResults& previous);

}  // namespace rope
