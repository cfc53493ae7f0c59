#include "VtkView.h"

// Qt's GL headers first; vtk_glew.h must never follow them (bridge note §10), and none of the
// VTK headers below include it.
#include <QGuiApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QPainter>
#include <QScopedValueRollback>
#include <QScreen>
#include <QSurfaceFormat>
#include <QWheelEvent>
#include <QtGlobal>

#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkNew.h>
#include <vtkObjectFactory.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>

#include <vector>

namespace rope::widgets {
namespace {

/// Trackball camera without the one-letter shortcuts of vtkInteractorStyle::OnChar (e/q quit the
/// interactor, w/s switch every actor to wireframe/surface, p picks, 3 toggles stereo, ...).
class QuietTrackballStyle : public vtkInteractorStyleTrackballCamera {
public:
    static QuietTrackballStyle* New();
    vtkTypeMacro(QuietTrackballStyle, vtkInteractorStyleTrackballCamera)
    void OnChar() override {}

protected:
    QuietTrackballStyle() = default;
    ~QuietTrackballStyle() override = default;
};
vtkStandardNewMacro(QuietTrackballStyle);

/// Qt key → X11 keysym name, as VTK's interactor styles expect (letters and digits map to
/// themselves through the event text).
const char* keysymFor(int key) {
    switch (key) {
        case Qt::Key_Left: return "Left";
        case Qt::Key_Right: return "Right";
        case Qt::Key_Up: return "Up";
        case Qt::Key_Down: return "Down";
        case Qt::Key_Return: return "Return";
        case Qt::Key_Enter: return "KP_Enter";
        case Qt::Key_Escape: return "Escape";
        case Qt::Key_Tab: return "Tab";
        case Qt::Key_Backspace: return "BackSpace";
        case Qt::Key_Delete: return "Delete";
        case Qt::Key_Insert: return "Insert";
        case Qt::Key_Home: return "Home";
        case Qt::Key_End: return "End";
        case Qt::Key_PageUp: return "Prior";
        case Qt::Key_PageDown: return "Next";
        case Qt::Key_Space: return "space";
        case Qt::Key_Shift: return "Shift_L";
        case Qt::Key_Control: return "Control_L";
        case Qt::Key_Alt: return "Alt_L";
        case Qt::Key_Plus: return "plus";
        case Qt::Key_Minus: return "minus";
        case Qt::Key_F1: return "F1";
        case Qt::Key_F2: return "F2";
        case Qt::Key_F3: return "F3";
        case Qt::Key_F4: return "F4";
        case Qt::Key_F5: return "F5";
        case Qt::Key_F6: return "F6";
        case Qt::Key_F7: return "F7";
        case Qt::Key_F8: return "F8";
        case Qt::Key_F9: return "F9";
        case Qt::Key_F10: return "F10";
        case Qt::Key_F11: return "F11";
        case Qt::Key_F12: return "F12";
        default: return nullptr;
    }
}

constexpr int kWheelStep = 120;      // one notch of QWheelEvent::angleDelta()
constexpr qreal kClickSlopPx = 4.0;  // press → release distance still counted as a click

}  // namespace

void installDefaultSurfaceFormat() {
#ifdef Q_OS_LINUX
    // Debian's VTK initialises GL through GLEW, reported to fail on EGL (Wayland) contexts.
    if (qEnvironmentVariableIsSet("WAYLAND_DISPLAY") && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "xcb");
#endif
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
    format.setRedBufferSize(8);
    format.setGreenBufferSize(8);
    format.setBlueBufferSize(8);
    format.setAlphaBufferSize(8);
    format.setDepthBufferSize(8);
    format.setStencilBufferSize(0);
    format.setSamples(0);  // VTK multisamples in its own FBO
    QSurfaceFormat::setDefaultFormat(format);
}

struct VtkView::Internals {
    vtkNew<vtkGenericOpenGLRenderWindow> window;
    vtkNew<vtkGenericRenderWindowInteractor> interactor;
    vtkNew<QuietTrackballStyle> style;
    vtkSmartPointer<vtkRenderer> renderer;
    std::vector<unsigned long> windowTags;

