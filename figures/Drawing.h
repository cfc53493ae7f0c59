#pragma once
// What a view hands to the page layout (FigureRenderer): panel painters, the shared legend and
// colour bar, and the data sidecar — built from the same prepared numbers, so the sidecar holds
// exactly what is drawn.
#include <QColor>
#include <QString>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "Style.h"

namespace rope::figures {

enum class Marker { Circle, Square, Triangle, Diamond };

struct LegendEntry {
    enum class Kind { Marker, Line, DashedLine };
    QString label;
    QColor color;
    Kind kind = Kind::Marker;
    Marker marker = Marker::Circle;
};

struct ColorBar {
    QString title;
    std::function<QColor(double)> color;  ///< value → colour
    double vmin = 0, vmax = 1;
    std::vector<double> ticks;
    std::vector<QString> tickLabels;      ///< same length as ticks
    int steps = 64;                       ///< drawn as this many flat rectangles (vectors, no gradient)
};

/// The plotted numbers, one row per drawn item, with column names (CSV / JSON sidecar).
struct DataTable {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
};

using PanelPainter = std::function<void(QPainter&, const Style&, const QRectF&)>;

struct ViewDrawing {
    std::vector<PanelPainter> panels;
    int gridColumns = 1;
    double minPanelWidthPt = 0;  ///< fewer columns per row when panels would be narrower than this
    double panelAspect = 0.75;  ///< height / width of a panel when the figure height is automatic
    /// If set, a panel's height in pt for a given width (tables: their rows decide).
    std::function<double(const Style&, double width)> panelHeight;
    std::vector<LegendEntry> legend;  ///< shared by all panels, drawn once under them
    std::optional<ColorBar> colorBar;
    DataTable data;
    QString caption;  ///< a note drawn under the figure and written into the file's metadata
};

/// Draws a marker of `size` pt (diameter) centred on `c`, filled with `fill`, thin darker outline.
void drawMarker(QPainter& p, Marker m, const QPointF& c, double size, const QColor& fill);

std::string numberText(double v);  ///< shortest text that reads back to v (sidecar values)

}  // namespace rope::figures
