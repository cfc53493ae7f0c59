#pragma once
// Paper-quality export of any Qt-painted view (charts, tables, heatmaps): PNG at a chosen DPI,
// SVG and PDF as vectors. Files are written atomically (QSaveFile): a failed export never leaves a
// half-written file or clobbers an existing one.
#include <QString>

class QWidget;

namespace rope::widgets {

enum class FigureFormat { Png, Svg, Pdf };

/// Format from a file name's extension (.png, .svg, .pdf); false if it is none of these.
bool figureFormatFromPath(const QString& path, FigureFormat* format);

/// Renders `view` (as it is laid out now) into `path`. dpi applies to PNG (96 = screen size).
/// Returns false and sets *error (naming the file and the cause) on failure.
bool exportWidget(QWidget* view, const QString& path, int dpi, QString* error);

}  // namespace rope::widgets
