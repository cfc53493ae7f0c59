// 3D index-growth scene benchmarks (docs/benchmarks.md, section "GUI"). Needs an X display
// (Xvfb is fine): xvfb-run -a build/bench_scene
//
// BM_Orbit/<level>/<tokens>      one IndexGrowthScene in an offscreen 540 × 540 window, the camera
//                                turned 2° per iteration, render + glFinish: what one linked
//                                view costs per orbit frame on Mesa's llvmpipe.
// BM_DeltaChange/<level>/<tokens> VideoRoPE δ changed, positions recomputed, scene.update() and
//                                one render: what one 3D view costs per δ step.
// level 0 = full detail (every token; shaded discs when points are 4 px or more, flat dots
// below), 1 = the level of detail used while the camera moves or a slider is held (at most 20k
// tokens, flat: IndexGrowthScene::setInteractive). 400 tokens show the fixed cost of a frame
// (axes, labels, legend, title, clear, read-back-free finish).
#include <benchmark/benchmark.h>

#include <vtkCamera.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include "core/Params.h"
#include "core/PositionLayout.h"
#include "core/Sequence.h"
#include "viz/IndexGrowthScene.h"
#include "viz/OffscreenRender.h"

using namespace rope;

namespace {

constexpr int kSide = 540;

Params videoRope(const char* sequence, double delta) {
    Params p;
    p.variant = VariantId("videorope");
    p.sequence = Sequence::parse(sequence);
    p.delta = delta;
    return p;
}

const char* sequenceFor(int64_t tokens) {
    if (tokens < 1000) return "text:8,video:8x6x8,text:8";
    return tokens > 80'000 ? "text:64,video:100x32x32,text:64" : "text:64,video:64x32x32,text:64";
}

/// One VideoRoPE scene (δ = 2) at the benchmark's level of detail (range 0) and token count
/// (range 1) in an offscreen window like a view on screen (no multisampling: widgets/VtkView;
/// figures use VTK's default), rendered once before timing.
struct SceneOnScreen {
    Params params;
    viz::IndexGrowthScene scene;
    viz::OffscreenRender out;

    explicit SceneOnScreen(const benchmark::State& state)
        : params(videoRope(sequenceFor(state.range(1)), 2.0)),
          scene(computePositions(params), params.sequence, "VideoRoPE"),
          out(scene.renderer(), kSide, kSide) {
        scene.setInteractive(state.range(0) == 1);
        out.window()->SetMultiSamples(0);
        renderAndFinish();
    }
    void renderAndFinish() {
        out.render();
        out.window()->WaitForCompletion();
    }
};

void BM_Orbit(benchmark::State& state) {
    SceneOnScreen s(state);
    for (auto _ : state) {
        s.scene.camera()->Azimuth(2.0);
        s.renderAndFinish();
    }
    state.counters["tokens"] = static_cast<double>(s.scene.tokenCount());
    state.counters["fps"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_DeltaChange(benchmark::State& state) {
    SceneOnScreen s(state);
    int i = 0;
    for (auto _ : state) {
        s.params.delta = 1.0 + 0.05 * (++i % 40);
        s.scene.update(computePositions(s.params), s.params.sequence);
        s.renderAndFinish();
    }
    state.counters["tokens"] = static_cast<double>(s.scene.tokenCount());
}

}  // namespace

BENCHMARK(BM_Orbit)->ArgsProduct({{0, 1}, {400, 65'664, 102'528}})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DeltaChange)->ArgsProduct({{0, 1}, {65'664}})->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
