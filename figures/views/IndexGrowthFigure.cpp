// 3D index growth (Fig. 6 in kind) as real vectors: every token of a column is projected with
// our camera (Camera3D), sorted far → near (painter's algorithm) and drawn as a filled circle;
// text tokens sit on a grey polyline; the data box shows its three far panes with grid lines,
// and one axis per direction (t, h, w) on the box's silhouette with ticks and labels.
//
// Large scenes: above FigureSpec::mergeAbove tokens, a point that would be completely hidden
// by nearer ones at the figure's DPI is left out (a coverage mask at output resolution, filled
// near → far). The drawing is the same at that DPI, and a 100k-token PDF stays a few MB; the
// caption and the file's metadata say so.
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/ParamSchema.h"
#include "figures/Camera3D.h"
#include "figures/Colors.h"
#include "figures/views/Views.h"

namespace rope::figures {
namespace {

constexpr double kPad = 0.5;  // half an index step around the data

struct Scene {
    QString title;
    std::vector<Vec3> xyz;  // x = w, y = h, z = t
    std::vector<int> frame; // −1 for text
    std::vector<std::vector<int>> textRuns;
    int frames = 0;
    int visualSegments = 0;
    Vec3 lo{}, hi{};        // data range
};

Scene sceneOf(const ColumnResult& c, const Sequence& seq) {
    Scene s;
    s.title = columnTitle(c.params);
    const Positions& pos = c.positions;
    const auto n = static_cast<size_t>(pos.tokens());
    s.xyz.resize(n);
    s.frame.assign(n, -1);
    size_t next = 0;
    // The laid-out sequence: the one the positions are for (Qwen3-VL's frame_gap tokens between
    // frames, generated tokens at the end), so colours stay on their tokens.
    (void)seq;
    for (const Segment& seg : c.laidOut.segments()) {
        if (seg.isVisual()) {
            ++s.visualSegments;
            for (int64_t f = 0; f < seg.frames; ++f)
                for (int64_t k = 0; k < seg.rows * seg.cols && next < n; ++k) s.frame[next++] = s.frames + static_cast<int>(f);
            s.frames += static_cast<int>(seg.frames);
        } else {
            s.textRuns.emplace_back();
            for (int64_t k = 0; k < seg.cols && next < n; ++k) s.textRuns.back().push_back(static_cast<int>(next++));
        }
    }
    for (int k = 0; k < 3; ++k) s.lo[k] = 0, s.hi[k] = 0;
    for (size_t i = 0; i < n; ++i) {
        const auto e = static_cast<Eigen::Index>(i);
        s.xyz[i] = {pos.w(e), pos.h(e), pos.t(e)};
        for (int k = 0; k < 3; ++k) {
            if (i == 0 || s.xyz[i][k] < s.lo[k]) s.lo[k] = s.xyz[i][k];
            if (i == 0 || s.xyz[i][k] > s.hi[k]) s.hi[k] = s.xyz[i][k];
        }
    }
    return s;
}

Anchor awayFrom(double nx, double ny) {  // screen normal, y down: text on that side of its anchor
    if (std::abs(nx) > 2 * std::abs(ny)) return nx > 0 ? Anchor::Left : Anchor::Right;
    if (ny > 0) return std::abs(nx) < 0.35 ? Anchor::Top : (nx > 0 ? Anchor::TopLeft : Anchor::TopRight);
    return std::abs(nx) < 0.35 ? Anchor::Bottom : (nx > 0 ? Anchor::BottomLeft : Anchor::BottomRight);
}

struct PanelMap {
    double scale = 1, ox = 0, oy = 0, midX = 0, midY = 0;
    QPointF at(const Projected& q) const { return {ox + scale * (q.x - midX), oy - scale * (q.y - midY)}; }
};

void paintScene(QPainter& p, const Style& s, const QRectF& area, const Scene& sc, const FigureSpec& spec) {
    const double gap = 0.3 * s.fontPt, tick = 0.35 * s.fontPt, lh = s.lineHeight();
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    drawTitle(p, s, area, sc.title);
    const double top = area.top() + titleHeight(s, sc.title, area.width());

    Vec3 blo, bhi, centre;
    for (int k = 0; k < 3; ++k) blo[k] = sc.lo[k] - kPad, bhi[k] = sc.hi[k] + kPad, centre[k] = (blo[k] + bhi[k]) / 2;
    const double diag = std::sqrt((bhi[0] - blo[0]) * (bhi[0] - blo[0]) + (bhi[1] - blo[1]) * (bhi[1] - blo[1]) +
                                  (bhi[2] - blo[2]) * (bhi[2] - blo[2]));
    const Camera3D cam(spec.azimuthDeg, spec.elevationDeg, centre, spec.perspective, 2.5 * diag);
    auto corner = [&](int bits) { return Vec3{bits & 1 ? bhi[0] : blo[0], bits & 2 ? bhi[1] : blo[1], bits & 4 ? bhi[2] : blo[2]}; };

    // Frame the projected box in the panel, leaving room for tick labels and axis titles.
    double minX = 1e300, maxX = -1e300, minY = 1e300, maxY = -1e300;
    for (int b = 0; b < 8; ++b) {
        const Projected q = cam.project(corner(b));
        minX = std::min(minX, q.x), maxX = std::max(maxX, q.x), minY = std::min(minY, q.y), maxY = std::max(maxY, q.y);
    }
    double labelW = 0;
    for (int k = 0; k < 3; ++k)
        labelW = std::max({labelW, s.textWidth(tickLabel(std::round(sc.lo[k]), 1)), s.textWidth(tickLabel(std::round(sc.hi[k]), 1))});
    const double margin = tick + gap + std::max(labelW, lh) + 0.9 * s.fontPt + lh;
    const QRectF plot(area.left() + margin, top + 0.5 * margin, area.width() - 2 * margin, area.bottom() - top - 1.5 * margin);
    if (plot.width() < 10 || plot.height() < 10) {
        p.restore();
        return;
    }
    PanelMap map;
    map.scale = std::min(plot.width() / std::max(1e-9, maxX - minX), plot.height() / std::max(1e-9, maxY - minY));
    map.ox = plot.center().x(), map.oy = plot.center().y(), map.midX = (minX + maxX) / 2, map.midY = (minY + maxY) / 2;
    auto screen = [&](const Vec3& v) { return map.at(cam.project(v)); };
    const QPointF boxCentre = screen(centre);

    // Ticks per axis, about one per 4 em of the axis' projected length.
    std::array<std::vector<double>, 3> ticks;
    for (int a = 0; a < 3; ++a) {
        Vec3 e0 = blo, e1 = blo;
        e1[a] = bhi[a];
        const QPointF d = screen(e1) - screen(e0);
        const double len = std::hypot(d.x(), d.y());
        ticks[a] = niceTicks(sc.lo[a], sc.hi[a], std::clamp(static_cast<int>(len / (4 * s.fontPt)), 2, 6), true);
    }

    // Far panes (the side of each axis away from the eye), with grid lines at the ticks.
    for (int a = 0; a < 3; ++a) {
        const int b = (a + 1) % 3, c = (a + 2) % 3;
        const double at = cam.forward()[a] > 0 ? bhi[a] : blo[a];
        auto pt = [&](double vb, double vc) {
            Vec3 v{};
            v[a] = at, v[b] = vb, v[c] = vc;
            return screen(v);
        };
        const QPolygonF quad{pt(blo[b], blo[c]), pt(bhi[b], blo[c]), pt(bhi[b], bhi[c]), pt(blo[b], bhi[c])};
        p.setPen(QPen(s.grid(), 0.5 * s.line()));
        p.setBrush(s.pane());
        p.drawPolygon(quad);
        for (double v : ticks[b]) p.drawLine(pt(v, blo[c]), pt(v, bhi[c]));
        for (double v : ticks[c]) p.drawLine(pt(blo[b], v), pt(bhi[b], v));
    }

    // Text path, then tokens far → near.
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(textTokenColor().lighter(125), 0.8 * s.line()));
    for (const std::vector<int>& run : sc.textRuns) {
        if (run.size() < 2) continue;
        QPainterPath path(screen(sc.xyz[static_cast<size_t>(run[0])]));
        for (size_t k = 1; k < run.size(); ++k) path.lineTo(screen(sc.xyz[static_cast<size_t>(run[k])]));
        p.drawPath(path);
    }
    const size_t n = sc.xyz.size();
    std::vector<Projected> proj(n);
    for (size_t i = 0; i < n; ++i) proj[i] = cam.project(sc.xyz[i]);
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int i, int j) { return proj[static_cast<size_t>(i)].depth > proj[static_cast<size_t>(j)].depth; });
    const double diameter = std::clamp(0.7 * map.scale, 0.6, 0.6 * s.fontPt);
    std::vector<char> keep(n, 1);
    if (static_cast<int64_t>(n) > spec.mergeAbove) {
        // Coverage mask at output resolution over the plot, filled near → far.
        const double k = spec.dpi / 72.0;
        const int W = static_cast<int>(std::ceil(area.width() * k)) + 1, H = static_cast<int>(std::ceil(area.height() * k)) + 1;
        std::vector<char> covered(static_cast<size_t>(W) * static_cast<size_t>(H), 0);
        const double r = 0.5 * diameter * k;
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
            const QPointF c = (map.at(proj[static_cast<size_t>(*it)]) - area.topLeft()) * k;
            const int x0 = std::max(0, static_cast<int>(std::floor(c.x() - r))), x1 = std::min(W - 1, static_cast<int>(std::ceil(c.x() + r)));
            const int y0 = std::max(0, static_cast<int>(std::floor(c.y() - r))), y1 = std::min(H - 1, static_cast<int>(std::ceil(c.y() + r)));
            bool visible = false;
            for (int y = y0; y <= y1; ++y)
                for (int x = x0; x <= x1; ++x) {
                    const double dx = x + 0.5 - c.x(), dy = y + 0.5 - c.y();
                    if (dx * dx + dy * dy > r * r + 0.5) continue;
                    char& cell = covered[static_cast<size_t>(y) * static_cast<size_t>(W) + static_cast<size_t>(x)];
                    // Only the inner part of a disc hides what is behind it (edges are antialiased).
                    if (!cell) visible = true;
                    if (dx * dx + dy * dy <= 0.6 * r * r) cell = 1;
                }
            keep[static_cast<size_t>(*it)] = visible;
        }
    }
    std::vector<QColor> frameColors(static_cast<size_t>(sc.frames));
    for (int f = 0; f < sc.frames; ++f) frameColors[static_cast<size_t>(f)] = frameColor(f, sc.frames);
    for (int i : order) {
        if (!keep[static_cast<size_t>(i)]) continue;
        const int f = sc.frame[static_cast<size_t>(i)];
        const QColor c = f < 0 ? textTokenColor() : frameColors[static_cast<size_t>(f)];
        p.setPen(diameter >= 2 ? QPen(c.darker(135), 0.12 * diameter) : QPen(Qt::NoPen));
        p.setBrush(c);
        p.drawEllipse(map.at(proj[static_cast<size_t>(i)]), diameter / 2, diameter / 2);
    }

    // One axis per direction on the box outline: t and w on the lowest edge, h on the leftmost.
    static const char* names[3] = {"w", "h", "t"};
    p.setFont(s.font());
    for (int a = 0; a < 3; ++a) {
        const int b = (a + 1) % 3, c = (a + 2) % 3;
        QPointF best0, best1;
        double bestKey = 1e300;
        for (int e = 0; e < 4; ++e) {
            Vec3 v0{}, v1{};
            v0[b] = v1[b] = e & 1 ? bhi[b] : blo[b];
            v0[c] = v1[c] = e & 2 ? bhi[c] : blo[c];
            v0[a] = blo[a], v1[a] = bhi[a];
            const QPointF s0 = screen(v0), s1 = screen(v1), mid = (s0 + s1) / 2;
            const double key = a == 1 ? mid.x() : -mid.y();
            if (key < bestKey - 1e-6) bestKey = key, best0 = s0, best1 = s1;
        }
        const QPointF dir = best1 - best0;
        const double len = std::hypot(dir.x(), dir.y());
        QPointF nrm = len > 0 ? QPointF(-dir.y() / len, dir.x() / len) : QPointF(0, 1);
        const QPointF mid = (best0 + best1) / 2;
        if (QPointF::dotProduct(nrm, mid - boxCentre) < 0) nrm = -nrm;
        p.setPen(QPen(s.ink(), s.line()));
        p.drawLine(best0, best1);
        const Anchor anchor = awayFrom(nrm.x(), nrm.y());
        double extent = 0;
        for (double v : ticks[a]) {
            const double u = (v - blo[a]) / (bhi[a] - blo[a]);
            const QPointF at = best0 + dir * u;
            p.drawLine(at, at + nrm * tick);
            const QString label = tickLabel(v, 1);
            drawAnchored(p, at + nrm * (tick + gap), anchor, label);
            extent = std::max(extent, std::abs(nrm.x()) * s.textWidth(label) + std::abs(nrm.y()) * lh);
        }
        p.setFont(s.font(1.1, false, true));
        drawAnchored(p, mid + nrm * (tick + gap + extent + 0.9 * s.fontPt), anchor, QString::fromLatin1(names[a]));
        p.setFont(s.font());
    }
    p.restore();
}

}  // namespace

