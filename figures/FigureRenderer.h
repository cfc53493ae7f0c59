#pragma once
// The one figure renderer behind the GUI's Export dialog and `ropescope figure`: builds the view's
// drawing from FigureData, lays out panels, shared legend and caption on a page of the spec's
// physical size, and paints it on any QPainter — a QImage (PNG and the live preview), a
// QSvgGenerator or a QPdfWriter. Files are written all-or-nothing (QSaveFile).
//
//   page (pt):  ┌──────────────────────────────┐
//               │ title (optional)             │
//               │ ┌ panel ┐ ┌ panel ┐ ┌ panel ┐ │   gridColumns per row
//               │ └───────┘ └───────┘ └───────┘ │
//               │     shared legend / colour bar│
//               │ caption (notes, small)        │
//               └──────────────────────────────┘
#include <QByteArray>
#include <QImage>
#include <QSizeF>
#include <QString>
#include <string>

#include "Drawing.h"
#include "FigureData.h"
#include "FigureSpec.h"

namespace rope::figures {

enum class FileFormat { Png, Svg, Pdf, Tex };

/// From a file name's extension; throws InvalidParameter("--out", ...) for any other.
FileFormat formatFromPath(const std::string& path);
std::string formatExtension(FileFormat f);  ///< "png", ...

ViewDrawing buildView(const FigureSpec& spec, const FigureData& data);

/// Page size in pt of this drawing at the spec's width (and height, or the panels' shape).
QSizeF pageSize(const FigureSpec& spec, const ViewDrawing& drawing);

/// Paints the page on `painter`, whose transform maps 1 unit to 1 pt.
void paintPage(QPainter& painter, const FigureSpec& spec, const ViewDrawing& drawing, const QSizeF& page);

/// The page rasterised at `dpi` (PNG and preview): pixel size = page × dpi / 72, DPI recorded.
/// Throws TooLarge when that exceeds kMaxRasterPixels.
QImage renderImage(const FigureSpec& spec, const ViewDrawing& drawing, double dpi);

/// The file's bytes in `format` (Tex: table1 only).
QByteArray renderBytes(const FigureSpec& spec, const FigureData& data, const ViewDrawing& drawing, FileFormat format);

/// The data sidecar as CSV (path ends .csv) or JSON (.json).
QByteArray sidecarBytes(const FigureSpec& spec, const ViewDrawing& drawing, const std::string& path);

/// Writes `bytes` to `path` through a temporary file and a rename. Throws BadFile
/// ("cannot write PATH: reason") on failure; an existing file is then left as it was.
void writeAtomically(const std::string& path, const QByteArray& bytes);

}  // namespace rope::figures