    bool inPaint = false;
    bool needsRender = true;
    int initializeCount = 0;
    int forwarding = 0;        // depth of Qt → VTK event forwarding
    int wheelAccumulator = 0;  // angleDelta().y() not yet turned into VTK wheel steps
    QPointF pressPos;
    bool leftPressed = false;
    QString glError;
    QString lastVtkError;
};

VtkView::VtkView(QWidget* parent) : QOpenGLWidget(parent), d(std::make_unique<Internals>()) {
    auto* window = d->window.Get();
    window->SetReadyForRendering(false);  // Render() is a no-op until initializeGL()
    window->SetFrameBlitModeToNoBlit();   // we blit in paintGL()
    window->SetMultiSamples(0);
    d->renderer = vtkSmartPointer<vtkRenderer>::New();
    window->AddRenderer(d->renderer);

    d->interactor->SetRenderWindow(window);
    d->interactor->SetInteractorStyle(d->style);
    d->interactor->Initialize();  // renders, harmless while not ready

    for (unsigned long event : {vtkCommand::WindowMakeCurrentEvent, vtkCommand::WindowIsCurrentEvent,
                                vtkCommand::WindowFrameEvent, vtkCommand::ErrorEvent})
        d->windowTags.push_back(window->AddObserver(event, this, &VtkView::onVtkEvent));

    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    connect(this, &QOpenGLWidget::resized, this, &VtkView::syncSize);
}

VtkView::~VtkView() {
    if (QOpenGLContext* c = context())
        disconnect(c, &QOpenGLContext::aboutToBeDestroyed, this, &VtkView::releaseGL);
    makeCurrent();
    releaseGL();
    doneCurrent();
    for (unsigned long tag : d->windowTags) d->window->RemoveObserver(tag);
}

vtkRenderer* VtkView::renderer() const { return d->renderer; }

void VtkView::setRenderer(vtkRenderer* renderer) {
    if (!renderer || renderer == d->renderer) return;
    d->window->RemoveRenderer(d->renderer);
    d->renderer = renderer;
    d->window->AddRenderer(renderer);
    requestRender();
}

vtkGenericOpenGLRenderWindow* VtkView::renderWindow() const { return d->window; }
vtkRenderWindowInteractor* VtkView::interactor() const { return d->interactor; }
int VtkView::initializeCount() const { return d->initializeCount; }
QString VtkView::glError() const { return d->glError; }
bool VtkView::isForwardingEvent() const { return d->forwarding > 0; }

void VtkView::requestRender() {
    d->needsRender = true;
    update();
}

void VtkView::onVtkEvent(vtkObject*, unsigned long eventId, void* callData) {
    switch (eventId) {
        case vtkCommand::WindowMakeCurrentEvent:
            // Not QOpenGLWidget::makeCurrent(): that also binds Qt's FBO, in the middle of VTK's
            // own FBO set-up (bridge note §2).
            if (QOpenGLContext* c = context()) c->makeCurrent(c->surface());
            break;
        case vtkCommand::WindowIsCurrentEvent: {
            const QOpenGLContext* c = QOpenGLContext::currentContext();
            *static_cast<bool*>(callData) = c && c == context() && c->surface() == context()->surface();
            break;
        }
        case vtkCommand::WindowFrameEvent:
            // Back-buffer passes (hardware picking) are not frames to show.
            if (d->window->GetDoubleBuffer() && !d->window->GetSwapBuffers()) break;
            if (!d->inPaint) update();
            break;
        case vtkCommand::ErrorEvent:
            d->lastVtkError = QString::fromUtf8(static_cast<const char*>(callData)).trimmed();
            qWarning("VtkView: VTK error: %s", qPrintable(d->lastVtkError));
            break;
        default: break;
    }
}

void VtkView::initializeGL() {
    ++d->initializeCount;
    const QSurfaceFormat format = context()->format();
    if (format.majorVersion() * 10 + format.minorVersion() < 32) {
        d->glError = QStringLiteral("OpenGL 3.2 or newer is needed for 3D views; this context is %1.%2 (%3).")
                         .arg(format.majorVersion())
                         .arg(format.minorVersion())
                         .arg(format.profile() == QSurfaceFormat::CoreProfile ? QStringLiteral("core")
                                                                               : QStringLiteral("compatibility"));
        qWarning("VtkView: %s", qPrintable(d->glError));
        return;
    }
    auto* window = d->window.Get();
    auto* state = window->GetState();
    state->Reset();
    state->vtkglDepthFunc(GL_LEQUAL);  // Qt leaves GL_LESS
    window->SetUseOffScreenBuffers(false);  // on, it breaks the FBO logic
    window->SetOwnContext(false);           // VTK then re-reads GL state at each Start()
    window->SetForceMaximumHardwareLineWidth(1);
    window->SetReadyForRendering(true);
    d->lastVtkError.clear();
    window->OpenGLInitContext();  // glewInit on first use
    if (!d->lastVtkError.isEmpty()) {
        d->glError = QStringLiteral("VTK could not initialise OpenGL: ") + d->lastVtkError;
        window->SetReadyForRendering(false);
        return;
    }
    d->glError.clear();
    connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &VtkView::releaseGL,
            Qt::ConnectionType(Qt::DirectConnection | Qt::UniqueConnection));
    syncSize();
    Q_EMIT glInitialized();
}

