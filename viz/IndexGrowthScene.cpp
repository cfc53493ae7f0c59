#include "IndexGrowthScene.h"

#include <vtkActor.h>
#include <vtkActor2D.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkProperty2D.h>
#include <vtkTextRenderer.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCommand.h>
#include <vtkFloatArray.h>
#include <vtkIdTypeArray.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <vector>

#include "BoxAxes.h"
#include "BoxFraming.h"
#include "Colormap.h"
#include "FigureText.h"
#include "PointLegend.h"
#include "Projection.h"
#include "TokenNames.h"

namespace rope::viz {
namespace {

constexpr double kTextPathWidth = 1.5;     // logical pixels
constexpr double kBoundsPad = 0.5;         // half a token step around the data
constexpr double kAutoPointMin = 2.0, kAutoPointMax = 9.0;  // logical pixels
constexpr double kAutoPointFraction = 0.6;  // of the on-screen spacing of neighbouring positions
constexpr int64_t kInteractiveMaxPoints = 20'000;  // tokens drawn while the camera moves
// Below this diameter (device pixels) a shaded sphere is indistinguishable from a flat dot, but
// costs about twice as much on software GL: smaller points are drawn flat.
constexpr double kShadedMinPx = 4.0;
constexpr double kFill = 0.92;             // share of the data region the framed box may use
// Room for tick labels and axis titles outside the box, in tick-label font heights: the axes sit
// on the box's lower-left silhouette (h labels left, t labels below, w labels right).
constexpr double kAxisRoomLeft = 4.0, kAxisRoomBottom = 3.5, kAxisRoomRight = 3.0, kAxisRoomTop = 0.5;
// Default view direction, focal point → eye, in (x, y, z) = (w, h, t): from the low-w, high-t
// side, 20° above. Screen-right is then mostly +t, up is +h, and w recedes to the upper right.
constexpr std::array<double, 3> kEyeDir{-0.86, 0.36, 0.36};
constexpr std::array<double, 3> kViewUp{0, 1, 0};
constexpr Rgb kPinColor{0.84, 0.15, 0.16};  // the pinned token's ring
constexpr size_t kMaxLegendEntries = 7;

unsigned char toByte(double c) { return static_cast<unsigned char>(std::lround(std::clamp(c, 0.0, 1.0) * 255.0)); }

std::string number(double v) {
    char buf[32];
    if (std::abs(v - std::round(v)) < 1e-9)
        std::snprintf(buf, sizeof buf, "%.0f", v);
    else
        std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

std::string describeSegment(const Segment& s) {
    switch (s.kind) {
        case SegmentKind::Text: return "text:" + std::to_string(s.cols);
        case SegmentKind::Image: return "image " + std::to_string(s.rows) + "\u00d7" + std::to_string(s.cols);
        case SegmentKind::Video:
            return "video " + std::to_string(s.frames) + "\u00d7" + std::to_string(s.rows) + "\u00d7" +
                   std::to_string(s.cols);
    }
    return {};
}

void setColor(vtkProperty* p, const Rgb& c) { p->SetColor(c[0], c[1], c[2]); }

}  // namespace

struct IndexGrowthScene::Impl {
    vtkNew<vtkRenderer> renderer;

    // Tokens: one poly-vertex over all points, RGB per point.
    vtkNew<vtkFloatArray> coords;
    vtkNew<vtkPoints> points;
    vtkNew<vtkIdTypeArray> vertOffsets, vertIds;
    vtkNew<vtkCellArray> verts;
    // While the camera moves, large clouds draw every k-th token only (setInteractive).
    vtkNew<vtkIdTypeArray> coarseOffsets, coarseIds;
    vtkNew<vtkCellArray> coarseVerts;
    bool interactive = false;
    vtkNew<vtkUnsignedCharArray> colors;
    vtkNew<vtkPolyData> cloud;
    vtkNew<vtkPolyDataMapper> cloudMapper;
    vtkNew<vtkActor> cloudActor;

    // Text path: the text tokens only, one polyline per text segment.
    vtkNew<vtkFloatArray> textCoords;
    vtkNew<vtkPoints> textPoints;
    vtkNew<vtkCellArray> textLines;
    vtkNew<vtkPolyData> textPath;
    vtkNew<vtkPolyDataMapper> textMapper;
    vtkNew<vtkActor> textActor;

