#include "AttentionCommand.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "ArgParser.h"
#include "AttentionOutput.h"
#include "Cli.h"
#include "JsonWriter.h"
#include "LongRun.h"
#include "core/Errors.h"
#include "core/variants/Variant.h"
#include "core/FrequencyPlan.h"
#include "core/MemoryBudget.h"
#include "core/ParamSchema.h"
#include "core/attention/Attention.h"
#include "formats/CaptureFile.h"
#include "model/QkModel.h"
#include "media/VideoReader.h"

namespace rope::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// --- flags ----------------------------------------------------------------------------------

const std::set<std::string> kValueFlags = {"video",    "frames", "fps",   "grid",         "model",          "layer",
                                           "head",     "variants", "bands", "query",       "out",            "save-capture",
                                           "builtin-layers", "builtin-heads", "position-share"};
const std::set<std::string> kSwitches = {"causal", "json", "quiet", "bench", "allow-truncated", "help"};

const char* kUsage = R"(ropescope attention — attention maps of a real video under RoPE variants

  ropescope attention --video FILE [--frames N | --fps F [--frames MAX]] [--grid RxC|auto]
                      [--model FILE.pt|FILE.safetensors] [--variant V | --variants a,b,...|all]
                      [--layer L] [--head H] [--causal] [--bands halves|rows|none|0-15,16-63]
                      [--query t,r,c] [--allow-truncated] [--save-capture FILE]
                      [--builtin-layers N] [--builtin-heads N] [--position-share X]
                      [--delta D --theta X --head-dim D --sections T,H,W --option KEY=VALUE ...]
                      [--out DIR] [--json] [--quiet] [--bench]

  --video FILE       any file OpenCV 4.6 / FFmpeg decodes
  --frames N         frames sampled evenly over the whole video (default 8); with --fps, at most N
  --fps F            one frame every 1/F seconds from the start
  --grid RxC         LLM tokens per frame (rows x columns); frames are resized to 28 px per token.
                     Default auto: about 144 tokens with the video's aspect ratio (vtest.avi: 10x14)
  --model FILE       a TorchScript file (forward(frames: Tensor[T,3,H,W]) -> Tuple[q, k, grid]) or a
                     q/k capture (.safetensors); default: the built-in PCA model (no download)
  --variant V        one of vanilla, tad, rope-tie, m-rope, videorope; --variants a,b or all
  --layer, --head    which layer and head of the model (default 0, 0)
  --causal           key m visible to query n only if m <= n (raster order frame -> row -> column)
  --bands B          frequency bands reported: halves (default), rows (t/h/w), none, or pair ranges
  --query t,r,c      the token whose attention overlay.png shows (default: centre of the middle frame)
  --save-capture F   also write the q/k as a capture file (re-run later with --model F, no video needed)
  --out DIR          per variant DIR/<variant>/: attention.npy [N,N], frame_attention.npy [T,T],
                     band_*.npy [T,T], attention.png, frame_attention.png, overlay.png, summary.json
  --json             print the JSON summary on stdout even with --out
  --bench            time decoding + the model (3 runs) and print JSON; no attention
Bad input: one line on stderr, exit status 2, nothing on stdout.
)";

