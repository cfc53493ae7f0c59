// Safetensors header parse time against the tensor count. Linear parsing shows as a constant time
// per tensor (the "per_tensor" counter); the former DOM-callback parser grew quadratically (0.66 s
// at 10k entries, 80 s at 100k on the machine).
//   build/release/bench_formats --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <string>

#include "formats/Safetensors.h"

namespace {

std::string headerOf(int n) {
    std::string h = "{\"__metadata__\":{\"ropescope.grid\":\"1,1,1\"}";
    for (int i = 0; i < n; ++i) {
        h += ",\"t";
        h += std::to_string(i);
        h += "\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[";
        h += std::to_string(4 * i);
        h += ',';
        h += std::to_string(4 * i + 4);
        h += "]}";
    }
    h += '}';
    return h;
}

void BM_SafetensorsHeader(benchmark::State& state) {
    const int n = static_cast<int>(state.range(0));
    const std::string header = headerOf(n);
    for (auto _ : state) {
        const rope::SafetensorsHeader h = rope::parseSafetensorsHeader(header, 4ull * static_cast<uint64_t>(n), "bench");
        benchmark::DoNotOptimize(h.entries.data());
    }
    state.counters["per_tensor"] =
        benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(header.size()));
}
BENCHMARK(BM_SafetensorsHeader)->Arg(1'000)->Arg(10'000)->Arg(30'000)->Arg(65'536)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
