#include "ChartPanel.h"

#include <QFontMetricsF>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace rope::figures {
namespace {

struct AxisMap {
    const ChartAxis& axis;
    double a, b;  // pt positions of min and max
    double to(double v) const {
        const double lo = axis.log ? std::log10(axis.min) : axis.min, hi = axis.log ? std::log10(axis.max) : axis.max;
        const double u = ((axis.log ? std::log10(v) : v) - lo) / (hi - lo);
        return a + (b - a) * u;
    }
};

struct Ticks {
    std::vector<double> values;
    std::vector<QString> labels;
};

Ticks ticksOf(const ChartAxis& axis) {
    Ticks t;
    if (axis.log) {
        t.values = decadeTicks(axis.min, axis.max, axis.targetTicks + 2);
        for (double v : t.values) t.labels.push_back(decadeLabel(v));
    } else {
        t.values = niceTicks(axis.min, axis.max, axis.targetTicks, axis.integral);
        const double step = niceStep(axis.min, axis.max, axis.targetTicks, axis.integral);
        for (double v : t.values) t.labels.push_back(tickLabel(v, step));
    }
    return t;
}

bool drawable(const ChartAxis& axis, double v) { return std::isfinite(v) && (!axis.log || v > 0); }

}  // namespace

void drawChart(QPainter& p, const Style& s, const QRectF& area, const ChartModel& chart) {
    const double lh = s.lineHeight(), tick = 0.35 * s.fontPt, gap = 0.25 * s.fontPt;
    const Ticks xt = ticksOf(chart.x), yt = ticksOf(chart.y);
    double yLabelW = 0;
    for (const QString& l : yt.labels) yLabelW = std::max(yLabelW, s.textWidth(l));
    const double titleH = chart.title.isEmpty() ? 0.3 * lh : titleHeight(s, chart.title, area.width());
    const double lastXLabel = xt.labels.empty() ? 0 : s.textWidth(xt.labels.back());
    QRectF plot(area.left() + (chart.y.title.isEmpty() ? 0 : lh + gap) + yLabelW + gap + tick, area.top() + titleH, 0, 0);
    plot.setRight(area.right() - std::max(0.6 * lastXLabel, 0.5 * s.fontPt));
    plot.setBottom(area.bottom() - tick - gap - lh - (chart.x.title.isEmpty() ? 0 : gap + lh));
    if (plot.width() < 10 || plot.height() < 10) return;  // far too small to draw anything readable
    const AxisMap mx{chart.x, plot.left(), plot.right()}, my{chart.y, plot.bottom(), plot.top()};

    p.save();
    // Title.
    drawTitle(p, s, area, chart.title);
    // Grid.
    p.setPen(QPen(s.grid(), 0.5 * s.line()));
    for (double v : xt.values) p.drawLine(QPointF(mx.to(v), plot.top()), QPointF(mx.to(v), plot.bottom()));
    for (double v : yt.values) p.drawLine(QPointF(plot.left(), my.to(v)), QPointF(plot.right(), my.to(v)));
    // Series, clipped to the plot.
    p.setClipRect(plot.adjusted(-0.5, -0.5, 0.5, 0.5));
    p.setRenderHint(QPainter::Antialiasing, true);
    const double markerSize = 0.5 * s.fontPt;
    for (const ChartSeries& ser : chart.series) {
        if (ser.line) {
            QPainterPath path;
            bool pen = false;
            for (size_t i = 0; i < ser.x.size(); ++i) {
                if (!drawable(chart.x, ser.x[i]) || !drawable(chart.y, ser.y[i])) {
                    pen = false;
                    continue;
                }
                const QPointF q(mx.to(ser.x[i]), my.to(ser.y[i]));
                if (pen) path.lineTo(q);
                else path.moveTo(q);
                pen = true;
            }
            QPen linePen(ser.color, s.dataLine(), ser.penStyle);
            linePen.setCapStyle(Qt::FlatCap);
            linePen.setJoinStyle(Qt::RoundJoin);
            p.setPen(linePen);
            p.setBrush(Qt::NoBrush);
            p.drawPath(path);
        }
        if (ser.markers)
            for (size_t i = 0; i < ser.x.size(); ++i)
                if (drawable(chart.x, ser.x[i]) && drawable(chart.y, ser.y[i]))
                    drawMarker(p, ser.marker, QPointF(mx.to(ser.x[i]), my.to(ser.y[i])), markerSize, ser.color);
    }
    p.setClipping(false);
    // Axes, ticks, labels.
    p.setPen(QPen(s.ink(), s.line()));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(plot.bottomLeft(), plot.topLeft());
    p.setFont(s.font());
    for (size_t i = 0; i < xt.values.size(); ++i) {
        const double x = mx.to(xt.values[i]);
        p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + tick));
        drawAnchored(p, QPointF(x, plot.bottom() + tick + gap), Anchor::Top, xt.labels[i]);
    }
    for (size_t i = 0; i < yt.values.size(); ++i) {
        const double y = my.to(yt.values[i]);
        p.drawLine(QPointF(plot.left() - tick, y), QPointF(plot.left(), y));
        drawAnchored(p, QPointF(plot.left() - tick - gap, y), Anchor::Right, yt.labels[i]);
    }
    if (!chart.x.title.isEmpty())
        drawAnchored(p, QPointF(plot.center().x(), area.bottom()), Anchor::Bottom, chart.x.title);
    if (!chart.y.title.isEmpty()) drawVertical(p, QPointF(area.left() + lh / 2, plot.center().y()), chart.y.title);
    if (!chart.note.isEmpty()) {
        p.setFont(s.font(0.9, false, true));
        p.setPen(s.muted());
        if (chart.noteLeft) drawAnchored(p, QPointF(plot.left() + 2 * gap, plot.top() + gap), Anchor::TopLeft, chart.note);
        else drawAnchored(p, QPointF(plot.right() - gap, plot.top() + gap), Anchor::TopRight, chart.note);
    }
    p.restore();
}

void appendChartRows(DataTable& table, const ChartModel& chart) {
    if (table.columns.empty())
        table.columns = {"panel", "series", chart.x.title.toStdString(), chart.y.title.toStdString()};
    for (const ChartSeries& ser : chart.series)
        for (size_t i = 0; i < ser.x.size(); ++i)
            if (drawable(chart.x, ser.x[i]) && drawable(chart.y, ser.y[i]))
                table.rows.push_back({chart.title.toStdString(), ser.name.toStdString(), numberText(ser.x[i]),
                                      numberText(ser.y[i])});
}

}  // namespace rope::figures
