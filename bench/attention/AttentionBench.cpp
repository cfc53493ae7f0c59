// bench_attention: attention of one head over 4096 visual tokens (video:16x16x16, d = 128, float32)
// computed by core (rope::computeAttention: VideoRoPE rotation of q and k, logits by Eigen GEMM,
// row-wise stable softmax, per-frame aggregation) and by LibTorch (torch::matmul + torch::softmax),
// in one process and one run, both single-threaded (at::set_num_threads(1), Eigen::setNbThreads(1)).
//
//   Agreement/<mask>    once, untimed: core's probabilities vs torch::softmax(matmul(q̃, k̃ᵀ)/√d) on
//                       the same rotated q̃, k̃ (core's rotateRows); max abs difference must be
//                       ≤ 1e-5, else the benchmark fails (SkipWithError) and the binary exits 1.
//   Core/<mask>         computeAttention(capture, request): rotate + logits + softmax (+ frame sums).
//   Torch/<mask>        what the issue compares against: matmul(q, kᵀ)·(1/√d), then softmax; causal
//                       adds masked_fill(upper triangle, −inf) with a precomputed mask.
//   TorchRotate/<mask>  context only: the same plus the rotation written with torch ops (cos/sin
//                       tables precomputed), i.e. the same work as Core.
//   DnnlGemm/full       context only, when libdnnl is found: oneDNN's sgemm (JIT for the CPU's
//                       widest SIMD) + torch::softmax. Debian's LibTorch calls the reference
//                       (netlib) BLAS for float matmul, so Torch/* measures that BLAS; this row shows
//                       what an optimised GEMM does on the same machine.
// <mask> is full or causal. At the end the binary prints core_time / torch_time per mask (real and
// CPU time, median of the repetitions when there are any); the target is ≤ 1.2.
//
// docs/benchmarks.md ("Attention: core vs LibTorch") has the command and the recorded numbers.
// This is not a ctest test.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <Eigen/Core>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/Params.h"
#include "core/attention/Attention.h"
#include "core/attention/QkCapture.h"

