#include "AttentionPipeline.h"

#include <algorithm>
#include <chrono>

#include "core/Errors.h"
#include "core/FrequencyPlan.h"
#include "core/MemoryBudget.h"
#include "core/ParamSchema.h"
#include "core/attention/AttentionSchema.h"
#include "core/variants/Variant.h"
#include "formats/CaptureFile.h"
#include "model/QkModel.h"

namespace rope {
namespace {

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

/// The longest side of an overlay frame (28 px per token) decoded under a capture's grid.
constexpr int64_t kMaxOverlaySide = 16384;
constexpr int kTokenPixels = 28;

/// One stage of a call: its own fraction to `report.stage`, and lo…hi of the call to `overall`.
Progress stageOf(const PipelineReporter& report, const std::string& name, double lo, double hi) {
    Progress own = report.stage ? report.stage(name) : Progress{};
    Progress overall = report.overall;
    if (!own && !overall) return {};
    return [own, overall, lo, hi](double f) {
        f = std::clamp(f, 0.0, 1.0);
        const bool a = own ? own(f) : true;
        const bool b = overall ? overall(lo + (hi - lo) * f) : true;
        return a && b;
    };
}

void checkCancel(const PipelineReporter& report, double at) {
    if (report.overall && !report.overall(at)) throw Cancelled("cancelled");
}

FrameRequest frameRequest(const AttentionSettings& s, const GridSize& g, int ppt, const QkOptions& o, double budget) {
    FrameRequest r;
    if (s.fps > 0) {
        r.sampling.mode = FrameSampling::Mode::Fps;
        r.sampling.fps = s.fps;
        r.sampling.maxFrames = s.frames;
    } else {
        r.sampling.count = s.frames;
    }
    r.outWidth = g.cols * ppt;
    r.outHeight = g.rows * ppt;
    r.allowTruncated = o.allowTruncated;
    r.memoryBudgetMiB = budget;
    return r;
}

/// Refuses, before decoding, a request whose attention could not fit in the budget. The plan
/// comes from the header's frame count (a header that over-counts can only make the run smaller).
void precheckAttentionMemory(const Params& shared, const VideoInfo& info, const FrameRequest& r, const GridSize& g) {
    int64_t frames = r.sampling.mode == FrameSampling::Mode::Count ? r.sampling.count : 1;
    if (info.frameCount > 0) frames = plannedSampleCount(info.frameCount, info.fps, r.sampling);
    const int64_t tokens = frames * g.rows * g.cols;
    AttentionRequest req;
    req.variant = shared;
    req.bands = halvesBands(shared.rotaryDimension());
    requireMemory(attentionBytes(tokens, frames, req), shared.memoryBudgetMiB,
                  "attention over " + std::to_string(frames) + " frames of " + std::to_string(g.rows) + "x" +
                      std::to_string(g.cols) + " tokens (" + std::to_string(tokens) + " tokens)");
}

void refuseBuiltinOptions(const AttentionSettings& s, const char* why) {
    const AttentionSettings d;
    if (s.builtinLayers != d.builtinLayers) throw InvalidParameter("attention.builtin_layers", std::to_string(s.builtinLayers), why);
    if (s.builtinHeads != d.builtinHeads) throw InvalidParameter("attention.builtin_heads", std::to_string(s.builtinHeads), why);
    if (s.positionShare != d.positionShare) throw InvalidParameter("attention.position_share", formatNumber(s.positionShare), why);
}

QkInputs loadCapture(QkInputs in, const Params& shared, const QkOptions& o, const PipelineReporter& report) {
    const AttentionSettings& s = in.settings;
    if (o.benchOnly) throw InvalidParameter("--bench", "", "times decoding and a model run; a capture file has no model to run");
    refuseBuiltinOptions(s, "only applies to the built-in model, not to a capture file");
    const auto t0 = Clock::now();
    const CaptureInfo info = readCaptureInfo(s.model);
    in.modelLayers = static_cast<int>(info.layers);
    in.modelHeads = static_cast<int>(info.heads);
    if (s.layer >= info.layers)
        throw InvalidParameter("attention.layer", std::to_string(s.layer), "must be in [0, " + std::to_string(info.layers - 1) + "] (the capture's layers)");
    if (s.head >= info.heads)
        throw InvalidParameter("attention.head", std::to_string(s.head), "must be in [0, " + std::to_string(info.heads - 1) + "] (the capture's heads)");
    in.capture = readCaptureHead(s.model, s.layer, s.head, shared.memoryBudgetMiB);
    in.layer = in.head = 0;
    in.modelSeconds = secondsSince(t0);
    checkCancel(report, 0.4);
    if (s.video.empty()) return in;
    // Frames for the overlays only: one per temporal token, 28 px per token, checked before decoding.
    in.video = probeVideo(s.video);
    const int64_t w = in.capture.cols * kTokenPixels, h = in.capture.rows * kTokenPixels;
    if (w > kMaxOverlaySide || h > kMaxOverlaySide)
        throw InvalidParameter("attention.video", s.video,
                               "cannot be laid under a capture grid of " + std::to_string(in.capture.rows) + "x" +
                                   std::to_string(in.capture.cols) + " tokens (" + std::to_string(w) + "x" + std::to_string(h) +
                                   " px overlay frames; at most " + std::to_string(kMaxOverlaySide) + " px a side): leave out the video");
    requireMemory(3.0 * double(w) * double(h) * double(in.capture.frames), shared.memoryBudgetMiB,
                  "overlay frames " + std::to_string(w) + "x" + std::to_string(h) + " px x " + std::to_string(in.capture.frames));
    FrameRequest r;
    r.sampling.count = in.capture.frames;
    r.outWidth = static_cast<int>(w);
    r.outHeight = static_cast<int>(h);
    r.allowTruncated = o.allowTruncated;
    r.memoryBudgetMiB = shared.memoryBudgetMiB;
    const auto t1 = Clock::now();
    in.frames = readFrames(s.video, r, stageOf(report, "decoding " + s.video, 0.4, 1.0));
    in.decodeSeconds = secondsSince(t1);
    return in;
}

}  // namespace

std::string modelKindName(ModelKind k) {
    switch (k) {
        case ModelKind::Builtin: return "built-in";
        case ModelKind::TorchScript: return "torchscript";
        case ModelKind::Capture: return "capture";
    }
    return "built-in";
}

std::array<int, 3> scaledSections(int pairs) {
    const int t = (pairs + 2) / 4, h = (pairs - t) / 2;
    return {t, h, pairs - t - h};
}

GridSize gridFor(const AttentionSettings& s, const VideoInfo& info) {
    GridSize g;
    if (!parseGridText(s.grid, &g.rows, &g.cols)) g = autoGrid(info.width, info.height, 144);
    return g;
}

int64_t defaultQuery(int64_t frames, int64_t rows, int64_t cols) { return (frames / 2) * rows * cols + (rows / 2) * cols + cols / 2; }

Params adoptCaptureShape(Params p, const QkCapture& c) {
    if (c.q.headDim % 2 != 0 || c.q.headDim < 2)
        throw BadFile("the model's head_dim is " + std::to_string(c.q.headDim) + "; rotary embeddings need an even head_dim");
    if (!(p.overrides & SetHeadDim)) p.headDim = static_cast<int>(c.q.headDim);
    const int pairs = p.rotaryDimension() / 2;
    if (!(p.overrides & SetSections) && p.sections[0] + p.sections[1] + p.sections[2] != pairs) {
        const auto& natural = requireVariant(p.variant).sections;
        p.sections = natural[0] + natural[1] + natural[2] == pairs ? natural : scaledSections(pairs);
    }
    return p;
}

std::vector<FrequencyBand> bandsFor(const AttentionSettings& s, const Params& column) {
    if (s.bands == "halves") return halvesBands(column.rotaryDimension());
    if (s.bands == "none") return {};
    if (s.bands == "rows") return rowBands(makeFrequencyPlan(column));
    return parsePairRanges(s.bands, column.rotaryDimension());
}

QkInputs loadQk(const AttentionSettings& s, const Params& shared, const QkOptions& o, const PipelineReporter& report) {
    QkInputs in;
    in.settings = s;
    in.modelKind = s.model.empty() ? ModelKind::Builtin
                   : detectModelFile(s.model) == ModelFileKind::Capture ? ModelKind::Capture
                                                                        : ModelKind::TorchScript;
    if (in.modelKind == ModelKind::Capture) return loadCapture(std::move(in), shared, o, report);
    if (s.video.empty())
        throw InvalidParameter("attention.video", "", "is required: open a video (a q/k capture file is the only model input that needs none)");

    std::unique_ptr<QkModel> model;
    BuiltinModelOptions b;
    if (in.modelKind == ModelKind::Builtin) {
        b.headDim = shared.headDim;
        b.layers = s.builtinLayers;
        b.heads = s.builtinHeads;
        b.positionShare = s.positionShare;
        model = makeBuiltinModel(b);
        in.modelLayers = b.layers;
        in.modelHeads = b.heads;
        // A layer or head the model does not have is refused before anything is decoded.
        if (s.layer >= b.layers)
            throw InvalidParameter("attention.layer", std::to_string(s.layer), "must be in [0, " + std::to_string(b.layers - 1) + "] (the built-in model's layers)");
        if (s.head >= b.heads)
            throw InvalidParameter("attention.head", std::to_string(s.head), "must be in [0, " + std::to_string(b.heads - 1) + "] (the built-in model's heads)");
    } else {
        refuseBuiltinOptions(s, "only applies to the built-in model, not to a TorchScript file");
        model = loadTorchScriptModel(s.model);
    }
    checkCancel(report, 0.0);
    in.video = probeVideo(s.video);
    const GridSize g = gridFor(s, in.video);
    const FrameRequest r = frameRequest(s, g, model->pixelsPerToken(), o, shared.memoryBudgetMiB);
    if (!o.benchOnly) precheckAttentionMemory(shared, in.video, r, g);
    if (in.modelKind == ModelKind::Builtin) {  // q and k of every layer and head, from the planned frame count
        int64_t planned = r.sampling.mode == FrameSampling::Mode::Count ? r.sampling.count : 1;
        if (in.video.frameCount > 0) planned = plannedSampleCount(in.video.frameCount, in.video.fps, r.sampling);
        const double bytes = 2.0 * 4.0 * b.layers * b.heads * static_cast<double>(planned) * g.rows * g.cols * b.headDim;
        requireMemory(bytes, shared.memoryBudgetMiB, "q and k of the built-in model");
    }

    const auto t0 = Clock::now();
    in.frames = readFrames(s.video, r, stageOf(report, "decoding " + s.video, 0.0, 0.3));
    in.decodeSeconds = secondsSince(t0);
    if (report.note)
        for (const std::string& w : in.frames.warnings) report.note(s.video + ": " + w);
    const auto t1 = Clock::now();
    in.capture = model->run(in.frames, stageOf(report, "model " + model->name(), 0.3, 1.0));
    in.modelSeconds = secondsSince(t1);
    if (in.capture.frames <= 0 || in.capture.tokens() <= 0) throw BadFile("the model returned no tokens");
    in.modelLayers = static_cast<int>(in.capture.q.layers);
    in.modelHeads = static_cast<int>(in.capture.q.heads);
    in.layer = s.layer;
    in.head = s.head;
    if (in.layer >= in.modelLayers)
        throw InvalidParameter("attention.layer", std::to_string(s.layer), "must be in [0, " + std::to_string(in.modelLayers - 1) + "] (the model's layers)");
    if (in.head >= in.modelHeads)
        throw InvalidParameter("attention.head", std::to_string(s.head), "must be in [0, " + std::to_string(in.modelHeads - 1) + "] (the model's heads)");
    return in;
}

bool needsNewQk(const QkInputs& in, const AttentionSettings& now) {
    const AttentionSettings& a = in.settings;
    if (a.video != now.video || a.model != now.model || a.frames != now.frames || a.fps != now.fps || a.grid != now.grid)
        return true;
    if (in.modelKind == ModelKind::Builtin &&
        (a.builtinLayers != now.builtinLayers || a.builtinHeads != now.builtinHeads || a.positionShare != now.positionShare))
        return true;
    return in.modelKind == ModelKind::Capture && (a.layer != now.layer || a.head != now.head);  // read by head
}

ColumnAttention computeColumn(const QkInputs& in, const Params& column, const AttentionSettings& now, bool withRowBands) {
    const auto t0 = Clock::now();
    if (needsNewQk(in, now))
        throw InvalidParameter("attention settings", "changed", "need a new decode and model run (the q/k were computed for other inputs): run again");
    ColumnAttention out;
    out.params = adoptCaptureShape(column, in.capture);
    AttentionRequest req;
    req.variant = out.params;
    req.layer = in.modelKind == ModelKind::Capture ? 0 : now.layer;
    req.head = in.modelKind == ModelKind::Capture ? 0 : now.head;
    if (req.layer >= in.capture.q.layers)
        throw InvalidParameter("attention.layer", std::to_string(now.layer), "must be in [0, " + std::to_string(in.capture.q.layers - 1) + "] (the model's layers)");
    if (req.head >= in.capture.q.heads)
        throw InvalidParameter("attention.head", std::to_string(now.head), "must be in [0, " + std::to_string(in.capture.q.heads - 1) + "] (the model's heads)");
    req.causal = now.causal;
    req.bands = bandsFor(now, out.params);
    req.keepProbabilities = true;
    req.keepBandLogits = false;
    out.map = computeAttention(in.capture, req);
    if (withRowBands) {  // bands must be disjoint: a second request, in row blocks, no N × N matrix
        AttentionRequest rows = req;
        rows.bands = rowBands(makeFrequencyPlan(out.params));
        rows.keepProbabilities = false;
        out.rowBands = computeAttention(in.capture, rows);
    }
    out.seconds = secondsSince(t0);
    return out;
}

}  // namespace rope
