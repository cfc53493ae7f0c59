#pragma once
// The known ways a pipeline's position ids go wrong (variants*.md list them with their sources),
// as candidate layouts for the diagnosis (Diagnosis.h):
//   - an option set to another value: explained by optionExplanation (rounding=int-first is the
//     transformers cast of second_per_grid_t, tokens_per_second 4 its config-class default, …);
//   - plain 1D ids: 0 … N−1 on every axis (get_rope_index never ran);
//   - the wrong next-start rule after a visual block (t row, all rows, or the 1D token count);
//   - a stale rope_delta at decode: the generated tokens shifted by a constant.
#include <optional>
#include <string>

#include "PositionCheck.h"

namespace rope {

/// What `key=value` means in a pipeline's terms, and where the spec states it.
DiagnosisHit optionExplanation(const Params& p, const std::string& key, const std::string& value);

/// 0 … N−1 on every one of `axes` rows.
Positions plainIds(int64_t tokens, int axes);

enum class NextStartRule { AllRows, TRow, TokenCount };

/// decodePositions(p) re-walked with `rule` after every visual block. nullopt when the design does
/// not follow the running rule with a shift-invariant block (the re-walk with neither AllRows nor
/// TRow reproduces its own positions: TAD-RoPE, RoPE-Tie, V2PE, VRoPE), or when it has no 3 axes.
std::optional<Positions> withNextStart(const Params& p, NextStartRule rule);
DiagnosisHit nextStartExplanation(NextStartRule rule);

/// When the prompt part matches and every generated token is off by the same constant on every
/// axis: the hit naming the rope_delta the pipeline used. `expected` = decodePositions(p).
std::optional<DiagnosisHit> staleDelta(const Params& p, const Positions& expected, const Positions& found,
                                       double tolerance);

}  // namespace rope