    BoxAxes axes;
    PointLegend legend;
    // The pinned token: a ring in viewport pixels, placed before each render.
    vtkNew<vtkPolyData> pinRing;
    vtkNew<vtkPolyDataMapper2D> pinMapper;
    vtkNew<vtkActor2D> pinActor;
    int64_t pinned = -1;
    std::array<int, 3> rows{2, 1, 0};  // position rows drawn on x, y, z
    std::array<double, 3> defaultEye = kEyeDir;
    bool rowsChosen = false;           // setAxisRows() was called (else defaults per row count)
    TokenNames names;
    std::vector<std::string> legendLabels;
    vtkNew<vtkTextActor> titleActor;
    unsigned long startTag = 0;

    Positions positions;
    Sequence sequence;
    bool haveSequence = false;
    std::string title;
    std::vector<int32_t> frameOfToken;   // −1 for text
    std::vector<int64_t> textTokens;     // token ids of text tokens, in order
    int frames = 0;
    std::array<double, 6> bounds{-kBoundsPad, kBoundsPad, -kBoundsPad, kBoundsPad, -kBoundsPad, kBoundsPad};
    double pointSize = 0;           // logical pixels, 0 = automatic
    double renderedPointPx = 7.0;   // device pixels at the last render
    bool framed = false;            // resetCamera() has seen data
    // A framing that waits for a viewport: box, default orientation (else the current one), scale.
    struct FitRequest {
        std::array<double, 6> box;
        bool defaultView = true;
        std::optional<double> scale;
    };
    std::optional<FitRequest> pendingFit;

