#include "VtkView.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QResizeEvent>
#include <QScopedValueRollback>
#include <QWheelEvent>
#include <QtGlobal>

#include <vtkCommand.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkNew.h>
#include <vtkObjectFactory.h>
#include <vtkOpenGLRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkUnsignedCharArray.h>

#include <vector>

#include "viz/OffscreenRender.h"

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

void preferX11Platform() {
#ifdef Q_OS_LINUX
    // Debian's VTK initialises GL through GLEW on GLX; VTK's windows live on the X server.
    if (qEnvironmentVariableIsSet("WAYLAND_DISPLAY") && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "xcb");
#endif
}

struct VtkView::Internals {
    void* display = nullptr;  // our X connection, closed after the window is finalised
    vtkSmartPointer<vtkRenderWindow> window;
    vtkNew<vtkGenericRenderWindowInteractor> interactor;
    vtkNew<QuietTrackballStyle> style;
    vtkSmartPointer<vtkRenderer> renderer;
    vtkNew<vtkUnsignedCharArray> pixels;
    std::vector<unsigned long> windowTags;
    QImage frame;  // the last frame read back, device pixels, top row first

    bool needsRender = true;
    bool inRender = false;
    bool rendered = false;     // the window has a GL context (release it before closing)
    int renderCount = 0;
    int forwarding = 0;        // depth of Qt → VTK event forwarding
    int wheelAccumulator = 0;  // angleDelta().y() not yet turned into VTK wheel steps
    QPointF pressPos;
    bool leftPressed = false;
    QString glError;
};

VtkView::VtkView(QWidget* parent) : QWidget(parent), d(std::make_unique<Internals>()) {
    d->window = vtkSmartPointer<vtkRenderWindow>::New();
    auto* window = d->window.Get();
    window->SetOffScreenRendering(1);
    window->SetMultiSamples(0);
    window->SetAlphaBitPlanes(0);
    d->display = viz::openDisplay();
    if (d->display)
        window->SetDisplayId(d->display);
    else
        d->glError = viz::displayAvailable()
                         ? QStringLiteral("3D views need the X server named by DISPLAY, which refused the connection.")
                         : QStringLiteral("3D views need an X display (DISPLAY is not set); run under X11 or xvfb-run -a.");
    d->renderer = vtkSmartPointer<vtkRenderer>::New();
    window->AddRenderer(d->renderer);

    d->interactor->SetRenderWindow(window);
    d->interactor->SetInteractorStyle(d->style);
    d->interactor->EnableRenderOff();  // no render until initialised below
    d->interactor->Initialize();
    d->interactor->EnableRenderOn();

    for (unsigned long event : {vtkCommand::StartEvent, vtkCommand::EndEvent, vtkCommand::ErrorEvent})
        d->windowTags.push_back(window->AddObserver(event, this, &VtkView::onVtkEvent));

    setAttribute(Qt::WA_OpaquePaintEvent);  // every paint covers the whole widget
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
}

VtkView::~VtkView() {
    for (unsigned long tag : d->windowTags) d->window->RemoveObserver(tag);
    if (d->rendered) {
        d->window->MakeCurrent();
        d->renderer->ReleaseGraphicsResources(d->window);
    }
    d->window->RemoveRenderer(d->renderer);
    d->renderer->SetRenderWindow(nullptr);  // the renderer (a scene's) may outlive the view
    d->interactor->SetRenderWindow(nullptr);
    d->window->Finalize();
    d->window = nullptr;  // destroys the GLX context while our connection is open
    viz::closeDisplay(d->display);
}

vtkRenderer* VtkView::renderer() const { return d->renderer; }

void VtkView::setRenderer(vtkRenderer* renderer) {
    if (!renderer || renderer == d->renderer) return;
    if (d->rendered) {
        d->window->MakeCurrent();
        d->renderer->ReleaseGraphicsResources(d->window);
    }
    d->window->RemoveRenderer(d->renderer);
    d->renderer = renderer;
    d->window->AddRenderer(renderer);
    requestRender();
}

