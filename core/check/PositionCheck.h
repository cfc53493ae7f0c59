#pragma once
// `ropescope check`: compare the position ids a pipeline computed (a file, FoundPositions.h) with
// what the registry says the variant gives for the sequence, options and generated tokens
// (Params::generate), and when they differ, search for the setting that explains the file
// (Diagnosis.h).
//
//   expected = decodePositions(p)              found = the file, axes × N
//   token n mismatches when any axis differs by more than the tolerance
//   report: first mismatching tokens (index, segment, frame/row/column, expected vs found),
//           mismatches per segment of the laid-out sequence (generated tokens as their own group)
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "FoundPositions.h"
#include "core/Params.h"
#include "core/Progress.h"

namespace rope {

struct CheckOptions {
    double tolerance = 1e-4;  ///< |expected − found| allowed per coordinate (Circle-RoPE's reference is float32)
    size_t listed = 10;       ///< first mismatching tokens reported
    bool diagnose = true;     ///< search for a setting that reproduces the file when it does not match
};

struct TokenMismatch {
    int64_t token = 0;
    int segment = 0;           ///< in the laid-out sequence; the generated tokens are the last segment
    bool generated = false;
    TokenLocation where;
    std::vector<double> expected, found;  ///< one per axis
};

struct SegmentTally {
    int segment = 0;
    std::string label;  ///< "video:2x2x3", "generated:4"
    int64_t tokens = 0;
    int64_t mismatches = 0;
};

/// A setting that reproduces the file exactly (within the tolerance).
struct DiagnosisHit {
    std::string setting;      ///< "--option qwen2.5-vl.rounding=int-first", "--variant m-rope", "plain 1D ids"
    std::string explanation;  ///< what that setting means, in the pipeline's terms
    std::string spec;         ///< where the rule is stated: "variants-more.md §6"
};

struct PositionCheckReport {
    std::string variant;
    std::string sequence;  ///< the laid-out prompt, as text ("+ N generated" when there are)
    int64_t tokens = 0, generated = 0;
    std::string assumed;  ///< how the file was read (FoundPositions::assumed)
    double tolerance = 0;
    int64_t mismatches = 0;
    double largestDifference = 0;
    std::vector<TokenMismatch> first;
    std::vector<SegmentTally> perSegment;
    std::vector<int64_t> mismatchingTokens;  ///< every mismatching token index (for highlighting)
    std::vector<DiagnosisHit> diagnosis;
    bool diagnosisSearched = false;
    int diagnosisCandidates = 0;  ///< settings tried
    bool match() const { return mismatches == 0; }
};

/// Validates p (InvalidParameter), checks the file's axes against the variant's (BadFile).
/// `progress` sees the diagnosis search (it may cancel: Cancelled).
PositionCheckReport checkPositions(const Params& p, const FoundPositions& found, const CheckOptions& options,
                                   const Progress& progress = {});

/// Number of axes the variant's positions have (3, or 4 for VRoPE's streams).
int positionAxes(const Params& p);

/// True when every coordinate of a and b (same shape) is within `tolerance`.
bool positionsWithin(const Positions& a, const Positions& b, double tolerance);

}  // namespace rope
