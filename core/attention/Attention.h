#pragma once
// Attention of one captured head under one RoPE variant, in float32 with Eigen.
//
// The capture holds pre-rotation q, k for the T·H·W visual tokens of a video. RoPEScope lays the
// tokens out as the sequence `video:TxHxW` under the variant (PositionLayout.h), builds that
// variant's cos/sin (Rotary.h) and rotates q and k itself, so one capture compares all variants:
//
//   q̃_n = R(p_n) q_n,  k̃_m = R(p_m) k_m                    (rotate-half pairs, Rotary.h)
//   logit(n, m) = q̃_n · k̃_m / √d                          (one GEMM, tokens × tokens)
//   P(n, ·)     = softmax over visible keys m of logit(n, m)   (row-wise, max subtracted)
//   causal: key m is visible to query n iff m ≤ n (raster order frame → row → column)
//
// Band split (Fig. 3 of the VideoRoPE paper in kind). In the rotate-half layout pair i is the
// channels (i, i + d/2), so the dot product splits exactly over pairs:
//
//   logit(n, m) = Σ_i c_i(n, m),   c_i = (q̃_n[i] k̃_m[i] + q̃_n[i+d/2] k̃_m[i+d/2]) / √d
//
// A band is a set of pairs; its component is Σ_{i ∈ band} c_i, computed as a GEMM over the
// band's channels only. Bands that partition the d/2 pairs sum to the full logits. Ready-made
// bands: the fast / slow halves of the spectrum, the pairs of each row (t / h / w) under the
// variant's frequency plan, or user pair ranges ("0-15,16-63").
//
//   pair i :  0 ............ d/4−1 | d/4 ............ d/2−1
//   band   :  fast half (high freq) | slow half (low freq)       ω_i = θ^(−2i/d)
//
// Per frame: frameAttention(a, b) = mean over the queries of frame a of the probability mass they
// put on the keys of frame b (each row sums to 1).
//
// Memory: every tokens × tokens float matrix is 4·N² bytes (64 MiB at 4096 tokens). The request's
// estimate (attentionBytes) is checked against Params::memoryBudgetMiB before anything large is
// allocated; over budget is a TooLarge with the estimate in MiB, never swapping.
//
// Usage:
//   rope::QkCapture cap = rope::readCapture("clip.safetensors");
//   rope::AttentionRequest req;
//   req.variant = rope::paramsFor("videorope");         // θ, head_dim, sections, δ ... as in Params
//   req.variant.headDim = int(cap.q.headDim);          // must match the capture
//   req.layer = 3; req.head = 5; req.causal = false;
//   req.bands = rope::halvesBands(req.variant.headDim);
//   rope::AttentionMap map = rope::computeAttention(cap, req);
//   // map.probabilities (N × N), map.bands[0].logits, map.frameAttention (T × T)
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/FrequencyPlan.h"
#include "core/Params.h"
#include "core/Rotary.h"
#include "core/attention/QkCapture.h"

namespace rope {

using RowMajorMatrixXf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// A set of rotary pairs whose share of the logits is reported separately.
struct FrequencyBand {
    std::string name;        ///< "fast half", "slow half", "t", "pairs 0-15", ...
    std::vector<int> pairs;  ///< pair indices in [0, d/2), strictly increasing, non-empty
};

/// Two bands: pairs [0, d/4) "fast half" (high frequencies) and [d/4, d/2) "slow half".
std::vector<FrequencyBand> halvesBands(int headDim);
/// One band per row (named "t", "h", "w") that drives at least one pair under `plan`.
std::vector<FrequencyBand> rowBands(const FrequencyPlan& plan);
/// Parses inclusive pair ranges "0-15,16-63" (a single pair "7" is allowed) into bands named
/// "pairs 0-15", ... Throws InvalidParameter("bands", text, rule) for bad syntax, a pair outside
/// [0, d/2) or overlapping ranges.
std::vector<FrequencyBand> parsePairRanges(std::string_view text, int headDim);

struct AttentionRequest {
    int64_t layer = 0, head = 0;
    bool causal = false;               ///< key m visible to query n iff m ≤ n
    Params variant;                    ///< variant, θ, head_dim, sections, options, memory budget;
                                       ///< its sequence is ignored (the capture's grid is used)
    std::vector<FrequencyBand> bands;  ///< components to report (disjoint); empty = no split
    bool keepProbabilities = true;     ///< false: only the frame aggregates and band summaries
                                       ///< (works in 256-row blocks: no N × N matrix at all)
    bool keepLogits = false;           ///< also return the full logits matrix
    bool keepBandLogits = true;        ///< false: band summaries only (no N × N matrix per band)
};

/// One band's share of the logits. Components are of the unmasked logits (the causal mask only
/// acts on probabilities), so bands that partition the pairs sum to AttentionMap::logits.
struct BandLogits {
    FrequencyBand band;
    RowMajorMatrixXf logits;    ///< tokens × tokens (empty unless keepBandLogits)
    Eigen::MatrixXf frameMean;  ///< frames × frames: mean component over query frame a × key frame b
    double meanAbs = 0;         ///< mean |component| over all query/key pairs
    double mean = 0;            ///< mean component over all query/key pairs
};

struct AttentionMap {
    int64_t layer = 0, head = 0;
    bool causal = false;
    VariantId variant = "vanilla";
    int64_t frames = 0, rows = 0, cols = 0;  ///< token grid T, H, W
    RowMajorMatrixXf probabilities;  ///< N × N, row n = attention of query n; 0 where masked
    RowMajorMatrixXf logits;         ///< N × N unmasked q̃·k̃/√d (empty unless keepLogits)
    std::vector<BandLogits> bands;   ///< in the request's order
    Eigen::MatrixXf frameAttention;  ///< T × T, rows sum to 1

    int64_t tokens() const { return frames * rows * cols; }
    /// Probabilities of query `query` over the keys of frame `frame`, as an H × W image (for
    /// overlays on the frame). Needs keepProbabilities. Throws InvalidParameter when out of range.
    Eigen::MatrixXf keyImage(int64_t query, int64_t frame) const;
};

/// Bytes computeAttention allocates for `req` over a grid of `tokens` tokens in `frames` frames
/// (what it checks against req.variant.memoryBudgetMiB).
double attentionBytes(int64_t tokens, int64_t frames, const AttentionRequest& req);

/// Positions of `video:TxHxW` under `variant` (its sequence is replaced) and their cos/sin table.
/// Validates the parameters and checks the memory budget (throws InvalidParameter / TooLarge).
RotaryTable videoRotary(const Params& variant, int64_t frames, int64_t rows, int64_t cols);

/// Rotates `tokens` rows of headDim floats (row n of x starts at x + n·headDim) by the table's
/// angles, in float32: the first R = 2·pairs channels pair as the table's layout says (rotate-half
/// (c, c+R/2) or adjacent (2c, 2c+1)); channels R … headDim−1 pass through.
RowMajorMatrixXf rotateRows(const float* x, int64_t tokens, int64_t headDim, const RotaryTable& table);

/// Row-wise softmax in place, max subtracted for stability. causal: row n covers columns 0..n
/// only and the rest is set to 0. Rows that are entirely −inf become all 0.
void softmaxRows(RowMajorMatrixXf& logits, bool causal);

/// Attention of (req.layer, req.head) of the capture under req.variant. Throws InvalidParameter
/// (capture rules broken, layer/head out of range, head_dim ≠ the capture's, bad bands) and
/// TooLarge (attentionBytes over the budget; the message gives the estimate in MiB).
AttentionMap computeAttention(const QkCapture& capture, const AttentionRequest& req);

}  // namespace rope
