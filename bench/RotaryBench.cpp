// bench_rotary: positions + cos/sin tables (tokens × d/2, double) for long video-dominated
// sequences, computed by core (rope::computePositions + rope::computeRotary) and by the same maths
// written with LibTorch tensor ops, in one process and one run, both single-threaded.
//
//   Agreement/<variant>/<tokens>  core vs LibTorch, once, untimed: positions must match exactly and
//                                 cos/sin to 1e-12 max abs difference, else the benchmark fails
//                                 (SkipWithError) and the binary exits 1 — the timings then do
//                                 not compare equal work.
//   Core/<variant>/<tokens>       computePositions + makeFrequencyPlan + computeRotary.
//   Torch/<variant>/<tokens>      the LibTorch version the issue asks for (see torchRotary()):
//                                 angles of all three rows, then the row of each pair selected.
//   TorchGather/<variant>/<tokens> a leaner LibTorch formulation, for context only: positions
//                                 gathered per pair first, so only N × d/2 angles are made.
//   Baseline/noop                 does nothing: run it alone under /usr/bin/time -v for the RSS of
//                                 the process itself (libraries loaded, no work).
//
// Each Core/Torch benchmark also reports peak_rss_MiB: the growth of the process's peak resident
// set (VmHWM, reset through /proc/self/clear_refs before the benchmark) over its resident set at
// the start of the benchmark, i.e. the extra memory one call needs at its peak. At the end the
// binary prints torch_time / core_time per case (median of the repetitions when there are any).
//
// docs/benchmarks.md has the commands and the recorded numbers. This is not a ctest test.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/FrequencyPlan.h"
#include "core/ParamSchema.h"
#include "core/Params.h"
#include "core/PositionLayout.h"
#include "core/Rotary.h"
#include "core/variants/Variant.h"

