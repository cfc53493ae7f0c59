#include "IndexGrowthScene.h"

#include <vtkActor.h>
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

namespace rope::viz {
namespace {

constexpr double kTextPathWidth = 1.5;     // logical pixels
constexpr Rgb kGeneratedTokenColor{0.95, 0.55, 0.10};  // decode-time tokens (setTokenMarks)
constexpr Rgb kFlaggedTokenColor{0.85, 0.10, 0.10};    // a check's mismatching tokens
constexpr double kBoundsPad = 0.5;         // half a token step around the data
constexpr double kAutoPointMin = 2.0, kAutoPointMax = 9.0;  // logical pixels
constexpr double kAutoPointFraction = 0.6;  // of the on-screen spacing of neighbouring positions
constexpr int64_t kInteractiveMaxPoints = 20'000;  // tokens drawn while the camera moves
// Below this diameter (device pixels) a shaded sphere is indistinguishable from a flat dot, but
// costs about twice as much on software GL: smaller points are drawn flat.
constexpr double kShadedMinPx = 4.0;
constexpr double kFill = 0.80;             // share of the viewport the framed box may use
// Default view direction, focal point → eye, in (x, y, z) = (w, h, t): from the low-w, high-t
// side, 20° above. Screen-right is then mostly +t, up is +h, and w recedes to the upper right.
constexpr std::array<double, 3> kEyeDir{-0.86, 0.36, 0.36};

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
    vtkNew<vtkTextActor> titleActor;
    unsigned long startTag = 0;

    Positions positions;
    Sequence sequence;
    bool haveSequence = false;
    int64_t generatedMarks = 0;         // setTokenMarks(): last tokens drawn as generated
    std::vector<int64_t> flaggedMarks;  // setTokenMarks(): tokens drawn as flagged
    std::string title;
    std::vector<int32_t> frameOfToken;   // −1 for text
    std::vector<int64_t> textTokens;     // token ids of text tokens, in order
    int frames = 0;
    std::array<double, 6> bounds{-kBoundsPad, kBoundsPad, -kBoundsPad, kBoundsPad, -kBoundsPad, kBoundsPad};
    double pointSize = 0;           // logical pixels, 0 = automatic
    double renderedPointPx = 7.0;   // device pixels at the last render
    bool framed = false;            // resetCamera() has seen data
    std::optional<std::array<double, 6>> pendingFit;  // framing that waits for a viewport

    Impl();
    ~Impl() { renderer->RemoveObserver(startTag); }  // the renderer may outlive the scene
    void rebuildStructure();  // after a sequence change: colours, cells, legend
    void writeCoordinates();  // after any change: point coordinates, bounds, axes
    void fit(const std::array<double, 6>& box);  // needs a viewport (aspect)
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
    legend.layout(renderer);
}

void IndexGrowthScene::Impl::fit(const std::array<double, 6>& box) {
    if (frameBox(renderer, box, kEyeDir, kFill))
        pendingFit.reset();
    else
        pendingFit = box;  // redone at the first render, when the aspect is known
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
    for (const Segment& s : sequence.segments()) {
        if (s.isVisual()) {
            const int64_t perFrame = s.rows * s.cols;
            for (int64_t f = 0; f < s.frames; ++f) {
                std::fill_n(frameOfToken.begin() + next, perFrame, frames + static_cast<int32_t>(f));
                next += perFrame;
            }
            frames += static_cast<int>(s.frames);
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
    const auto paint = [&](int64_t i, const Rgb& c) {
        if (i >= 0 && i < n) rgb[3 * i] = toByte(c[0]), rgb[3 * i + 1] = toByte(c[1]), rgb[3 * i + 2] = toByte(c[2]);
    };
    const int64_t generated = std::clamp<int64_t>(generatedMarks, 0, n);
    for (int64_t i = n - generated; i < n; ++i) paint(i, kGeneratedTokenColor);
    for (const int64_t i : flaggedMarks) paint(i, kFlaggedTokenColor);
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

    // Legend: text, first frame, last frame (what is present).
    std::vector<PointLegend::Entry> entries;
    if (!textTokens.empty()) entries.push_back({"text", kTextTokenColor});
    if (frames >= 1) entries.push_back({"frame 0", frameColor(0, frames)});
    if (frames >= 2) entries.push_back({"frame " + std::to_string(frames - 1), frameColor(frames - 1, frames)});
    if (generated > 0) entries.push_back({"generated", kGeneratedTokenColor});
    if (!flaggedMarks.empty()) entries.push_back({"mismatch", kFlaggedTokenColor});
    legend.setEntries(entries);

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
    const double* p = positions.pos.data();  // column-major: (t, h, w) per token
    for (int64_t i = 0; i < n; ++i) {
        const double xyzD[3] = {p[3 * i + 2], p[3 * i + 1], p[3 * i + 0]};  // x = w, y = h, z = t
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
    if (positions.tokens() != sequence.tokenCount())
        throw std::invalid_argument("IndexGrowthScene::update: " + std::to_string(positions.tokens()) +
                                    " positions for a sequence of " + std::to_string(sequence.tokenCount()) +
                                    " tokens (" + sequence.format() + ")");
    d->positions = positions;
    if (!d->haveSequence || !(d->sequence == sequence)) {
        d->sequence = sequence;
        d->haveSequence = true;
        d->rebuildStructure();
    }
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

void IndexGrowthScene::setTokenMarks(int64_t generated, std::vector<int64_t> flagged) {
    if (generated == d->generatedMarks && flagged == d->flaggedMarks) return;
    d->generatedMarks = generated;
    d->flaggedMarks = std::move(flagged);
    if (d->haveSequence) d->rebuildStructure();
}

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

void IndexGrowthScene::fitCamera(const std::array<double, 6>& bounds) { d->fit(bounds); }

std::unique_ptr<IndexGrowthScene> IndexGrowthScene::clone() const {
    auto copy = std::make_unique<IndexGrowthScene>();
    copy->setPointSize(d->pointSize);
    if (d->haveSequence) copy->update(d->positions, d->sequence);
    copy->setTokenMarks(d->generatedMarks, d->flaggedMarks);
    copy->setTitle(d->title);
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
    std::string s = "token " + std::to_string(token) + "\n" + describeSegment(seg) + " (segment " +
                    std::to_string(loc.segment) + ")";
    if (seg.isVisual())
        s += " \u00b7 frame " + std::to_string(loc.frame) + ", row " + std::to_string(loc.row) + ", col " +
             std::to_string(loc.col);
    else
        s += " \u00b7 #" + std::to_string(loc.col);
    s += "\n(t, h, w) = (" + number(d->positions.t(token)) + ", " + number(d->positions.h(token)) + ", " +
         number(d->positions.w(token)) + ")";
    return s;
}

}  // namespace rope::viz