ViewDrawing buildIndexGrowth(const FigureSpec& spec, const FigureData& data) {
    ViewDrawing d;
    auto scenes = std::make_shared<std::vector<Scene>>();
    const std::vector<int> cols = shownColumns(spec);
    for (int c : cols) scenes->push_back(sceneOf(data.results.columns[static_cast<size_t>(c)], data.results.sequence));
    d.data.columns = {"panel", "token", "kind", "frame", "t", "h", "w"};
    int frames = 0, visualSegments = 0;
    bool text = false;
    for (size_t k = 0; k < scenes->size(); ++k) {
        const Scene& sc = (*scenes)[k];
        frames = std::max(frames, sc.frames);
        visualSegments = std::max(visualSegments, sc.visualSegments);
        text = text || !sc.textRuns.empty();
        d.panels.push_back([scenes, k, spec](QPainter& p, const Style& s, const QRectF& r) { paintScene(p, s, r, (*scenes)[k], spec); });
        for (size_t i = 0; i < sc.xyz.size(); ++i)
            d.data.rows.push_back({sc.title.toStdString(), std::to_string(i), sc.frame[i] < 0 ? "text" : "visual",
                                   sc.frame[i] < 0 ? "" : std::to_string(sc.frame[i]), numberText(sc.xyz[i][2]),
                                   numberText(sc.xyz[i][1]), numberText(sc.xyz[i][0])});
    }
    d.gridColumns = std::min<int>(3, static_cast<int>(scenes->size()));
    d.panelAspect = 0.9;
    d.minPanelWidthPt = 150;
    if (text) d.legend.push_back({QStringLiteral("text tokens"), textTokenColor(), LegendEntry::Kind::Marker, Marker::Circle});
    if (frames > 0) {
        ColorBar bar;
        // One visual segment: its frames 0…F−1 (the GUI's "video 1 · frame f"); several: every
        // visual frame in sequence order, the same count the GUI's legend spans.
        bar.title = visualSegments > 1 ? QStringLiteral("visual frame, in sequence order") : QStringLiteral("video frame");
        bar.color = [frames](double v) { return frameColor(static_cast<int>(std::lround(v)), frames); };
        bar.vmin = -0.5, bar.vmax = frames - 0.5;
        bar.steps = std::min(frames, 64);
        bar.color = [frames](double v) { return frameColor(std::clamp(static_cast<int>(std::floor(v + 0.5)), 0, frames - 1), frames); };
        for (double v : niceTicks(0, frames - 1, 5, true)) {
            bar.ticks.push_back(v);
            bar.tickLabels.push_back(tickLabel(v, 1));
        }
        d.colorBar = bar;
    }
    const int64_t tokens = data.results.sequence.tokenCount();
    if (tokens > spec.mergeAbove)
        d.caption = QStringLiteral("%1 tokens per panel; above %2 tokens, points hidden behind nearer ones at %3 dpi are not drawn.")
                        .arg(tokens).arg(spec.mergeAbove).arg(spec.dpi);
    return d;
}

}  // namespace rope::figures
