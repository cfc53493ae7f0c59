#include "AttentionCommand.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "ArgParser.h"
#include "AttentionOutput.h"
#include "Cli.h"
#include "JsonWriter.h"
#include "LongRun.h"
#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "core/attention/AttentionSchema.h"
#include "core/variants/Variant.h"
#include "formats/CaptureFile.h"
#include "model/QkModel.h"
#include "pipeline/AttentionPipeline.h"

namespace rope::cli {
namespace {

namespace fs = std::filesystem;

// --- flags ----------------------------------------------------------------------------------
// The inputs (--video, --frames, --fps, --grid, --model, --layer, --head, --causal, --bands and
// the built-in model's options) are the attention.* entries of the parameter schema; the rest are
// this command's own.

const std::set<std::string> kOwnValueFlags = {"variants", "query", "out", "save-capture"};
const std::set<std::string> kSwitches = {"causal", "json", "quiet", "bench", "allow-truncated", "help"};

std::vector<const ParamSpec*> attentionSpecs() {
    std::vector<const ParamSpec*> v;
    for (const ParamSpec& s : paramSchema())
        if (isAttentionKey(s.key) && !s.cliFlag.empty()) v.push_back(&s);
    return v;
}

std::string flagOf(const ParamSpec& s) { return s.cliFlag.substr(2); }

std::set<std::string> valueFlags() {
    std::set<std::string> v = kOwnValueFlags;
    for (const ParamSpec* s : attentionSpecs())
        if (s->type != ParamType::Bool) v.insert(flagOf(*s));
    return v;
}

std::string usage() {
    std::string u = R"(ropescope attention — attention maps of a real video under RoPE variants

  ropescope attention --video FILE [--frames N | --fps F [--frames MAX]] [--grid RxC|auto]
                      [--model FILE.pt|FILE.safetensors] [--variant V | --variants a,b,...|all]
                      [--layer L] [--head H] [--causal] [--bands halves|rows|none|0-15,16-63]
                      [--query t,r,c] [--allow-truncated] [--save-capture FILE]
                      [--builtin-layers N] [--builtin-heads N] [--position-share X]
                      [--delta D --theta X --head-dim D --sections T,H,W --option KEY=VALUE ...]
                      [--out DIR] [--json] [--quiet] [--bench]

Inputs (the attention.* parameters: a study file stores them under the same keys):
)";
    for (const ParamSpec* s : attentionSpecs()) {
        const std::string d = defaultValue(*s);
        u += "  " + s->cliFlag + std::string(s->cliFlag.size() < 18 ? 18 - s->cliFlag.size() : 1, ' ') + s->help +
             (d.empty() ? "" : " (default " + d + ")") + "\n";
    }
    u += R"(
  --variant V        one of the video variants (`ropescope variants`); --variants a,b or all
  --query t,r,c      the token whose attention overlay.png shows (default: centre of the middle frame)
  --allow-truncated  a video whose header promises more frames than decode: sample from those that do
  --save-capture F   also write the q/k as a capture file (re-run later with --model F, no video needed)
  --out DIR          per variant DIR/<variant>/: attention.npy [N,N], frame_attention.npy [T,T],
                     band_*.npy [T,T], attention.png, frame_attention.png, overlay.png, summary.json
  --json             print the JSON summary on stdout even with --out
  --bench            time decoding + the model (3 runs) and print JSON; no attention
Bad input: one line on stderr, exit status 2, nothing on stdout.
)";
    return u;
}

/// The attention.* inputs as given: the schema's setters check them; errors name the flag typed.
void applyInputFlags(const ParsedArgs& a, Params& p) {
    for (const ParamSpec* s : attentionSpecs()) {
        const std::string flag = flagOf(*s);
        if (s->type == ParamType::Bool) {
            if (a.switches.count(flag)) s->set(p, "on");
            continue;
        }
        const auto it = a.values.find(flag);
        if (it == a.values.end()) continue;
        try {
            s->set(p, it->second);
        } catch (const InvalidParameter& e) {
            throw InvalidParameter(s->cliFlag, it->second, e.rule());
        }
    }
    // --fps without --frames: every frame the rate gives (up to the schema's maximum).
    if (a.values.count("fps") && !a.values.count("frames"))
        p.attention.frames = static_cast<int64_t>(requireParam("attention.frames").max);
}

/// Runs `f`, naming attention.* keys in its errors by their CLI flags.
template <typename F>
auto withFlagNames(F&& f) {
    try {
        return f();
    } catch (const InvalidParameter& e) {
        const ParamSpec* s = isAttentionKey(e.name()) ? findParam(e.name()) : nullptr;
        if (!s || s->cliFlag.empty()) throw;
        throw InvalidParameter(s->cliFlag, e.value(), e.rule());
    } catch (const TruncatedVideo& e) {
        throw BadFile(std::string(e.what()) + " (to sample from the " + std::to_string(e.decodableFrames()) +
                      " frames that decode, pass --allow-truncated)");
    }
}

void refuseFlagsWithCapture(const ParsedArgs& a) {
    for (const char* f : {"frames", "fps", "grid", "builtin-layers", "builtin-heads", "position-share"})
        if (a.values.count(f))
            throw InvalidParameter(std::string("--") + f, a.values.at(f),
                                   "cannot be used with a capture file: the capture fixes the frames, the grid and the model");
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
        throw InvalidParameter(flag, text, "must be three whole numbers t,r,c (frame, row, column)");
    return v;
}

