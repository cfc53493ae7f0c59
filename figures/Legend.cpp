#include "Legend.h"

#include <algorithm>

namespace rope::figures {
namespace {

double sampleWidth(const Style& s, const LegendEntry& e) {
    return e.kind == LegendEntry::Kind::Marker ? 0.8 * s.fontPt : 2.2 * s.fontPt;
}

double entryWidth(const Style& s, const LegendEntry& e) {
    return sampleWidth(s, e) + 0.4 * s.fontPt + s.textWidth(e.label);
}

// Entries split into rows that fit `width`.
std::vector<std::vector<size_t>> rowsOf(const Style& s, double width, const std::vector<LegendEntry>& entries) {
    std::vector<std::vector<size_t>> rows;
    double used = 0;
    const double sep = 1.5 * s.fontPt;
    for (size_t i = 0; i < entries.size(); ++i) {
        const double w = entryWidth(s, entries[i]);
        if (rows.empty() || used + sep + w > width) {
            rows.emplace_back();
            used = w;
        } else {
            used += sep + w;
        }
        rows.back().push_back(i);
    }
    return rows;
}

double barHeight(const Style& s) { return 0.9 * s.fontPt; }

}  // namespace

double legendHeight(const Style& s, double width, const std::vector<LegendEntry>& entries, const std::optional<ColorBar>& bar) {
    const double lh = s.lineHeight();
    double h = 0;
    if (!entries.empty()) h += static_cast<double>(rowsOf(s, width, entries).size()) * lh * 1.25;
    if (bar) h += barHeight(s) + lh + 0.6 * s.fontPt;
    return h > 0 ? h + 0.4 * s.fontPt : 0;
}

void drawLegend(QPainter& p, const Style& s, const QRectF& area, const std::vector<LegendEntry>& entries,
                const std::optional<ColorBar>& bar) {
    const double lh = s.lineHeight(), sep = 1.5 * s.fontPt;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setFont(s.font());
    double y = area.top() + 0.3 * s.fontPt;
    for (const std::vector<size_t>& row : rowsOf(s, area.width(), entries)) {
        double total = -sep;
        for (size_t i : row) total += sep + entryWidth(s, entries[i]);
        double x = area.center().x() - total / 2;
        const double cy = y + lh * 0.625;
        for (size_t i : row) {
            const LegendEntry& e = entries[i];
            const double sw = sampleWidth(s, e);
            if (e.kind == LegendEntry::Kind::Marker) {
                drawMarker(p, e.marker, QPointF(x + sw / 2, cy), 0.6 * s.fontPt, e.color);
            } else {
                QPen pen(e.color, s.dataLine(), e.kind == LegendEntry::Kind::DashedLine ? Qt::DashLine : Qt::SolidLine);
                pen.setCapStyle(Qt::FlatCap);
                p.setPen(pen);
                p.drawLine(QPointF(x, cy), QPointF(x + sw, cy));
            }
            p.setPen(s.ink());
            drawAnchored(p, QPointF(x + sw + 0.4 * s.fontPt, cy), Anchor::Left, e.label);
            x += entryWidth(s, e) + sep;
        }
        y += lh * 1.25;
    }
    if (bar) {
        const double titleW = s.textWidth(bar->title);
        const double barW = std::min(area.width() * 0.5, 18.0 * s.fontPt);
        const double total = titleW + 0.6 * s.fontPt + barW;
        const double x0 = area.center().x() - total / 2 + titleW + 0.6 * s.fontPt;
        const double bh = barHeight(s), top = y + 0.2 * s.fontPt;
        p.setPen(s.ink());
        drawAnchored(p, QPointF(x0 - 0.6 * s.fontPt, top + bh / 2), Anchor::Right, bar->title);
        const int steps = std::max(1, bar->steps);
        p.setPen(Qt::NoPen);
        p.setRenderHint(QPainter::Antialiasing, false);  // abutting rectangles: no seams
        for (int k = 0; k < steps; ++k) {
            const double v = bar->vmin + (bar->vmax - bar->vmin) * (k + 0.5) / steps;
            p.setBrush(bar->color(v));
            const double a = x0 + barW * k / steps, b = x0 + barW * (k + 1) / steps;
            p.drawRect(QRectF(a, top, b - a + (k + 1 < steps ? 0.35 : 0), bh));
        }
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(s.ink(), 0.5 * s.line()));
        p.drawRect(QRectF(x0, top, barW, bh));
        for (size_t i = 0; i < bar->ticks.size(); ++i) {
            const double u = (bar->ticks[i] - bar->vmin) / (bar->vmax - bar->vmin);
            const double x = x0 + barW * std::clamp(u, 0.0, 1.0);
            p.drawLine(QPointF(x, top + bh), QPointF(x, top + bh + 0.3 * s.fontPt));
            drawAnchored(p, QPointF(x, top + bh + 0.35 * s.fontPt), Anchor::Top, bar->tickLabels[i]);
        }
    }
    p.restore();
}

}  // namespace rope::figures
