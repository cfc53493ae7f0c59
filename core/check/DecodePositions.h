#pragma once
// Decode-time positions (issue 15): the prompt (Params::sequence) followed by Params::generate
// generated tokens. A generated token is placed by the variant's decode rule:
//   - Qwen family (M-RoPE, Qwen2.5-VL, Qwen3-VL, Qwen3.5, GLM-4V, ERNIE-4.5-VL, Circle-RoPE; the
//     transformers forward): position = cache_position + rope_delta on all three rows, with
//     rope_delta = max over all rows of the prompt's ids + 1 − prompt length, so generated token k
//     (0-based) sits at max_id + 1 + k. Their next-start rule is "max over all rows + 1", so this
//     is the text rule continued after the prompt.
//   - Every other variant: its text rule continued after the prompt. The VideoRoPE reference's
//     decode is cache_position + rope_delta with rope_delta from the t row (max t + 1), its next-start
//     rule; its TAD-RoPE decode adds 2·cache_position (text stride 2, as its prompt text).
// So for every variant the generated tokens are laid out as a text segment appended to the prompt,
// by the variant's own design; ropeDeltaContinuation() is the Qwen formula written out, used to
// diagnose a stale rope_delta.
#include <cstdint>

#include "core/Params.h"
#include "core/Positions.h"
#include "core/Sequence.h"

namespace rope {

/// p.sequence followed by a text segment of p.generate tokens (p.sequence itself when 0).
Sequence promptAndGenerated(const Params& p);

/// The sequence the positions of decodePositions() are for: the design's laid-out prompt (frame_gap
/// text inserted) followed by the generated tokens. Its last p.generate tokens are the generated ones.
Sequence decodeLaidOut(const Params& p);

/// decodeLaidOut(p).tokenCount(): prompt (with inserted tokens) + generated.
int64_t decodeTokenCount(const Params& p);

/// Positions of decodeLaidOut(p): validates p and checks the memory budget (as computePositions).
Positions decodePositions(const Params& p);

/// Qwen family: rope_delta = max over all rows of `prompt` + 1 − prompt.tokens().
double ropeDelta(const Positions& prompt);

/// `prompt` followed by `generated` tokens at cache_position + delta on every row (3 rows; a
/// 4-stream prompt gets the continuation on its four streams).
Positions ropeDeltaContinuation(const Positions& prompt, int64_t generated, double delta);

}  // namespace rope