namespace {

constexpr int64_t kT = 16, kH = 16, kW = 16, kTokens = kT * kH * kW, kDim = 128;
constexpr double kTolerance = 1e-5;

/// One layer, one head of deterministic N(0, 1) q and k.
const rope::QkCapture& capture() {
    static const rope::QkCapture c = [] {
        rope::QkCapture c;
        for (rope::QkTensor* t : {&c.q, &c.k}) {
            t->layers = 1, t->heads = 1, t->tokens = kTokens, t->headDim = kDim;
            t->data.resize(static_cast<size_t>(t->size()));
        }
        std::mt19937 rng(2024);
        std::normal_distribution<float> normal(0.0f, 1.0f);
        for (float& v : c.q.data) v = normal(rng);
        for (float& v : c.k.data) v = normal(rng);
        c.frames = kT, c.rows = kH, c.cols = kW;
        return c;
    }();
    return c;
}

rope::AttentionRequest request(bool causal) {
    rope::AttentionRequest r;
    r.variant.variant = rope::VariantId("videorope");  // d = 128, θ = 1e6, sections 16/24/24, δ = 2
    r.variant.headDim = static_cast<int>(kDim);
    r.causal = causal;
    return r;
}

torch::Tensor fromRows(const float* data, int64_t rows, int64_t cols) {
    return torch::from_blob(const_cast<float*>(data), {rows, cols}, torch::kFloat32).clone();
}

torch::Tensor causalMask() {
    static const torch::Tensor m = torch::ones({kTokens, kTokens}, torch::kBool).triu(1);
    return m;
}

torch::Tensor torchAttention(const torch::Tensor& q, const torch::Tensor& k, bool causal) {
    torch::Tensor logits = torch::matmul(q, k.t()) * (1.0 / std::sqrt(double(kDim)));
    if (causal) logits.masked_fill_(causalMask(), -std::numeric_limits<float>::infinity());
    return torch::softmax(logits, -1);
}

void agreement(benchmark::State& state, bool causal) {
    const rope::QkCapture& c = capture();
    const rope::AttentionRequest req = request(causal);
    const rope::RotaryTable table = rope::videoRotary(req.variant, kT, kH, kW);
    const rope::RowMajorMatrixXf qr = rope::rotateRows(c.q.data.data(), kTokens, kDim, table);
    const rope::RowMajorMatrixXf kr = rope::rotateRows(c.k.data.data(), kTokens, kDim, table);
    double maxDiff = 0;
    for (auto _ : state) {
        const rope::AttentionMap m = rope::computeAttention(c, req);
        const torch::Tensor p = torchAttention(fromRows(qr.data(), kTokens, kDim), fromRows(kr.data(), kTokens, kDim), causal);
        const torch::Tensor ours = torch::from_blob(const_cast<float*>(m.probabilities.data()), {kTokens, kTokens}, torch::kFloat32);
        maxDiff = (p - ours).abs().max().item<double>();
    }
    state.counters["max_abs_diff"] = maxDiff;
    if (!(maxDiff <= kTolerance))
        state.SkipWithError(("probabilities differ by " + std::to_string(maxDiff) + " > 1e-5").c_str());
}

void coreBench(benchmark::State& state, bool causal) {
    const rope::QkCapture& c = capture();
    const rope::AttentionRequest req = request(causal);
    for (auto _ : state) {
        rope::AttentionMap m = rope::computeAttention(c, req);
        benchmark::DoNotOptimize(m.probabilities.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * kTokens * kTokens);
}

void torchBench(benchmark::State& state, bool causal) {
    const torch::Tensor q = fromRows(capture().q.data.data(), kTokens, kDim);
    const torch::Tensor k = fromRows(capture().k.data.data(), kTokens, kDim);
    if (causal) causalMask();
    for (auto _ : state) {
        torch::Tensor p = torchAttention(q, k, causal);
        benchmark::DoNotOptimize(p.data_ptr());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * kTokens * kTokens);
}

void torchRotateBench(benchmark::State& state, bool causal) {
    const torch::Tensor q = fromRows(capture().q.data.data(), kTokens, kDim);
    const torch::Tensor k = fromRows(capture().k.data.data(), kTokens, kDim);
    const rope::RotaryTable table = rope::videoRotary(request(causal).variant, kT, kH, kW);
    const torch::Tensor cosHalf = torch::from_blob(const_cast<double*>(table.cos.data()), {kTokens, kDim / 2}, torch::kFloat64);
    const torch::Tensor sinHalf = torch::from_blob(const_cast<double*>(table.sin.data()), {kTokens, kDim / 2}, torch::kFloat64);
    const torch::Tensor cos = torch::cat({cosHalf, cosHalf}, 1).to(torch::kFloat32);
    const torch::Tensor sin = torch::cat({sinHalf, sinHalf}, 1).to(torch::kFloat32);
    auto rotate = [&](const torch::Tensor& x) {
        const torch::Tensor rh = torch::cat({-x.narrow(1, kDim / 2, kDim / 2), x.narrow(1, 0, kDim / 2)}, 1);
        return x * cos + rh * sin;
    };
    if (causal) causalMask();
    for (auto _ : state) {
        torch::Tensor p = torchAttention(rotate(q), rotate(k), causal);
        benchmark::DoNotOptimize(p.data_ptr());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * kTokens * kTokens);
}

#ifdef ROPESCOPE_BENCH_DNNL
// oneDNN's C API (libdnnl.so.2 ships with LibTorch's dependencies; its headers are not packaged).
// Row-major C = alpha·op(A)·op(B) + beta·C.
extern "C" int dnnl_sgemm(char transa, char transb, int64_t M, int64_t N, int64_t K, float alpha, const float* A,
                          int64_t lda, const float* B, int64_t ldb, float beta, float* C, int64_t ldc);

void dnnlBench(benchmark::State& state) {
    const torch::Tensor q = fromRows(capture().q.data.data(), kTokens, kDim);
    const torch::Tensor k = fromRows(capture().k.data.data(), kTokens, kDim);
    for (auto _ : state) {
        torch::Tensor logits = torch::empty({kTokens, kTokens}, torch::kFloat32);
        if (dnnl_sgemm('N', 'T', kTokens, kTokens, kDim, static_cast<float>(1.0 / std::sqrt(double(kDim))), q.data_ptr<float>(),
                       kDim, k.data_ptr<float>(), kDim, 0.0f, logits.data_ptr<float>(), kTokens) != 0) {
            state.SkipWithError("dnnl_sgemm failed");
            break;
        }
        torch::Tensor p = torch::softmax(logits, -1);
        benchmark::DoNotOptimize(p.data_ptr());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * kTokens * kTokens);
}
#endif

/// Console output plus, at the end, core_time / torch_time per mask from the same run.
class RatioReporter : public benchmark::ConsoleReporter {
public:
    RatioReporter() : ConsoleReporter(OO_Tabular) {}
    bool failed() const { return m_failed; }

    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& r : runs) {
            if (r.error_occurred) {
                m_failed = true;
                continue;
            }
            const bool median = r.run_type == Run::RT_Aggregate && r.aggregate_name == "median";
            const bool single = r.run_type == Run::RT_Iteration && r.repetitions <= 1;
            if (median || single)
                m_ms[r.run_name.function_name] = {r.GetAdjustedRealTime(), r.GetAdjustedCPUTime()};
        }
    }

