// Attention on a video, from the pipeline's numbers (AttentionFigureInput), never from the tab's
// widgets. Panels per shown study column, in the order of FigureSpec::panels:
//   frames   the frame-pooled T × T map: mean attention mass query frame a puts on key frame b
//            (rows sum to 1), one vector rectangle per cell;
//   tokens   the token × token probabilities, block-averaged to at most kMaxCells per side (vector
//            rectangles), thin lines between frames;
//   overlay  the query token's attention over every sampled frame (the frames as images, the
//            attention as translucent vector patches), its own patch boxed.
// Colour: magma over [0, the panel's maximum] — the maximum is in each title — so one colour bar
// ("share of the panel's maximum") serves every panel.
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <memory>

#include "core/Errors.h"
#include "figures/Colors.h"
#include "figures/views/Views.h"

namespace rope::figures {
namespace {

constexpr int kMaxCells = 96;

QColor magma(double t) {
    static const QColor s[] = {QColor(0x00, 0x00, 0x04), QColor(0x51, 0x12, 0x7c), QColor(0xb7, 0x37, 0x79), QColor(0xfc, 0x89, 0x61),
                               QColor(0xfc, 0xfd, 0xbf)};
    t = std::clamp(t, 0.0, 1.0) * 4;
    const int i = std::min(3, static_cast<int>(t));
    const double f = t - i;
    return QColor::fromRgbF(static_cast<float>(s[i].redF() + (s[i + 1].redF() - s[i].redF()) * f),
                            static_cast<float>(s[i].greenF() + (s[i + 1].greenF() - s[i].greenF()) * f),
                            static_cast<float>(s[i].blueF() + (s[i + 1].blueF() - s[i].blueF()) * f));
}

/// A square matrix to draw: cells (row-major), its maximum, how many tokens a cell averages.
struct Grid {
    int side = 0;
    std::vector<double> v;
    double max = 0;
    int block = 1;
    std::vector<double> separators;  ///< in cell units
};

Grid framesGrid(const AttentionMap& m) {
    Grid g;
    g.side = static_cast<int>(m.frames);
    for (int r = 0; r < g.side; ++r)
        for (int c = 0; c < g.side; ++c) g.v.push_back(m.frameAttention(r, c));
    g.max = *std::max_element(g.v.begin(), g.v.end());
    return g;
}

Grid tokensGrid(const AttentionMap& m) {
    if (m.probabilities.rows() == 0) throw InvalidParameter("--panels", "tokens", "needs the token probabilities, which were not kept");
    Grid g;
    const int64_t n = m.tokens();
    g.block = static_cast<int>((n + kMaxCells - 1) / kMaxCells);
    g.side = static_cast<int>((n + g.block - 1) / g.block);
    for (int i = 0; i < g.side; ++i) {
        const int64_t r0 = int64_t(i) * g.block, r1 = std::min<int64_t>(n, r0 + g.block);
        for (int j = 0; j < g.side; ++j) {
            const int64_t c0 = int64_t(j) * g.block, c1 = std::min<int64_t>(n, c0 + g.block);
            g.v.push_back(m.probabilities.block(r0, c0, r1 - r0, c1 - c0).cast<double>().mean());
        }
    }
    g.max = *std::max_element(g.v.begin(), g.v.end());
    for (int64_t t = 1; t < m.frames; ++t) g.separators.push_back(double(t * m.rows * m.cols) / g.block);
    return g;
}

void paintGrid(QPainter& p, const Style& s, const QRectF& area, const QString& title, const Grid& g, const QString& xTitle,
               const QString& yTitle, bool indexTicks) {
    const double lh = s.lineHeight(), tick = 0.3 * s.fontPt, gap = 0.25 * s.fontPt;
    const double titleH = titleHeight(s, title, area.width());
    const double labelW = s.textWidth(QString::number(g.side * g.block));
    const double left = lh + gap + labelW + gap + tick, bottom = tick + gap + lh + gap + lh;
    const double side = std::max(10.0, std::min(area.width() - left - 0.5 * s.fontPt, area.height() - titleH - bottom));
    const QRectF plot(area.left() + left + (area.width() - left - side) / 2, area.top() + titleH, side, side);
    p.save();
    drawTitle(p, s, area, title);
    const double cell = side / std::max(1, g.side);
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(Qt::NoPen);
    for (int r = 0; r < g.side; ++r)
        for (int c = 0; c < g.side; ++c) {
            p.setBrush(magma(g.max > 0 ? g.v[static_cast<size_t>(r) * g.side + c] / g.max : 0));
            // A third of a point of overlap: antialiasing viewers show seams between abutting cells otherwise.
            p.drawRect(QRectF(plot.left() + c * cell, plot.top() + r * cell, cell + (c + 1 < g.side ? 0.35 : 0), cell + (r + 1 < g.side ? 0.35 : 0)));
        }
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(QColor(255, 255, 255, 150), 0.3));
    for (double sep : g.separators) {
        const double x = plot.left() + sep * cell, y = plot.top() + sep * cell;
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    }
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(s.ink(), s.line()));
    p.drawRect(plot);
    p.setFont(s.font());
    const double units = double(g.side) * g.block;
    const int target = std::max(2, static_cast<int>(side / (3 * s.fontPt)));
    for (double v : niceTicks(0, units - 1, std::min(6, target), true)) {
        const double at = (v + 0.5) / units * side;
        const QString label = indexTicks ? QString::number(static_cast<long long>(v)) : tickLabel(v, 1);
        p.drawLine(QPointF(plot.left() + at, plot.bottom()), QPointF(plot.left() + at, plot.bottom() + tick));
        drawAnchored(p, QPointF(plot.left() + at, plot.bottom() + tick + gap), Anchor::Top, label);
        p.drawLine(QPointF(plot.left() - tick, plot.top() + at), QPointF(plot.left(), plot.top() + at));
        drawAnchored(p, QPointF(plot.left() - tick - gap, plot.top() + at), Anchor::Right, label);
    }
    drawAnchored(p, QPointF(plot.center().x(), plot.bottom() + tick + gap + lh + gap), Anchor::Top, xTitle);
    drawVertical(p, QPointF(plot.left() - tick - gap - labelW - gap - lh / 2, plot.center().y()), yTitle);  // beside its labels
    p.restore();
}

