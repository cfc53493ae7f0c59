#include "VniahCommandSupport.h"
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

namespace rope::cli::vniahcli {

namespace fs = std::filesystem;

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

std::string pct(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", 100 * v);
    return buf;
}

bool wantsHelp(const std::vector<std::string>& args) {
    return std::find(args.begin(), args.end(), "--help") != args.end() || std::find(args.begin(), args.end(), "-h") != args.end();
}

std::string gridFlagsHelp() {
    std::ostringstream o;
    o << "Grid and content (every vniah.* parameter; see ropescope help):\n";
    std::string variants;
    for (const VariantId& v : videoVariantNames()) variants += (variants.empty() ? "" : " | ") + v;
    o << "  --variant NAME         " << variants << " (default " << defaultValue(requireParam("variant")) << ")\n";
    std::vector<std::string> optionOnly;
    for (const ParamSpec& s : paramSchema()) {
        if (s.key.rfind("vniah.", 0) != 0 || s.key == "vniah.task") continue;
        if (s.cliFlag.empty()) {
            optionOnly.push_back(s.key.substr(6));
            continue;
        }
        std::string flag = "  " + s.cliFlag + " V";
        flag.resize(std::max<size_t>(flag.size() + 1, 25), ' ');
        o << flag << s.label << " (default " << defaultValue(s) << ")\n";
    }
    o << "  --option vniah.KEY=V   KEY one of:";
    for (size_t i = 0; i < optionOnly.size(); ++i) o << (i % 6 == 0 ? "\n                           " : " ") << optionOnly[i];
    o << "\n                         and every variant option (ropescope variants)\n";
    o << "Output and control:\n"
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
    return o.str();
}

}  // namespace rope::cli::vniahcli
