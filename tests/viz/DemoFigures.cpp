// viz_demo_figures — writes the index-growth figures of the demo sequence offscreen, for checking
// by eye (not a test):
//   viz_demo_figures [out-dir=.] [sequence=text:8,video:8x6x8,text:8] [width=1200] [height=900]
//                    [scale=1] [azimuth=0] [elevation=0]
//   → index_growth_mrope.png/.pdf, index_growth_videorope.png/.pdf; azimuth/elevation (degrees)
//     turn the default camera, to check the axes from other sides.
#include <vtkCamera.h>

#include <cstdio>
#include <string>

#include "core/PositionLayout.h"
#include "viz/IndexGrowthScene.h"
#include "viz/OffscreenRender.h"

int main(int argc, char** argv) {
    if (!rope::viz::displayAvailable()) {
        std::fprintf(stderr, "viz_demo_figures: needs an X display (run under xvfb-run -a)\n");
        return 2;
    }
    const std::string dir = argc > 1 ? argv[1] : ".";
    rope::Params p;
    p.sequence = rope::Sequence::parse(argc > 2 ? argv[2] : "text:8,video:8x6x8,text:8");
    const int width = argc > 3 ? std::stoi(argv[3]) : 1200;
    const int height = argc > 4 ? std::stoi(argv[4]) : 900;
    const double scale = argc > 5 ? std::stod(argv[5]) : 1.0;
    const double azimuth = argc > 6 ? std::stod(argv[6]) : 0.0;
    const double elevation = argc > 7 ? std::stod(argv[7]) : 0.0;
    struct Case { rope::VariantId id; const char* name; const char* title; };
    for (const Case& c : {Case{rope::VariantId("m-rope"), "mrope", "M-RoPE"},
                          Case{rope::VariantId("videorope"), "videorope", "VideoRoPE (\u03b4 = 2)"}}) {
        p.variant = c.id;
        rope::viz::IndexGrowthScene scene(rope::computePositions(p), p.sequence, c.title);
        rope::viz::OffscreenRender out(scene.renderer(), width, height, scale);
        out.render();  // frames the camera for this size
        scene.camera()->Azimuth(azimuth);
        scene.camera()->Elevation(elevation);
        scene.camera()->OrthogonalizeViewUp();
        const std::string base = dir + "/index_growth_" + c.name;
        out.writePng(base + ".png");
        out.writePdf(base + ".pdf");
        std::printf("%s.png / .pdf\n", base.c_str());
    }
    return 0;
}