void paintOverlay(QPainter& p, const Style& s, const QRectF& area, const QString& title, const AttentionFigureInput& in,
                  const AttentionMap& m, int64_t query) {
    const double titleH = titleHeight(s, title, area.width()), lh = s.lineHeight();
    p.save();
    drawTitle(p, s, area, title);
    const int64_t T = m.frames, per = m.rows * m.cols;
    std::vector<Eigen::MatrixXf> images;
    float peak = 1e-12f;
    for (int64_t t = 0; t < T; ++t) {
        images.push_back(m.keyImage(query, t));
        peak = std::max(peak, images.back().maxCoeff());
    }
    const int perRow = static_cast<int>(std::min<int64_t>(T, 8));
    const int lines = static_cast<int>((T + perRow - 1) / perRow);
    const double aspect = double(m.rows) / double(m.cols);
    double w = (area.width() - (perRow - 1) * 2.0) / perRow;
    double h = w * aspect;
    const double availH = area.height() - titleH - lines * (lh + 2);
    if (h * lines > availH) h = availH / lines, w = h / aspect;
    p.setFont(s.font(0.85));
    for (int64_t t = 0; t < T; ++t) {
        const QRectF r(area.left() + (t % perRow) * (w + 2), area.top() + titleH + (t / perRow) * (h + lh + 2), w, h);
        if (t < static_cast<int64_t>(in.frameImages.size()) && !in.frameImages[static_cast<size_t>(t)].isNull())
            p.drawImage(r, in.frameImages[static_cast<size_t>(t)]);
        else
            p.fillRect(r, QColor(0x30, 0x30, 0x30));
        const double cw = w / m.cols, ch = h / m.rows;
        p.setPen(Qt::NoPen);
        const Eigen::MatrixXf& k = images[static_cast<size_t>(t)];
        for (int64_t y = 0; y < m.rows; ++y)
            for (int64_t x = 0; x < m.cols; ++x) {
                const double v = k(y, x) / peak;
                if (v < 0.02) continue;  // unattended patches stay clear
                QColor c = magma(0.35 + 0.65 * v);
                c.setAlphaF(static_cast<float>(0.7 * v));  // the frame stays visible under broad attention
                p.setBrush(c);
                p.drawRect(QRectF(r.left() + x * cw, r.top() + y * ch, cw, ch));
            }
        if (t == query / per) {
            p.setBrush(Qt::NoBrush);
            p.setPen(QPen(QColor(0, 220, 255), std::max(0.6, cw / 8)));
            p.drawRect(QRectF(r.left() + ((query % per) % m.cols) * cw, r.top() + ((query % per) / m.cols) * ch, cw, ch));
        }
        p.setPen(s.ink());
        drawAnchored(p, QPointF(r.center().x(), r.bottom() + 1), Anchor::Top, QStringLiteral("t = %1 · %2").arg(t).arg(k.sum(), 0, 'f', 2));
    }
    p.restore();
}

}  // namespace

