// V-NIAH / V-NIAH-D heatmaps (Fig. 7 in kind): success rate per haystack length (x) and needle
// depth (y, 0 % at the top), one panel per (column, task), accuracy in each title; colours from
// red (0) through yellow to green (1), or a colour-blind-safe map; one shared colour bar.
#include <cmath>
#include <memory>

#include "core/ParamSchema.h"
#include "figures/Colors.h"
#include "figures/views/Views.h"

namespace rope::figures {
namespace {

QString panelTitle(const VniahGrid& g) {
    return QStringLiteral("%1 · %2 — %3 %")
        .arg(columnTitle(g.params), g.task == VniahTask::Distractors ? QStringLiteral("V-NIAH-D") : QStringLiteral("V-NIAH"))
        .arg(100.0 * g.accuracy(), 0, 'f', 1);
}

void paintHeatmap(QPainter& p, const Style& s, const QRectF& area, const VniahGrid& g, RateColors colors) {
    const double lh = s.lineHeight(), tick = 0.3 * s.fontPt, gap = 0.25 * s.fontPt;
    const auto nl = static_cast<int>(g.lengths.size()), nd = static_cast<int>(g.depths.size());
    double yLabelW = 0;
    for (int64_t d : g.depths) yLabelW = std::max(yLabelW, s.textWidth(QString::number(d)));
    const double titleH = titleHeight(s, panelTitle(g), area.width());
    const QRectF plot(area.left() + lh + gap + yLabelW + gap + tick, area.top() + titleH,
                      area.width() - (lh + 2 * gap + yLabelW + tick) - 0.8 * s.fontPt,
                      area.height() - titleH - (tick + gap + lh + gap + lh));
    p.save();
    drawTitle(p, s, area, panelTitle(g));
    p.setPen(s.ink());
    if (nl == 0 || nd == 0 || plot.width() < 10 || plot.height() < 10) {
        p.restore();
        return;
    }
    const double cw = plot.width() / nl, ch = plot.height() / nd;
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(Qt::NoPen);
    for (int i = 0; i < nl; ++i)
        for (int j = 0; j < nd; ++j) {
            p.setBrush(rateColor(colors, g.success(i, j)));
            // A third of a point of overlap: antialiasing viewers (rsvg, pdf.js) show seams between abutting cells otherwise.
            p.drawRect(QRectF(plot.left() + i * cw, plot.top() + j * ch, cw + (i + 1 < nl ? 0.35 : 0), ch + (j + 1 < nd ? 0.35 : 0)));
        }
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(s.ink(), s.line()));
    p.drawRect(plot);
    p.setFont(s.font());
    // x labels: every k-th length so that labels never touch.
    double widest = 0;
    for (int64_t v : g.lengths) widest = std::max(widest, s.textWidth(QString::number(v)));
    const int every = std::max(1, static_cast<int>(std::ceil((widest + s.fontPt) / cw)));
    for (int i = 0; i < nl; i += every) {
        const double x = plot.left() + (i + 0.5) * cw;
        p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + tick));
        drawAnchored(p, QPointF(x, plot.bottom() + tick + gap), Anchor::Top, QString::number(g.lengths[static_cast<size_t>(i)]));
    }
    const int everyY = std::max(1, static_cast<int>(std::ceil(lh / ch)));
    for (int j = 0; j < nd; j += everyY) {
        const double y = plot.top() + (j + 0.5) * ch;
        p.drawLine(QPointF(plot.left() - tick, y), QPointF(plot.left(), y));
        drawAnchored(p, QPointF(plot.left() - tick - gap, y), Anchor::Right, QString::number(g.depths[static_cast<size_t>(j)]));
    }
    drawAnchored(p, QPointF(plot.center().x(), area.bottom()), Anchor::Bottom, QStringLiteral("haystack length (frames)"));
    drawVertical(p, QPointF(area.left() + lh / 2, plot.center().y()), QStringLiteral("needle depth (%)"));
    p.restore();
}

}  // namespace

ViewDrawing buildVniah(const FigureSpec& spec, const FigureData& data) {
    ViewDrawing d;
    auto grids = std::make_shared<std::vector<VniahGrid>>(data.vniah);
    d.data.columns = {"panel", "variant", "task", "haystack_frames", "needle_depth_percent", "success_rate"};
    for (size_t k = 0; k < grids->size(); ++k) {
        const VniahGrid& g = (*grids)[k];
        const RateColors colors = spec.rateColors;
        d.panels.push_back([grids, k, colors](QPainter& p, const Style& s, const QRectF& r) { paintHeatmap(p, s, r, (*grids)[k], colors); });
        for (size_t i = 0; i < g.lengths.size(); ++i)
            for (size_t j = 0; j < g.depths.size(); ++j)
                d.data.rows.push_back({panelTitle(g).toStdString(), variantName(g.params.variant), vniahTaskName(g.task),
                                       std::to_string(g.lengths[i]), std::to_string(g.depths[j]),
                                       numberText(g.success(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)))});
    }
    d.gridColumns = std::max<int>(1, static_cast<int>(shownPanels(spec).size()));
    d.panelAspect = 0.55;
    d.minPanelWidthPt = 150;
    ColorBar bar;
    bar.title = QStringLiteral("success rate");
    bar.color = [colors = spec.rateColors](double v) { return rateColor(colors, v); };
    bar.vmin = 0, bar.vmax = 1;
    for (double v : {0.0, 0.25, 0.5, 0.75, 1.0}) {
        bar.ticks.push_back(v);
        bar.tickLabels.push_back(QString::number(v));
    }
    d.colorBar = bar;
    d.caption = QStringLiteral("V-NIAH grid: %1 trials per cell (vniah.seeds × vniah.heads)").arg(spec.study.shared().vniah.trials());
    return d;
}

}  // namespace rope::figures
