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

// True while a view resets its camera's clipping range right before it renders: bookkeeping,
// not a camera move to pass on. GUI thread only.
bool s_clippingUpdate = false;
// True while one view passes its orientation to the linked ones (no echo back). GUI thread only.
bool s_syncing = false;

// Every live view, to find the ones sharing a camera. GUI thread only.
std::vector<IndexGrowthView*>& allViews() {
    static std::vector<IndexGrowthView*> views;
    return views;
}

}  // namespace

struct IndexGrowthView::LinkGroup {
    std::vector<IndexGrowthView*> views;
    bool sameScale = false;
};

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
    if (m_group) std::erase(m_group->views, this);
    if (vtkInteractorObserver* style = interactor()->GetInteractorStyle())
        for (unsigned long tag : m_interactionTags) style->RemoveObserver(tag);
    if (m_observedCamera) m_observedCamera->RemoveObserver(m_cameraTag);
    m_scene->renderer()->RemoveObserver(m_renderStartTag);
}

void IndexGrowthView::setData(const Positions& positions, const Sequence& sequence) {
    setData(positions, sequence, sequence, title());
}

void IndexGrowthView::setData(const Positions& positions, const Sequence& sequence, const QString& title) {
    setData(positions, sequence, sequence, title);
}

void IndexGrowthView::setData(const Positions& positions, const Sequence& laidOut, const Sequence& original,
                              const QString& title) {
    m_scene->setTitle(title.toStdString());
    {
        // New data reset the camera's clipping range: bookkeeping, not a camera move.
        QScopedValueRollback<bool> guard(s_clippingUpdate, true);
        m_scene->update(positions, laidOut, original);
    }
    if (m_hoveredToken >= m_scene->tokenCount()) onHoverLeft();
    // Each column frames its own data on every change, unless the user has moved the camera; the
    // first data also choose the default orientation (resetCamera()).
    if (m_autoFrame && m_scene->tokenCount() > 0) {
        if (!m_hadData)
            resetCamera();
        else
            frameOwnData();
    }
    m_hadData = m_hadData || m_scene->tokenCount() > 0;
    requestRender();
}

void IndexGrowthView::setTitle(const QString& title) {
    m_scene->setTitle(title.toStdString());
    requestRender();
}

QString IndexGrowthView::title() const { return QString::fromStdString(m_scene->title()); }

viz::IndexGrowthScene& IndexGrowthView::scene() { return *m_scene; }
const viz::IndexGrowthScene& IndexGrowthView::scene() const { return *m_scene; }

void IndexGrowthView::resetCamera() {
    // Default orientation on every linked view (one for all: the first scene's suggestion, e.g.
    // a ring seen face-on rather than edge-on, else the default), then each framed on its data.
    const QList<IndexGrowthView*> views = linkedViews();
    std::optional<std::array<double, 3>> eye;
    for (IndexGrowthView* v : views)
        if (!eye) eye = v->m_scene->suggestedViewDirection();
    {
        QScopedValueRollback<bool> guard(s_syncing, true);
        for (IndexGrowthView* v : views) {
            v->m_scene->setDefaultViewDirection(eye.value_or(viz::IndexGrowthScene::standardViewDirection()));
            v->m_scene->resetCamera();
        }
    }
    fit();
}

void IndexGrowthView::fit() {
    const QList<IndexGrowthView*> views = linkedViews();
    std::optional<double> scale;
    if (sameScale())
        for (IndexGrowthView* v : views) scale = std::max(scale.value_or(0.0), v->m_scene->fittingScale());
    {
        QScopedValueRollback<bool> guard(s_syncing, true);
        for (IndexGrowthView* v : views) v->m_scene->fitData(scale);
    }
    setAutoFrame(true);
    for (IndexGrowthView* v : views) v->requestRender();
}

void IndexGrowthView::frameOwnData() {
    if (sameScale()) return fit();  // the group's scale may change with our data
    QScopedValueRollback<bool> guard(s_syncing, true);
    m_scene->fitData();
}

void IndexGrowthView::setAutoFrame(bool on) {
    for (IndexGrowthView* v : linkedViews()) {
        if (v->m_autoFrame == on) continue;
        v->m_autoFrame = on;
        Q_EMIT v->autoFramingChanged(on);
    }
}

QList<IndexGrowthView*> IndexGrowthView::linkedViews() const {
    if (!m_group) return {const_cast<IndexGrowthView*>(this)};
    return QList<IndexGrowthView*>(m_group->views.begin(), m_group->views.end());
}