long long integerFlag(const ParsedArgs& a, const std::string& name, long long fallback, long long lo, long long hi) {
    const auto it = a.values.find(name);
    if (it == a.values.end()) return fallback;
    long long v = 0;
    size_t used = 0;
    try {
        v = std::stoll(it->second, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != it->second.size() || v < lo || v > hi)
        throw InvalidParameter("--" + name, it->second, "must be a whole number in " + std::to_string(lo) + ".." + std::to_string(hi));
    return v;
}

double realFlag(const ParsedArgs& a, const std::string& name, double fallback, double lo, double hi) {
    const auto it = a.values.find(name);
    if (it == a.values.end()) return fallback;
    double v = 0;
    size_t used = 0;
    try {
        v = std::stod(it->second, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != it->second.size() || !std::isfinite(v) || v < lo || v > hi)
        throw InvalidParameter("--" + name, it->second, "must be a number in [" + formatNumber(lo) + ", " + formatNumber(hi) + "]");
    return v;
}

std::string textFlag(const ParsedArgs& a, const std::string& name) {
    const auto it = a.values.find(name);
    return it == a.values.end() ? "" : it->second;
}

std::vector<int64_t> integerList(const std::string& flag, const std::string& text, char sep, size_t count) {
    std::vector<int64_t> v;
    std::stringstream ss(text);
    std::string part;
    while (std::getline(ss, part, sep)) {
        size_t used = 0;
        long long x = -1;
        try {
            x = std::stoll(part, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != part.size() || x < 0) v.clear(), v.push_back(-1);
        else v.push_back(x);
        if (v.back() < 0) break;
    }
    if (v.size() != count || text.back() == sep || text.find_first_not_of(std::string("0123456789") + sep) != std::string::npos ||
        std::any_of(v.begin(), v.end(), [](int64_t x) { return x < 0; }))
        throw InvalidParameter(flag, text, count == 2 ? "must be ROWSxCOLS such as 9x16, or auto"
                                                      : "must be three whole numbers t,r,c (frame, row, column)");
    return v;
}

GridSize gridOf(const ParsedArgs& a, const VideoInfo& info) {
    const std::string g = textFlag(a, "grid");
    if (g.empty() || g == "auto") return autoGrid(info.width, info.height, 144);
    const std::vector<int64_t> v = integerList("--grid", g, 'x', 2);
    if (v[0] < 1 || v[1] < 1 || v[0] > 256 || v[1] > 256) throw InvalidParameter("--grid", g, "rows and columns must be in 1..256");
    return {static_cast<int>(v[0]), static_cast<int>(v[1])};
}

std::vector<VariantId> variantsOf(const ParsedArgs& a) {
    const std::string list = textFlag(a, "variants");
    if (list.empty()) return {a.params.variant};
    if (list == "all") return videoVariantNames();  // Circle-RoPE lays out images only
    std::vector<VariantId> v;
    std::stringstream ss(list);
    std::string name;
    while (std::getline(ss, name, ',')) {
        const VariantId id = parseVariant(name);
        if (std::find(v.begin(), v.end(), id) == v.end()) v.push_back(id);
    }
    if (v.empty()) throw InvalidParameter("--variants", list, "must name at least one variant, or all");
    return v;
}

std::vector<FrequencyBand> bandsOf(const ParsedArgs& a, const Params& p) {
    const std::string b = textFlag(a, "bands");
    if (b.empty() || b == "halves") return halvesBands(p.rotaryDimension());
    if (b == "none") return {};
    if (b == "rows") return rowBands(makeFrequencyPlan(p));
    return parsePairRanges(b, p.rotaryDimension());
}

/// Qwen2-VL's 16,24,24 split of 64 pairs, scaled to head_dim/2 pairs (t a quarter, h and w the rest).
std::array<int, 3> scaledSections(int headDim) {
    const int pairs = headDim / 2, t = (pairs + 2) / 4, h = (pairs - t) / 2;
    return {t, h, pairs - t - h};
}

bool given(const ParsedArgs& a, const std::string& key) {
    return std::find(a.given.begin(), a.given.end(), key) != a.given.end();
}

// --- the run --------------------------------------------------------------------------------

/// The longest side of an overlay frame (28 px per token) the command will decode to.
constexpr int64_t kMaxOverlaySide = 16384;

FrameRequest frameRequestOf(const ParsedArgs& a, const GridSize& g, int ppt) {
    FrameRequest r;
    if (a.values.count("fps")) {
        r.sampling.mode = FrameSampling::Mode::Fps;
        r.sampling.fps = realFlag(a, "fps", 1, 1e-6, 1000);
        r.sampling.maxFrames = integerFlag(a, "frames", 0, 1, 4096);
    } else {
        r.sampling.count = integerFlag(a, "frames", 8, 1, 4096);
    }
    r.outWidth = g.cols * ppt;
    r.outHeight = g.rows * ppt;
    r.allowTruncated = a.switches.count("allow-truncated") > 0;
    return r;
}

/// Refuses, before decoding, a request whose attention could not fit in the budget.
void precheckMemory(const Params& p, const VideoInfo& info, const FrameRequest& r, const GridSize& g) {
    // The plan from the header's frame count: also refuses a rate or count the video cannot meet.
    // (A header that over-counts can only make the real run smaller.)
    int64_t frames = r.sampling.mode == FrameSampling::Mode::Count ? r.sampling.count : 1;
    if (info.frameCount > 0) frames = plannedSampleCount(info.frameCount, info.fps, r.sampling);
    const int64_t tokens = frames * g.rows * g.cols;
    AttentionRequest req;
    req.variant = p;
    req.bands = halvesBands(p.rotaryDimension());
    requireMemory(attentionBytes(tokens, frames, req), p.memoryBudgetMiB,
                  "attention over " + std::to_string(frames) + " frames of " + std::to_string(g.rows) + "x" + std::to_string(g.cols) +
                      " tokens (" + std::to_string(tokens) + " tokens)");
}

AttentionInputs loadInputs(const ParsedArgs& a, Params& p, Progress& progress, bool benchOnly) {
    AttentionInputs in;
    in.videoPath = textFlag(a, "video");
    in.modelPath = textFlag(a, "model");
    in.fileLayer = integerFlag(a, "layer", 0, 0, 1 << 20);
    in.fileHead = integerFlag(a, "head", 0, 0, 1 << 20);
    in.layer = in.fileLayer;
    in.head = in.fileHead;
    const ModelFileKind kind = in.modelPath.empty() ? ModelFileKind::TorchScript : detectModelFile(in.modelPath);
    in.modelKind = in.modelPath.empty() ? "built-in" : kind == ModelFileKind::Capture ? "capture" : "torchscript";
    if (in.videoPath.empty() && in.modelKind != "capture")
        throw InvalidParameter("--video", "", "is required (a capture file given with --model is the only input that needs no video)");

    if (in.modelKind == "capture") {
        for (const char* f : {"frames", "fps", "grid", "builtin-layers", "builtin-heads", "position-share"})
            if (a.values.count(f))
                throw InvalidParameter(std::string("--") + f, textFlag(a, f),
                                       "cannot be used with a capture file: the capture fixes the frames, the grid and the model");
        if (benchOnly) throw InvalidParameter("--bench", "", "times decoding and a model run; a capture file has no model to run");
        const auto t0 = Clock::now();
        in.capture = readCaptureHead(in.modelPath, in.fileLayer, in.fileHead, p.memoryBudgetMiB);
        in.layer = in.head = 0;
        in.modelSeconds = secondsSince(t0);
        if (!in.videoPath.empty()) {  // frames for the overlays only: one per temporal token
            in.video = probeVideo(in.videoPath);
            FrameRequest r;
            r.sampling.count = in.capture.frames;
            // The overlay frames: 28 px per token, in 64 bits and against the budget before decoding.
            const int64_t w = in.capture.cols * 28, h = in.capture.rows * 28;
            if (w > kMaxOverlaySide || h > kMaxOverlaySide)
                throw InvalidParameter("--video", in.videoPath,
                                       "cannot be laid under a capture grid of " + std::to_string(in.capture.rows) + "x" +
                                           std::to_string(in.capture.cols) + " tokens (" + std::to_string(w) + "x" +
                                           std::to_string(h) + " px overlay frames; at most " + std::to_string(kMaxOverlaySide) +
                                           " px a side): leave out --video");
            requireMemory(3.0 * double(w) * double(h) * double(in.capture.frames), p.memoryBudgetMiB,
                          "overlay frames " + std::to_string(w) + "x" + std::to_string(h) + " px x " + std::to_string(in.capture.frames));
            r.outWidth = static_cast<int>(w);
            r.outHeight = static_cast<int>(h);
            r.allowTruncated = a.switches.count("allow-truncated") > 0;
            r.memoryBudgetMiB = p.memoryBudgetMiB;
            const auto t1 = Clock::now();
            in.frames = readFrames(in.videoPath, r, progress.stage("decoding " + in.videoPath));
            in.decodeSeconds = secondsSince(t1);
        }
        return in;
    }

    std::unique_ptr<QkModel> model;
    BuiltinModelOptions o;
    if (in.modelKind == "built-in") {
        o.headDim = p.headDim;
        o.layers = static_cast<int>(integerFlag(a, "builtin-layers", o.layers, 1, 64));
        o.heads = static_cast<int>(integerFlag(a, "builtin-heads", o.heads, 1, 256));
        o.positionShare = realFlag(a, "position-share", o.positionShare, 0, 1);
        model = makeBuiltinModel(o);
        // Refuse a layer or head the model does not have before decoding anything.
        if (in.fileLayer >= o.layers)
            throw InvalidParameter("layer", std::to_string(in.fileLayer), "must be in [0, " + std::to_string(o.layers - 1) + "]");
        if (in.fileHead >= o.heads)
            throw InvalidParameter("head", std::to_string(in.fileHead), "must be in [0, " + std::to_string(o.heads - 1) + "]");
    } else {
        for (const char* f : {"builtin-layers", "builtin-heads", "position-share"})
            if (a.values.count(f))
                throw InvalidParameter(std::string("--") + f, textFlag(a, f), "only applies to the built-in model, not to a TorchScript file");
        model = loadTorchScriptModel(in.modelPath);
    }
    in.video = probeVideo(in.videoPath);
    const GridSize g = gridOf(a, in.video);
    FrameRequest r = frameRequestOf(a, g, model->pixelsPerToken());
    r.memoryBudgetMiB = p.memoryBudgetMiB;
    if (!benchOnly) precheckMemory(p, in.video, r, g);

    const auto t0 = Clock::now();
    in.frames = readFrames(in.videoPath, r, progress.stage("decoding " + in.videoPath));
    in.decodeSeconds = secondsSince(t0);
    for (const std::string& w : in.frames.warnings) progress.note("ropescope attention: " + in.videoPath + ": " + w);
    if (in.modelKind == "built-in") {
        const double bytes = 2.0 * 4.0 * o.layers * o.heads * static_cast<double>(in.frames.count) * g.rows * g.cols * o.headDim;
        requireMemory(bytes, p.memoryBudgetMiB, "q and k of the built-in model");
    }
    const auto t1 = Clock::now();
    in.capture = model->run(in.frames, progress.stage("model " + model->name()));
    in.modelSeconds = secondsSince(t1);
    return in;
}

/// head_dim and sections follow the capture unless the user set them.
void adoptCaptureShape(const ParsedArgs& a, Params& p, const QkCapture& c) {
    if (c.q.headDim % 2 != 0 || c.q.headDim < 2)
        throw BadFile("the model's head_dim is " + std::to_string(c.q.headDim) + "; rotary embeddings need an even head_dim");
    if (!given(a, "head_dim")) p.headDim = static_cast<int>(c.q.headDim);
    if (!given(a, "sections") && p.sections[0] + p.sections[1] + p.sections[2] != p.headDim / 2) p.sections = scaledSections(p.headDim);
}

int benchRun(const ParsedArgs& a, Params& p, Progress& progress, std::ostream& out) {
    std::vector<double> decode, model;
    AttentionInputs last;
    for (int run = 0; run < 3; ++run) {
        last = loadInputs(a, p, progress, true);
        decode.push_back(last.decodeSeconds);
        model.push_back(last.modelSeconds);
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    JsonWriter j(out);
    j.beginObject();
    j.field("video", last.videoPath);
    j.field("model", last.capture.sourceModel);
    j.field("frames", static_cast<long long>(last.frames.count));
    j.key("grid");
    j.beginArray();
    for (int64_t v : {last.capture.frames, last.capture.rows, last.capture.cols}) j.value(static_cast<long long>(v));
    j.endArray();
    j.key("decode_s");
    j.beginArray();
    for (double v : decode) j.value(v);
    j.endArray();
    j.key("model_s");
    j.beginArray();
    for (double v : model) j.value(v);
    j.endArray();
    j.field("decode_median_s", median(decode));
    j.field("model_median_s", median(model));
    j.field("total_median_s", median(decode) + median(model));
    j.endObject();
    out << "\n";
    return kExitOk;
}

}  // namespace

int attentionCommand(const std::vector<std::string>& args, std::ostream& out) {
    const ParsedArgs a = parseArgs(args, kSwitches, kValueFlags);
    if (a.switches.count("help")) {
        out << kUsage;
        return kExitOk;
    }
    Params p = a.params;
    Progress progress("ropescope attention", a.switches.count("quiet") > 0);
    if (a.switches.count("bench")) return benchRun(a, p, progress, out);

    const std::string outDir = textFlag(a, "out");
    if (a.values.count("out") && outDir.empty()) throw InvalidParameter("--out", "", "must name a directory");
    const std::vector<VariantId> variants = variantsOf(a);
    AttentionInputs in = loadInputs(a, p, progress, false);
    adoptCaptureShape(a, p, in.capture);
    validate(p);

    const int64_t T = in.capture.frames, R = in.capture.rows, C = in.capture.cols;
    int64_t query = (T / 2) * R * C + (R / 2) * C + C / 2;
    if (a.values.count("query")) {
        const std::vector<int64_t> q = integerList("--query", textFlag(a, "query"), ',', 3);
        if (q[0] >= T || q[1] >= R || q[2] >= C)
            throw InvalidParameter("--query", textFlag(a, "query"),
                                   "must lie in the token grid " + std::to_string(T) + "x" + std::to_string(R) + "x" + std::to_string(C));
        query = q[0] * R * C + q[1] * C + q[2];
    }

    // One transaction for every file of the run (capture, per-variant folders): nothing appears
    // unless all of them were written.
    OutputTransaction files;
    const std::string savePath = textFlag(a, "save-capture");
    if (!savePath.empty()) writeCapture(files.reserve(savePath), in.capture);

    const bool toStdout = outDir.empty() || a.switches.count("json");
    std::ostringstream stdoutJson;
    JsonWriter j(stdoutJson);
    j.beginObject();
    j.field("video", in.videoPath);
    j.field("model", in.capture.sourceModel);
    j.key("grid");
    j.beginArray();
    for (int64_t v : {T, R, C}) j.value(static_cast<long long>(v));
    j.endArray();
    j.field("tokens", static_cast<long long>(T * R * C));
    j.field("layer", static_cast<long long>(in.fileLayer));
    j.field("head", static_cast<long long>(in.fileHead));
    j.key("variants");
    j.beginArray();
    for (VariantId v : variants) {
        AttentionRequest req;
        req.variant = p;
        req.variant.variant = v;
        // head_dim is the capture's; the rotated share and the sections follow the variant unless given.
        const VariantEntry& entry = requireVariant(v);
        if (!given(a, "theta")) req.variant.theta = entry.theta;
        const int pairs = req.variant.rotaryDimension() / 2;
        if (!given(a, "sections") && entry.usesSections) {
            const auto& s = entry.sections;
            req.variant.sections = s[0] + s[1] + s[2] == pairs ? s : scaledSections(2 * pairs);
        }
        req.layer = in.layer;
        req.head = in.head;
        req.causal = a.switches.count("causal") > 0;
        req.bands = bandsOf(a, req.variant);
        req.keepProbabilities = true;
        req.keepBandLogits = false;
        const auto t0 = Clock::now();
        progress.stage("attention " + variantName(v))(0.0);
        const AttentionMap m = computeAttention(in.capture, req);
        const double seconds = secondsSince(t0);
        progress(1.0);
        if (!outDir.empty()) writeVariantFiles(files, fs::path(outDir) / variantName(v), in, req.variant, m, query, seconds);
        const AttentionStats st = attentionStats(m);
        j.beginObject();
        j.field("variant", variantName(v));
        writeStatsFields(j, st);
        j.key("frame_attention");
        writeMatrixJson(j, m.frameAttention);
        if (!outDir.empty()) j.field("dir", (fs::path(outDir) / variantName(v)).string());
        j.endObject();
    }
    j.endArray();
    j.key("timing_s");
    j.beginObject();
    j.field("decode", in.decodeSeconds);
    j.field("model", in.modelSeconds);
    j.endObject();
    j.endObject();
    files.commit();
    if (!savePath.empty()) progress.note("ropescope attention: q/k capture written to " + savePath);
    if (toStdout) out << stdoutJson.str() << "\n";
    return kExitOk;
}

}  // namespace rope::cli
