#include "IndexGrowthView.h"

#include <QFileInfo>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QScopedValueRollback>
#include <QToolTip>
#include <QWheelEvent>

#include <vtkCamera.h>
#include <vtkCommand.h>
#include <vtkInteractorObserver.h>
#include <vtkNew.h>
#include <vtkRenderWindowInteractor.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <array>
#include <exception>
#include <vector>

#include "viz/IndexGrowthScene.h"
#include "viz/OffscreenRender.h"

namespace rope::widgets {
namespace {

// True while a view resets the (possibly shared) camera's clipping range to its own bounds right
// before it renders; linked views ignore those camera changes. GUI thread only.
bool s_clippingUpdate = false;

// Every live view, to find the ones sharing a camera. GUI thread only.
std::vector<IndexGrowthView*>& allViews() {
    static std::vector<IndexGrowthView*> views;
    return views;
}

}  // namespace

IndexGrowthView::IndexGrowthView(QWidget* parent)
    : VtkView(parent), m_scene(std::make_unique<viz::IndexGrowthScene>()) {
    setRenderer(m_scene->renderer());
    observeCamera(m_scene->camera());
    m_renderStartTag =
        m_scene->renderer()->AddObserver(vtkCommand::StartEvent, this, &IndexGrowthView::onRenderStart);
    connect(this, &VtkView::hovered, this, &IndexGrowthView::onHovered);
    connect(this, &VtkView::hoverLeft, this, &IndexGrowthView::onHoverLeft);
    connect(this, &VtkView::clicked, this, [this](QPointF displayPos) {
        Q_EMIT tokenClicked(m_scene->pickToken(displayPos.x(), displayPos.y()));
    });
    if (vtkInteractorObserver* style = interactor()->GetInteractorStyle()) {
        m_interactionTags[0] =
            style->AddObserver(vtkCommand::StartInteractionEvent, this, &IndexGrowthView::onInteractionStart);
        m_interactionTags[1] =
            style->AddObserver(vtkCommand::EndInteractionEvent, this, &IndexGrowthView::onInteractionEnd);
    }
    allViews().push_back(this);
    setMinimumSize(160, 120);
}

IndexGrowthView::~IndexGrowthView() {
    auto& views = allViews();
    views.erase(std::remove(views.begin(), views.end(), this), views.end());
    if (vtkInteractorObserver* style = interactor()->GetInteractorStyle())
        for (unsigned long tag : m_interactionTags) style->RemoveObserver(tag);
    if (m_observedCamera) m_observedCamera->RemoveObserver(m_cameraTag);
    m_scene->renderer()->RemoveObserver(m_renderStartTag);
}

void IndexGrowthView::setData(const Positions& positions, const Sequence& sequence) {
    {
        // New data resets the (possibly shared) camera's clipping range: bookkeeping for this
        // view, not a reason to re-render the linked ones (each clips for itself before rendering).
        QScopedValueRollback<bool> guard(s_clippingUpdate, true);
        m_scene->update(positions, sequence);
    }
    if (m_hoveredToken >= m_scene->tokenCount()) onHoverLeft();
    requestRender();
}

void IndexGrowthView::setData(const Positions& positions, const Sequence& sequence, const QString& title) {
    setTitle(title);
    setData(positions, sequence);
}

void IndexGrowthView::setTitle(const QString& title) {
    m_scene->setTitle(title.toStdString());
    requestRender();
}

QString IndexGrowthView::title() const { return QString::fromStdString(m_scene->title()); }

viz::IndexGrowthScene& IndexGrowthView::scene() { return *m_scene; }
const viz::IndexGrowthScene& IndexGrowthView::scene() const { return *m_scene; }

void IndexGrowthView::resetCamera() {
    // The camera observer repaints this view and any linked one.
    if (m_frameBounds)
        m_scene->fitCamera(*m_frameBounds);
    else
        m_scene->resetCamera();
    m_autoFrame = true;
    requestRender();
}

void IndexGrowthView::linkCameras(const QList<IndexGrowthView*>& views) {
    if (views.size() < 2) return;
    vtkCamera* shared = views.front()->m_scene->camera();
    std::array<double, 6> all = views.front()->m_scene->bounds();
    for (IndexGrowthView* view : views) {
        if (!view) continue;
        const auto b = view->m_scene->bounds();
        for (int k = 0; k < 3; ++k) {
            all[2 * k] = std::min(all[2 * k], b[2 * k]);
            all[2 * k + 1] = std::max(all[2 * k + 1], b[2 * k + 1]);
        }
        if (view->m_scene->camera() == shared) continue;
        view->m_scene->setCamera(shared);
        view->observeCamera(shared);
        view->requestRender();
    }
    // One framing that shows every linked scene; it repaints all of them (camera observer).
    for (IndexGrowthView* view : views)
        if (view) view->m_frameBounds = all, view->m_autoFrame = true;
    views.front()->m_scene->fitCamera(all);
}

void IndexGrowthView::unlinkCamera() {
    vtkNew<vtkCamera> own;
    own->DeepCopy(m_scene->camera());
    m_scene->setCamera(own);
    observeCamera(own);
    m_frameBounds.reset();
    requestRender();
}

void IndexGrowthView::observeCamera(vtkCamera* camera) {
    if (m_observedCamera) m_observedCamera->RemoveObserver(m_cameraTag);
    m_observedCamera = camera;
    m_cameraTag = camera->AddObserver(vtkCommand::ModifiedEvent, this, &IndexGrowthView::onCameraModified);
}

void IndexGrowthView::onCameraModified() {
    // Our own interaction renders at once through the interactor style; clipping-range updates
    // before a render are bookkeeping, not a new view.
    if (s_clippingUpdate || isForwardingEvent()) return;
    requestRender();
}

void IndexGrowthView::onRenderStart() {
    // The camera may be shared with a scene of other extent: clip for our own props.
    QScopedValueRollback<bool> guard(s_clippingUpdate, true);
    m_scene->renderer()->ResetCameraClippingRange();
}

void IndexGrowthView::onInteractionStart() {
    // Drags only: a wheel notch starts and ends within one event (coarse + full would cost more).
    if (m_buttonDown) setInteractionLevel(true);
}

void IndexGrowthView::onInteractionEnd() { setInteractionLevel(false); }

void IndexGrowthView::setInteractionLevel(bool interacting) {
    for (IndexGrowthView* view : allViews()) {
        if (view->m_scene->camera() != m_scene->camera() || view->m_scene->isInteractive() == interacting) continue;
        view->m_scene->setInteractive(interacting);
        if (!interacting && view != this) view->requestRender();  // ours: the style renders at once
    }
}

int64_t IndexGrowthView::tokenAt(QPointF widgetPos) const {
    const qreal dpr = devicePixelRatioF();
    return m_scene->pickToken(widgetPos.x() * dpr, qRound(height() * dpr) - 1 - widgetPos.y() * dpr);
}

void IndexGrowthView::onHovered(QPointF displayPos) {
    const int64_t token = m_scene->pickToken(displayPos.x(), displayPos.y());
    if (token == m_hoveredToken) return;
    m_hoveredToken = token;
    Q_EMIT tokenHovered(token);
    if (token < 0) {
        QToolTip::hideText();
        return;
    }
    const qreal dpr = devicePixelRatioF();
    const QPoint widgetPos(qRound(displayPos.x() / dpr), qRound((qRound(height() * dpr) - 1 - displayPos.y()) / dpr));
    QToolTip::showText(mapToGlobal(widgetPos), QString::fromStdString(m_scene->describeToken(token)), this);
}

void IndexGrowthView::onHoverLeft() {
    if (m_hoveredToken < 0) return;
    m_hoveredToken = -1;
    Q_EMIT tokenHovered(-1);
    QToolTip::hideText();
}

void IndexGrowthView::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_R && event->modifiers() == Qt::NoModifier) {
        resetCamera();
        event->accept();
        return;
    }
    m_autoFrame = false;  // arrow keys etc. may move the camera
    VtkView::keyPressEvent(event);
}