vtkRenderWindow* VtkView::renderWindow() const { return d->window; }
vtkRenderWindowInteractor* VtkView::interactor() const { return d->interactor; }
int VtkView::renderCount() const { return d->renderCount; }
bool VtkView::isRenderPending() const { return d->needsRender; }
QString VtkView::glError() const { return d->glError; }
bool VtkView::isForwardingEvent() const { return d->forwarding > 0; }

void VtkView::requestRender() {
    d->needsRender = true;
    update();
}

QImage VtkView::grabFrame() {
    renderIfNeeded();
    return d->frame;
}

void VtkView::onVtkEvent(vtkObject*, unsigned long eventId, void* callData) {
    switch (eventId) {
        case vtkCommand::StartEvent: d->inRender = true; break;
        case vtkCommand::EndEvent:
            // Every render ends here, requested or from the interactor style: show its frame.
            d->inRender = false;
            d->rendered = true;
            ++d->renderCount;
            readBackFrame();
            break;
        case vtkCommand::ErrorEvent: {
            const QString message = QString::fromUtf8(static_cast<const char*>(callData)).trimmed();
            qWarning("VtkView: VTK error: %s", qPrintable(message));
            // Before the first frame, an error means VTK has no usable context: say so in the view.
            if (!d->rendered) d->glError = QStringLiteral("VTK could not set up OpenGL for this view: ") + message;
            break;
        }
        default: break;
    }
}

void VtkView::readBackFrame() {
    const int* size = d->window->GetSize();
    const int w = size[0], h = size[1];
    if (w <= 0 || h <= 0) return;
    // VTK's rows run bottom-up; QImage's top-down.
    d->window->GetRGBACharPixelData(0, 0, w - 1, h - 1, /*front=*/0, d->pixels);
    const QImage bottomUp(d->pixels->GetPointer(0), w, h, 4 * w, QImage::Format_RGBX8888);
    d->frame = bottomUp.mirrored(false, true).convertToFormat(QImage::Format_RGB32);
    d->frame.setDevicePixelRatio(devicePixelRatioF());
    Q_EMIT frameReady();
    update();  // outside paintEvent() this schedules the repaint; inside it is a no-op
}

bool VtkView::renderIfNeeded() {
    if (!d->display || d->inRender || width() <= 0 || height() <= 0) return false;
    const qreal dpr = devicePixelRatioF();
    const int* size = d->window->GetSize();
    if (size[0] != qRound(width() * dpr) || size[1] != qRound(height() * dpr)) syncSize();
    if (!d->needsRender) return false;
    d->needsRender = false;
    aboutToRender();
    d->interactor->Render();
    return true;
}

void VtkView::syncSize() {
    const qreal dpr = devicePixelRatioF();
    const int w = std::max(1, qRound(width() * dpr)), h = std::max(1, qRound(height() * dpr));
    d->interactor->UpdateSize(w, h);  // its event coordinates; it resizes the window only when its own size changes
    d->window->SetSize(w, h);         // so size the window itself (renderIfNeeded() compares against it)
    d->window->SetDPI(qRound(72 * dpr));
    d->needsRender = true;
}

void VtkView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    syncSize();
    update();
}

void VtkView::paintEvent(QPaintEvent*) {
    renderIfNeeded();
    QPainter painter(this);
    if (d->frame.isNull() || !d->glError.isEmpty()) {
        painter.fillRect(rect(), palette().window());
        painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                         d->glError.isEmpty() ? QStringLiteral("3D view not rendered yet") : d->glError);
        return;
    }
    painter.drawImage(QPointF(0, 0), d->frame);
    Q_EMIT framePresented();
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
        default: QWidget::mousePressEvent(event); break;
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
        default: QWidget::mouseDoubleClickEvent(event); break;
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
        default: QWidget::mouseReleaseEvent(event); break;
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
    QWidget::enterEvent(event);
}

void VtkView::leaveEvent(QEvent* event) {
    {
        QScopedValueRollback<int> forwarding(d->forwarding, d->forwarding + 1);
        d->interactor->InvokeEvent(vtkCommand::LeaveEvent, nullptr);
    }
    Q_EMIT hoverLeft();
    QWidget::leaveEvent(event);
}

}  // namespace rope::widgets
