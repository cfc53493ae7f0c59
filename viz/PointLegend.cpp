#include "PointLegend.h"

#include <vtkActor2D.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkTextRenderer.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cmath>

#include "FigureText.h"

namespace rope::viz {
namespace {

constexpr double kMarginPx = 10.0;  // logical pixels from the viewport's top-right corner
constexpr int kDiscSides = 32;

}  // namespace

struct PointLegend::Impl {
    std::vector<Entry> entries;
    std::vector<vtkSmartPointer<vtkTextActor>> labels;
    vtkNew<vtkPolyData> discs;
    vtkNew<vtkPolyDataMapper2D> discMapper;
    vtkNew<vtkActor2D> discActor;
    vtkRenderer* renderer = nullptr;
};

PointLegend::PointLegend() : d(std::make_unique<Impl>()) {
    d->discMapper->SetInputData(d->discs);
    d->discMapper->SetScalarModeToUseCellData();
    d->discMapper->SetColorModeToDirectScalars();
    d->discActor->SetMapper(d->discMapper);
    d->discActor->PickableOff();
}

PointLegend::~PointLegend() = default;

void PointLegend::addTo(vtkRenderer* renderer) {
    d->renderer = renderer;
    renderer->AddActor2D(d->discActor);
    for (auto& label : d->labels) renderer->AddActor2D(label);
}

void PointLegend::setEntries(const std::vector<Entry>& entries) {
    d->entries = entries;
    while (d->labels.size() < entries.size()) {
        auto label = vtkSmartPointer<vtkTextActor>::New();
        styleText(label->GetTextProperty(), TextRole::Legend);
        label->GetTextProperty()->SetJustificationToLeft();
        label->GetTextProperty()->SetVerticalJustificationToCentered();
        label->PickableOff();
        if (d->renderer) d->renderer->AddActor2D(label);
        d->labels.push_back(label);
    }
    for (size_t i = 0; i < d->labels.size(); ++i) {
        d->labels[i]->SetVisibility(i < entries.size());
        if (i < entries.size()) d->labels[i]->SetInput(entries[i].label.c_str());
    }
    d->discActor->SetVisibility(!entries.empty());
}

namespace {
struct LegendMetrics {
    double k, fontPx, rowPx, radius, gap, widest;
};
}  // namespace

static LegendMetrics measureLegend(vtkRenderer* renderer, const std::vector<PointLegend::Entry>& entries,
                                   const std::vector<vtkSmartPointer<vtkTextActor>>& labels) {
    const int dpi = renderer->GetRenderWindow()->GetDPI();
    LegendMetrics m{};
    m.k = dpi / 72.0;
    m.fontPx = fontPoints(TextRole::Legend) * m.k;
    m.rowPx = 1.5 * m.fontPx, m.radius = 0.32 * m.fontPx, m.gap = 0.45 * m.fontPx;
    vtkTextRenderer* measure = vtkTextRenderer::GetInstance();
    for (size_t i = 0; i < entries.size(); ++i) {
        int bbox[4] = {0, 0, 0, 0};
        if (measure && measure->GetBoundingBox(labels[i]->GetTextProperty(), entries[i].label, bbox, dpi))
            m.widest = std::max(m.widest, static_cast<double>(bbox[1] - bbox[0]));
    }
    return m;
}

std::array<double, 2> PointLegend::extent(vtkRenderer* renderer) const {
    if (d->entries.empty() || !renderer->GetRenderWindow()) return {0, 0};
    const LegendMetrics m = measureLegend(renderer, d->entries, d->labels);
    return {m.widest + m.gap + 2 * m.radius + 2 * kMarginPx * m.k,
            m.rowPx * static_cast<double>(d->entries.size()) + 2 * kMarginPx * m.k};
}

void PointLegend::layout(vtkRenderer* renderer, double topOffsetPx) {
    if (d->entries.empty() || !renderer->GetRenderWindow()) return;
    const int* size = renderer->GetSize();
    const int* origin = renderer->GetOrigin();
    const LegendMetrics m = measureLegend(renderer, d->entries, d->labels);
    const double k = m.k, rowPx = m.rowPx, radius = m.radius, widest = m.widest, gap = m.gap;
    const double right = size[0] - kMarginPx * k;  // viewport pixels
    const double top = size[1] - kMarginPx * k - topOffsetPx;
    const double labelX = right - widest;
    const double discX = labelX - gap - radius;

    vtkNew<vtkPoints> points;
    vtkNew<vtkCellArray> polys;
    vtkNew<vtkUnsignedCharArray> colors;
    colors->SetNumberOfComponents(3);
    for (size_t i = 0; i < d->entries.size(); ++i) {
        const double cy = top - rowPx * (static_cast<double>(i) + 0.5);
        d->labels[i]->SetDisplayPosition(static_cast<int>(std::lround(origin[0] + labelX)),
                                         static_cast<int>(std::lround(origin[1] + cy)));
        vtkIdType ids[kDiscSides];
        for (int s = 0; s < kDiscSides; ++s) {
            const double phi = 2.0 * M_PI * s / kDiscSides;
            ids[s] = points->InsertNextPoint(discX + radius * std::cos(phi), cy + radius * std::sin(phi), 0);
        }
        polys->InsertNextCell(kDiscSides, ids);
        const Rgb& c = d->entries[i].color;
        colors->InsertNextTuple3(std::lround(c[0] * 255), std::lround(c[1] * 255), std::lround(c[2] * 255));
    }
    d->discs->SetPoints(points);
    d->discs->SetPolys(polys);
    d->discs->GetCellData()->SetScalars(colors);
}

}  // namespace rope::viz