namespace {

constexpr double kTolerance = 1e-12;
/// The registry table's anchor: the M-RoPE core case of the same length.
const std::string kRegistryAnchor = "Core/m-rope/65648";

struct Case {
    std::string name;  ///< "<variant>/<tokens>", e.g. "m-rope/65648"
    rope::Params params;
};

/// Video-dominated sequences: 64 text tokens, a T × 24 × 42 video (1008 tokens per frame, e.g. a
/// 336 × 588 frame after the 14-px patch and 2×2 merge), 64 text tokens; T chosen for ≈ 64 Ki and
/// ≈ 256 Ki tokens.
const char* const kSequences[] = {
    "text:64,video:65x24x42,text:64",   //  65 648 tokens
    "text:64,video:260x24x42,text:64",  // 262 208 tokens
};

std::vector<Case> makeCases() {
    std::vector<Case> cases;
    for (rope::VariantId v : {rope::VariantId("m-rope"), rope::VariantId("videorope")})
        for (const char* seq : kSequences) {
            rope::Params p;  // defaults: d = 128, θ = 1e6, sections 16/24/24, VideoRoPE δ = 2, LTA, DL, t-row
            p.variant = v;
            p.delta = 2.0;
            p.sequence = rope::Sequence::parse(seq);
            cases.push_back({rope::variantName(v) + "/" + std::to_string(p.sequence.tokenCount()), p});
        }
    return cases;
}

// ---- core ---------------------------------------------------------------------------------------

rope::RotaryTable coreRotary(const rope::Params& p) {
    const rope::Positions positions = rope::computePositions(p);
    const rope::FrequencyPlan plan = rope::makeFrequencyPlan(p);
    return rope::computeRotary(positions, plan);
}

// ---- LibTorch -----------------------------------------------------------------------------------

struct TorchTables {
    torch::Tensor pos;  ///< 3 × N
    torch::Tensor cos;  ///< N × d/2
    torch::Tensor sin;  ///< N × d/2
};

enum class Formulation {
    SelectAngles,     ///< Torch/…: angles of all three rows (3 × N × d/2), then select per pair
    GatherPositions,  ///< TorchGather/…: pick each pair's row of the positions first (N × d/2)
};

/// The same maths with tensor ops, in double. Positions are built per segment the way Qwen2-VL's
/// get_rope_index builds them (arange / view / expand / flatten per block, stack, offset by the
/// start index, cat along tokens); VideoRoPE adds δ·f on t and centres h/w on each frame's t as its
/// reference does. Then inv_freq = θ^(−arange(0, d, 2)/d) and
///   SelectAngles:    the angles of all three rows for every pair (3 × N × d/2, as Qwen2-VL's
///                    rotary embedding does), the row each pair reads selected by the section /
///                    interleave mask, cos and sin of the N × d/2 angles;
///   GatherPositions: each pair's row of the positions gathered first (N × d/2), times inv_freq,
///                    cos and sin.
TorchTables torchRotary(const rope::Params& p, Formulation how = Formulation::SelectAngles) {
    c10::InferenceMode inference;
    const auto f64 = torch::TensorOptions().dtype(torch::kDouble);
    const bool mrope = p.variant == rope::VariantId("m-rope");

    std::vector<torch::Tensor> parts;  // llm_pos_ids_list
    for (const rope::Segment& s : p.sequence.segments()) {
        // Start index: M-RoPE (Qwen2-VL) takes the max over all rows of the previous segment + 1,
        // VideoRoPE (reference, next_start = t-row) the max of its t row + 1.
        double st = 0;
        if (!parts.empty()) st = (mrope ? parts.back().max() : parts.back()[0].max()).item<double>() + 1;
        if (!s.isVisual()) {
            parts.push_back(torch::arange(s.cols, f64).view({1, -1}).expand({3, -1}) + st);
            continue;
        }
        const int64_t T = s.frames, H = s.rows, W = s.cols;
        const torch::Tensor tIndex = torch::arange(T, f64).view({-1, 1}).expand({-1, H * W}).flatten();
        const torch::Tensor hIndex = torch::arange(H, f64).view({1, -1, 1}).expand({T, -1, W}).flatten();
        const torch::Tensor wIndex = torch::arange(W, f64).view({1, 1, -1}).expand({T, H, -1}).flatten();
        if (mrope) {
            parts.push_back(torch::stack({tIndex, hIndex, wIndex}) + st);
        } else {
            const torch::Tensor t = tIndex * p.delta + st;
            const torch::Tensor h = (t - static_cast<double>((H - 1) / 2)) + hIndex;
            const torch::Tensor w = (t - static_cast<double>((W - 1) / 2)) + wIndex;
            parts.push_back(torch::stack({t, h, w}));
        }
    }
    TorchTables out;
    out.pos = torch::cat(parts, 1);  // 3 × N

    const int64_t d = p.headDim;
    const torch::Tensor invFreq = torch::pow(p.theta, -torch::arange(0, d, 2, f64) / static_cast<double>(d));

    // Row of each pair: M-RoPE = sections t | h | w (t on the fastest pairs); VideoRoPE (LTA,
    // interleaved) = h, w, h, w, … over s_h + s_w pairs, then t on the s_t slowest pairs.
    const auto i64 = torch::TensorOptions().dtype(torch::kLong);
    const int64_t sT = p.sections[0], sH = p.sections[1], sW = p.sections[2];
    const torch::Tensor rowOfPair =
        mrope ? torch::cat({torch::full({sT}, 0, i64), torch::full({sH}, 1, i64), torch::full({sW}, 2, i64)})
              : torch::cat({torch::arange(sH + sW, i64).remainder(2) + 1, torch::full({sT}, 0, i64)});
    torch::Tensor angle;  // N × d/2
    if (how == Formulation::SelectAngles) {
        const torch::Tensor angles = out.pos.unsqueeze(2) * invFreq.view({1, 1, -1});  // 3 × N × d/2
        const torch::Tensor isT = rowOfPair.eq(0), isH = rowOfPair.eq(1);  // d/2, broadcast over tokens
        angle = torch::where(isT, angles[0], torch::where(isH, angles[1], angles[2]));
    } else {
        angle = out.pos.t().contiguous().index_select(1, rowOfPair) * invFreq;  // (N × 3) → N × d/2
    }
    out.cos = angle.cos();
    out.sin = angle.sin();
    return out;
}

// ---- memory -------------------------------------------------------------------------------------

/// A field of /proc/self/status in KiB ("VmRSS", "VmHWM"), or −1.
long statusKiB(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::string key = std::string(field) + ":";
    while (std::getline(in, line))
        if (line.compare(0, key.size(), key) == 0) return std::stol(line.substr(key.size()));
    return -1;
}

/// Resets the peak resident set to the current one (Linux: "5" into /proc/self/clear_refs) and
/// returns the current resident set in KiB, or −1 if the reset is not possible.
long resetPeakRss() {
    std::ofstream clear("/proc/self/clear_refs");
    if (!(clear << "5" << std::flush)) return -1;
    clear.close();
    return statusKiB("VmRSS");
}

void reportPeakRss(benchmark::State& state, long rssBeforeKiB) {
    const long hwm = statusKiB("VmHWM");
    if (rssBeforeKiB >= 0 && hwm >= 0) state.counters["peak_rss_MiB"] = static_cast<double>(hwm - rssBeforeKiB) / 1024.0;
}

// ---- benchmarks ---------------------------------------------------------------------------------

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

void agreement(benchmark::State& state, const Case& c) {
    c10::InferenceMode inference;
    const rope::Positions positions = rope::computePositions(c.params);
    const rope::RotaryTable core = coreRotary(c.params);
    const auto f64 = torch::TensorOptions().dtype(torch::kDouble);
    const int64_t n = positions.tokens(), half = c.params.pairs();
    // Eigen: positions 3 × N column-major (token-major in memory); tables N × d/2 row-major.
    const torch::Tensor corePos = torch::from_blob(const_cast<double*>(positions.pos.data()), {n, 3}, f64).t();
    const torch::Tensor coreCos = torch::from_blob(const_cast<double*>(core.cos.data()), {n, half}, f64);
    const torch::Tensor coreSin = torch::from_blob(const_cast<double*>(core.sin.data()), {n, half}, f64);
    // Worst difference over both LibTorch formulations.
    double dPos = 0, dCos = 0, dSin = 0;
    for (Formulation how : {Formulation::SelectAngles, Formulation::GatherPositions}) {
        const TorchTables ref = torchRotary(c.params, how);
        const bool shapes = ref.pos.sizes() == corePos.sizes() && ref.cos.sizes() == coreCos.sizes() &&
                            ref.sin.sizes() == coreSin.sizes() && ref.cos.is_contiguous() && ref.sin.is_contiguous();
        dPos = std::max(dPos, shapes ? maxAbsDiff(ref.pos, corePos) : INFINITY);
        dCos = std::max(dCos, shapes ? maxAbsDiff(ref.cos, coreCos) : INFINITY);
        dSin = std::max(dSin, shapes ? maxAbsDiff(ref.sin, coreSin) : INFINITY);
    }
    char label[160];
    std::snprintf(label, sizeof label, "max|dpos|=%.3g max|dcos|=%.3g max|dsin|=%.3g (tol %.0e)", dPos, dCos, dSin,
                  kTolerance);
    if (!(dPos == 0 && dCos <= kTolerance && dSin <= kTolerance))
        state.SkipWithError((std::string("core and LibTorch disagree: ") + label).c_str());
    for (auto _ : state) {
    }
    state.SetLabel(label);
}

void coreBench(benchmark::State& state, const Case& c) {
    const long rssBefore = resetPeakRss();
    for (auto _ : state) {
        rope::RotaryTable table = coreRotary(c.params);
        benchmark::DoNotOptimize(table.cos.data());
        benchmark::DoNotOptimize(table.sin.data());
        benchmark::ClobberMemory();
    }
    reportPeakRss(state, rssBefore);
    state.SetItemsProcessed(state.iterations() * c.params.sequence.tokenCount());
}

void torchBench(benchmark::State& state, const Case& c, Formulation how) {
    const long rssBefore = resetPeakRss();
    for (auto _ : state) {
        TorchTables t = torchRotary(c.params, how);
        benchmark::DoNotOptimize(t.cos.data_ptr());
        benchmark::DoNotOptimize(t.sin.data_ptr());
        benchmark::ClobberMemory();
    }
    reportPeakRss(state, rssBefore);
    state.SetItemsProcessed(state.iterations() * c.params.sequence.tokenCount());
}

void noop(benchmark::State& state) {
    for (auto _ : state) benchmark::ClobberMemory();
}

// ---- ratio report -------------------------------------------------------------------------------

/// The console output plus, at the end, torch_time / core_time per case from the same run (real
/// time, which is what the target is about, and CPU time, which is less disturbed by other
/// load on the machine), and a list of failed benchmarks (which make the binary exit 1).
class RatioReporter : public benchmark::ConsoleReporter {
public:
    RatioReporter() : ConsoleReporter(OO_Tabular) {}
    bool failed() const { return !m_failures.empty(); }

    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& r : runs) {
            const std::string name = r.run_name.function_name;  // "Core/m-rope/65648"
            if (r.error_occurred) {
                m_failures.push_back(name + ": " + r.error_message);
                continue;
            }
            // With repetitions take the median aggregate, otherwise the single measured run.
            const bool median = r.run_type == Run::RT_Aggregate && r.aggregate_name == "median";
            const bool single = r.run_type == Run::RT_Iteration && r.repetitions <= 1;
            if (!(median || single)) continue;
            if (name.rfind("Core/", 0) == 0 && !m_ms.count(name)) m_cases.push_back(name.substr(5));
            if (name.rfind("Registry/", 0) == 0 && !m_ms.count(name)) m_registry.push_back(name);
            m_ms[name] = {toMs(r.GetAdjustedRealTime(), r.time_unit), toMs(r.GetAdjustedCPUTime(), r.time_unit)};
        }
    }

    void Finalize() override {
        std::ostream& out = GetOutputStream();
        out << "\ntorch / core, same run (ms per call, median of the repetitions if repeated)\n";
        char line[240];
        std::snprintf(line, sizeof line, "%-18s %9s %9s %7s %7s | %9s %7s %7s\n", "case", "core", "torch",
                      "ratio", "cpu", "gather", "ratio", "cpu");
        out << line;
        const Times none{NAN, NAN};
        for (const std::string& c : m_cases) {  // in run order
            const Times core = m_ms.at("Core/" + c);
            const Times torch = m_ms.count("Torch/" + c) ? m_ms.at("Torch/" + c) : none;
            const Times gather = m_ms.count("TorchGather/" + c) ? m_ms.at("TorchGather/" + c) : none;
            std::snprintf(line, sizeof line, "%-18s %9.2f %9.2f %6.2fx %6.2fx | %9.2f %6.2fx %6.2fx\n", c.c_str(),
                          core.real, torch.real, torch.real / core.real, torch.cpu / core.cpu, gather.real,
                          gather.real / core.real, gather.cpu / core.cpu);
            out << line;
        }
        out << "(ratio: real time, cpu: CPU time; gather = TorchGather, context only)\n";
        if (!m_registry.empty() && m_ms.count(kRegistryAnchor)) {
            const Times anchor = m_ms.at(kRegistryAnchor);
            out << "\nevery registry variant, natural geometry, vs " << kRegistryAnchor << " (same run)\n";
            for (const std::string& r : m_registry) {
                const Times t = m_ms.at(r);
                std::snprintf(line, sizeof line, "%-32s %9.2f ms %6.2fx (cpu %5.2fx)\n", r.c_str(), t.real,
                              t.real / anchor.real, t.cpu / anchor.cpu);
                out << line;
            }
        }
        for (const std::string& f : m_failures) out << "FAILED " << f << "\n";
        if (!m_failures.empty()) out << "Some benchmark failed: the ratios above are not a comparison of equal work.\n";
        out.flush();
        ConsoleReporter::Finalize();
    }

