#include "VniahCommand.h"
#include "VniahCommandSupport.h"

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
using namespace vniahcli;

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
            << gridFlagsHelp();
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

}  // namespace rope::cli