    void Finalize() override {
        auto& out = GetOutputStream();
        out << "\ncore_time / torch_time (target <= 1.2), 4096 tokens, d = 128, one thread\n";
        for (const char* mask : {"full", "causal"}) {
            const auto core = m_ms.find(std::string("Core/") + mask), torch = m_ms.find(std::string("Torch/") + mask);
            const auto torchRot = m_ms.find(std::string("TorchRotate/") + mask);
            if (core == m_ms.end() || torch == m_ms.end()) continue;
            char line[256];
            std::snprintf(line, sizeof line, "  %-7s real %.3f  cpu %.3f", mask, core->second.first / torch->second.first,
                          core->second.second / torch->second.second);
            out << line;
            if (torchRot != m_ms.end()) {
                std::snprintf(line, sizeof line, "   (vs TorchRotate: real %.3f)", core->second.first / torchRot->second.first);
                out << line;
            }
            if (const auto dnnl = m_ms.find(std::string("DnnlGemm/") + mask); dnnl != m_ms.end()) {
                std::snprintf(line, sizeof line, "   (vs DnnlGemm: real %.3f cpu %.3f)", core->second.first / dnnl->second.first,
                              core->second.second / dnnl->second.second);
                out << line;
            }
            out << "\n";
        }
        out.flush();
        ConsoleReporter::Finalize();
    }

private:
    std::map<std::string, std::pair<double, double>> m_ms;  // name → (real, cpu) in the run's unit
    bool m_failed = false;
};

}  // namespace

int main(int argc, char** argv) {
    at::set_num_threads(1);
    at::set_num_interop_threads(1);
    Eigen::setNbThreads(1);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    for (bool causal : {false, true}) {
        const std::string mask = causal ? "causal" : "full";
        benchmark::RegisterBenchmark(("Agreement/" + mask).c_str(), agreement, causal)->Iterations(1)->Repetitions(1);
    }
    for (bool causal : {false, true}) {
        const std::string mask = causal ? "causal" : "full";
        benchmark::RegisterBenchmark(("Core/" + mask).c_str(), coreBench, causal)
            ->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);
        benchmark::RegisterBenchmark(("Torch/" + mask).c_str(), torchBench, causal)
            ->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);
        benchmark::RegisterBenchmark(("TorchRotate/" + mask).c_str(), torchRotateBench, causal)
            ->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);
    }
#ifdef ROPESCOPE_BENCH_DNNL
    benchmark::RegisterBenchmark("DnnlGemm/full", dnnlBench)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);
#endif
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return reporter.failed() ? 1 : 0;
}
