#pragma once
// The diagnosis of a mismatching positions file: lay the sequence out under every setting the
// variant declares and every known pitfall (Pitfalls.h), and report those that reproduce the file
// exactly (within the tolerance). Order of the search, simplest explanation first:
//   1. one declared option (and δ) set to another value        "--option qwen2.5-vl.rounding=int-first"
//   2. plain 1D ids                                             "plain 1D ids"
//   3. a stale rope_delta for the generated tokens              "rope_delta = 0 (expected 7)"
//   4. another next-start rule after visual blocks              "next start = max t + 1"
//   5. another registry variant at its defaults                 "--variant m-rope"
//   6. two declared options together (only if 1–5 found nothing; at most kMaxPairCandidates)
// Every candidate is a full layout of the sequence through the registry, so custom variants get
// the same search from their declared options.
#include <vector>

#include "NumericArray.h"
#include "PositionCheck.h"

namespace rope {

constexpr int kMaxPairCandidates = 4000;
constexpr size_t kMaxDiagnosisHits = 6;

/// `expected` = decodePositions(p). `tried` receives the number of candidate layouts.
std::vector<DiagnosisHit> diagnose(const Params& p, const Positions& expected, const Positions& found,
                                   double tolerance, int& tried, const Progress& progress = {});

/// A file whose token count differs from the sequence's: the settings under which it has the right
/// length and matches exactly — a declared option that inserts tokens (frame_gap) or generated
/// tokens (--generate M − N). Empty when none does (then the length is bad input).
std::vector<DiagnosisHit> diagnoseLength(const Params& p, const NumericArray& file, double tolerance, int& tried);

/// Tokens a positions file holds (the dimension that is not the axes), or −1 if the shape says nothing.
int64_t tokensInFile(const NumericArray& file, int axes);

/// The values the search tries for one declared option (other than the current one).
std::vector<std::string> candidateValues(const std::string& key, const Params& p);

}  // namespace rope
