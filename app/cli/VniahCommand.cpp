#include "VniahCommand.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "ArgParser.h"
#include "Cli.h"
#include "JsonWriter.h"
#include "LongRun.h"
#include "VniahPng.h"
#include "core/Errors.h"
#include "core/variants/Variant.h"
#include "core/ParamSchema.h"
#include "core/text/TextParse.h"
#include "formats/CaptureFile.h"
#include "formats/OutputTransaction.h"
#include "core/vniah/CapturedVniah.h"
#include "core/vniah/VniahSchema.h"
#include "core/vniah/VniahExperiment.h"

namespace rope::cli {
namespace {

namespace fs = std::filesystem;

// --- flags that are not parameters ------------------------------------------------------------

struct CommandArgs {
    ParsedArgs parsed;
    std::map<std::string, std::string> extra;  // out, threads, capture, sweep, values
    bool has(const std::string& sw) const { return parsed.switches.count(sw) > 0; }
};

CommandArgs parseCommandArgs(const std::vector<std::string>& args, const std::set<std::string>& valueFlags,
                             const std::set<std::string>& switches) {
    CommandArgs out;
    std::vector<std::string> rest;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.rfind("--", 0) == 0 && valueFlags.count(a.substr(2))) {
            if (i + 1 >= args.size()) throw InvalidParameter(a, "", "needs a value");
            out.extra[a.substr(2)] = checkedValue(a, args[++i]);
        } else {
            rest.push_back(a);
        }
    }
    out.parsed = parseArgs(rest, switches);
    return out;
}

int threadsOf(const CommandArgs& a) {
    const auto it = a.extra.find("threads");
    if (it == a.extra.end()) return 0;
    int v = -1;
    try {
        size_t used = 0;
        v = std::stoi(it->second, &used);
        if (used != it->second.size()) v = -1;
    } catch (const std::exception&) {
    }
    if (v < 0 || v > 1024) throw InvalidParameter("--threads", it->second, "must be a whole number in 0..1024 (0 = all cores)");
    return v;
}

void refuseCapture(const CommandArgs& a) {
    const auto it = a.extra.find("capture");
    if (it != a.extra.end())
        throw InvalidParameter("--capture", it->second, "is for `ropescope vniah` only (one variant, one capture)");
}

int64_t wholeNumber(const std::string& flag, const std::string& text) {
    int64_t v = 0;
    if (!parseWhole(text, v) || v < 0)
        throw InvalidParameter(flag, text, "must be a frame index (whole number >= 0)");
    return v;
}

std::optional<fs::path> outDirOf(const CommandArgs& a) {
    const auto it = a.extra.find("out");
    if (it == a.extra.end()) return std::nullopt;
    if (it->second.empty()) throw InvalidParameter("--out", "", "must name a directory");
    return fs::path(it->second);
}

// --- JSON / CSV -------------------------------------------------------------------------------

void writeIntArray(JsonWriter& j, const std::vector<int64_t>& v) {
    j.beginArray();
    for (int64_t x : v) j.value(static_cast<long long>(x));
    j.endArray();
}

/// The contract object of vniah.md.
void writeGrid(JsonWriter& j, const VniahGrid& g) {
    j.beginObject();
    j.field("variant", variantName(g.params.variant));
    j.field("task", vniahTaskName(g.task));
    j.field("accuracy", g.accuracy());
    j.key("lengths");
    writeIntArray(j, g.lengths);
    j.key("depths");
    writeIntArray(j, g.depths);
    j.key("success");
    j.beginArray();
    for (Eigen::Index i = 0; i < g.success.rows(); ++i) {
        j.beginArray();
        for (Eigen::Index k = 0; k < g.success.cols(); ++k) j.value(g.success(i, k));
        j.endArray();
    }
    j.endArray();
    j.field("seeds", static_cast<long long>(g.seeds));
    j.endObject();
}

std::string gridJson(const VniahGrid& g) {
    std::ostringstream s;
    JsonWriter j(s);
    writeGrid(j, g);
    s << '\n';
    return s.str();
}

std::string gridCsv(const VniahGrid& g) {
    std::ostringstream s;
    s << "length,depth,success,lost_to_distractor,mean_margin_nats,trials\n";
    for (Eigen::Index i = 0; i < g.success.rows(); ++i)
        for (Eigen::Index k = 0; k < g.success.cols(); ++k)
            s << g.lengths[static_cast<size_t>(i)] << ',' << g.depths[static_cast<size_t>(k)] << ','
              << formatNumber(g.success(i, k)) << ',' << formatNumber(g.lostToDistractor(i, k)) << ','
              << formatNumber(g.meanMargin(i, k)) << ',' << g.seeds * g.heads << '\n';
    return s.str();
}