std::vector<VariantId> variantsOf(const ParsedArgs& a) {
    const auto it = a.values.find("variants");
    if (it == a.values.end()) return {a.params.variant};
    if (it->second == "all") return videoVariantNames();  // Circle-RoPE lays out images only
    std::vector<VariantId> v;
    std::stringstream ss(it->second);
    std::string name;
    while (std::getline(ss, name, ',')) {
        const VariantId id = parseVariant(name);
        if (std::find(v.begin(), v.end(), id) == v.end()) v.push_back(id);
    }
    if (v.empty()) throw InvalidParameter("--variants", it->second, "must name at least one variant, or all");
    return v;
}

PipelineReporter reporterFor(Progress& progress) {
    PipelineReporter r;
    r.stage = [&progress](const std::string& name) { return progress.stage(name); };
    r.note = [&progress](const std::string& line) { progress.note("ropescope attention: " + line); };
    return r;
}

int benchRun(const ParsedArgs& a, const Params& p, Progress& progress, std::ostream& out) {
    std::vector<double> decode, model;
    QkOptions o;
    o.benchOnly = true;
    o.allowTruncated = a.switches.count("allow-truncated") > 0;
    QkInputs last;
    for (int run = 0; run < 3; ++run) {
        last = withFlagNames([&] { return loadQk(p.attention, p, o, reporterFor(progress)); });
        decode.push_back(last.decodeSeconds);
        model.push_back(last.modelSeconds);
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    JsonWriter j(out);
    j.beginObject();
    j.field("video", last.settings.video);
    j.field("model", last.capture.sourceModel);
    j.field("frames", static_cast<long long>(last.frames.count));
    j.key("grid");
    j.beginArray();
    for (int64_t v : {last.capture.frames, last.capture.rows, last.capture.cols}) j.value(static_cast<long long>(v));
    j.endArray();
    for (const auto& [key, list] : {std::pair{"decode_s", &decode}, std::pair{"model_s", &model}}) {
        j.key(key);
        j.beginArray();
        for (double v : *list) j.value(v);
        j.endArray();
    }
    j.field("decode_median_s", median(decode));
    j.field("model_median_s", median(model));
    j.field("total_median_s", median(decode) + median(model));
    j.endObject();
    out << "\n";
    return kExitOk;
}

}  // namespace

int attentionCommand(const std::vector<std::string>& args, std::ostream& out) {
    const ParsedArgs a = parseArgs(args, kSwitches, valueFlags());
    if (a.switches.count("help")) {
        out << usage();
        return kExitOk;
    }
    Params p = a.params;
    applyInputFlags(a, p);
    Progress progress("ropescope attention", a.switches.count("quiet") > 0);
    const bool isCapture = !p.attention.model.empty() && detectModelFile(p.attention.model) == ModelFileKind::Capture;
    if (isCapture) refuseFlagsWithCapture(a);
    if (a.switches.count("bench")) return benchRun(a, p, progress, out);

    const auto outIt = a.values.find("out");
    const std::string outDir = outIt == a.values.end() ? "" : outIt->second;
    const std::vector<VariantId> variants = variantsOf(a);
    QkOptions o;
    o.allowTruncated = a.switches.count("allow-truncated") > 0;
    const QkInputs in = withFlagNames([&] { return loadQk(p.attention, p, o, reporterFor(progress)); });

    const int64_t T = in.capture.frames, R = in.capture.rows, C = in.capture.cols;
    int64_t query = defaultQuery(T, R, C);
    if (a.values.count("query")) {
        const std::string& text = a.values.at("query");
        const std::vector<int64_t> q = integerList("--query", text, ',', 3);
        if (q[0] >= T || q[1] >= R || q[2] >= C)
            throw InvalidParameter("--query", text, "must lie in the token grid " + std::to_string(T) + "x" + std::to_string(R) + "x" + std::to_string(C));
        query = q[0] * R * C + q[1] * C + q[2];
    }

    // One transaction for every file of the run (capture, per-variant folders): nothing appears
    // unless all of them were written.
    OutputTransaction files;
    const auto saveIt = a.values.find("save-capture");
    const std::string savePath = saveIt == a.values.end() ? "" : saveIt->second;
    if (!savePath.empty()) writeCapture(files.reserve(savePath), in.capture);

    const bool toStdout = outDir.empty() || a.switches.count("json");
    std::ostringstream stdoutJson;
    JsonWriter j(stdoutJson);
    j.beginObject();
    j.field("video", in.settings.video);
    j.field("model", in.capture.sourceModel);
    j.key("grid");
    j.beginArray();
    for (int64_t v : {T, R, C}) j.value(static_cast<long long>(v));
    j.endArray();
    j.field("tokens", static_cast<long long>(T * R * C));
    j.field("layer", static_cast<long long>(in.settings.layer));
    j.field("head", static_cast<long long>(in.settings.head));
    j.key("variants");
    j.beginArray();
    for (const VariantId& v : variants) {
        Params column = p;
        requireParam("variant").set(column, v);  // the variant's natural θ and sections unless given
        progress.stage("attention " + variantName(v))(0.0);
        const ColumnAttention c = withFlagNames([&] { return computeColumn(in, column, p.attention); });
        progress(1.0);
        if (!outDir.empty()) writeVariantFiles(files, fs::path(outDir) / variantName(v), in, c.params, c.map, query, c.seconds);
        j.beginObject();
        j.field("variant", variantName(v));
        writeStatsFields(j, attentionStats(c.map));
        j.key("frame_attention");
        writeMatrixJson(j, c.map.frameAttention);
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
