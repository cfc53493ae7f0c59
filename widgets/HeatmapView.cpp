#include "HeatmapView.h"

#include <QHelpEvent>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "Palette.h"

namespace rope::widgets {
namespace {

QColor lerp(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * t),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * t),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * t));
}

QColor stops(const std::vector<QColor>& s, double t) {
    t = std::clamp(t, 0.0, 1.0) * static_cast<double>(s.size() - 1);
    const size_t i = std::min(static_cast<size_t>(t), s.size() - 2);
    return lerp(s[i], s[i + 1], t - static_cast<double>(i));
}

constexpr int kLeft = 64, kBottom = 52, kTop = 34, kRightBar = 74;

}  // namespace

QColor colormapColor(Colormap map, double t) {
    static const std::vector<QColor> redGreen = {QColor(0xc0, 0x39, 0x2b), QColor(0xf3, 0x9c, 0x12), QColor(0xf7, 0xdc, 0x6f),
                                                  QColor(0x7d, 0xc3, 0x6b), QColor(0x1e, 0x84, 0x49)};
    static const std::vector<QColor> viridis = {QColor(0x44, 0x01, 0x54), QColor(0x3b, 0x52, 0x8b), QColor(0x21, 0x90, 0x8d),
                                                 QColor(0x5d, 0xc8, 0x63), QColor(0xfd, 0xe7, 0x25)};
    static const std::vector<QColor> magma = {QColor(0x00, 0x00, 0x04), QColor(0x51, 0x12, 0x7c), QColor(0xb7, 0x37, 0x79),
                                               QColor(0xfc, 0x89, 0x61), QColor(0xfc, 0xfd, 0xbf)};
    switch (map) {
        case Colormap::RedGreen: return stops(redGreen, t);
        case Colormap::Viridis: return stops(viridis, t);
        case Colormap::Magma: return stops(magma, t);
    }
    return Qt::black;
}

HeatmapView::HeatmapView(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(false);
}

void HeatmapView::setData(Data data) {
    m_data = std::move(data);
    setWindowTitle(m_data.title);
    update();
}

QRectF HeatmapView::plotRect() const {
    return QRectF(kLeft, kTop, std::max(10, width() - kLeft - kRightBar), std::max(10, height() - kTop - kBottom));
}

QRectF HeatmapView::cellRect(const QRectF& plot, int row, int col) const {
    const double cw = plot.width() / m_data.cols, ch = plot.height() / m_data.rows;
    const int shownRow = m_data.flipRows ? m_data.rows - 1 - row : row;
    return QRectF(plot.left() + col * cw, plot.top() + shownRow * ch, cw, ch);
}

void HeatmapView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), Qt::white);
    p.setRenderHint(QPainter::Antialiasing, false);
    QFont title = titleFont();
    p.setFont(title);
    p.setPen(Qt::black);
    p.drawText(QRectF(0, 4, width(), kTop - 6), Qt::AlignCenter, shownTitle());
    if (m_data.rows <= 0 || m_data.cols <= 0 || m_data.values.size() != static_cast<size_t>(m_data.rows) * m_data.cols) {
        p.setFont(axisFont());
        p.drawText(rect(), Qt::AlignCenter, QStringLiteral("no data yet"));
        return;
    }
    const QRectF plot = plotRect();
    paintCells(p, plot);
    paintLabels(p, plot);
    paintColorBar(p, plot);
}

