#include "BoxAxes.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkTextRenderer.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "Colormap.h"
#include "FigureText.h"
#include "Projection.h"

namespace rope::viz {
namespace {

constexpr Rgb kPaneFill{0.965, 0.965, 0.965};
constexpr Rgb kGridColor{0.85, 0.85, 0.85};
constexpr double kTickPx = 5.0;        // tick length, logical pixels
constexpr double kLabelGapPx = 3.0;    // tick end → label
constexpr double kTitleGapPx = 8.0;    // labels → axis title
constexpr int kMaxTicks = 12;

using Vec3 = std::array<double, 3>;

std::string tickText(double v) {
    char buf[32];
    if (std::abs(v - std::round(v)) < 1e-9)
        std::snprintf(buf, sizeof buf, "%.0f", v == 0 ? 0.0 : v);
    else
        std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

void setColor(vtkProperty* p, const Rgb& c) { p->SetColor(c[0], c[1], c[2]); }

// Justify a 2D text so that it sits on the side `n` (unit, screen space) of its anchor.
void justifyAway(vtkTextProperty* p, double nx, double ny) {
    if (std::abs(nx) > 2.0 * std::abs(ny)) {
        p->SetJustification(nx < 0 ? VTK_TEXT_RIGHT : VTK_TEXT_LEFT);
        p->SetVerticalJustification(VTK_TEXT_CENTERED);
    } else {
        p->SetJustification(std::abs(nx) < 0.35 ? VTK_TEXT_CENTERED : (nx < 0 ? VTK_TEXT_RIGHT : VTK_TEXT_LEFT));
        p->SetVerticalJustification(ny < 0 ? VTK_TEXT_TOP : VTK_TEXT_BOTTOM);
    }
}

struct LineBuilder {
    vtkNew<vtkPoints> points;
    vtkNew<vtkCellArray> cells;
    void line(const Vec3& a, const Vec3& b) {
        const vtkIdType ids[2] = {points->InsertNextPoint(a.data()), points->InsertNextPoint(b.data())};
        cells->InsertNextCell(2, ids);
    }
    void quad(const Vec3& a, const Vec3& b, const Vec3& c, const Vec3& e) {
        const vtkIdType ids[4] = {points->InsertNextPoint(a.data()), points->InsertNextPoint(b.data()),
                                  points->InsertNextPoint(c.data()), points->InsertNextPoint(e.data())};
        cells->InsertNextCell(4, ids);
    }
};

}  // namespace

struct BoxAxes::Impl {
    std::array<double, 6> box{0, 1, 0, 1, 0, 1};
    std::array<std::vector<double>, 3> ticks;
    std::array<std::string, 3> titles{"x", "y", "z"};

    vtkNew<vtkPolyData> panes, grid, lines;
    vtkNew<vtkPolyDataMapper> paneMapper, gridMapper, lineMapper;
    vtkNew<vtkActor> paneActor, gridActor, lineActor;
    std::array<std::vector<vtkSmartPointer<vtkTextActor>>, 3> labels;
    std::array<vtkNew<vtkTextActor>, 3> titleActors;

