#include "OffscreenRender.h"

#include <vtkErrorCode.h>
#include <vtkGL2PSExporter.h>
#include <vtkImageData.h>
#include <vtkPNGWriter.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkRendererCollection.h>
#include <vtkWindowToImageFilter.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

// Last: Xlib defines macros (None, Status, Bool, Success) that clash with other headers.
#include <X11/Xlib.h>

namespace rope::viz {

bool displayAvailable() {
    const char* display = std::getenv("DISPLAY");
    return display && *display;
}

void* openDisplay() {
    if (!displayAvailable()) return nullptr;
    auto wait = std::chrono::milliseconds(50);  // 50 ms … 800 ms apart
    for (int attempt = 0; attempt < 5; ++attempt) {
        if (Display* display = XOpenDisplay(nullptr)) return display;
        std::this_thread::sleep_for(wait);
        wait *= 2;
    }
    return nullptr;
}

void closeDisplay(void* display) {
    if (display) XCloseDisplay(static_cast<Display*>(display));
}

OffscreenRender::OffscreenRender(vtkRenderer* renderer, int width, int height, double scale) {
    if (!renderer) throw ExportError("offscreen render: no renderer given");
    if (width <= 0 || height <= 0 || !(scale > 0))
        throw ExportError("offscreen render: size must be positive (got " + std::to_string(width) + " x " +
                          std::to_string(height) + " at scale " + std::to_string(scale) + ")");
    if (!displayAvailable())
        throw ExportError("offscreen render needs an X display (DISPLAY is not set); run under xvfb-run -a");
    m_display = openDisplay();
    if (!m_display)
        throw ExportError(std::string("offscreen render cannot connect to the X display \"") + std::getenv("DISPLAY") +
                          "\" (5 attempts); is the X server (or Xvfb) running?");
    m_renderer = renderer;
    m_window = vtkSmartPointer<vtkRenderWindow>::New();
    m_window->SetDisplayId(m_display);  // VTK uses our connection and leaves it open
    m_window->SetOffScreenRendering(1);
    m_window->SetSize(static_cast<int>(std::lround(width * scale)), static_cast<int>(std::lround(height * scale)));
    m_window->SetDPI(static_cast<int>(std::lround(72.0 * scale)));
    m_window->SetAlphaBitPlanes(1);
    m_window->AddRenderer(renderer);
}

OffscreenRender::~OffscreenRender() {
    if (m_rendered) {
        m_window->MakeCurrent();
        m_renderer->ReleaseGraphicsResources(m_window);
    }
    m_window->RemoveRenderer(m_renderer);
    m_renderer->SetRenderWindow(nullptr);
    m_window->Finalize();
    m_window = nullptr;  // destroys the GLX window and context while the connection is open
    closeDisplay(m_display);
}

vtkRenderWindow* OffscreenRender::window() const { return m_window; }
int OffscreenRender::pixelWidth() const { return m_window->GetSize()[0]; }
int OffscreenRender::pixelHeight() const { return m_window->GetSize()[1]; }

void OffscreenRender::render() {
    m_window->Render();
    m_rendered = true;
}

vtkSmartPointer<vtkImageData> OffscreenRender::capture(bool withAlpha) {
    render();  // the scene or camera may have changed since the last render
    vtkNew<vtkWindowToImageFilter> grab;
    grab->SetInput(m_window);
    grab->ReadFrontBufferOff();
    grab->ShouldRerenderOff();
    if (withAlpha)
        grab->SetInputBufferTypeToRGBA();
    else
        grab->SetInputBufferTypeToRGB();
    grab->Update();
    auto image = vtkSmartPointer<vtkImageData>::New();
    image->DeepCopy(grab->GetOutput());
    return image;
}

void OffscreenRender::writePng(const std::string& path) {
    auto image = capture(false);
    vtkNew<vtkPNGWriter> writer;
    writer->SetFileName(path.c_str());
    writer->SetInputData(image);
    writer->Write();
    if (writer->GetErrorCode() != vtkErrorCode::NoError)
        throw ExportError("cannot write PNG \"" + path + "\": " +
                          vtkErrorCode::GetStringFromErrorCode(writer->GetErrorCode()));
}

void OffscreenRender::writePdf(const std::string& path) {
    namespace fs = std::filesystem;
    std::string prefix = path;
    if (prefix.size() >= 4 && prefix.compare(prefix.size() - 4, 4, ".pdf") == 0) prefix.resize(prefix.size() - 4);
    const std::string file = prefix + ".pdf";
    std::error_code ec;
    fs::remove(file, ec);

    render();
    vtkSmartPointer<vtkGL2PSExporter> exporter = vtkSmartPointer<vtkGL2PSExporter>::New();
    if (!exporter)  // only when vtk_module_autoinit is missing on the target
        throw ExportError("cannot write PDF \"" + file + "\": no GL2PS exporter is registered");
    exporter->SetRenderWindow(m_window);
    exporter->SetFilePrefix(prefix.c_str());
    exporter->SetFileFormatToPDF();
    exporter->CompressOff();  // Debian's GL2PS has no zlib: no gain, and other formats would get ".gz"
    exporter->TextAsPathOn();  // glyphs from our font (δ, ×), not PDF's Helvetica
    exporter->SetSortToSimple();
    exporter->SilentOn();
    exporter->Write();

    std::ifstream in(file, std::ios::binary);
    char magic[4] = {};
    if (!in || !in.read(magic, 4) || std::string(magic, 4) != "%PDF")
        throw ExportError("cannot write PDF \"" + file + "\": GL2PS produced no PDF (is the folder writable?)");
}

}  // namespace rope::viz