void VtkView::releaseGL() {
    if (!d->window->GetReadyForRendering()) return;
    d->window->Finalize();
    d->window->SetReadyForRendering(false);
    d->needsRender = true;  // the next context starts empty
}

void VtkView::syncSize() {
    const qreal dpr = devicePixelRatioF();
    const int w = qRound(width() * dpr), h = qRound(height() * dpr);
    d->interactor->UpdateSize(w, h);  // sizes the window too
    if (const QScreen* s = screen()) {
        const QSize screenSize = s->size() * dpr;
        d->window->SetScreenSize(screenSize.width(), screenSize.height());
    }
    d->window->SetDPI(qRound(72 * dpr));
    requestRender();
}

void VtkView::paintGL() {
    if (d->inPaint) return;  // a render can pump events and repaint us
    QScopedValueRollback<bool> guard(d->inPaint, true);
    auto* window = d->window.Get();
    if (!window->GetReadyForRendering()) {
        QPainter painter(this);
        painter.fillRect(rect(), palette().window());
        painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                         d->glError.isEmpty() ? QStringLiteral("3D view not initialised") : d->glError);
        return;
    }
    auto* state = window->GetState();
    state->Reset();
    state->Push();
    state->vtkglDepthFunc(GL_LEQUAL);
    if (d->needsRender) {
        aboutToRender();
        d->interactor->Render();
        d->needsRender = false;
    }
    makeCurrent();  // a render may switch contexts
    const QSize dev = size() * devicePixelRatioF();
    state->vtkglBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());  // ask every paint
    const GLenum drawBuffer = GL_COLOR_ATTACHMENT0;
    context()->extraFunctions()->glDrawBuffers(1, &drawBuffer);
    {
        vtkOpenGLState::ScopedglEnableDisable scissor(state, GL_SCISSOR_TEST);
        state->vtkglDisable(GL_SCISSOR_TEST);
        const int* src = window->GetRenderFramebuffer()->GetLastSize();
        window->BlitDisplayFramebuffer(0, 0, 0, src[0], src[1], 0, 0, dev.width(), dev.height(),
                                       GL_COLOR_BUFFER_BIT, GL_LINEAR);
        // Qt composes the widget with its alpha; VTK's background alpha is 0.
        vtkOpenGLState::ScopedglColorMask mask(state);
        vtkOpenGLState::ScopedglClearColor clear(state);
        state->vtkglColorMask(false, false, false, true);
        state->vtkglClearColor(0, 0, 0, 1);
        state->vtkglClear(GL_COLOR_BUFFER_BIT);
    }
    state->Pop();
}

// ---- Qt → VTK event translation -------------------------------------------------------------

QPointF VtkView::toDisplay(QPointF widgetPos) const {
    const qreal dpr = devicePixelRatioF();
    return {widgetPos.x() * dpr, qRound(height() * dpr) - 1 - widgetPos.y() * dpr};
}

void VtkView::forwardMouse(QMouseEvent* event, unsigned long vtkEvent, bool repeat) {
    QScopedValueRollback<int> forwarding(d->forwarding, d->forwarding + 1);
    const qreal dpr = devicePixelRatioF();
    const Qt::KeyboardModifiers mods = event->modifiers();
    d->interactor->SetEventInformationFlipY(qRound(event->position().x() * dpr), qRound(event->position().y() * dpr),
                                            mods.testFlag(Qt::ControlModifier), mods.testFlag(Qt::ShiftModifier), 0,
                                            repeat ? 1 : 0);
    d->interactor->SetAltKey(mods.testFlag(Qt::AltModifier));
    d->interactor->InvokeEvent(vtkEvent, nullptr);
    event->accept();
}

void VtkView::mousePressEvent(QMouseEvent* event) {
    switch (event->button()) {
        case Qt::LeftButton:
            d->leftPressed = true;
            d->pressPos = event->position();
            forwardMouse(event, vtkCommand::LeftButtonPressEvent, false);
            break;
        case Qt::MiddleButton: forwardMouse(event, vtkCommand::MiddleButtonPressEvent, false); break;
        case Qt::RightButton: forwardMouse(event, vtkCommand::RightButtonPressEvent, false); break;
        default: QOpenGLWidget::mousePressEvent(event); break;
    }
}

void VtkView::mouseDoubleClickEvent(QMouseEvent* event) {
    switch (event->button()) {
        case Qt::LeftButton:
            d->leftPressed = true;
            d->pressPos = event->position();
            forwardMouse(event, vtkCommand::LeftButtonPressEvent, true);
            break;
        case Qt::MiddleButton: forwardMouse(event, vtkCommand::MiddleButtonPressEvent, true); break;
        case Qt::RightButton: forwardMouse(event, vtkCommand::RightButtonPressEvent, true); break;
        default: QOpenGLWidget::mouseDoubleClickEvent(event); break;
    }
}