    double lo(int a) const { return box[2 * a]; }
    double hi(int a) const { return box[2 * a + 1]; }
};

BoxAxes::BoxAxes() : d(std::make_unique<Impl>()) {
    auto setup = [](vtkPolyData* data, vtkPolyDataMapper* mapper, vtkActor* actor, const Rgb& color) {
        mapper->SetInputData(data);
        mapper->ScalarVisibilityOff();
        actor->SetMapper(mapper);
        actor->PickableOff();
        setColor(actor->GetProperty(), color);
        actor->GetProperty()->LightingOff();
    };
    setup(d->panes, d->paneMapper, d->paneActor, kPaneFill);
    setup(d->grid, d->gridMapper, d->gridActor, kGridColor);
    setup(d->lines, d->lineMapper, d->lineActor, kInkColor);
    for (int a = 0; a < 3; ++a) {
        for (int i = 0; i < kMaxTicks; ++i) {
            auto label = vtkSmartPointer<vtkTextActor>::New();
            styleText(label->GetTextProperty(), TextRole::TickLabel);
            label->PickableOff();
            label->VisibilityOff();
            d->labels[a].push_back(label);
        }
        styleText(d->titleActors[a]->GetTextProperty(), TextRole::AxisTitle);
        d->titleActors[a]->PickableOff();
    }
    setTitles(d->titles);
}

BoxAxes::~BoxAxes() = default;

void BoxAxes::addTo(vtkRenderer* renderer) {
    renderer->AddActor(d->paneActor);
    renderer->AddActor(d->gridActor);
    renderer->AddActor(d->lineActor);
    for (int a = 0; a < 3; ++a) {
        for (auto& label : d->labels[a]) renderer->AddActor2D(label);
        renderer->AddActor2D(d->titleActors[a]);
    }
}

void BoxAxes::setBox(const std::array<double, 6>& box, const std::array<double, 6>& data) {
    d->box = box;
    for (int a = 0; a < 3; ++a) {
        d->ticks[a] = niceTicks(data[2 * a], data[2 * a + 1]);
        if (d->ticks[a].size() > static_cast<size_t>(kMaxTicks)) d->ticks[a].resize(kMaxTicks);
        for (size_t i = 0; i < d->labels[a].size(); ++i) {
            const bool used = i < d->ticks[a].size();
            d->labels[a][i]->SetVisibility(used);
            if (used) d->labels[a][i]->SetInput(tickText(d->ticks[a][i]).c_str());
        }
    }
}

void BoxAxes::setTitles(const std::array<std::string, 3>& titles) {
    d->titles = titles;
    for (int a = 0; a < 3; ++a) d->titleActors[a]->SetInput(titles[a].c_str());
}

std::vector<double> BoxAxes::niceTicks(double lo, double hi, int target) {
    const double range = hi - lo;
    if (!(range > 0) || target < 1) return {lo};
    const double raw = range / target;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10 * mag;
    const bool integral = range >= 3;  // index axes: no step 2.5 (ticks at 2.5, 7.5 are no index)
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * mag >= raw && !(integral && m == 2.5 && mag < 10)) {
            step = m * mag;
            break;
        }
    if (range >= 3) step = std::max(step, 1.0);
    std::vector<double> out;
    const double eps = 1e-9 * step;
    for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + eps; v += step)
        out.push_back(std::abs(v) < eps ? 0.0 : v);
    return out;
}

