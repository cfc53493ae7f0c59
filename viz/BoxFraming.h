#pragma once
// Framing a data box with a parallel-projection camera from a fixed direction, so that the box's
// image is centred and fills a given share of the viewport:
//
//        eye ●  direction `eyeDir` from the box centre, view-up +y
//             ╲
//              ╲       ┌─────────────┐  viewport
//               ╲      │  ┌───────┐  │  the box's projected corners span `fill` of the
//                ▼     │  │  box  │  │  tighter direction (width / aspect or height)
//                      │  └───────┘  │
//                      └─────────────┘
//
// The view-up stays +y (not orthogonalised), so a trackball orbit turns around the y axis.
#include <array>

class vtkRenderer;

namespace rope::viz {

/// Points the renderer's active camera (switched to parallel projection) at `box`
/// (xmin, xmax, ymin, ymax, zmin, zmax) from `eyeDir` and scales it to `fill` of the viewport,
/// then resets the clipping range. Returns false when the viewport's aspect is not known yet
/// (the window has never rendered): the framing then assumed 4:3 and should be redone.
bool frameBox(vtkRenderer* renderer, const std::array<double, 6>& box, const std::array<double, 3>& eyeDir,
              double fill);

}  // namespace rope::viz
