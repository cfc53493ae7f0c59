#pragma once
// The shared legend band under a figure's panels: entries in one or more centred rows
// (marker / line sample + label), then the colour bar, horizontal, with its ticks and title.
//
//        ● t (time)   ■ h (rows)   ▲ w (columns)   - - span of the positions
//                 success rate ▕████████████████▏  0   0.5   1
#include "Drawing.h"

namespace rope::figures {

/// Height in pt the legend needs for `width` pt (0 if there is nothing to show).
double legendHeight(const Style& s, double width, const std::vector<LegendEntry>& entries, const std::optional<ColorBar>& bar);
/// Draws the legend into `area` (as tall as legendHeight asked for).
void drawLegend(QPainter& p, const Style& s, const QRectF& area, const std::vector<LegendEntry>& entries,
                const std::optional<ColorBar>& bar);

}  // namespace rope::figures