void HeatmapView::paintCells(QPainter& p, const QRectF& plot) const {
    const double span = m_data.vmax > m_data.vmin ? m_data.vmax - m_data.vmin : 1;
    auto colorOf = [&](double v) { return colormapColor(m_data.colormap, (v - m_data.vmin) / span); };
    if (static_cast<long>(m_data.rows) * m_data.cols > 4096) {  // big: one image, scaled
        QImage img(m_data.cols, m_data.rows, QImage::Format_RGB32);
        for (int r = 0; r < m_data.rows; ++r) {
            auto* line = reinterpret_cast<QRgb*>(img.scanLine(m_data.flipRows ? m_data.rows - 1 - r : r));
            for (int c = 0; c < m_data.cols; ++c) {
                const double v = m_data.values[static_cast<size_t>(r) * m_data.cols + c];
                line[c] = std::isnan(v) ? qRgb(200, 200, 200) : colorOf(v).rgb();
            }
        }
        p.drawImage(plot, img);
    } else {
        p.setFont(axisFont());
        const QFontMetrics fm(axisFont());
        for (int r = 0; r < m_data.rows; ++r)
            for (int c = 0; c < m_data.cols; ++c) {
                const double v = m_data.values[static_cast<size_t>(r) * m_data.cols + c];
                const QRectF cell = cellRect(plot, r, c);
                if (std::isnan(v)) {
                    p.fillRect(cell, QBrush(QColor(200, 200, 200), Qt::BDiagPattern));
                    continue;
                }
                const QColor color = colorOf(v);
                p.fillRect(cell, color);
                if (!m_data.showValues) continue;
                const QString text = QString::asprintf(m_data.valueFormat.toLatin1().constData(), v * m_data.valueScale);
                if (fm.horizontalAdvance(text) + 4 > cell.width() || fm.height() > cell.height()) continue;  // would overlap
                p.setPen(color.lightnessF() > 0.55 ? Qt::black : Qt::white);
                p.drawText(cell, Qt::AlignCenter, text);
            }
    }
    p.setPen(QPen(QColor(255, 255, 255, 200), 1.5));
    for (int sep : m_data.colSeparators) {
        const double x = plot.left() + plot.width() * sep / m_data.cols;
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
    for (int sep : m_data.rowSeparators) {
        const int shown = m_data.flipRows ? m_data.rows - sep : sep;
        const double y = plot.top() + plot.height() * shown / m_data.rows;
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    }
    p.setPen(QPen(Qt::black, 2));
    for (const auto& [r, c] : m_data.marked) p.drawRect(cellRect(plot, r, c).adjusted(1, 1, -1, -1));
    p.setPen(QPen(QColor(0x44, 0x44, 0x44), 1));
    p.drawRect(plot);
}

void HeatmapView::paintLabels(QPainter& p, const QRectF& plot) const {
    p.setFont(axisFont());
    p.setPen(Qt::black);
    const QFontMetrics fm(axisFont());
    auto every = [](int count, double pixels, double need) { return std::max(1, static_cast<int>(std::ceil(count * need / std::max(1.0, pixels)))); };
    const int colStep = every(m_data.colLabels.size(), plot.width(), fm.horizontalAdvance(QStringLiteral("00000")) + 4);
    for (int c = 0; c < m_data.colLabels.size() && c < m_data.cols; c += colStep) {
        const QRectF cell = cellRect(plot, 0, c);
        p.drawText(QRectF(cell.center().x() - 40, plot.bottom() + 2, 80, fm.height()), Qt::AlignHCenter | Qt::AlignTop, m_data.colLabels[c]);
    }
    const int rowStep = every(m_data.rowLabels.size(), plot.height(), fm.height() + 2);
    for (int r = 0; r < m_data.rowLabels.size() && r < m_data.rows; r += rowStep) {
        const QRectF cell = cellRect(plot, r, 0);
        p.drawText(QRectF(0, cell.center().y() - fm.height() / 2.0, kLeft - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter, m_data.rowLabels[r]);
    }
    // The x title is centred under the plot but may run wider than a narrow plot (never off the view).
    const double titleWidth = std::min<double>(width(), std::max<double>(plot.width(), fm.horizontalAdvance(m_data.xTitle) + 8));
    const double titleLeft = std::clamp(plot.center().x() - titleWidth / 2, 0.0, width() - titleWidth);
    p.drawText(QRectF(titleLeft, plot.bottom() + fm.height() + 6, titleWidth, fm.height() + 4), Qt::AlignCenter,
               fm.elidedText(m_data.xTitle, Qt::ElideRight, static_cast<int>(titleWidth)));
    p.save();
    p.translate(12, plot.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-plot.height() / 2, -fm.height() / 2.0 - 2, plot.height(), fm.height() + 4), Qt::AlignCenter, m_data.yTitle);
    p.restore();
}

void HeatmapView::paintColorBar(QPainter& p, const QRectF& plot) const {
    const QRectF bar(plot.right() + 12, plot.top(), 14, plot.height());
    for (int i = 0; i < 64; ++i) {
        const double t0 = i / 64.0;
        p.fillRect(QRectF(bar.left(), bar.bottom() - bar.height() * (t0 + 1 / 64.0), bar.width(), bar.height() / 64.0 + 0.5),
                   colormapColor(m_data.colormap, t0 + 0.5 / 64));
    }
    p.setPen(QColor(0x44, 0x44, 0x44));
    p.drawRect(bar);
    p.setFont(axisFont());
    const QFontMetrics fm(axisFont());
    auto label = [&](double v, double y) {
        p.drawText(QRectF(bar.right() + 3, y - fm.height() / 2.0, kRightBar - 30, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   QString::number(v * m_data.valueScale, 'g', 3));
    };
    label(m_data.vmax, bar.top());
    label((m_data.vmin + m_data.vmax) / 2, bar.center().y());
    label(m_data.vmin, bar.bottom());
}

QString HeatmapView::shownTitle() const {
    return QFontMetrics(titleFont()).elidedText(m_data.title, Qt::ElideRight, std::max(0, width() - 8));
}

std::optional<std::pair<int, int>> HeatmapView::cellAt(QPointF pos) const {
    const QRectF plot = plotRect();
    if (!plot.contains(pos) || m_data.rows <= 0 || m_data.cols <= 0) return std::nullopt;
    const int col = std::min(m_data.cols - 1, static_cast<int>((pos.x() - plot.left()) / plot.width() * m_data.cols));
    int row = std::min(m_data.rows - 1, static_cast<int>((pos.y() - plot.top()) / plot.height() * m_data.rows));
    if (m_data.flipRows) row = m_data.rows - 1 - row;
    return std::make_pair(row, col);
}

QString HeatmapView::toolTipAt(QPointF pos) const {
    if (pos.y() < kTop) return m_data.title;  // the full title, also when the painted one is elided
    if (const auto cell = cellAt(pos)) {
        const qsizetype i = static_cast<qsizetype>(cell->first) * m_data.cols + cell->second;
        if (i < m_data.cellToolTips.size()) return m_data.cellToolTips[i];
    }
    return {};
}

bool HeatmapView::event(QEvent* event) {
    if (event->type() != QEvent::ToolTip) return QWidget::event(event);
    auto* help = static_cast<QHelpEvent*>(event);
    const QString text = toolTipAt(help->pos());
    if (text.isEmpty()) {
        QToolTip::hideText();
        event->ignore();
    } else {
        QToolTip::showText(help->globalPos(), text, this);
    }
    return true;
}

void HeatmapView::mousePressEvent(QMouseEvent* event) {
    if (const auto cell = cellAt(event->position())) Q_EMIT cellClicked(cell->first, cell->second);
}

}  // namespace rope::widgets