std::string fileStem(const std::string& label) {
    std::string out;
    for (char c : label) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') ? c : '-';
    return out;
}

void addGridFiles(OutputTransaction& files, const fs::path& dir, const VniahGrid& g, const std::string& stem) {
    const std::string name = "vniah-" + stem + "-" + vniahTaskName(g.task);
    files.write(dir / (name + ".json"), gridJson(g));
    files.write(dir / (name + ".csv"), gridCsv(g));
    char title[256];
    std::snprintf(title, sizeof title, "%s %s accuracy %.4f; x = haystack length (frames), y = needle depth (%%)",
                  g.label.c_str(), g.task == VniahTask::Distractors ? "V-NIAH-D" : "V-NIAH", g.accuracy());
    files.write(dir / (name + ".png"), vniahHeatmapPng(g.success, g.lengths, g.depths, g.accuracy(), title));
}

std::string seconds(std::chrono::steady_clock::time_point start) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f s", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return buf;
}

int interrupted(const std::string& command, OutputTransaction& files) {
    files.rollback();
    std::cerr << "\nropescope " << command << ": interrupted; nothing was written\n";
    return kExitInterrupted;
}

RunControl controlFor(const CommandArgs& a, Progress& progress) {
    RunControl ctl;
    ctl.cancel = &interruptFlag();
    ctl.threads = threadsOf(a);
    ctl.progress = [&progress](double f) {
        progress(f);
        return true;  // Ctrl-C goes through interruptFlag()
    };
    return ctl;
}

// --- ablation sweeps --------------------------------------------------------------------------

struct Sweep {
    std::string key;
    std::vector<std::string> values;
};


Sweep sweepOf(const CommandArgs& a) {
    const auto it = a.extra.find("sweep");
    if (it == a.extra.end())
        throw InvalidParameter("--sweep", "", "is required: delta | lta | spatial-order | diagonal | variants | a parameter key");
    const std::map<std::string, Sweep> presets = {
        {"delta", {"videorope.delta", {"0.5", "1", "1.5", "2", "2.5", "3"}}},
        {"lta", {"videorope.temporal_band", {"low", "high"}}},
        {"spatial-order", {"videorope.spatial_order", {"interleaved", "sequential"}}},
        {"diagonal", {"videorope.diagonal", {"on", "off"}}},
        {"variants", {"variant", videoVariantNames()}},
    };
    Sweep s;
    if (const auto p = presets.find(it->second); p != presets.end()) s = p->second;
    else s.key = requireParam(it->second).key;
    if (const auto v = a.extra.find("values"); v != a.extra.end()) {
        s.values.clear();
        std::string cur;
        for (char c : v->second + ",") {
            if (c != ',') {
                cur += c;
                continue;
            }
            if (cur.empty()) throw InvalidParameter("--values", v->second, "must be a comma-separated list without empty items");
            s.values.push_back(cur);
            cur.clear();
        }
    }
    if (s.values.empty()) throw InvalidParameter("--values", "", "must list the values of " + s.key + " to sweep");
    return s;
}

/// Paper's Table 3 (VideoRoPE, arXiv 2502.05173), as fractions; RoPE-Tie was not evaluated.
std::optional<std::pair<double, double>> paperTable3(const VariantId& v) {
    const auto& paper = requireVariant(v).paperVniah;
    if (!paper) return std::nullopt;
    return std::pair{paper->first / 100, paper->second / 100};
}



std::string pct(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", 100 * v);
    return buf;
}

bool wantsHelp(const std::vector<std::string>& args) {
    return std::find(args.begin(), args.end(), "--help") != args.end() || std::find(args.begin(), args.end(), "-h") != args.end();
}

constexpr const char* kGridFlags =
    "Grid and content (every vniah.* parameter; see ropescope help):\n"
    "  --variant NAME         vanilla | tad | rope-tie | m-rope | videorope (default videorope)\n"
    "  --lengths START:STOP:STEP | a,b,c   haystack lengths in frames, both ends included (default 100:3000:200)\n"
    "  --depths START:STOP:STEP | a,b,c    needle depths in percent (default 0:100:20)\n"
    "  --seeds N  --heads N   trials per cell = seeds x heads (default 64 x 4)\n"
    "  --option vniah.KEY=V   frame_rows, frame_cols, question_tokens, distractor_offset, distractor_period,\n"
    "                         needle_similarity, content_gap, logit_scale, seed; and every variant option\n"
    "Output and control:\n"
    "  --json                 print the JSON on stdout (the default unless --out is given)\n"
    "  --out DIR              also write JSON, CSV and PNG heatmaps into DIR (all or nothing)\n"
    "  --threads N            worker threads (default: all cores); results do not depend on it\n"
    "  --quiet                no progress on stderr\n"
    "Real-model mode (one capture, every layer x head a trial):\n"
    "  --capture FILE         q/k capture (qk-capture/1 safetensors, docs/capture-format.md); the query is the\n"
    "                         mean captured q of the needle frame, placed at the last question token\n"
    "  --needle-frame N       the captured frame that holds the needle (required with --capture)\n"
    "  --distractor-frames a,b  distractor frames (V-NIAH-D); default with --distractors: needle +- offset\n"
    "Ctrl-C stops cleanly (exit 130, no files written). Bad input: exit 2 and one line on stderr.\n";

