#pragma once
// One `check` run, shared by `ropescope check` and the GUI's File → Compare with positions file:
// the positions file read against the variant, the length diagnosis when its token count differs
// (Diagnosis.h), and the cos/sin tables when given.
#include <optional>

#include "NumericArray.h"
#include "PositionCheck.h"
#include "RotaryCheck.h"

namespace rope {

struct CheckOutcome {
    /// Absent when the file has another token count that a setting explains (lengthDiagnosis).
    std::optional<PositionCheckReport> positions;
    std::optional<RotaryCheckReport> rotary;
    int64_t expectedTokens = 0, fileTokens = 0;
    std::vector<DiagnosisHit> lengthDiagnosis;
    int lengthTried = 0;
    bool match() const { return positions && positions->match() && (!rotary || rotary->match()); }
};

/// Throws BadFile (a file that cannot be read as positions / cos / sin of this sequence, naming it),
/// InvalidParameter (p, options), Cancelled (progress returned false).
CheckOutcome runCheck(const Params& p, const NumericArray& positions, const NumericArray* cos, const NumericArray* sin,
                      const CheckOptions& options, const Progress& progress = {});

}  // namespace rope
