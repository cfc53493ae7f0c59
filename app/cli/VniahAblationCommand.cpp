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



}  // namespace

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
            << gridFlagsHelp();
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
