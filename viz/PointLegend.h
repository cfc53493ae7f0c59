#pragma once
// PointLegend — a small legend of coloured discs and labels in the top-right corner of a
// renderer, laid out in pixels from the window's DPI so it keeps its size on screen and scales
// with an export (unlike vtkLegendBoxActor, which stretches text to its box and colours the
// text like the symbol).
//
//                                  ● text
//                                  ● frame 0
//                                  ● frame 7
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "Colormap.h"

class vtkRenderer;

namespace rope::viz {

class PointLegend {
public:
    struct Entry {
        std::string label;
        Rgb color;
    };

    PointLegend();
    ~PointLegend();
    PointLegend(const PointLegend&) = delete;
    PointLegend& operator=(const PointLegend&) = delete;

    void addTo(vtkRenderer* renderer);
    void setEntries(const std::vector<Entry>& entries);
    /// Places discs and labels for the renderer's current size and DPI, `topOffsetPx` device
    /// pixels below the viewport's top margin (room for a title); call before each render.
    void layout(vtkRenderer* renderer, double topOffsetPx = 0);
    /// Width and height (device pixels) the legend takes from the top-right corner, margins
    /// included; {0, 0} without entries or window.
    std::array<double, 2> extent(vtkRenderer* renderer) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

}  // namespace rope::viz
