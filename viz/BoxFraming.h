#pragma once
// Framing a data box with a parallel-projection camera from a given direction, so that the box's
// image is centred in a region of the viewport and fills a given share of it:
//
//        eye ●  direction `eyeDir` from the box centre, view-up `viewUp`
//             ╲
//              ╲       ┌──────────────┬──────┐  viewport; `region` (normalised viewport
//               ╲      │  ┌───────┐   │legend│  coordinates) leaves room for the title and
//                ▼     │  │  box  │   │      │  legend; the box's projected corners span
//                      │  └───────┘   │      │  `fill` of the region's tighter direction
//                      └──────────────┴──────┘
//
// solveFrame() computes the camera without touching it (so several views can agree on one scale
// before any moves: "same scale"); applyFrame() sets it. frameBox() does both. The view-up is kept
// as given (not orthogonalised), so a trackball orbit turns around it (+y by default).
#include <array>
#include <optional>

class vtkRenderer;

namespace rope::viz {

/// A sub-rectangle of the viewport, normalised: x0 < x1, y0 < y1 in [0, 1], origin bottom-left.
struct ViewRegion {
    double x0 = 0, y0 = 0, x1 = 1, y1 = 1;
};

struct FrameSolution {
    std::array<double, 3> focal{}, position{}, viewUp{0, 1, 0};
    double parallelScale = 1;
    bool haveViewport = false;  ///< false: the window never rendered, the aspect 4:3 was assumed
};

/// The camera that shows `box` (xmin, xmax, ymin, ymax, zmin, zmax) from `eyeDir` (focal point →
/// eye) with `viewUp`, centred in `region` at `fill` of it. With `scale`, that parallel scale is
/// used instead of the fitting one (the box is still centred in the region).
FrameSolution solveFrame(vtkRenderer* renderer, const std::array<double, 6>& box, const std::array<double, 3>& eyeDir,
                         const std::array<double, 3>& viewUp, double fill, const ViewRegion& region = {},
                         std::optional<double> scale = std::nullopt);
/// Sets the renderer's active camera (parallel projection) to `s` and resets the clipping range.
void applyFrame(vtkRenderer* renderer, const FrameSolution& s);

/// solveFrame + applyFrame with view-up +y. Returns FrameSolution::haveViewport.
bool frameBox(vtkRenderer* renderer, const std::array<double, 6>& box, const std::array<double, 3>& eyeDir,
              double fill);

}  // namespace rope::viz