void BoxAxes::layout(vtkRenderer* renderer) {
    Projection pr;
    if (!pr.init(renderer)) return;
    const int dpi = renderer->GetRenderWindow()->GetDPI();
    const double k = dpi / 72.0;  // logical → device pixels

    double dop[3];
    renderer->GetActiveCamera()->GetDirectionOfProjection(dop);
    std::array<bool, 3> eyeOnMax{};  // is the viewer on the max side of each axis?
    for (int a = 0; a < 3; ++a) eyeOnMax[a] = -dop[a] > 0;
    auto nearSide = [&](int a) { return eyeOnMax[a] ? d->hi(a) : d->lo(a); };
    auto farSide = [&](int a) { return eyeOnMax[a] ? d->lo(a) : d->hi(a); };

    // Far panes: fill pushed a hair outwards so the grid lines on them never z-fight.
    LineBuilder paneB, gridB, lineB;
    double extent = 0;
    for (int a = 0; a < 3; ++a) extent = std::max(extent, d->hi(a) - d->lo(a));
    for (int a = 0; a < 3; ++a) {
        const int b = (a + 1) % 3, c = (a + 2) % 3;
        const double push = (eyeOnMax[a] ? -1 : 1) * 1e-3 * extent;
        // Grid a little behind the box face (so axis lines on the face's border stay in front),
        // fill a little behind the grid.
        const double f = farSide(a) + push / 2;
        auto at = [&](double va, double vb, double vc) {
            Vec3 p{};
            p[a] = va, p[b] = vb, p[c] = vc;
            return p;
        };
        paneB.quad(at(f + push, d->lo(b), d->lo(c)), at(f + push, d->hi(b), d->lo(c)),
                   at(f + push, d->hi(b), d->hi(c)), at(f + push, d->lo(b), d->hi(c)));
        for (double v : d->ticks[b]) gridB.line(at(f, v, d->lo(c)), at(f, v, d->hi(c)));
        for (double v : d->ticks[c]) gridB.line(at(f, d->lo(b), v), at(f, d->hi(b), v));
        // Pane borders.
        gridB.line(at(f, d->lo(b), d->lo(c)), at(f, d->hi(b), d->lo(c)));
        gridB.line(at(f, d->hi(b), d->lo(c)), at(f, d->hi(b), d->hi(c)));
        gridB.line(at(f, d->hi(b), d->hi(c)), at(f, d->lo(b), d->hi(c)));
        gridB.line(at(f, d->lo(b), d->hi(c)), at(f, d->lo(b), d->lo(c)));
    }

    const Vec3 centre{(d->lo(0) + d->hi(0)) / 2, (d->lo(1) + d->hi(1)) / 2, (d->lo(2) + d->hi(2)) / 2};
    double cx, cy;
    pr.projectXY(centre.data(), cx, cy);
    const double prefX = -0.41, prefY = -0.91;  // prefer axes below, then left of the box

    vtkTextRenderer* textRenderer = vtkTextRenderer::GetInstance();
    // Labels of two axes meet at shared box corners: a label that would overlap one already
    // placed is hidden. Axes are placed in the order t, h, w (z, y, x).
    std::vector<std::array<double, 4>> placed;  // x0, y0, x1, y1 in display pixels
    const double pad = 4.0 * k;  // minimum gap between two labels
    auto place = [&](vtkTextActor* actor, double x, double y) {
        const int ix = static_cast<int>(std::lround(x)), iy = static_cast<int>(std::lround(y));
        actor->SetDisplayPosition(ix, iy);
        int bbox[4] = {0, 0, 0, 0};
        if (!textRenderer || !textRenderer->GetBoundingBox(actor->GetTextProperty(), std::string(actor->GetInput()),
                                                           bbox, dpi))
            return std::array<double, 4>{};
        const std::array<double, 4> r{ix + bbox[0] - pad, iy + bbox[2] - pad, ix + bbox[1] + pad, iy + bbox[3] + pad};
        for (const auto& q : placed)
            if (r[0] < q[2] && q[0] < r[2] && r[1] < q[3] && q[1] < r[3]) {
                actor->VisibilityOff();
                return std::array<double, 4>{};
            }
        placed.push_back(r);
        return std::array<double, 4>{r[2] - r[0] - 2 * pad, r[3] - r[1] - 2 * pad, 0, 0};  // width, height
    };
    for (int a : {2, 1, 0}) {
        const int b = (a + 1) % 3, c = (a + 2) % 3;
        // Silhouette edges parallel to a: between a visible and a hidden face.
        struct Choice { double vb, vc, nx, ny, score; bool ok; };
        Choice best{0, 0, 0, 0, -1e300, false};
        for (double vb : {d->lo(b), d->hi(b)})
            for (double vc : {d->lo(c), d->hi(c)}) {
                if ((vb == nearSide(b)) == (vc == nearSide(c))) continue;
                Vec3 p0{}, p1{};
                p0[a] = d->lo(a), p0[b] = vb, p0[c] = vc;
                p1 = p0;
                p1[a] = d->hi(a);
                double x0, y0, x1, y1;
                pr.projectXY(p0.data(), x0, y0);
                pr.projectXY(p1.data(), x1, y1);
                const double len = std::hypot(x1 - x0, y1 - y0);
                if (len < 1e-6) continue;
                double nx = -(y1 - y0) / len, ny = (x1 - x0) / len;
                if (nx * ((x0 + x1) / 2 - cx) + ny * ((y0 + y1) / 2 - cy) < 0) nx = -nx, ny = -ny;
                const double score = nx * prefX + ny * prefY;
                if (score > best.score) best = {vb, vc, nx, ny, score, true};
            }
        const bool visible = best.ok;
        d->titleActors[a]->SetVisibility(visible);
        for (size_t i = 0; i < d->labels[a].size(); ++i)
            d->labels[a][i]->SetVisibility(visible && i < d->ticks[a].size());
        if (!visible) continue;  // the axis points at the viewer

        Vec3 p0{};
        p0[a] = d->lo(a), p0[b] = best.vb, p0[c] = best.vc;
        Vec3 p1 = p0;
        p1[a] = d->hi(a);
        lineB.line(p0, p1);

        // Tick direction: the outward box direction whose screen image follows the normal best.
        Vec3 tickDir{};
        double tickPxPerUnit = 0, bestAlign = -1e300;
        for (int o : {b, c}) {
            Vec3 dir{};
            dir[o] = (o == b ? best.vb : best.vc) == d->hi(o) ? 1.0 : -1.0;
            Vec3 q = p0;
            for (int s = 0; s < 3; ++s) q[s] += dir[s];
            double x0, y0, x1, y1;
            pr.projectXY(p0.data(), x0, y0);
            pr.projectXY(q.data(), x1, y1);
            const double len = std::hypot(x1 - x0, y1 - y0);
            if (len < 1e-9) continue;
            const double align = ((x1 - x0) * best.nx + (y1 - y0) * best.ny) / len;
            if (align > bestAlign) bestAlign = align, tickDir = dir, tickPxPerUnit = len;
        }
        const double tickWorld = tickPxPerUnit > 0 ? kTickPx * k / tickPxPerUnit : 0;

        // Ticks and labels.
        double labelDepth = 0;  // extent of the widest label along the normal, pixels
        for (size_t i = 0; i < d->ticks[a].size(); ++i) {
            Vec3 t = p0;
            t[a] = d->ticks[a][i];
            Vec3 e = t;
            for (int s = 0; s < 3; ++s) e[s] += tickDir[s] * tickWorld;
            lineB.line(t, e);
            double x, y;
            pr.projectXY(e.data(), x, y);
            vtkTextActor* label = d->labels[a][i];
            justifyAway(label->GetTextProperty(), best.nx, best.ny);
            const double gap = kLabelGapPx * k;
            const auto size = place(label, x + best.nx * gap, y + best.ny * gap);
            labelDepth = std::max(labelDepth, std::abs(best.nx) * size[0] + std::abs(best.ny) * size[1]);
        }

        // Title beyond the labels, at the middle of the axis.
        Vec3 mid = p0;
        mid[a] = (d->lo(a) + d->hi(a)) / 2;
        for (int s = 0; s < 3; ++s) mid[s] += tickDir[s] * tickWorld;
        double mx, my;
        pr.projectXY(mid.data(), mx, my);
        const double offset = (kLabelGapPx + kTitleGapPx) * k + labelDepth;
        justifyAway(d->titleActors[a]->GetTextProperty(), best.nx, best.ny);
        place(d->titleActors[a], mx + best.nx * offset, my + best.ny * offset);
    }

    d->panes->SetPoints(paneB.points);
    d->panes->SetPolys(paneB.cells);
    d->grid->SetPoints(gridB.points);
    d->grid->SetLines(gridB.cells);
    d->lines->SetPoints(lineB.points);
    d->lines->SetLines(lineB.cells);
    d->gridActor->GetProperty()->SetLineWidth(static_cast<float>(k));
    d->lineActor->GetProperty()->SetLineWidth(static_cast<float>(1.2 * k));
}

}  // namespace rope::viz
