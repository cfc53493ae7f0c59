#pragma once
// cos/sin check: the tables a pipeline multiplied q and k with ([N, D] or [1, N, D]; D = rotary_dim
// or head_dim) against the variant's (computeRotary over decodePositions). Either physical pair
// layout is accepted — rotate-half (transformers: cat(freqs, freqs), channel c and c + R/2 are pair
// c) or adjacent (repeat_interleave: channels 2c, 2c+1) — and the report says which one the file
// uses. Channels R … head_dim−1, when present, must be cos 1 / sin 0 (they pass through).
//
// Tolerance per value: tolerance + 2^-22 · |angle|. Pipelines form the angle position · ω in
// float32 (transformers forces float32 for RoPE); that rounds the angle by up to about 2^-23 of its
// size, so large positions legitimately differ from our double-precision table by that much.
#include <cstdint>
#include <string>
#include <vector>

#include "NumericArray.h"
#include "PositionCheck.h"

namespace rope {

struct RotaryValueMismatch {
    int64_t token = 0;
    int channel = 0;
    bool isSin = false;
    double expected = 0, found = 0;
};

struct RotaryCheckReport {
    int64_t tokens = 0;
    int width = 0;             ///< D of the file
    int rotaryDim = 0;         ///< R of the variant
    std::string assumed;       ///< how the files were read
    std::string layout;        ///< pair layout of the file: "half" or "adjacent" (the better fit)
    bool variantLayout = true;  ///< the file's layout is the variant's own (pair_layout)
    int64_t mismatchingTokens = 0;
    double largestDifference = 0;  ///< beyond the float32 allowance
    std::vector<RotaryValueMismatch> first;
    std::vector<DiagnosisHit> diagnosis;
    bool match() const { return mismatchingTokens == 0; }
};

/// `foundPositions` (may be null): the positions file, so the diagnosis can say "your cos/sin
/// follow your ids". Throws BadFile (shapes) naming the file, InvalidParameter (p).
RotaryCheckReport checkRotary(const Params& p, const NumericArray& cos, const NumericArray& sin,
                              const Positions* foundPositions, const CheckOptions& options);

}  // namespace rope