void IndexGrowthView::mousePressEvent(QMouseEvent* event) {
    m_autoFrame = false;  // any drag moves the camera
    m_buttonDown = true;
    VtkView::mousePressEvent(event);
}

void IndexGrowthView::mouseReleaseEvent(QMouseEvent* event) {
    VtkView::mouseReleaseEvent(event);  // the style ends the interaction in here
    m_buttonDown = event->buttons() != Qt::NoButton;
}

void IndexGrowthView::wheelEvent(QWheelEvent* event) {
    m_autoFrame = false;
    VtkView::wheelEvent(event);
}

void IndexGrowthView::resizeEvent(QResizeEvent* event) {
    VtkView::resizeEvent(event);  // resized() → syncSize(): VTK knows the new size first
    if (m_autoFrame && m_scene->tokenCount() > 0) {
        if (m_frameBounds)
            m_scene->fitCamera(*m_frameBounds);
        else
            m_scene->resetCamera();
    }
}

bool IndexGrowthView::exportFigure(const QString& path, QSize size, double scale, QString* error) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    auto fail = [error](const QString& why) {
        if (error) *error = why;
        return false;
    };
    if (suffix != QLatin1String("png") && suffix != QLatin1String("pdf"))
        return fail(QStringLiteral("cannot export \"%1\": the file name must end in .png or .pdf").arg(path));
    bool ok = true;
    try {
        auto figure = m_scene->clone();
        viz::OffscreenRender out(figure->renderer(), size.width(), size.height(), scale);
        if (suffix == QLatin1String("png"))
            out.writePng(path.toStdString());
        else
            out.writePdf(path.toStdString());
    } catch (const std::exception& e) {
        ok = fail(QString::fromStdString(e.what()));
    }
    return ok;
}

}  // namespace rope::widgets