/// Real-model mode: one capture file, every (layer, head) a trial (CapturedVniah.h).
int captureMode(const CommandArgs& a, const Params& p, std::ostream& out) {
    const std::string path = a.extra.at("capture");
    if (!a.extra.count("needle-frame"))
        throw InvalidParameter("--needle-frame", "", "is required with --capture: the captured frame that holds the needle");
    const QkCapture cap = readCapture(path, p.memoryBudgetMiB);
    const int64_t needle = wholeNumber("--needle-frame", a.extra.at("needle-frame"));
    if (needle >= cap.frames)
        throw InvalidParameter("--needle-frame", std::to_string(needle),
                               "must be inside the captured video (0.." + std::to_string(cap.frames - 1) + ")");
    std::vector<int64_t> distractors;
    VniahTask task = p.vniah.task;
    if (const auto it = a.extra.find("distractor-frames"); it != a.extra.end()) {
        task = VniahTask::Distractors;
        for (int64_t f : parseIntRange("--distractor-frames", it->second, 0, cap.frames - 1))
            if (f != needle) distractors.push_back(f);
    } else {
        distractors = distractorFrames(p.vniah, task, cap.frames, needle);
    }
    const std::optional<fs::path> outDir = outDirOf(a);
    OutputTransaction files;
    const auto start = std::chrono::steady_clock::now();
    const CaptureVniahResult r = scoreCaptureVniah(p, cap, needle, distractors, resolveThreads(threadsOf(a)));
    VniahGrid g;
    g.label = variantDisplayName(p.variant) + " on " + path;
    g.params = p;
    g.task = task;
    g.lengths = {cap.frames};
    g.depths = {cap.frames > 1 ? (100 * needle + (cap.frames - 1) / 2) / (cap.frames - 1) : 0};
    g.success = Eigen::ArrayXXd::Constant(1, 1, r.rate());
    double lost = 0, margin = 0;
    std::ostringstream csv;
    csv << "layer,head,success,winner_frame,needle_log_mass,best_other_log_mass\n";
    for (size_t k = 0; k < r.scores.size(); ++k) {
        const CapturedVniahScore& sc = r.scores[k];
        double best = -INFINITY;
        for (Eigen::Index f = 0; f < sc.frameLogMass.size(); ++f)
            if (f != needle) best = std::max(best, sc.frameLogMass(f));
        lost += sc.lostToDistractor;
        if (std::isfinite(best)) margin += sc.frameLogMass(needle) - best;
        csv << k / static_cast<size_t>(r.heads) << ',' << k % static_cast<size_t>(r.heads) << ',' << (sc.success ? 1 : 0) << ','
            << sc.winnerFrame << ',' << formatNumber(sc.frameLogMass(needle)) << ',' << formatNumber(best) << '\n';
    }
    const double n = std::max<double>(1, static_cast<double>(r.scores.size()));
    g.lostToDistractor = Eigen::ArrayXXd::Constant(1, 1, lost / n);
    g.meanMargin = Eigen::ArrayXXd::Constant(1, 1, margin / n);
    g.seeds = 1;
    g.heads = static_cast<int>(r.scores.size());
    if (outDir.has_value()) {
        const std::string name = "vniah-capture-" + variantName(p.variant) + "-" + vniahTaskName(task);
        files.write(*outDir / (name + ".json"), gridJson(g));
        files.write(*outDir / (name + "-heads.csv"), csv.str());
    }
    files.commit();
    if (!a.has("quiet"))
        std::cerr << "ropescope vniah: " << r.scores.size() << " captured heads, needle frame " << needle << " of " << cap.frames
                  << ", query = mean needle-frame q at the question position: needle wins in " << pct(r.rate()) << " % ("
                  << seconds(start) << ")\n";
    if (a.has("json") || !outDir.has_value()) out << gridJson(g);
    return kExitOk;
}

}  // namespace

