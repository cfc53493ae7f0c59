#pragma once
// VtkView — a QWidget that shows a VTK 9.1 scene (our Qt 6 ↔ VTK bridge).
//
// Why it exists. Debian 12 builds VTK's own Qt widget (QVTKOpenGLNativeWidget) against Qt 5, so
// a Qt 6 app hosts VTK itself.
//
// Why it is not a QOpenGLWidget (what ../shared/qt6-vtk-bridge.md describes, and what this class
// was first). A QOpenGLWidget makes Qt compose the *whole* top-level window with OpenGL on every
// frame — any repaint anywhere, a status-bar text, a chart, a tooltip. On Mesa's llvmpipe (the
// software GL of Xvfb, VMs and remote desktops) that composition cost 15–30 ms per frame in a
// 1500 × 950 window, and a δ change produced four frames: the targets (δ change at 64k
// tokens < 50 ms, orbit ≥ 30 fps) were out of reach before VTK had drawn a point
// (docs/benchmarks.md, "GUI"). So VTK renders with OpenGL into an offscreen render window of its
// own (its own X connection and GLX context, the same path as figure export), and the view reads
// each finished frame back into a QImage that paintEvent() draws. The window stays a raster
// window: a repaint is a memcpy and an X flush of the dirty rectangle. The read-back costs about
// a millisecond at 600 × 600 (llvmpipe frames already live in memory; on a GPU it is one
// glReadPixels per frame, cheap next to a render).
//
// Rendering happens only on the GUI thread: interaction renders immediately (trackball camera
// style, whose one-letter key shortcuts are disabled) and the frame is read back at VTK's
// EndEvent; anything else calls requestRender(), which coalesces into the next paintEvent().
// Sizes are device pixels (size × devicePixelRatio) and VTK's DPI is 72 × devicePixelRatio, so
// VTK text matches Qt text on HiDPI screens. Needs an X display (VTK on Debian is GLX only);
// without one, or if VTK cannot create its context, the view says why instead of drawing.
//
//   QApplication app(argc, argv);
//   rope::widgets::VtkView view;
//   view.renderer()->AddActor(actor);
//   view.show();
#include <QImage>
#include <QWidget>
#include <QPointF>
#include <QString>
#include <memory>

class vtkRenderWindow;
class vtkObject;
class vtkRenderWindowInteractor;
class vtkRenderer;

namespace rope::widgets {

/// On Linux under Wayland, selects Qt's xcb platform unless QT_QPA_PLATFORM is set (VTK's
/// windows are GLX windows on the same X server). Call before constructing QApplication.
void preferX11Platform();

class VtkView : public QWidget {
    Q_OBJECT
public:
    explicit VtkView(QWidget* parent = nullptr);
    ~VtkView() override;

    /// The renderer shown (one, filling the view). A new view has an empty one.
    vtkRenderer* renderer() const;
    /// Shows `renderer` instead of the current one (the view keeps a reference). The renderer
    /// must not be in another render window.
    void setRenderer(vtkRenderer* renderer);
    /// VTK's offscreen render window (created with the view, its GL context at the first render).
    vtkRenderWindow* renderWindow() const;
    vtkRenderWindowInteractor* interactor() const;

    /// How many frames VTK has rendered for this view (interaction renders included).
    int renderCount() const;
    /// A render was requested and has not happened yet (it will at the next paint).
    bool isRenderPending() const;
    /// Renders now if a render is pending, and returns the current frame (device pixels, with
    /// the widget's devicePixelRatio set). Null when the view cannot draw (see glError()).
    QImage grabFrame();
    /// Why the view cannot draw (no X display, no OpenGL 3.2, VTK error); empty when fine.
    QString glError() const;

public Q_SLOTS:
    /// Marks the scene changed; the next paintEvent() renders it. Cheap; calls coalesce.
    void requestRender();

Q_SIGNALS:
    /// The pointer moved over the view with no button held. VTK display coordinates: device
    /// pixels, origin at the bottom-left (what vtkRenderer and pickers expect).
    void hovered(QPointF displayPos);
    /// A left click (press and release within a few pixels, no drag), display coordinates.
    void clicked(QPointF displayPos);
    /// The pointer left the view.
    void hoverLeft();
    /// A new frame has been read back (after any render: requested or interaction).
    void frameReady();
    /// paintEvent() has drawn the current frame (the window flushes it right after).
    void framePresented();

protected:
    /// Called right before VTK renders a requested frame (not for interaction renders, which
    /// the interactor style prepares itself).
    virtual void aboutToRender() {}
    /// True while a Qt input event is being forwarded to VTK (renders are then immediate).
    bool isForwardingEvent() const;

    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
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
    bool renderIfNeeded();
    void onVtkEvent(vtkObject* caller, unsigned long eventId, void* callData);
    void readBackFrame();
    void forwardMouse(QMouseEvent* event, unsigned long vtkEvent, bool repeat);
    void forwardKey(QKeyEvent* event, bool press);
    QPointF toDisplay(QPointF widgetPos) const;

    struct Internals;
    std::unique_ptr<Internals> d;
};

}  // namespace rope::widgets
