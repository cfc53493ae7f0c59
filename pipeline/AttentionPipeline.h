#pragma once
// The one attention-on-a-video pipeline, shared by `ropescope attention` (app/cli) and the GUI's
// attention tab (app/gui): plain C++, synchronous (run it on a worker thread), cancellable through
// its progress callback.
//
//   settings (attention.* keys, core/attention/AttentionSettings.h)
//     │  loadQk: the q/k stage, run once per video/model/sampling
//     │    built-in model or TorchScript: probe → grid (attention.grid) → memory pre-checks →
//     │      decode + sample (media/, attention.frames / attention.fps) → model (model/) → q/k
//     │    capture file: read the head (formats/); frames for overlays only, if a video is given
//     ▼
//   QkInputs (frames, q/k of every layer and head, timings)
//     │  computeColumn: per study column / variant, on the cached q/k
//     │    Params adopted to the capture's head_dim → rotate per variant → softmax → band split
//     ▼
//   ColumnAttention (AttentionMap: N × N probabilities, T × T frame attention, band shares)
//
// Every rule lives here once: the grid (auto ≈ 144 tokens), the memory checks (attention and
// built-in q/k before decoding anything), how a column's head_dim and sections follow the capture,
// the bands, the default query token, and the truncated-video rule: a video whose stream ends
// before the header's frame count is refused (media's TruncatedVideo, one message) unless
// QkOptions::allowTruncated — the CLI's --allow-truncated, the GUI's "use the frames that decode".
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/Params.h"
#include "core/Progress.h"
#include "core/attention/Attention.h"
#include "core/attention/QkCapture.h"
#include "media/Frames.h"
#include "media/VideoReader.h"

namespace rope {

/// How the pipeline reports: a stage name when a stage starts, a note for warnings, and progress
/// as a fraction of the whole call (monotone). Any may be empty; `overall` returning false cancels
/// (the call then throws Cancelled).
struct PipelineReporter {
    std::function<Progress(const std::string& stage)> stage;  ///< per-stage fractions (the CLI's lines)
    std::function<void(const std::string& note)> note;
    Progress overall;
};

enum class ModelKind { Builtin, TorchScript, Capture };
std::string modelKindName(ModelKind k);  ///< "built-in", "torchscript", "capture"

struct QkOptions {
    bool allowTruncated = false;  ///< sample from the frames that decode when the header over-counts
    bool benchOnly = false;       ///< time decode + model only: no attention pre-check, no capture
};

/// What the q/k stage produced.
struct QkInputs {
    AttentionSettings settings;  ///< the settings it was computed from
    ModelKind modelKind = ModelKind::Builtin;
    VideoInfo video;             ///< empty path when a capture came without a video
    Frames frames;               ///< may be empty (capture without a video)
    QkCapture capture;
    int64_t layer = 0, head = 0;  ///< in `capture` (a capture file is read by head: only (0, 0))
    int modelLayers = 0, modelHeads = 0;  ///< what the model (or capture file) offers
    double decodeSeconds = 0, modelSeconds = 0;
};

/// The q/k stage. `shared` gives the memory budget and, for the built-in model, head_dim.
/// Throws InvalidParameter (bad settings, layer/head the model lacks), BadFile (video, model),
/// TruncatedVideo, TooLarge (the memory checks, before decoding) and Cancelled.
QkInputs loadQk(const AttentionSettings& s, const Params& shared, const QkOptions& options, const PipelineReporter& report = {});

/// The token grid for a video: attention.grid, or auto (≈ 144 tokens with the video's aspect).
GridSize gridFor(const AttentionSettings& s, const VideoInfo& info);

/// `p` with head_dim following the capture unless the column sets it (Params::overrides), and
/// sections that sum to the rotated pairs: the variant's own if they fit, else Qwen2-VL's 1:1.5:1.5
/// split scaled (unless the column sets them; validation then says what is wrong).
Params adoptCaptureShape(Params p, const QkCapture& c);
/// Qwen2-VL's 16,24,24 split of 64 pairs scaled to `pairs` pairs (t a quarter, h and w the rest).
std::array<int, 3> scaledSections(int pairs);

/// attention.bands for one column: halves, rows (t / h / w under its plan), none, or pair ranges.
std::vector<FrequencyBand> bandsFor(const AttentionSettings& s, const Params& column);

/// The centre token of the middle frame (the CLI's default --query, the GUI's first query).
int64_t defaultQuery(int64_t frames, int64_t rows, int64_t cols);

struct ColumnAttention {
    Params params;                ///< the column as it was computed (adopted to the capture)
    AttentionMap map;             ///< probabilities kept; bands = attention.bands
    AttentionMap rowBands;        ///< t / h / w shares (no probabilities); only if asked for
    double seconds = 0;
};

/// True when `now` differs from the settings `in` was loaded with in a way only a new loadQk can
/// follow (video, model, sampling, grid, built-in options; layer/head of a capture read by head).
/// layer, head, causal and bands of a model run are attention-stage settings: no new q/k needed.
bool needsNewQk(const QkInputs& in, const AttentionSettings& now);

/// Attention of `now`'s layer/head (causal, bands) of `in` under one column. withRowBands adds
/// the t/h/w split (a second pass without an N × N matrix). Throws InvalidParameter (also when
/// needsNewQk) and TooLarge.
ColumnAttention computeColumn(const QkInputs& in, const Params& column, const AttentionSettings& now, bool withRowBands = false);

}  // namespace rope