void VtkView::mouseReleaseEvent(QMouseEvent* event) {
    switch (event->button()) {
        case Qt::LeftButton: {
            forwardMouse(event, vtkCommand::LeftButtonReleaseEvent, false);
            const bool click = d->leftPressed && (event->position() - d->pressPos).manhattanLength() <= kClickSlopPx;
            d->leftPressed = false;
            if (click) Q_EMIT clicked(toDisplay(event->position()));
            break;
        }
        case Qt::MiddleButton: forwardMouse(event, vtkCommand::MiddleButtonReleaseEvent, false); break;
        case Qt::RightButton: forwardMouse(event, vtkCommand::RightButtonReleaseEvent, false); break;
        default: QOpenGLWidget::mouseReleaseEvent(event); break;
    }
}

void VtkView::mouseMoveEvent(QMouseEvent* event) {
    forwardMouse(event, vtkCommand::MouseMoveEvent, false);
    if (event->buttons() == Qt::NoButton) Q_EMIT hovered(toDisplay(event->position()));
}

void VtkView::wheelEvent(QWheelEvent* event) {
    QScopedValueRollback<int> forwarding(d->forwarding, d->forwarding + 1);
    const qreal dpr = devicePixelRatioF();
    const Qt::KeyboardModifiers mods = event->modifiers();
    d->interactor->SetEventInformationFlipY(qRound(event->position().x() * dpr), qRound(event->position().y() * dpr),
                                            mods.testFlag(Qt::ControlModifier), mods.testFlag(Qt::ShiftModifier));
    d->interactor->SetAltKey(mods.testFlag(Qt::AltModifier));
    d->wheelAccumulator += event->angleDelta().y();
    while (d->wheelAccumulator >= kWheelStep) {
        d->interactor->InvokeEvent(vtkCommand::MouseWheelForwardEvent, nullptr);
        d->wheelAccumulator -= kWheelStep;
    }
    while (d->wheelAccumulator <= -kWheelStep) {
        d->interactor->InvokeEvent(vtkCommand::MouseWheelBackwardEvent, nullptr);
        d->wheelAccumulator += kWheelStep;
    }
    event->accept();
}

void VtkView::forwardKey(QKeyEvent* event, bool press) {
    QScopedValueRollback<int> forwarding(d->forwarding, d->forwarding + 1);
    const Qt::KeyboardModifiers mods = event->modifiers();
    const QString text = event->text();
    const char ascii = (text.size() == 1 && text.at(0).unicode() < 128) ? static_cast<char>(text.at(0).unicode()) : 0;
    const char* keysym = keysymFor(event->key());
    char letter[2] = {ascii, 0};
    if (!keysym && ascii > 32) keysym = letter;
    d->interactor->SetKeyEventInformation(mods.testFlag(Qt::ControlModifier), mods.testFlag(Qt::ShiftModifier), ascii,
                                          event->isAutoRepeat() ? 1 : 0, keysym ? keysym : "");
    d->interactor->SetAltKey(mods.testFlag(Qt::AltModifier));
    if (press) {
        d->interactor->InvokeEvent(vtkCommand::KeyPressEvent, nullptr);
        if (ascii) d->interactor->InvokeEvent(vtkCommand::CharEvent, nullptr);
    } else {
        d->interactor->InvokeEvent(vtkCommand::KeyReleaseEvent, nullptr);
    }
    event->accept();
}

void VtkView::keyPressEvent(QKeyEvent* event) { forwardKey(event, true); }
void VtkView::keyReleaseEvent(QKeyEvent* event) { forwardKey(event, false); }

void VtkView::enterEvent(QEnterEvent* event) {
    QScopedValueRollback<int> forwarding(d->forwarding, d->forwarding + 1);
    const qreal dpr = devicePixelRatioF();
    d->interactor->SetEventInformationFlipY(qRound(event->position().x() * dpr), qRound(event->position().y() * dpr));
    d->interactor->InvokeEvent(vtkCommand::EnterEvent, nullptr);
    QOpenGLWidget::enterEvent(event);
}

void VtkView::leaveEvent(QEvent* event) {
    {
        QScopedValueRollback<int> forwarding(d->forwarding, d->forwarding + 1);
        d->interactor->InvokeEvent(vtkCommand::LeaveEvent, nullptr);
    }
    Q_EMIT hoverLeft();
    QOpenGLWidget::leaveEvent(event);
}

}  // namespace rope::widgets