ViewDrawing buildAttention(const FigureSpec& spec, const FigureData& data) {
    if (!data.attention) throw InvalidParameter("--view", "attention", "has no attention results: run the attention tab (or give the study a video)");
    auto in = data.attention;
    ViewDrawing d;
    d.data.columns = {"panel", "variant", "row", "col", "value"};
    const std::vector<std::string> panels = shownPanels(spec);
    for (const std::string& kind : panels)
        for (int c : shownColumns(spec)) {
            if (c >= static_cast<int>(in->maps.size()) || !in->maps[static_cast<size_t>(c)])
                throw InvalidParameter("--columns", std::to_string(c + 1), "has no attention results (the column failed or was not computed)");
            auto map = in->maps[static_cast<size_t>(c)];
            const QString label = columnTitle(spec.study.columns[static_cast<size_t>(c)]);
            const std::string variant = map->variant;
            if (kind == "overlay") {
                const int64_t q = in->query >= 0 && in->query < map->tokens() ? in->query : (map->frames / 2) * map->rows * map->cols + (map->rows / 2) * map->cols + map->cols / 2;
                const int64_t per = map->rows * map->cols;
                const QString title = QStringLiteral("%1 — query (frame %2, row %3, col %4)").arg(label).arg(q / per).arg((q % per) / map->cols).arg(q % map->cols);
                d.panels.push_back([in, map, q, title](QPainter& p, const Style& s, const QRectF& r) { paintOverlay(p, s, r, title, *in, *map, q); });
                for (int64_t t = 0; t < map->frames; ++t) {
                    const Eigen::MatrixXf k = map->keyImage(q, t);
                    for (int64_t y = 0; y < map->rows; ++y)
                        for (int64_t x = 0; x < map->cols; ++x)
                            d.data.rows.push_back({"overlay frame " + std::to_string(t), variant, std::to_string(y), std::to_string(x), numberText(k(y, x))});
                }
                continue;
            }
            auto g = std::make_shared<Grid>(kind == "tokens" ? tokensGrid(*map) : framesGrid(*map));
            const bool frames = kind == "frames";
            const QString title = QStringLiteral("%1 — %2, max %3").arg(label, frames ? QStringLiteral("frame × frame") : QStringLiteral("token × token"))
                                      .arg(g->max, 0, 'g', 3);
            const QString x = frames ? QStringLiteral("key frame") : QStringLiteral("key token");
            const QString y = frames ? QStringLiteral("query frame") : QStringLiteral("query token");
            d.panels.push_back([g, title, x, y](QPainter& p, const Style& s, const QRectF& r) { paintGrid(p, s, r, title, *g, x, y, true); });
            for (int r = 0; r < g->side; ++r)
                for (int k = 0; k < g->side; ++k)
                    d.data.rows.push_back({kind + (g->block > 1 ? " (blocks of " + std::to_string(g->block) + ")" : ""), variant, std::to_string(r),
                                           std::to_string(k), numberText(g->v[static_cast<size_t>(r) * g->side + k])});
        }
    d.gridColumns = std::max<int>(1, static_cast<int>(shownColumns(spec).size()));
    d.panelAspect = std::find(panels.begin(), panels.end(), "overlay") != panels.end() && panels.size() == 1 ? 0.45 : 1.0;
    d.minPanelWidthPt = 140;
    ColorBar bar;
    bar.title = QStringLiteral("attention, share of the panel's maximum");
    bar.color = [](double v) { return magma(v); };
    bar.vmin = 0, bar.vmax = 1;
    for (double v : {0.0, 0.25, 0.5, 0.75, 1.0}) {
        bar.ticks.push_back(v);
        bar.tickLabels.push_back(QString::number(v));
    }
    d.colorBar = bar;
    d.caption = QStringLiteral("%1 · layer %2 head %3%4").arg(in->source).arg(in->layer).arg(in->head).arg(in->causal ? QStringLiteral(" · causal") : QString());
    return d;
}

}  // namespace rope::figures
