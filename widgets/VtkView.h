#pragma once
// VtkView — a QOpenGLWidget that shows a VTK 9.1 scene (our Qt 6 ↔ VTK bridge).
//
// Why it exists. Debian 12 builds VTK's own Qt widget (QVTKOpenGLNativeWidget) against Qt 5, so
// a Qt 6 app drives a vtkGenericOpenGLRenderWindow itself. That window does no windowing: it asks
// us, through three events, to make Qt's context current (WindowMakeCurrentEvent), to say whether
// it is current (WindowIsCurrentEvent) and to present a finished frame (WindowFrameEvent). VTK
// renders into its own framebuffer object (its MSAA and depth live there, hence a Qt surface
// format with no depth and no samples); paintGL() blits that FBO into the widget's FBO and then
// forces alpha to 1, because Qt composes the widget with its alpha and VTK leaves the background
// transparent. A repaint without new content is therefore only a blit, never a render.
//
// The traps, each observed on Debian 12 (Qt 6.4, VTK 9.1, Mesa llvmpipe) and written up in
// ../shared/qt6-vtk-bridge.md: MakeCurrent must not call QOpenGLWidget::makeCurrent() (that also
// binds Qt's FBO in the middle of VTK's FBO setup → GL_FRAMEBUFFER_UNSUPPORTED, black view);
// initializeGL() runs again whenever Qt re-creates the context (floating a dock, reparenting),
// so it re-initialises VTK and releaseGL() frees VTK's GL objects on aboutToBeDestroyed; the
// destructor releases GL itself before ~QOpenGLWidget runs, whose signals would otherwise reach
// a half-destroyed object. Sizes are device pixels (size × devicePixelRatio) and VTK's DPI is
// 72 × devicePixelRatio, so VTK text matches Qt text on HiDPI screens.
//
// Rendering happens only on the GUI thread: interaction renders immediately (trackball camera
// style, whose one-letter key shortcuts are disabled), anything else calls requestRender(),
// which coalesces into the next paintGL(). Workers hand plain data to the GUI thread.
//
//   rope::widgets::installDefaultSurfaceFormat();   // in main(), before QApplication
//   QApplication app(argc, argv);
//   rope::widgets::VtkView view;
//   view.renderer()->AddActor(actor);
//   view.show();
#include <QOpenGLWidget>
#include <QPointF>
#include <QString>
#include <memory>

class vtkGenericOpenGLRenderWindow;
class vtkObject;
class vtkRenderWindowInteractor;
class vtkRenderer;

namespace rope::widgets {

/// Sets QSurfaceFormat's default for VtkView (OpenGL 3.2 Core, double buffer, RGBA8, depth 8,
/// no stencil, no samples) and, on Linux under Wayland, selects the xcb platform unless
/// QT_QPA_PLATFORM is set. Call before constructing QApplication.
void installDefaultSurfaceFormat();

class VtkView : public QOpenGLWidget {
    Q_OBJECT
public:
    explicit VtkView(QWidget* parent = nullptr);
    ~VtkView() override;

    /// The renderer shown (one, filling the view). A new view has an empty one.
    vtkRenderer* renderer() const;
    /// Shows `renderer` instead of the current one (the view keeps a reference). The renderer
    /// must not be in another render window.
    void setRenderer(vtkRenderer* renderer);
    vtkGenericOpenGLRenderWindow* renderWindow() const;
    vtkRenderWindowInteractor* interactor() const;

    /// How many times initializeGL() has run (rises when Qt re-creates the context).
    int initializeCount() const;
    /// Why the view cannot draw (no OpenGL 3.2, VTK error during set-up); empty when fine.
    QString glError() const;

public Q_SLOTS:
    /// Marks the scene changed; the next paintGL() renders it. Cheap; calls coalesce.
    void requestRender();

Q_SIGNALS:
    /// The pointer moved over the view with no button held. VTK display coordinates: device
    /// pixels, origin at the bottom-left (what vtkRenderer and pickers expect).
    void hovered(QPointF displayPos);
    /// A left click (press and release within a few pixels, no drag), display coordinates.
    void clicked(QPointF displayPos);
    /// The pointer left the view.
    void hoverLeft();
    /// VTK's GL state is (re)initialised; emitted from initializeGL().
    void glInitialized();

protected:
    /// Called in paintGL() right before VTK renders a requested frame (not for interaction
    /// renders, which the interactor style prepares itself).
    virtual void aboutToRender() {}
    /// True while a Qt input event is being forwarded to VTK (renders are then immediate).
    bool isForwardingEvent() const;

    void initializeGL() override;
    void paintGL() override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void enterEvent(QEnterEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void syncSize();
    void releaseGL();
    void onVtkEvent(vtkObject* caller, unsigned long eventId, void* callData);
    void forwardMouse(QMouseEvent* event, unsigned long vtkEvent, bool repeat);
    void forwardKey(QKeyEvent* event, bool press);
    QPointF toDisplay(QPointF widgetPos) const;

    struct Internals;
    std::unique_ptr<Internals> d;
};

}  // namespace rope::widgets