    Impl();
    ~Impl() { renderer->RemoveObserver(startTag); }  // the renderer may outlive the scene
    void rebuildStructure();  // after a sequence change: colours, cells, legend
    void writeCoordinates();  // after any change: point coordinates, bounds, axes
    void fit(const FitRequest& request);  // needs a viewport (aspect)
    FrameSolution solve(const FitRequest& request) const;
    double titleBandPx() const;  // title height + margins, device pixels (0 without title)
    std::string shownTitle() const;  // the title, on two lines when one is wider than the viewport
    ViewRegion region(bool besideLegend) const;
    std::vector<std::string> rowNames() const;
    void applyRows();            // axis titles and defaults for the row count
    void placePin();
    void beforeRender();      // renderer StartEvent: framing, sizes, axes and legend layout
};

IndexGrowthScene::Impl::Impl() {
    renderer->SetBackground(kPaperColor[0], kPaperColor[1], kPaperColor[2]);
    renderer->SetBackgroundAlpha(1.0);

    coords->SetNumberOfComponents(3);
    points->SetData(coords);
    colors->SetNumberOfComponents(3);
    colors->SetName("token colour");
    cloud->SetPoints(points);
    cloud->SetVerts(verts);
    cloud->GetPointData()->SetScalars(colors);
    cloudMapper->SetInputData(cloud);
    cloudMapper->SetColorModeToDirectScalars();
    cloudMapper->SetScalarModeToUsePointData();
    cloudMapper->ScalarVisibilityOn();
    cloudActor->SetMapper(cloudMapper);
    auto* prop = cloudActor->GetProperty();
    prop->SetRepresentationToPoints();
    prop->RenderPointsAsSpheresOn();
    prop->SetAmbient(0.35);
    prop->SetDiffuse(0.75);
    prop->SetSpecular(0.15);
    prop->SetSpecularPower(20);
    renderer->AddActor(cloudActor);

    textCoords->SetNumberOfComponents(3);
    textPoints->SetData(textCoords);
    textPath->SetPoints(textPoints);
    textPath->SetLines(textLines);
    textMapper->SetInputData(textPath);
    textMapper->ScalarVisibilityOff();
    textActor->SetMapper(textMapper);
    setColor(textActor->GetProperty(), kTextPathColor);
    textActor->GetProperty()->LightingOff();
    renderer->AddActor(textActor);

    axes.setTitles({"w", "h", "t"});
    axes.addTo(renderer);
    legend.addTo(renderer);

    pinMapper->SetInputData(pinRing);
    pinActor->SetMapper(pinMapper);
    pinActor->GetProperty()->SetColor(kPinColor[0], kPinColor[1], kPinColor[2]);
    pinActor->PickableOff();
    pinActor->VisibilityOff();
    renderer->AddActor2D(pinActor);

    styleText(titleActor->GetTextProperty(), TextRole::Title);
    titleActor->GetTextProperty()->SetJustificationToCentered();
    titleActor->GetTextProperty()->SetVerticalJustificationToTop();
    titleActor->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    titleActor->GetPositionCoordinate()->SetValue(0.5, 0.975);
    titleActor->PickableOff();
    renderer->AddActor2D(titleActor);

    vtkCamera* cam = renderer->GetActiveCamera();
    cam->ParallelProjectionOn();
    startTag = renderer->AddObserver(vtkCommand::StartEvent, this, &Impl::beforeRender);
}

void IndexGrowthScene::Impl::beforeRender() {
    const std::string shown = shownTitle();
    if (!titleActor->GetInput() || shown != titleActor->GetInput()) titleActor->SetInput(shown.c_str());
    if (pendingFit) fit(*pendingFit);
    Projection pr;
    if (!pr.init(renderer)) return;
    const double k = renderer->GetRenderWindow()->GetDPI() / 72.0;
    double px = pointSize * k;
    if (pointSize <= 0) {
        // On-screen length of one index step (parallel projection: the same everywhere).
        const double pxPerUnit = pr.height / (2.0 * renderer->GetActiveCamera()->GetParallelScale());
        px = std::clamp(kAutoPointFraction * pxPerUnit, kAutoPointMin * k, kAutoPointMax * k);
    }
    renderedPointPx = px;
    cloudActor->GetProperty()->SetPointSize(static_cast<float>(px));
    const bool coarse = interactive && sequence.tokenCount() > kInteractiveMaxPoints;
    cloudActor->GetProperty()->SetRenderPointsAsSpheres(!coarse && px >= kShadedMinPx);
    textActor->GetProperty()->SetLineWidth(static_cast<float>(kTextPathWidth * k));
    axes.layout(renderer);
    legend.layout(renderer, titleBandPx());
    pinActor->GetProperty()->SetLineWidth(static_cast<float>(2.0 * k));
    placePin();
}

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

std::vector<std::string> IndexGrowthScene::Impl::rowNames() const {
    const int k = positions.axes();
    if (k == 3 || k == 0) return {"t", "h", "w"};
    std::vector<std::string> out;
    for (int r = 0; r < k; ++r) out.push_back("s" + std::to_string(r));
    return out;
}

void IndexGrowthScene::Impl::applyRows() {
    const int k = positions.axes();
    if (k == 0) return;  // no data yet: clamped when they come (update())
    if (!rowsChosen) rows = k >= 3 ? std::array<int, 3>{2, 1, 0} : std::array<int, 3>{0, 0, 0};
    for (int& r : rows) r = std::clamp(r, 0, k - 1);
    const auto n = rowNames();
    axes.setTitles({n[static_cast<size_t>(rows[0])], n[static_cast<size_t>(rows[1])], n[static_cast<size_t>(rows[2])]});
}

void IndexGrowthScene::Impl::rebuildStructure() {
    const int64_t n = sequence.tokenCount();

    // Frame ordinal of every token and the list of text tokens.
    frameOfToken.assign(static_cast<size_t>(n), -1);
    textTokens.clear();
    frames = 0;
    int64_t next = 0;
    vtkNew<vtkIdTypeArray> lineOffsets, lineIds;
    lineOffsets->InsertNextValue(0);
    // Frames are numbered by the user's sequence (names), so a design that splits a video into
    // one-frame blocks keeps one colour ramp over the video.
    frames = names.frameCount();
    for (const Segment& s : sequence.segments()) {
        if (s.isVisual()) {
            const int64_t perFrame = s.rows * s.cols;
            for (int64_t f = 0; f < s.frames; ++f) {
                const int32_t ordinal = names.frameOrdinal(next);
                std::fill_n(frameOfToken.begin() + next, perFrame, ordinal);
                next += perFrame;
            }
        } else {
            const auto first = static_cast<vtkIdType>(textTokens.size());
            for (int64_t i = 0; i < s.cols; ++i) textTokens.push_back(next + i);
            next += s.cols;
            if (s.cols >= 2) {
                for (vtkIdType i = 0; i < s.cols; ++i) lineIds->InsertNextValue(first + i);
                lineOffsets->InsertNextValue(lineIds->GetNumberOfValues());
            }
        }
    }

    // Colours.
    colors->SetNumberOfTuples(n);
    unsigned char* rgb = colors->GetPointer(0);
    std::vector<std::array<unsigned char, 3>> palette(static_cast<size_t>(frames) + 1);
    palette[0] = {toByte(kTextTokenColor[0]), toByte(kTextTokenColor[1]), toByte(kTextTokenColor[2])};
    for (int f = 0; f < frames; ++f) {
        const Rgb c = frameColor(f, frames);
        palette[static_cast<size_t>(f) + 1] = {toByte(c[0]), toByte(c[1]), toByte(c[2])};
    }
    for (int64_t i = 0; i < n; ++i) {
        const auto& c = palette[static_cast<size_t>(frameOfToken[static_cast<size_t>(i)] + 1)];
        std::copy(c.begin(), c.end(), rgb + 3 * i);
    }
    colors->Modified();

    // One poly-vertex cell over all tokens.
    vertOffsets->SetNumberOfValues(n > 0 ? 2 : 1);
    vertOffsets->SetValue(0, 0);
    if (n > 0) vertOffsets->SetValue(1, static_cast<vtkIdType>(n));
    vertIds->SetNumberOfValues(n);
    for (int64_t i = 0; i < n; ++i) vertIds->SetValue(i, static_cast<vtkIdType>(i));
    verts->SetData(vertOffsets, vertIds);
    const int64_t stride = n > kInteractiveMaxPoints ? (n + kInteractiveMaxPoints - 1) / kInteractiveMaxPoints : 1;
    const int64_t coarse = (n + stride - 1) / stride;
    coarseOffsets->SetNumberOfValues(coarse > 0 ? 2 : 1);
    coarseOffsets->SetValue(0, 0);
    if (coarse > 0) coarseOffsets->SetValue(1, static_cast<vtkIdType>(coarse));
    coarseIds->SetNumberOfValues(coarse);
    for (int64_t i = 0; i < coarse; ++i) coarseIds->SetValue(i, static_cast<vtkIdType>(i * stride));
    coarseVerts->SetData(coarseOffsets, coarseIds);
    cloud->SetVerts(interactive && n > kInteractiveMaxPoints ? coarseVerts.Get() : verts.Get());

    textCoords->SetNumberOfTuples(static_cast<vtkIdType>(textTokens.size()));
    textLines->SetData(lineOffsets, lineIds);

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
    legend.setEntries(entries);
    legendLabels.clear();
    for (const auto& e : entries) legendLabels.push_back(e.label);

    cloud->Modified();
    textPath->Modified();
}

void IndexGrowthScene::Impl::writeCoordinates() {
    const int64_t n = positions.tokens();
    coords->SetNumberOfTuples(n);
    float* xyz = coords->GetPointer(0);
    double lo[3] = {std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                    std::numeric_limits<double>::max()};
    double hi[3] = {std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest(),
                    std::numeric_limits<double>::lowest()};
    const double* p = positions.pos.data();  // column-major: K rows per token
    const int64_t K = positions.axes();
    for (int64_t i = 0; i < n; ++i) {
        const double xyzD[3] = {p[K * i + rows[0]], p[K * i + rows[1]], p[K * i + rows[2]]};  // default x = w, y = h, z = t
        for (int k = 0; k < 3; ++k) {
            xyz[3 * i + k] = static_cast<float>(xyzD[k]);
            lo[k] = std::min(lo[k], xyzD[k]);
            hi[k] = std::max(hi[k], xyzD[k]);
        }
    }
    coords->Modified();
    points->Modified();

    float* txyz = textCoords->GetPointer(0);
    for (size_t j = 0; j < textTokens.size(); ++j)
        std::copy_n(xyz + 3 * textTokens[j], 3, txyz + 3 * j);
    textCoords->Modified();
    textPoints->Modified();

    if (n == 0) {
        for (int k = 0; k < 3; ++k) lo[k] = 0, hi[k] = 0;
    }
    for (int k = 0; k < 3; ++k) {
        bounds[2 * k] = lo[k] - kBoundsPad;
        bounds[2 * k + 1] = hi[k] + kBoundsPad;
    }
    std::array<double, 6> data{};
    for (int k = 0; k < 3; ++k) data[2 * k] = lo[k], data[2 * k + 1] = hi[k];
    axes.setBox(bounds, data);
    cloud->Modified();
    textPath->Modified();
}

IndexGrowthScene::IndexGrowthScene() : d(std::make_unique<Impl>()) {}

IndexGrowthScene::IndexGrowthScene(const Positions& positions, const Sequence& sequence, std::string title)
    : IndexGrowthScene() {
    update(positions, sequence);
    setTitle(std::move(title));
}

IndexGrowthScene::~IndexGrowthScene() = default;

void IndexGrowthScene::update(const Positions& positions, const Sequence& sequence) {
    update(positions, sequence, sequence);
}

void IndexGrowthScene::update(const Positions& positions, const Sequence& sequence, const Sequence& original) {
    if (positions.tokens() != sequence.tokenCount())
        throw std::invalid_argument("IndexGrowthScene::update: " + std::to_string(positions.tokens()) +
                                    " positions for a sequence of " + std::to_string(sequence.tokenCount()) +
                                    " tokens (" + sequence.format() + ")");
    const bool newRows = positions.axes() != d->positions.axes();
    d->positions = positions;
    if (newRows) d->applyRows();
    if (!d->haveSequence || !(d->sequence == sequence) || !(d->names.original() == original)) {
        d->sequence = sequence;
        d->haveSequence = true;
        d->names = TokenNames(original, sequence);
        d->rebuildStructure();
    }
    if (d->pinned >= positions.tokens()) d->pinned = -1;
    d->writeCoordinates();
    if (!d->framed && positions.tokens() > 0)
        resetCamera();
    else
        d->renderer->ResetCameraClippingRange();
}

void IndexGrowthScene::setTitle(std::string title) {
    d->title = std::move(title);
    d->titleActor->SetInput(d->title.c_str());
}

const std::string& IndexGrowthScene::title() const { return d->title; }

void IndexGrowthScene::setInteractive(bool interactive) {
    if (interactive == d->interactive) return;
    d->interactive = interactive;
    const bool coarse = interactive && tokenCount() > kInteractiveMaxPoints;
    d->cloud->SetVerts(coarse ? d->coarseVerts.Get() : d->verts.Get());  // flat dots: beforeRender()
}

bool IndexGrowthScene::isInteractive() const { return d->interactive; }

void IndexGrowthScene::setPointSize(double logicalPixels) { d->pointSize = std::max(0.0, logicalPixels); }

double IndexGrowthScene::pointSize() const { return d->pointSize; }

vtkRenderer* IndexGrowthScene::renderer() const { return d->renderer.Get(); }

vtkCamera* IndexGrowthScene::camera() const { return d->renderer->GetActiveCamera(); }

void IndexGrowthScene::setCamera(vtkCamera* camera) {
    if (camera) {
        d->renderer->SetActiveCamera(camera);
        return;
    }
    vtkNew<vtkCamera> fresh;
    d->renderer->SetActiveCamera(fresh);
    resetCamera();
}

void IndexGrowthScene::resetCamera() {
    fitCamera(d->bounds);
    d->framed = d->framed || d->positions.tokens() > 0;
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

void IndexGrowthScene::setAxisRows(const std::array<int, 3>& rowsForXyz) {
    d->rows = rowsForXyz;
    d->rowsChosen = true;
    d->applyRows();
    if (d->haveSequence) d->writeCoordinates();
}

std::array<int, 3> IndexGrowthScene::axisRows() const { return d->rows; }

std::vector<std::string> IndexGrowthScene::rowNames() const { return d->rowNames(); }

void IndexGrowthScene::setPinnedToken(int64_t token) { d->pinned = token >= 0 && token < tokenCount() ? token : -1; }

int64_t IndexGrowthScene::pinnedToken() const { return d->pinned; }

std::string IndexGrowthScene::tokenName(int64_t token) const { return d->names.tokenName(token); }

const Sequence& IndexGrowthScene::originalSequence() const { return d->names.original(); }

int64_t IndexGrowthScene::laidOutToken(int64_t originalToken) const { return d->names.laidOutToken(originalToken); }

int64_t IndexGrowthScene::originalToken(int64_t laidOutToken) const { return d->names.originalToken(laidOutToken); }

std::vector<std::string> IndexGrowthScene::legendLabels() const { return d->legendLabels; }

std::unique_ptr<IndexGrowthScene> IndexGrowthScene::clone() const {
    auto copy = std::make_unique<IndexGrowthScene>();
    copy->setPointSize(d->pointSize);
    if (d->rowsChosen) copy->setAxisRows(d->rows);
    if (d->haveSequence) copy->update(d->positions, d->sequence, d->names.original());
    copy->setTitle(d->title);
    copy->setPinnedToken(d->pinned);
    copy->setDefaultViewDirection(d->defaultEye);
    copy->camera()->DeepCopy(camera());
    copy->d->pendingFit = d->pendingFit;
    return copy;
}

const Positions& IndexGrowthScene::positions() const { return d->positions; }
const Sequence& IndexGrowthScene::sequence() const { return d->sequence; }
int64_t IndexGrowthScene::tokenCount() const { return d->positions.tokens(); }

int IndexGrowthScene::frameOf(int64_t token) const {
    if (token < 0 || token >= static_cast<int64_t>(d->frameOfToken.size())) return -1;
    return d->frameOfToken[static_cast<size_t>(token)];
}

int IndexGrowthScene::frameCount() const { return d->frames; }

std::array<double, 6> IndexGrowthScene::bounds() const { return d->bounds; }

std::optional<std::array<double, 2>> IndexGrowthScene::displayPosition(int64_t token) const {
    if (token < 0 || token >= tokenCount()) return std::nullopt;
    Projection pr;
    if (!pr.init(d->renderer)) return std::nullopt;
    double x, y, z;
    if (!pr.project(d->coords->GetPointer(3 * token), x, y, z)) return std::nullopt;
    return std::array<double, 2>{x, y};
}

int64_t IndexGrowthScene::pickToken(double displayX, double displayY, double tolerancePx) const {
    const int64_t n = tokenCount();
    Projection pr;
    if (n == 0 || !pr.init(d->renderer)) return -1;
    const double radius = 0.5 * d->renderedPointPx;
    const double r2 = radius * radius, tol2 = std::max(tolerancePx * tolerancePx, r2);
    int64_t underCursor = -1, nearest = -1;
    double bestDepth = std::numeric_limits<double>::max(), bestDist2 = std::numeric_limits<double>::max();
    const float* xyz = d->coords->GetPointer(0);
    for (int64_t i = 0; i < n; ++i) {
        double x, y, z;
        if (!pr.project(xyz + 3 * i, x, y, z)) continue;
        const double dist2 = (x - displayX) * (x - displayX) + (y - displayY) * (y - displayY);
        if (dist2 <= r2 && z < bestDepth) bestDepth = z, underCursor = i;
        if (dist2 <= tol2 && dist2 < bestDist2) bestDist2 = dist2, nearest = i;
    }
    return underCursor >= 0 ? underCursor : nearest;
}

std::string IndexGrowthScene::describeToken(int64_t token) const {
    if (token < 0 || token >= tokenCount()) return {};
    const TokenLocation loc = d->sequence.locate(token);
    const Segment& seg = d->sequence.segments()[static_cast<size_t>(loc.segment)];
    const int64_t original = d->names.originalToken(token);
    std::string s = "token " + std::to_string(original >= 0 ? original : token) + " \u00b7 " + d->names.tokenName(token);
    if (original >= 0) {
        const Segment& o = d->names.original().segments()[static_cast<size_t>(d->names.original().locate(original).segment)];
        s += "\n" + describeSegment(o);
    } else {
        s += "\n" + describeSegment(seg) + " inserted by the design";
    }
    const auto rowName = d->rowNames();
    std::string axes, values;
    for (int r = 0; r < d->positions.axes(); ++r) {
        axes += (r ? ", " : "") + rowName[static_cast<size_t>(r)];
        values += (r ? ", " : "") + number(d->positions.pos(r, token));
    }
    s += "\n(" + axes + ") = (" + values + ")";
    return s;
}

}  // namespace rope::viz
