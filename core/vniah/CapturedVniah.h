#pragma once
// Real-model mode: the V-NIAH retrieval score computed from q/k captured from a real VLM on a real
// V-NIAH-style input (design.md, "Capture files"), under any variant's rotation — the same rule as
// the synthetic experiment (needle frame must hold the largest attention mass), so a user can
// compare variants on real activations. The keys are pre-rotation; RoPEScope applies each
// variant's positions and frequency plan itself (KeyScorer.h).
//
// Capture files (formats/CaptureFile.h, format qk-capture/1) hold q and k of the visual
// tokens only — no question token. scoreCaptureVniah() therefore stands in for the question's
// query with the mean captured q of the needle frame's tokens (what "a question about this frame"
// would look for), placed at the last of vniah.question_tokens text tokens after the video, as in
// the synthetic experiment. Every captured (layer, head) is one trial. This is an approximation of
// the paper's setting (its question is real text), stated wherever the mode's results are shown.
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "core/Params.h"
#include "core/attention/QkCapture.h"
#include "core/vniah/KeyScorer.h"

namespace rope {

struct CapturedVniahCase {
    Sequence sequence;                      ///< the captured input: text / video segments
    int videoSegment = 0;                   ///< index of the haystack video segment in `sequence`
    int64_t queryToken = 0;                 ///< the token whose q was captured (the last question token)
    int64_t needleFrame = 0;                ///< frame of the video holding the needle
    std::vector<int64_t> distractorFrames;  ///< empty for V-NIAH
    Eigen::VectorXf q;                      ///< head_dim, before rotation
    RowMajorMatrixXf keys;                  ///< one row per token of the video segment, before rotation
};

struct CapturedVniahScore {
    Eigen::VectorXd frameLogMass;  ///< log Σ exp(logit) per frame of the video
    int64_t winnerFrame = 0;
    bool success = false;          ///< the needle frame's mass is strictly the largest
    bool lostToDistractor = false;
};

/// Throws InvalidParameter when shapes disagree (keys ≠ video tokens, q/k ≠ head_dim, frames outside
/// the video) and TooLarge over p.memoryBudgetMiB. p.sequence is ignored; c.sequence is laid out.
CapturedVniahScore scoreCapturedVniah(const Params& p, const CapturedVniahCase& c, int threads = 1);

struct CaptureVniahResult {
    int64_t layers = 0, heads = 0;
    std::vector<CapturedVniahScore> scores;  ///< [layer · heads + head]
    double rate() const;                     ///< share of (layer, head) trials that succeed
};

/// Real-model V-NIAH over every layer and head of a capture under p's variant: sequence
/// video:T×H×W,text:Q (Q = p.vniah.questionTokens), query = mean q of the needle frame at the last
/// text token. Throws InvalidParameter (head_dim ≠ p.headDim, frames outside the video).
CaptureVniahResult scoreCaptureVniah(const Params& p, const QkCapture& cap, int64_t needleFrame,
                                     const std::vector<int64_t>& distractorFrames, int threads = 1);

}  // namespace rope
