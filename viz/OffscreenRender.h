#pragma once
// OffscreenRender — renders one vtkRenderer into its own offscreen vtkRenderWindow at a chosen
// size and writes figures: PNG (opaque RGB) and PDF (vtkGL2PSExporter).
//
// Why a separate window and not a copy of the screen: a figure has its own size and scale,
// independent of the widget's size and device pixel ratio, and the same code path serves the
// headless CLI. Scale k multiplies the pixel size and the window DPI (72·k) so text keeps its
// proportion; scenes that draw in pixels (point size, line width) take the same k
// (IndexGrowthScene::setPixelScale).
//
// Constraints (see ../shared/qt6-vtk-bridge.md §8):
//   - Debian's VTK is X/GLX only: an X display is required even offscreen (Xvfb is fine).
//     displayAvailable() says whether one is configured. VTK aborts the process when it cannot
//     connect, so OffscreenRender connects itself (retrying: under load, Xvfb was seen to refuse
//     a few % of connections) and hands the connection to VTK; failure is an ExportError.
//   - A vtkRenderer belongs to one window at a time: hand in a renderer that is not shown
//     elsewhere (IndexGrowthScene::clone() for a scene that is on screen). The destructor takes
//     the renderer back out of the offscreen window.
//   - PDF: 3D props become one raster image at window resolution, text and 2D actors stay
//     vector, so render PDFs at a generous size.
//
//   rope::viz::IndexGrowthScene scene(positions, sequence, "VideoRoPE");
//   rope::viz::OffscreenRender out(scene.renderer(), 1200, 900, 2.0);  // 2400 × 1800 pixels
//   out.writePng("fig.png");
//   out.writePdf("fig.pdf");
#include <stdexcept>
#include <string>

#include <vtkSmartPointer.h>

class vtkImageData;
class vtkRenderWindow;
class vtkRenderer;

namespace rope::viz {

/// A figure could not be rendered or written; the message names the file and the cause.
class ExportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// True when an X display is configured (DISPLAY set and non-empty).
bool displayAvailable();

/// An X connection of our own for a VTK window (XOpenDisplay of DISPLAY, retried a few times:
/// under load Xvfb was seen to refuse a few % of connections); nullptr if none can be made.
/// Hand it to vtkRenderWindow::SetDisplayId and close it with closeDisplay() after the window
/// is finalised.
void* openDisplay();
void closeDisplay(void* display);

class OffscreenRender {
public:
    /// width × height logical pixels, rendered at scale × that in device pixels.
    /// Throws ExportError if the size is not positive or no X display can be reached.
    OffscreenRender(vtkRenderer* renderer, int width, int height, double scale = 1.0);
    ~OffscreenRender();
    OffscreenRender(const OffscreenRender&) = delete;
    OffscreenRender& operator=(const OffscreenRender&) = delete;

    vtkRenderWindow* window() const;
    int pixelWidth() const;
    int pixelHeight() const;

    void render();
    /// Renders and reads the frame back: 3 components (RGB, opaque) or 4 (RGBA: a background
    /// with alpha 0 stays transparent).
    vtkSmartPointer<vtkImageData> capture(bool withAlpha = false);
    /// PNG of capture(false). Throws ExportError naming the file on failure.
    void writePng(const std::string& path);
    /// PDF through GL2PS. `path` should end in ".pdf" (added if missing).
    /// Throws ExportError naming the file on failure.
    void writePdf(const std::string& path);

private:
    void* m_display = nullptr;  // X11 Display*, ours: closed after the window is gone
    vtkSmartPointer<vtkRenderWindow> m_window;
    vtkSmartPointer<vtkRenderer> m_renderer;
    bool m_rendered = false;
};

}  // namespace rope::viz
