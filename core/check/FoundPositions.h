#pragma once
// The position ids of a user's file, read as rows × tokens, and the layout that was assumed.
//
//   shape          taken as
//   [3, N]         rows t, h, w                       (transformers position_ids[:, 0, :])
//   [3, 1, N]      rows t, h, w of batch 0            (transformers get_rope_index: [3, batch, N])
//   [1, 3, N]      rows t, h, w                       [N, 3] / [1, N, 3]: one (t, h, w) per token
//   [4, N]         Qwen3-VL: row 0 the text positions (not compared), rows 1–3 t, h, w;
//                  for a four-stream variant (VRoPE): the streams s0…s3.  [4, 1, N], [1, 4, N] too
//   [N], [1, N]    plain 1D ids, the same on t, h, w  (the 3D ids were never computed)
// N is the token count the check expects (prompt + generated); a file of another length is bad
// input, with a hint when the difference looks like generated tokens.
#include <cstdint>
#include <string>

#include "NumericArray.h"
#include "core/Positions.h"

namespace rope {

struct FoundPositions {
    Positions positions;       ///< axes × N
    std::string assumed;       ///< "[3, 1, N]: rows t, h, w of batch 0"
    bool oneDimensional = false;  ///< the file held one row (broadcast to every axis)
};

/// `axes` = 3, or 4 for a four-stream variant. Throws BadFile naming a.source.
FoundPositions interpretPositions(const NumericArray& a, int64_t tokens, int axes);

}  // namespace rope
