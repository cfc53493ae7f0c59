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
#include "IndexGrowthSceneImpl.h"
#include "TokenNames.h"

namespace rope::viz {
using namespace scene;
namespace {

unsigned char toByte(double c) { return static_cast<unsigned char>(std::lround(std::clamp(c, 0.0, 1.0) * 255.0)); }

void setColor(vtkProperty* p, const Rgb& c) { p->SetColor(c[0], c[1], c[2]); }

}  // namespace

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

    buildLegend();

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

void IndexGrowthScene::setAxisRows(const std::array<int, 3>& rowsForXyz) {
    d->rows = rowsForXyz;
    d->rowsChosen = true;
    d->applyRows();
    if (d->haveSequence) d->writeCoordinates();
}

std::array<int, 3> IndexGrowthScene::axisRows() const { return d->rows; }

std::vector<std::string> IndexGrowthScene::rowNames() const { return d->rowNames(); }

std::unique_ptr<IndexGrowthScene> IndexGrowthScene::clone() const {
    auto copy = std::make_unique<IndexGrowthScene>();
    copy->setPointSize(d->pointSize);
    if (d->rowsChosen) copy->setAxisRows(d->rows);
    if (d->haveSequence) copy->update(d->positions, d->sequence, d->names.original());
    copy->setTokenMarks(d->generatedMarks, d->flaggedMarks);
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

}  // namespace rope::viz
