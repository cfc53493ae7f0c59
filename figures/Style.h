#pragma once
// Drawing conventions shared by every figure renderer.
//
// Units: a renderer draws in points (1 pt = 1/72 in) on any QPainter; the caller sets the
// painter's transform so that one unit is one point on the target (PNG: dpi/72 pixels, PDF:
// resolution/72 device units, SVG: one user unit). Fonts are asked for in pt through Style::font,
// which undoes the device's own pt → unit conversion, so 8 pt text is 8 pt on paper everywhere.
//
// Text is always drawn with one drawText call per label and one font family that has Greek and
// the symbols we use (DejaVu Sans: θ ω δ Δ π ✓ ✗ ⁰…⁹), so an SVG holds one <text> per label and
// a PDF embeds one font.
#include <QColor>
#include <QFont>
#include <QPainter>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QTransform>
#include <vector>

namespace rope::figures {

enum class Theme { Print, Screen };

struct Style {
    Theme theme = Theme::Print;
    double fontPt = 8;       ///< body text: tick labels, legend
    double deviceDpiY = 72;  ///< the paint device's logicalDpiY (for the pt conversion)
    const QPaintDevice* device = nullptr;  ///< what fonts are measured on (nullptr: a 72 dpi reference)

    QColor paper() const;    ///< figure background
    QColor ink() const;      ///< text, axis lines
    QColor muted() const;    ///< secondary text (captions)
    QColor grid() const;     ///< grid lines
    QColor pane() const;     ///< 3D back panes, table rules
    double line() const;     ///< axis line width, pt
    double dataLine() const; ///< curve width, pt

    /// A font of `scale` × fontPt points (bold/italic as asked) for this device.
    QFont font(double scale = 1.0, bool bold = false, bool italic = false) const;
    double lineHeight(double scale = 1.0) const;  ///< ascent + descent of font(scale), pt
    double textWidth(const QString& s, double scale = 1.0, bool bold = false) const;
};

/// Style for a painter whose transform maps 1 unit to 1 pt.
Style styleFor(const QPainter& p, Theme theme, double fontPt);
/// Style for measuring a page before any device exists (a 72 dpi reference image).
Style layoutStyle(Theme theme, double fontPt);

/// While one of these exists (on this thread), drawAnchored/drawVertical record their labels
/// instead of painting them. The SVG writer uses it to write each label as one <text> element:
/// QSvgGenerator splits a label wherever the script changes (Latin → Greek), which broke
/// "wavelength 2π/ω" into two elements.
struct TextRecord {
    QString text;
    QPointF baseline;   ///< in the painter's coordinates at the time
    QTransform transform;  ///< the painter's world transform then
    double sizePt = 8;
    bool bold = false, italic = false;
    QColor color;
};
class TextRecorder {
public:
    TextRecorder();
    ~TextRecorder();
    TextRecorder(const TextRecorder&) = delete;
    TextRecorder& operator=(const TextRecorder&) = delete;
    std::vector<TextRecord> records;
};

/// Where an anchored text sits relative to its anchor point.
enum class Anchor { Left, Right, Center, Top, Bottom, TopLeft, TopRight, BottomLeft, BottomRight };

/// Draws `text` with the painter's current font and pen so that its box touches `at` as `anchor`
/// says (Center: centred on it; Top: centred horizontally, top edge at `at`; ...).
void drawAnchored(QPainter& p, const QPointF& at, Anchor anchor, const QString& text);
/// Same, rotated 90° counter-clockwise (y-axis titles), centred on `at`.
void drawVertical(QPainter& p, const QPointF& at, const QString& text);

/// Greedy word wrap of `text` into lines no wider than `width` pt (a single long word stays whole).
QStringList wrapText(const Style& s, const QString& text, double width, double scale = 1.0, bool bold = false);

/// A panel title: bold, 1.05 × the body size, centred at the top of `area`, wrapped onto more
/// lines when it is wider than the panel. titleHeight() is what it takes (pt), gap included.
double titleHeight(const Style& s, const QString& title, double width);
void drawTitle(QPainter& p, const Style& s, const QRectF& area, const QString& title);

/// "Nice" ticks inside [lo, hi]: multiples of a step 1, 2 or 5 × 10^k, about `target` of them.
/// With `integral`, the step is never below 1 (index axes).
std::vector<double> niceTicks(double lo, double hi, int target = 5, bool integral = false);
/// The step niceTicks chose (for formatting).
double niceStep(double lo, double hi, int target = 5, bool integral = false);
/// Decades 10^k inside [lo, hi] (log axes), every `every`-th so that at most `maxTicks` remain.
std::vector<double> decadeTicks(double lo, double hi, int maxTicks = 8);
/// "0.5", "12", "-1" — enough digits for `step`, no trailing zeros, no "-0".
QString tickLabel(double v, double step);
/// "10³", "10⁻²" with Unicode superscripts.
QString decadeLabel(double v);

}  // namespace rope::figures
