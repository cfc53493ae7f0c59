// IndexGrowthScene: framing (the box fitted into the viewport below the title and beside or
// below the legend, in the default or the current orientation, at a given or the fitting scale),
// the title's line breaks, the legend's entries, the pinned token's ring and the default view
// direction (a plane seen edge-on is turned towards the viewer).
#include <Eigen/Eigenvalues>
#include <vtkCamera.h>
#include <vtkProperty2D.h>
#include <vtkRenderWindow.h>
#include <vtkTextProperty.h>
#include <vtkTextRenderer.h>

#include <algorithm>
#include <cmath>

#include "FigureText.h"
#include "IndexGrowthSceneImpl.h"
#include "Projection.h"

namespace rope::viz {
using namespace scene;

std::string IndexGrowthScene::Impl::shownTitle() const {
    vtkTextRenderer* measure = vtkTextRenderer::GetInstance();
    if (title.empty() || !renderer->GetRenderWindow() || !measure) return title;
    const int dpi = renderer->GetRenderWindow()->GetDPI();
    const double maxWidth = 0.96 * renderer->GetSize()[0];
    auto width = [&](const std::string& text) {
        int bbox[4] = {0, 0, 0, 0};
        measure->GetBoundingBox(titleActor->GetTextProperty(), text, bbox, dpi);
        return static_cast<double>(bbox[1] - bbox[0]);
    };
    if (width(title) <= maxWidth) return title;
    // Two lines, split at the space that makes the wider line narrowest (never mid-word).
    std::string best = title;
    double bestWidth = width(title);
    for (size_t at = title.find(' '); at != std::string::npos; at = title.find(' ', at + 1)) {
        const std::string a = title.substr(0, at), b = title.substr(at + 1);
        const double w = std::max(width(a), width(b));
        if (w < bestWidth) bestWidth = w, best = a + "\n" + b;
    }
    return best;
}

double IndexGrowthScene::Impl::titleBandPx() const {
    if (title.empty() || !renderer->GetRenderWindow()) return 0;
    const int dpi = renderer->GetRenderWindow()->GetDPI();
    int bbox[4] = {0, 0, 0, 0};
    vtkTextRenderer* measure = vtkTextRenderer::GetInstance();
    double h = 1.4 * fontPoints(TextRole::Title) * dpi / 72.0;
    if (measure && measure->GetBoundingBox(titleActor->GetTextProperty(), shownTitle(), bbox, dpi))
        h = static_cast<double>(bbox[3] - bbox[2]);
    const int* size = renderer->GetSize();
    return 0.025 * size[1] + h + 4.0 * dpi / 72.0;  // the title hangs from 97.5 % of the height
}

ViewRegion IndexGrowthScene::Impl::region(bool besideLegend) const {
    const int* size = renderer->GetSize();
    if (!renderer->GetRenderWindow() || size[0] <= 0 || size[1] <= 0) return {};
    const double W = size[0], H = size[1];
    const auto legendSize = legend.extent(renderer);
    const double title = titleBandPx();
    const double em = fontPoints(TextRole::TickLabel) * renderer->GetRenderWindow()->GetDPI() / 72.0;
    ViewRegion r;
    r.x0 = kAxisRoomLeft * em / W, r.y0 = kAxisRoomBottom * em / H;
    const double right = kAxisRoomRight * em / W, top = kAxisRoomTop * em / H;
    if (besideLegend) {
        r.y1 = 1 - title / H - top;
        r.x1 = 1 - std::max(legendSize[0] / W, right);
    } else {
        r.y1 = 1 - (title + legendSize[1]) / H - top;
        r.x1 = 1 - right;
    }
    r.x1 = std::max(r.x1, r.x0 + 0.3), r.y1 = std::max(r.y1, r.y0 + 0.3);
    return r;
}

FrameSolution IndexGrowthScene::Impl::solve(const FitRequest& q) const {
    std::array<double, 3> eye = defaultEye, up = kViewUp;
    if (!q.defaultView) {
        double dop[3], vu[3];
        renderer->GetActiveCamera()->GetDirectionOfProjection(dop);
        renderer->GetActiveCamera()->GetViewUp(vu);
        eye = {-dop[0], -dop[1], -dop[2]};
        up = {vu[0], vu[1], vu[2]};
    }
    // Beside the legend or below it: whichever gives the larger picture (the smaller scale).
    FrameSolution a = solveFrame(renderer, q.box, eye, up, kFill, region(true));
    const FrameSolution b = solveFrame(renderer, q.box, eye, up, kFill, region(false));
    const bool beside = a.parallelScale <= b.parallelScale;
    if (q.scale) return solveFrame(renderer, q.box, eye, up, kFill, region(beside), q.scale);
    return beside ? a : b;
}

void IndexGrowthScene::Impl::fit(const FitRequest& request) {
    const FrameSolution s = solve(request);
    applyFrame(renderer, s);
    if (s.haveViewport)
        pendingFit.reset();
    else
        pendingFit = request;  // redone at the first render, when the aspect is known
}

void IndexGrowthScene::Impl::placePin() {
    Projection pr;
    double x = 0, y = 0, z = 0;
    const bool visible = pinned >= 0 && pinned < positions.tokens() && pr.init(renderer) &&
                         pr.project(coords->GetPointer(3 * pinned), x, y, z);
    pinActor->SetVisibility(visible);
    if (!visible) return;
    const double k = renderer->GetRenderWindow()->GetDPI() / 72.0;
    const double r = 0.5 * renderedPointPx + 3.0 * k;
    constexpr int kSides = 40;
    vtkNew<vtkPoints> pts;
    vtkNew<vtkCellArray> lines;
    std::vector<vtkIdType> ids;
    for (int i = 0; i <= kSides; ++i) {
        const double phi = 2.0 * M_PI * i / kSides;
        ids.push_back(pts->InsertNextPoint(x - pr.originX + r * std::cos(phi), y - pr.originY + r * std::sin(phi), 0));
    }
    lines->InsertNextCell(static_cast<vtkIdType>(ids.size()), ids.data());
    pinRing->SetPoints(pts);
    pinRing->SetLines(lines);
}

void IndexGrowthScene::fitCamera(const std::array<double, 6>& bounds) { d->fit({bounds, true, std::nullopt}); }

void IndexGrowthScene::setDefaultViewDirection(const std::array<double, 3>& eyeDir) { d->defaultEye = eyeDir; }

std::array<double, 3> IndexGrowthScene::defaultViewDirection() const { return d->defaultEye; }

std::array<double, 3> IndexGrowthScene::standardViewDirection() { return kEyeDir; }

std::optional<std::array<double, 3>> IndexGrowthScene::suggestedViewDirection() const {
    constexpr double kEdgeOn = 0.3, kReadable = 0.55;  // |cos| between the view and a plane's normal
    const Eigen::Vector3d eye = Eigen::Vector3d(kEyeDir[0], kEyeDir[1], kEyeDir[2]).normalized();
    const float* xyz = d->coords->GetPointer(0);
    int64_t first = 0;
    for (const Segment& s : d->sequence.segments()) {
        const int64_t n = s.tokenCount();
        if (s.isVisual() && n >= 6) {
            Eigen::Vector3d mean = Eigen::Vector3d::Zero();
            for (int64_t i = first; i < first + n; ++i) mean += Eigen::Vector3d(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
            mean /= static_cast<double>(n);
            Eigen::Matrix3d cov = Eigen::Matrix3d::Zero();
            for (int64_t i = first; i < first + n; ++i) {
                const Eigen::Vector3d p = Eigen::Vector3d(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]) - mean;
                cov += p * p.transpose();
            }
            const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> eig(cov);
            const Eigen::Vector3d ev = eig.eigenvalues();  // ascending
            // Planar (a thin third extent) and truly two-dimensional (not a line).
            if (ev(1) > 0 && ev(0) < 1e-6 * ev(2) + 1e-9 && ev(1) > 1e-3 * ev(2)) {
                const Eigen::Vector3d normal = eig.eigenvectors().col(0);
                if (std::abs(normal.dot(eye)) < kEdgeOn) {
                    // Tilt towards +normal or −normal, whichever keeps every axis best in view
                    // (the smaller largest component: no axis seen end-on).
                    Eigen::Vector3d best = eye;
                    double bestMax = 2;
                    for (double sign : {1.0, -1.0}) {
                        Eigen::Vector3d tilted = eye;
                        for (double a = 0.05; std::abs(tilted.dot(normal)) < kReadable && a < 20; a += 0.05)
                            tilted = (eye + sign * a * normal).normalized();
                        const double largest = tilted.cwiseAbs().maxCoeff();
                        if (largest < bestMax) bestMax = largest, best = tilted;
                    }
                    return std::array<double, 3>{best(0), best(1), best(2)};
                }
            }
        }
        first += n;
    }
    return std::nullopt;
}

void IndexGrowthScene::fitData(std::optional<double> scale) {
    d->fit({d->bounds, false, scale});
    d->framed = d->framed || d->positions.tokens() > 0;
}

double IndexGrowthScene::fittingScale() const { return d->solve({d->bounds, false, std::nullopt}).parallelScale; }

std::array<double, 4> IndexGrowthScene::dataRegion() const {
    // The region solve() picks in the current orientation: the one giving the larger picture.
    double dop[3], vu[3];
    d->renderer->GetActiveCamera()->GetDirectionOfProjection(dop);
    d->renderer->GetActiveCamera()->GetViewUp(vu);
    const std::array<double, 3> eye{-dop[0], -dop[1], -dop[2]}, up{vu[0], vu[1], vu[2]};
    const ViewRegion r1 = d->region(true), r2 = d->region(false);
    const bool first = solveFrame(d->renderer, d->bounds, eye, up, kFill, r1).parallelScale <=
                       solveFrame(d->renderer, d->bounds, eye, up, kFill, r2).parallelScale;
    const ViewRegion& r = first ? r1 : r2;
    return {r.x0, r.y0, r.x1, r.y1};
}

std::array<double, 4> IndexGrowthScene::legendBox() const {
    Projection pr;
    if (!pr.init(d->renderer)) return {0, 0, 0, 0};
    const auto e = d->legend.extent(d->renderer);
    if (e[0] <= 0) return {0, 0, 0, 0};
    const double top = pr.originY + pr.height - d->titleBandPx();
    return {pr.originX + pr.width - e[0], top - e[1], pr.originX + pr.width, top};
}

void IndexGrowthScene::resetCamera() {
    fitCamera(d->bounds);
    d->framed = d->framed || d->positions.tokens() > 0;
}

void IndexGrowthScene::Impl::buildLegend() {
    // Legend, named by the user's segments: text, then each image ("image 1") and each video's
    // first and last frame ("video 1 · frame 0", "video 1 · frame 15"); with many segments the
    // first and the last visual segment only.
    std::vector<PointLegend::Entry> entries;
    if (!textTokens.empty()) entries.push_back({"text", kTextTokenColor});
    std::vector<PointLegend::Entry> visual;
    const auto& segs = names.original().segments();
    std::vector<int> shown;
    for (int i = 0; i < static_cast<int>(segs.size()); ++i)
        if (segs[static_cast<size_t>(i)].isVisual()) shown.push_back(i);
    auto entriesOf = [&](int i) {
        const Segment& seg = segs[static_cast<size_t>(i)];
        const int first = names.firstFrameOfSegment()[static_cast<size_t>(i)];
        std::vector<PointLegend::Entry> out;
        if (seg.kind != SegmentKind::Video || seg.frames == 1) {
            out.push_back({names.segmentName(i), frameColor(first, frames)});
        } else {
            out.push_back({names.segmentName(i) + " \u00b7 frame 0", frameColor(first, frames)});
            out.push_back({names.segmentName(i) + " \u00b7 frame " + std::to_string(seg.frames - 1),
                           frameColor(first + static_cast<int>(seg.frames) - 1, frames)});
        }
        return out;
    };
    for (int i : shown) {
        const auto more = entriesOf(i);
        visual.insert(visual.end(), more.begin(), more.end());
    }
    if (entries.size() + visual.size() > kMaxLegendEntries && shown.size() > 2) {
        visual = entriesOf(shown.front());
        visual.push_back({"\u2026", frameColor(frames / 2, frames)});
        const auto last = entriesOf(shown.back());
        visual.insert(visual.end(), last.begin(), last.end());
    }
    entries.insert(entries.end(), visual.begin(), visual.end());
    if (generatedMarks > 0) entries.push_back({"generated", kGeneratedTokenColor});
    if (!flaggedMarks.empty()) entries.push_back({"mismatch", kFlaggedTokenColor});
    legend.setEntries(entries);
    legendLabels.clear();
    for (const auto& e : entries) legendLabels.push_back(e.label);
}

}  // namespace rope::viz