void IndexGrowthView::linkCameras(const QList<IndexGrowthView*>& views) {
    auto group = std::make_shared<LinkGroup>();
    for (IndexGrowthView* v : views) {
        if (!v || std::find(group->views.begin(), group->views.end(), v) != group->views.end()) continue;
        if (v->m_group) {
            group->sameScale = group->sameScale || v->m_group->sameScale;
            std::erase(v->m_group->views, v);
        }
        group->views.push_back(v);
    }
    for (IndexGrowthView* v : group->views) v->m_group = group, v->m_autoFrame = true;
    if (group->views.empty()) return;
    group->views.front()->resetCamera();
}

void IndexGrowthView::unlinkCamera() {
    if (!m_group) return;
    std::erase(m_group->views, this);
    m_group.reset();
    requestRender();
}

void IndexGrowthView::setSameScale(bool on) {
    if (!m_group) linkCameras({this});
    m_group->sameScale = on;
    if (m_autoFrame) fit();
}

bool IndexGrowthView::sameScale() const { return m_group && m_group->sameScale; }

void IndexGrowthView::setPinnedToken(qint64 token) {
    if (m_scene->pinnedToken() == token) return;
    m_scene->setPinnedToken(token);
    requestRender();
}

std::array<double, 10> IndexGrowthView::cameraState() const {
    vtkCamera* c = m_scene->camera();
    std::array<double, 10> st{};
    c->GetPosition(st.data());
    c->GetFocalPoint(st.data() + 3);
    c->GetViewUp(st.data() + 6);
    st[9] = c->GetParallelScale();
    return st;
}

void IndexGrowthView::propagateOrientation() {
    if (!m_group || m_group->views.size() < 2) return;
    vtkCamera* mine = m_scene->camera();
    double dop[3], up[3];
    mine->GetDirectionOfProjection(dop);
    mine->GetViewUp(up);
    QScopedValueRollback<bool> guard(s_syncing, true);
    for (IndexGrowthView* v : m_group->views) {
        if (v == this) continue;
        vtkCamera* c = v->m_scene->camera();
        double focal[3];
        c->GetFocalPoint(focal);
        const double dist = c->GetDistance();
        c->SetPosition(focal[0] - dop[0] * dist, focal[1] - dop[1] * dist, focal[2] - dop[2] * dist);
        c->SetViewUp(up);
        if (m_group->sameScale) c->SetParallelScale(mine->GetParallelScale());
        v->requestRender();
    }
}

void IndexGrowthView::observeCamera(vtkCamera* camera) {
    if (m_observedCamera) m_observedCamera->RemoveObserver(m_cameraTag);
    m_observedCamera = camera;
    m_cameraTag = camera->AddObserver(vtkCommand::ModifiedEvent, this, &IndexGrowthView::onCameraModified);
}

void IndexGrowthView::onCameraModified() {
    // Clipping-range updates before a render are bookkeeping; a change passed on from a linked
    // view is not passed on again. Anything else (the user's orbit, zoom, pan) turns the linked
    // views too. Our own interaction renders at once through the interactor style.
    if (s_clippingUpdate) return;
    if (!s_syncing) propagateOrientation();
    if (!isForwardingEvent()) requestRender();
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
    for (IndexGrowthView* view : linkedViews()) {
        if (view->m_scene->isInteractive() == interacting) continue;
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
    const auto before = cameraState();
    VtkView::keyPressEvent(event);  // VTK's style keys may move the camera
    if (cameraState() != before) setAutoFrame(false);
}

void IndexGrowthView::mousePressEvent(QMouseEvent* event) {
    m_pressState = cameraState();
    m_buttonDown = true;
    VtkView::mousePressEvent(event);
}

void IndexGrowthView::mouseReleaseEvent(QMouseEvent* event) {
    // Did the drag move the camera? Asked before the release is handled: a click pins a token,
    // which may resize the views (the inspector opens) and refit them — not a user move.
    const bool moved = cameraState() != m_pressState;
    VtkView::mouseReleaseEvent(event);  // the style ends the interaction in here
    m_buttonDown = event->buttons() != Qt::NoButton;
    if (moved) setAutoFrame(false);
}

void IndexGrowthView::wheelEvent(QWheelEvent* event) {
    VtkView::wheelEvent(event);
    setAutoFrame(false);  // zoomed
}

void IndexGrowthView::resizeEvent(QResizeEvent* event) {
    VtkView::resizeEvent(event);  // resized() → syncSize(): VTK knows the new size first
    if (m_autoFrame && m_scene->tokenCount() > 0) frameOwnData();
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
