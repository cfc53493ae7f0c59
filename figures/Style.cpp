#include "Style.h"

#include <QFontMetricsF>
#include <QImage>
#include <QPaintDevice>
#include <algorithm>
#include <cmath>

namespace rope::figures {

QColor Style::paper() const { return theme == Theme::Print ? QColor(255, 255, 255) : QColor(0x1e, 0x21, 0x26); }
QColor Style::ink() const { return theme == Theme::Print ? QColor(0x1a, 0x1a, 0x1a) : QColor(0xe8, 0xe8, 0xe8); }
QColor Style::muted() const { return theme == Theme::Print ? QColor(0x60, 0x60, 0x60) : QColor(0xa8, 0xa8, 0xa8); }
QColor Style::grid() const { return theme == Theme::Print ? QColor(0xdd, 0xdd, 0xdd) : QColor(0x44, 0x48, 0x50); }
QColor Style::pane() const { return theme == Theme::Print ? QColor(0xf4, 0xf4, 0xf4) : QColor(0x2a, 0x2e, 0x35); }
double Style::line() const { return theme == Theme::Print ? 0.6 : 0.9; }
double Style::dataLine() const { return theme == Theme::Print ? 1.1 : 1.6; }

QFont Style::font(double scale, bool bold, bool italic) const {
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setStyleHint(QFont::SansSerif);
    // Qt turns points into device units with the device's DPI; our unit is already a point.
    f.setPointSizeF(fontPt * scale * 72.0 / deviceDpiY);
    f.setBold(bold);
    f.setItalic(italic);
    f.setHintingPreference(QFont::PreferNoHinting);  // layout in design units: same at any DPI
    f.setKerning(false);
    return f;
}

namespace {

const QPaintDevice* referenceDevice() {
    static const QImage image = [] {
        QImage i(1, 1, QImage::Format_RGB32);
        i.setDotsPerMeterX(qRound(72 / 0.0254));
        i.setDotsPerMeterY(qRound(72 / 0.0254));
        return i;
    }();
    return &image;
}

QFontMetricsF metricsOf(const QFont& f, const QPaintDevice* device) {
    return QFontMetricsF(f, device ? device : referenceDevice());
}

}  // namespace

double Style::lineHeight(double scale) const {
    const QFontMetricsF m = metricsOf(font(scale), device);
    return m.ascent() + m.descent();
}

double Style::textWidth(const QString& s, double scale, bool bold) const {
    return metricsOf(font(scale, bold), device).horizontalAdvance(s);
}

Style styleFor(const QPainter& p, Theme theme, double fontPt) {
    Style s;
    s.theme = theme;
    s.fontPt = fontPt;
    s.deviceDpiY = p.device() ? p.device()->logicalDpiY() : 72;
    s.device = p.device();
    return s;
}

Style layoutStyle(Theme theme, double fontPt) {
    Style s;
    s.theme = theme;
    s.fontPt = fontPt;
    s.device = referenceDevice();
    s.deviceDpiY = s.device->logicalDpiY();
    return s;
}

namespace {
thread_local TextRecorder* g_recorder = nullptr;
}

TextRecorder::TextRecorder() { g_recorder = this; }
TextRecorder::~TextRecorder() { g_recorder = nullptr; }

void drawAnchored(QPainter& p, const QPointF& at, Anchor anchor, const QString& text) {
    const QFontMetricsF m(p.font(), p.device());
    const double w = m.horizontalAdvance(text), asc = m.ascent(), h = m.ascent() + m.descent();
    double x = at.x(), top = at.y();
    switch (anchor) {
        case Anchor::Left: top -= h / 2; break;
        case Anchor::Right: x -= w, top -= h / 2; break;
        case Anchor::Center: x -= w / 2, top -= h / 2; break;
        case Anchor::Top: x -= w / 2; break;
        case Anchor::Bottom: x -= w / 2, top -= h; break;
        case Anchor::TopLeft: break;
        case Anchor::TopRight: x -= w; break;
        case Anchor::BottomLeft: top -= h; break;
        case Anchor::BottomRight: x -= w, top -= h; break;
    }
    if (g_recorder) {
        const QFont& f = p.font();
        const double dpi = p.device() ? p.device()->logicalDpiY() : 72;
        g_recorder->records.push_back({text, QPointF(x, top + asc), p.worldTransform(), f.pointSizeF() * dpi / 72.0,
                                       f.bold(), f.italic(), p.pen().color()});
        return;
    }
    p.drawText(QPointF(x, top + asc), text);
}

void drawVertical(QPainter& p, const QPointF& at, const QString& text) {
    p.save();
    p.translate(at);
    p.rotate(-90);
    drawAnchored(p, QPointF(0, 0), Anchor::Center, text);
    p.restore();
}

QStringList wrapText(const Style& s, const QString& text, double width, double scale, bool bold) {
    QStringList lines;
    for (const QString& w : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!lines.isEmpty() && s.textWidth(lines.back() + QLatin1Char(' ') + w, scale, bold) <= width)
            lines.back() += QLatin1Char(' ') + w;
        else
            lines << w;
    }
    return lines;
}

