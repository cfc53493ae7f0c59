#include "CheckRun.h"

#include "DecodePositions.h"
#include "Diagnosis.h"
#include "core/Errors.h"
#include "core/ParamSchema.h"

namespace rope {

CheckOutcome runCheck(const Params& p, const NumericArray& positions, const NumericArray* cos, const NumericArray* sin,
                      const CheckOptions& options, const Progress& progress) {
    validate(p);
    CheckOutcome out;
    out.expectedTokens = decodeTokenCount(p);
    const int axes = positionAxes(p);
    out.fileTokens = tokensInFile(positions, axes);
    FoundPositions found;
    try {
        found = interpretPositions(positions, out.expectedTokens, axes);
    } catch (const BadFile&) {
        // Another length is bad input, unless a setting that changes the token count (frame_gap,
        // generated tokens) reproduces the file: then it is a mismatch with a diagnosis.
        out.lengthDiagnosis = diagnoseLength(p, positions, options.tolerance, out.lengthTried);
        if (out.lengthDiagnosis.empty()) throw;
        return out;
    }
    out.positions = checkPositions(p, found, options, progress);
    if (cos && sin) out.rotary = checkRotary(p, *cos, *sin, &found.positions, options);
    return out;
}

}  // namespace rope