private:
    struct Times {
        double real, cpu;  // ms per call
    };
    static double toMs(double t, benchmark::TimeUnit u) {
        switch (u) {
            case benchmark::kNanosecond: return t * 1e-6;
            case benchmark::kMicrosecond: return t * 1e-3;
            case benchmark::kMillisecond: return t;
            case benchmark::kSecond: return t * 1e3;
        }
        return t;
    }
    std::map<std::string, Times> m_ms;  // benchmark name → times
    std::vector<std::string> m_cases;   // "<variant>/<tokens>" of each Core benchmark, in run order
    std::vector<std::string> m_registry;  // "Registry/<variant>/<tokens>", in run order
    std::vector<std::string> m_failures;
};

std::string torchCpuCapability() {
    const std::string config = at::show_config();
    const std::string key = "CPU capability usage: ";
    const size_t at = config.find(key);
    if (at == std::string::npos) return "unknown";
    return config.substr(at + key.size(), config.find('\n', at) - at - key.size());
}

}  // namespace

int main(int argc, char** argv) {
    // Single-threaded LibTorch, set before any tensor op (the inter-op pool can only be sized
    // before it starts). Core is single-threaded.
    at::set_num_threads(1);
    at::set_num_interop_threads(1);

    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::AddCustomContext("torch_version", TORCH_VERSION);
    benchmark::AddCustomContext("torch_intra_op_threads", std::to_string(at::get_num_threads()));
    benchmark::AddCustomContext("torch_interop_threads", std::to_string(at::get_num_interop_threads()));
    benchmark::AddCustomContext("torch_cpu_capability", torchCpuCapability());

    static const std::vector<Case> cases = makeCases();
    // Agreement first, so a disagreement shows before any timing of unequal work.
    for (const Case& c : cases)
        benchmark::RegisterBenchmark(("Agreement/" + c.name).c_str(), agreement, c)->Iterations(1)->Repetitions(1);
    for (const Case& c : cases) {
        benchmark::RegisterBenchmark(("Core/" + c.name).c_str(), coreBench, c)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
        benchmark::RegisterBenchmark(("Torch/" + c.name).c_str(), torchBench, c, Formulation::SelectAngles)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
        benchmark::RegisterBenchmark(("TorchGather/" + c.name).c_str(), torchBench, c, Formulation::GatherPositions)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
    }
    // Every video variant of the registry with its natural θ / head_dim / rotary_dim / sections on
    // the 64 Ki sequence: core only (LibTorch formulations exist for the two seed variants above).
    static std::vector<Case> registry;
    for (const rope::VariantId& v : rope::videoVariantNames()) {
        rope::Params p = rope::paramsFor(v);
        p.sequence = rope::Sequence::parse(kSequences[0]);
        registry.push_back({"Registry/" + v + "/" + std::to_string(p.sequence.tokenCount()), p});
    }
    for (const Case& c : registry)
        benchmark::RegisterBenchmark(c.name.c_str(), coreBench, c)->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::RegisterBenchmark("Baseline/noop", noop);

    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return reporter.failed() ? 1 : 0;
}