double titleHeight(const Style& s, const QString& title, double width) {
    if (title.isEmpty()) return 0;
    return static_cast<double>(wrapText(s, title, width, 1.05, true).size()) * s.lineHeight(1.05) + 0.3 * s.fontPt;
}

void drawTitle(QPainter& p, const Style& s, const QRectF& area, const QString& title) {
    p.save();
    p.setFont(s.font(1.05, true));
    p.setPen(s.ink());
    double y = area.top();
    for (const QString& line : wrapText(s, title, area.width(), 1.05, true)) {
        drawAnchored(p, QPointF(area.center().x(), y), Anchor::Top, line);
        y += s.lineHeight(1.05);
    }
    p.restore();
}

double niceStep(double lo, double hi, int target, bool integral) {
    const double span = hi - lo;
    if (!(span > 0) || !std::isfinite(span)) return 1;
    const double raw = span / std::max(1, target);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10 * mag;
    for (double m : {1.0, 2.0, 5.0})
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    return integral ? std::max(1.0, step) : step;
}

std::vector<double> niceTicks(double lo, double hi, int target, bool integral) {
    std::vector<double> out;
    if (!(hi >= lo) || !std::isfinite(lo) || !std::isfinite(hi)) return out;
    if (hi == lo) return {lo};
    const double step = niceStep(lo, hi, target, integral);
    const double eps = step * 1e-9;
    for (double k = std::ceil((lo - eps) / step); k * step <= hi + eps; k += 1) {
        const double v = k * step;
        out.push_back(std::abs(v) < eps ? 0.0 : v);
    }
    return out;
}

std::vector<double> decadeTicks(double lo, double hi, int maxTicks) {
    std::vector<double> out;
    if (!(lo > 0) || !(hi > lo)) return out;
    const int a = static_cast<int>(std::ceil(std::log10(lo) - 1e-9));
    const int b = static_cast<int>(std::floor(std::log10(hi) + 1e-9));
    const int every = std::max(1, (b - a + maxTicks) / maxTicks);
    for (int k = a; k <= b; ++k)
        if ((k - a) % every == 0) out.push_back(std::pow(10.0, k));
    return out;
}

QString tickLabel(double v, double step) {
    if (std::abs(v) < step * 1e-6) return QStringLiteral("0");
    const int decimals = step >= 1 ? 0 : std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
    QString s = QString::number(v, 'f', decimals);
    if (s.startsWith(QLatin1Char('-'))) s.replace(0, 1, QChar(0x2212));  // a real minus sign
    return s;
}

QString decadeLabel(double v) {
    static const char16_t sup[] = u"⁰¹²³⁴⁵⁶⁷⁸⁹";
    const int k = static_cast<int>(std::lround(std::log10(v)));
    if (k == 0) return QStringLiteral("1");
    if (k == 1) return QStringLiteral("10");
    QString e;
    for (const QChar c : QString::number(std::abs(k))) e += QChar(sup[c.digitValue()]);
    return QStringLiteral("10") + (k < 0 ? QString(QChar(0x207B)) : QString()) + e;
}

}  // namespace rope::figures