int vniahCommand(const std::vector<std::string>& args, std::ostream& out) {
    if (wantsHelp(args)) {
        out << "Usage: ropescope vniah [--distractors] [flags]\n"
               "V-NIAH (or V-NIAH-D with --distractors) accuracy over haystack length x needle depth for one variant.\n"
               "stdout: {\"variant\", \"task\", \"accuracy\", \"lengths\", \"depths\", \"success\", \"seeds\"}, "
               "success[i][j] = rate at lengths[i], depths[j].\n\n"
            << kGridFlags;
        return kExitOk;
    }
    const CommandArgs a = parseCommandArgs(args, {"out", "threads", "capture", "needle-frame", "distractor-frames"},
                                           {"json", "distractors", "quiet"});
    Params p = a.parsed.params;
    if (a.has("distractors")) p.vniah.task = VniahTask::Distractors;
    if (a.extra.count("capture")) return captureMode(a, p, out);
    for (const char* flag : {"needle-frame", "distractor-frames"})
        if (a.extra.count(flag)) throw InvalidParameter(std::string("--") + flag, a.extra.at(flag), "needs --capture FILE");
    const std::optional<fs::path> outDir = outDirOf(a);
    OutputTransaction files;
    InterruptGuard guard;
    Progress progress("ropescope vniah", a.has("quiet"));
    const auto start = std::chrono::steady_clock::now();
    const VniahRun run = runVniah(p.vniah, {{variantDisplayName(p.variant), p}}, {p.vniah.task}, controlFor(a, progress));
    if (run.status == RunStatus::Cancelled || interruptRequested()) return interrupted("vniah", files);
    const VniahGrid& g = run.grids.front();
    if (outDir.has_value()) addGridFiles(files, *outDir, g, variantName(p.variant));
    if (interruptRequested()) return interrupted("vniah", files);
    files.commit();
    progress.finish(variantName(p.variant) + " " + vniahTaskName(g.task) + " accuracy " + pct(g.accuracy()) + " % in " +
                    seconds(start));
    if (a.has("json") || !outDir.has_value()) out << gridJson(g);
    return kExitOk;
}

