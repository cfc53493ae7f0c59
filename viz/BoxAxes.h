#pragma once
// BoxAxes — paper-style axes for a 3D scatter: the three far panes of the data box, lightly
// filled and gridded at the ticks, and one labelled axis per direction on the box's outline.
//
//            ┌──────────────┐        far panes: light fill + grid lines at the ticks
//           ╱│   ·  ·  ·   ╱│        axis lines: on silhouette edges, the one lying lowest /
//          ┌──────────────┐ │                    leftmost on screen, ticks pointing outwards
//        h │ │  ·  ·  ·   │ │        labels: 2D text at the projected tick ends, so they stay
//       10 ┤ └──────────────┘                crisp, never hide behind points, and stay vector
//        5 ┤╱              ╱ w                text in GL2PS exports
//        0 └──┬────┬────┬─┘
//             0    5   10   t
//
// Why not vtkCubeAxesActor: in VTK 9.1 its 2D mode rotates titles along their axis and lets
// labels overlap, and its 3D mode draws polygonal text that cannot carry our font. This class
// re-places everything right before each render (layout()), from the renderer's camera, which
// is a few dozen projections — negligible next to the points.
#include <array>
#include <memory>
#include <string>
#include <vector>

class vtkRenderer;

namespace rope::viz {

class BoxAxes {
public:
    BoxAxes();
    ~BoxAxes();
    BoxAxes(const BoxAxes&) = delete;
    BoxAxes& operator=(const BoxAxes&) = delete;

    /// Adds the axes' props to `renderer` (once).
    void addTo(vtkRenderer* renderer);
    /// `box` is the drawn frame (xmin, xmax, ymin, ymax, zmin, zmax); ticks are chosen inside
    /// `data` (same layout), which lies within the box.
    void setBox(const std::array<double, 6>& box, const std::array<double, 6>& data);
    /// Axis names for x, y, z.
    void setTitles(const std::array<std::string, 3>& titles);
    /// Places panes, axis lines, ticks and labels for the renderer's current camera, viewport
    /// and DPI. Call right before each render (IndexGrowthScene does, on the renderer's StartEvent).
    void layout(vtkRenderer* renderer);

    /// "Nice" tick values (steps 1, 2, 2.5 or 5 × 10^k) inside [lo, hi], about `target` of them;
    /// when the range spans 3 or more (index space is integral) never a step below 1 nor 2.5.
    static std::vector<double> niceTicks(double lo, double hi, int target = 5);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

}  // namespace rope::viz
