// viz_frame_time — how long one frame of the index-growth scene takes offscreen, and how long an
// update() of the data takes (the δ-drag path). Prints, asserts nothing. Run under xvfb-run -a.
//
//   viz_frame_time [tokens-per-frame-grid=100x100] [frames=10] [width=1280] [height=800]
#include <vtkCamera.h>
#include <vtkOpenGLRenderWindow.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <string>

#include "core/PositionLayout.h"
#include "viz/IndexGrowthScene.h"
#include "viz/OffscreenRender.h"

namespace {

using Clock = std::chrono::steady_clock;
double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void measure(const std::string& sequence, int width, int height) {
    rope::Params p;
    p.sequence = rope::Sequence::parse(sequence);
    p.variant = rope::VariantId("videorope");
    const rope::Positions pos = rope::computePositions(p);
    rope::viz::IndexGrowthScene scene(pos, p.sequence, "VideoRoPE");

    rope::viz::OffscreenRender out(scene.renderer(), width, height);
    auto t0 = Clock::now();
    out.render();
    const double first = ms(Clock::now() - t0);

    // Each frame waits for the GL to finish (llvmpipe would otherwise overlap frames).
    constexpr int kFrames = 40;
    // Wall time depends on the machine's load; process CPU time (all threads, llvmpipe's
    // rasterizer threads included) does not, and bounds the idle wall time from above.
    double cpuMs = 0;
    auto orbitMs = [&] {
        const auto start = Clock::now();
        const std::clock_t cpu0 = std::clock();
        for (int i = 0; i < kFrames; ++i) {
            scene.camera()->Azimuth(3);
            out.render();
            out.window()->WaitForCompletion();
        }
        cpuMs = 1000.0 * double(std::clock() - cpu0) / CLOCKS_PER_SEC / kFrames;
        return ms(Clock::now() - start) / kFrames;
    };
    const double orbit = orbitMs();
    const double orbitCpu = cpuMs;
    scene.setInteractive(true);  // what a mouse drag draws
    out.render();
    const double orbitCoarse = orbitMs();
    const double orbitCoarseCpu = cpuMs;
    scene.setInteractive(false);

    // δ drag: new positions each step, then a render.
    constexpr int kUpdates = 20;
    double updateMs = 0, updateRenderMs = 0;
    for (int i = 0; i < kUpdates; ++i) {
        p.delta = 1.0 + 0.05 * i;
        const rope::Positions moved = rope::computePositions(p);
        auto u0 = Clock::now();
        scene.update(moved, p.sequence);
        updateMs += ms(Clock::now() - u0);
        out.render();
        out.window()->WaitForCompletion();
        updateRenderMs += ms(Clock::now() - u0);
    }
    std::printf("%-34s %6lld tokens %dx%d: first %.0f ms | orbit %.1f ms wall, %.1f ms CPU | orbit while "
                "dragging %.1f ms wall, %.1f ms CPU | update %.2f ms | update+render %.1f ms\n",
                sequence.c_str(), static_cast<long long>(pos.tokens()), width, height, first, orbit, orbitCpu,
                orbitCoarse, orbitCoarseCpu, updateMs / kUpdates, updateRenderMs / kUpdates);
}

}  // namespace

int main(int argc, char** argv) {
    vtkOpenGLRenderWindow::SetGlobalMaximumNumberOfMultiSamples(0);
    if (!rope::viz::displayAvailable()) {
        std::fprintf(stderr, "viz_frame_time: needs an X display (run under xvfb-run -a)\n");
        return 2;
    }
    const int width = argc > 1 ? std::stoi(argv[1]) : 1280;
    const int height = argc > 2 ? std::stoi(argv[2]) : 800;
    measure("text:8,video:8x6x8,text:8", width, height);
    measure("text:64,video:16x64x64,text:64", width, height);     // 65,728 tokens (δ-drag target)
    measure("text:100,video:25x40x100,text:100", width, height);  // 100,200 tokens
    return 0;
}