int vniahAblationCommand(const std::vector<std::string>& args, std::ostream& out) {
    if (wantsHelp(args)) {
        out << "Usage: ropescope vniah-ablation --sweep NAME [--values a,b,...] [flags]\n"
               "V-NIAH and V-NIAH-D accuracy for every value of one parameter, on the same grid.\n"
               "  --sweep delta          videorope.delta 0.5,1,1.5,2,2.5,3 (the paper's Table 6 values)\n"
               "  --sweep lta            videorope.temporal_band low,high (LTA on / off)\n"
               "  --sweep spatial-order  videorope.spatial_order interleaved,sequential (Table 7)\n"
               "  --sweep diagonal       videorope.diagonal on,off (DL on / off)\n"
               "  --sweep variants       every variant that lays out a video, each at its natural θ/head_dim/sections\n"
               "                         (Table 3, with the paper's numbers where the paper has them)\n"
               "  --sweep KEY --values   any parameter key, e.g. vniah.content_gap --values 0.05,0.1,0.2\n"
               "  --markdown             print a markdown table instead of JSON\n\n"
            << kGridFlags;
        return kExitOk;
    }
    const CommandArgs a = parseCommandArgs(args, {"out", "threads", "capture", "sweep", "values"}, {"json", "markdown", "quiet"});
    refuseCapture(a);
    if (a.has("json") && a.has("markdown")) throw InvalidParameter("--markdown", "", "cannot be combined with --json");
    const Sweep sweep = sweepOf(a);
    const Params base = a.parsed.params;
    std::vector<VniahColumn> columns;
    for (const std::string& v : sweep.values) {
        Params p = base;
        setParam(p, sweep.key, v);
        columns.push_back({sweep.key == "variant" ? variantDisplayName(p.variant) : sweep.key + "=" + v, p});
    }
    const std::vector<VniahTask> tasks{VniahTask::Plain, VniahTask::Distractors};
    // Columns share one run unless the sweep changes the experiment itself (a vniah.* key).
    const bool perValue = sweep.key.rfind("vniah.", 0) == 0;
    for (const VniahColumn& c : columns) validateVniah(c.params.vniah, tasks);
    const std::optional<fs::path> outDir = outDirOf(a);
    OutputTransaction files;
    InterruptGuard guard;
    Progress progress("ropescope vniah-ablation", a.has("quiet"));
    RunControl ctl = controlFor(a, progress);
    const auto start = std::chrono::steady_clock::now();
    std::vector<VniahGrid> grids;
    if (!perValue) {
        VniahRun run = runVniah(base.vniah, columns, tasks, ctl);
        if (run.status == RunStatus::Cancelled) return interrupted("vniah-ablation", files);
        grids = std::move(run.grids);
    } else {
        for (size_t i = 0; i < columns.size(); ++i) {
            RunControl one = ctl;
            const double n = static_cast<double>(columns.size());
            one.progress = [&progress, i, n](double f) {
                progress((static_cast<double>(i) + f) / n);
                return true;
            };
            VniahRun run = runVniah(columns[i].params.vniah, {columns[i]}, tasks, one);
            if (run.status == RunStatus::Cancelled) return interrupted("vniah-ablation", files);
            for (VniahGrid& g : run.grids) grids.push_back(std::move(g));
        }
    }
    if (interruptRequested()) return interrupted("vniah-ablation", files);

    // grids: column-major, tasks {v-niah, v-niah-d} per column.
    std::ostringstream json;
    {
        JsonWriter j(json);
        j.beginObject();
        j.field("sweep", sweep.key);
        j.key("lengths");
        writeIntArray(j, grids.front().lengths);
        j.key("depths");
        writeIntArray(j, grids.front().depths);
        j.field("seeds", static_cast<long long>(grids.front().seeds));
        j.field("heads", static_cast<long long>(grids.front().heads));
        j.key("rows");
        j.beginArray();
        for (size_t c = 0; c < columns.size(); ++c) {
            const VniahGrid &plain = grids[2 * c], &dis = grids[2 * c + 1];
            j.beginObject();
            j.field("label", columns[c].label);
            j.field("value", sweep.values[c]);
            j.field("variant", variantName(columns[c].params.variant));
            j.field("v-niah", plain.accuracy());
            j.field("v-niah-d", dis.accuracy());
            if (const auto paper = paperTable3(columns[c].params.variant); paper && sweep.key == "variant") {
                j.field("paper_v-niah", paper->first);
                j.field("paper_v-niah-d", paper->second);
            }
            j.key("results");
            j.beginArray();
            writeGrid(j, plain);
            writeGrid(j, dis);
            j.endArray();
            j.endObject();
        }
        j.endArray();
        j.endObject();
        json << '\n';
    }
    std::ostringstream md, csv;
    const bool table3 = sweep.key == "variant";
    md << "| " << (table3 ? "variant" : sweep.key) << " | V-NIAH acc. (%) | V-NIAH-D acc. (%) |"
       << (table3 ? " paper V-NIAH | paper V-NIAH-D |" : "") << "\n|---|---|---|" << (table3 ? "---|---|" : "") << "\n";
    csv << "label,value,variant,v_niah,v_niah_d,paper_v_niah,paper_v_niah_d\n";
    for (size_t c = 0; c < columns.size(); ++c) {
        const auto paper = paperTable3(columns[c].params.variant);
        md << "| " << (table3 ? columns[c].label : sweep.values[c]) << " | " << pct(grids[2 * c].accuracy()) << " | "
           << pct(grids[2 * c + 1].accuracy()) << " |";
        if (table3) md << " " << (paper ? pct(paper->first) : "—") << " | " << (paper ? pct(paper->second) : "—") << " |";
        md << "\n";
        csv << columns[c].label << ',' << sweep.values[c] << ',' << variantName(columns[c].params.variant) << ','
            << formatNumber(grids[2 * c].accuracy()) << ',' << formatNumber(grids[2 * c + 1].accuracy()) << ','
            << (paper && table3 ? formatNumber(paper->first) : "") << ',' << (paper && table3 ? formatNumber(paper->second) : "") << '\n';
    }
    if (outDir.has_value()) {
        const std::string stem = fileStem(a.extra.at("sweep"));
        files.write(*outDir / ("ablation-" + stem + ".json"), json.str());
        files.write(*outDir / ("ablation-" + stem + ".csv"), csv.str());
        files.write(*outDir / ("ablation-" + stem + ".md"), md.str());
        for (size_t c = 0; c < columns.size(); ++c)
            for (int t = 0; t < 2; ++t)
                addGridFiles(files, *outDir, grids[2 * c + static_cast<size_t>(t)],
                             table3 ? variantName(columns[c].params.variant) : fileStem(columns[c].label));
    }
    if (interruptRequested()) return interrupted("vniah-ablation", files);
    files.commit();
    progress.finish(sweep.key + " sweep of " + std::to_string(columns.size()) + " values in " + seconds(start));
    if (a.has("markdown")) out << md.str();
    else if (a.has("json") || !outDir.has_value()) out << json.str();
    return kExitOk;
}

}  // namespace rope::cli
