#pragma once
// The `attention.*` declarations of the parameter schema (scope Study), appended by ParamSchema.cpp.
// Their CLI flags (--video, --frames, --fps, --grid, --model, --layer, --head, --causal, --bands,
// --builtin-layers, --builtin-heads, --position-share) belong to `ropescope attention` only: the
// common flag parser skips them (isAttentionKey) and the attention command reads them through
// these specs, so its flags, the GUI's attention tab, the study file and validation share one
// declaration.
#include <string_view>
#include <vector>

#include "core/ParamSchema.h"

namespace rope {

std::vector<ParamSpec> attentionParamSpecs();

/// True for the `attention.*` keys (flags of `ropescope attention` only, not common flags).
bool isAttentionKey(std::string_view key);

/// Parses attention.grid: "auto" → false (rows, cols untouched); "RxC" with both in 1..256 → true.
/// Throws InvalidParameter("attention.grid", text, rule) otherwise.
bool parseGridText(std::string_view text, int* rows, int* cols);

}  // namespace rope
