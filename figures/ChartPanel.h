#pragma once
// A 2D chart panel drawn with QPainter in pt: title, x and y axes (linear with 1-2-5 ticks, or
// log with decade ticks), light grid, series as lines and/or markers, clipped to the plot area.
//
//   ┌ title ───────────────────────────┐
//   │ 10⁶ ┤ ·  ·  ·        ■ ■ ■ ▲ ▲ ▲ │
//   │ 10³ ┤ ● ● ●                       │   y title rotated on the left
//   │     └──┬────┬────┬────┬────┬──    │
//   │        0   10   20   30   40      │
//   │            x title                │
//   └──────────────────────────────────┘
#include <QString>
#include <vector>

#include "Drawing.h"

namespace rope::figures {

struct ChartAxis {
    QString title;
    double min = 0, max = 1;
    bool log = false;
    bool integral = false;  ///< ticks at whole numbers only
    int targetTicks = 5;
};

struct ChartSeries {
    QString name;
    QColor color;
    bool line = true;                 ///< joined by a line
    Qt::PenStyle penStyle = Qt::SolidLine;
    bool markers = false;             ///< a marker at every point
    Marker marker = Marker::Circle;
    std::vector<double> x, y;
};

struct ChartModel {
    QString title;
    ChartAxis x, y;
    std::vector<ChartSeries> series;
    QString note;  ///< small text in a top corner of the plot (e.g. "no pairs in this band")
    bool noteLeft = false;  ///< top-left instead of top-right
};

void drawChart(QPainter& p, const Style& s, const QRectF& area, const ChartModel& chart);

/// Sidecar rows "panel, series, <x title>, <y title>" for every point of every series
/// (log axes: points ≤ 0 are not drawn and not written).
void appendChartRows(DataTable& table, const ChartModel& chart);

}  // namespace rope::figures
