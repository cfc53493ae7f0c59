#include "AttentionMapView.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "widgets/HeatmapView.h"

namespace rope::app {
namespace {

constexpr int kLeft = 46, kTop = 24, kBottom = 34, kRight = 62;

}  // namespace

AttentionMapView::AttentionMapView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::ClickFocus);
}

void AttentionMapView::setData(Data d) {
    const bool sameShape = d.rows == m_data.rows && d.cols == m_data.cols;
    m_data = std::move(d);
    m_cache = QImage();
    if (!sameShape || m_window.isEmpty()) fit();
    setToolTip(m_data.stale);
    update();
}

void AttentionMapView::setStale(const QString& reason) {
    m_data.stale = reason;
    setToolTip(reason);
    update();
}

void AttentionMapView::setWindow(const QRectF& w) {
    if (!hasMatrix()) return;
    const double minSide = 2.0;  // at most 2 cells across
    QRectF r = w;
    r.setWidth(std::clamp(r.width(), minSide, double(m_data.cols)));
    r.setHeight(std::clamp(r.height(), minSide, double(m_data.rows)));
    r.moveLeft(std::clamp(r.left(), 0.0, m_data.cols - r.width()));
    r.moveTop(std::clamp(r.top(), 0.0, m_data.rows - r.height()));
    m_window = r;
    m_cache = QImage();
    update();
}

void AttentionMapView::fit() {
    m_window = QRectF(0, 0, std::max(1, m_data.cols), std::max(1, m_data.rows));
    m_cache = QImage();
    update();
}

void AttentionMapView::zoomBy(double factor, const QPointF& anchor) {
    if (!hasMatrix() || factor <= 0) return;
    const QRectF w = m_window;
    const double fx = (anchor.x() - w.left()) / w.width(), fy = (anchor.y() - w.top()) / w.height();
    const double nw = w.width() / factor, nh = w.height() / factor;
    setWindow(QRectF(anchor.x() - fx * nw, anchor.y() - fy * nh, nw, nh));
}

QRectF AttentionMapView::plotRect() const {
    const double w = std::max(10, width() - kLeft - kRight), h = std::max(10, height() - kTop - kBottom);
    const double side = std::min(w, h);  // square cells for a square matrix
    const double aspect = hasMatrix() ? m_window.height() / m_window.width() : 1.0;
    double pw = w, ph = w * aspect;
    if (ph > h) ph = h, pw = h / aspect;
    (void)side;
    return QRectF(kLeft + (w - pw) / 2, kTop, pw, ph);
}

QPoint AttentionMapView::cellAt(const QPointF& pos) const {
    const QRectF plot = plotRect();
    if (!hasMatrix() || !plot.contains(pos)) return {-1, -1};
    const double x = m_window.left() + (pos.x() - plot.left()) / plot.width() * m_window.width();
    const double y = m_window.top() + (pos.y() - plot.top()) / plot.height() * m_window.height();
    return {std::clamp(static_cast<int>(x), 0, m_data.cols - 1), std::clamp(static_cast<int>(y), 0, m_data.rows - 1)};
}

QPointF AttentionMapView::cellCentre(int row, int col) const {
    const QRectF plot = plotRect();
    return {plot.left() + (col + 0.5 - m_window.left()) / m_window.width() * plot.width(),
            plot.top() + (row + 0.5 - m_window.top()) / m_window.height() * plot.height()};
}

QImage AttentionMapView::render(const QSize& px) const {
    QImage img(px, QImage::Format_RGB32);
    const double span = m_data.vmax > m_data.vmin ? m_data.vmax - m_data.vmin : 1;
    const double cw = m_window.width() / px.width(), ch = m_window.height() / px.height();
    for (int y = 0; y < px.height(); ++y) {
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(y));
        const double y0 = m_window.top() + y * ch;
        const int r0 = std::clamp(static_cast<int>(y0), 0, m_data.rows - 1);
        const int r1 = std::clamp(static_cast<int>(std::ceil(y0 + ch)), r0 + 1, m_data.rows);
        for (int x = 0; x < px.width(); ++x) {
            const double x0 = m_window.left() + x * cw;
            const int c0 = std::clamp(static_cast<int>(x0), 0, m_data.cols - 1);
            const int c1 = std::clamp(static_cast<int>(std::ceil(x0 + cw)), c0 + 1, m_data.cols);
            double sum = 0;  // box mean over the cells this pixel covers
            for (int r = r0; r < r1; ++r)
                for (int c = c0; c < c1; ++c) sum += value(r, c);
            const double v = sum / ((r1 - r0) * (c1 - c0));
            line[x] = widgets::colormapColor(widgets::Colormap::Magma, (v - m_data.vmin) / span).rgb();
        }
    }
    return img;
}

void AttentionMapView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    QFont f = font();
    f.setBold(true);
    p.setFont(f);
    p.setPen(palette().text().color());
    p.drawText(QRectF(4, 2, width() - 8, kTop - 4), Qt::AlignCenter | Qt::TextSingleLine,
               fontMetrics().elidedText(m_data.title, Qt::ElideRight, width() - 8));
    p.setFont(font());
    if (!hasMatrix()) {
        p.drawText(rect().adjusted(8, kTop, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
                   m_data.placeholder.isEmpty() ? tr("no map yet") : m_data.placeholder);
        return;
    }
    const QRectF plot = plotRect();
    const QSize px(std::max(1, static_cast<int>(plot.width())), std::max(1, static_cast<int>(plot.height())));
    if (m_cache.size() != px || m_cacheWindow != m_window) {
        const_cast<AttentionMapView*>(this)->m_cache = render(px);
        const_cast<AttentionMapView*>(this)->m_cacheWindow = m_window;
    }
    p.drawImage(plot.topLeft(), m_cache);
    // Frame separators: 1 px, translucent, only where neighbours are ≥ 4 px apart on screen.
    const double sx = plot.width() / m_window.width(), sy = plot.height() / m_window.height();
    double minGap = 1e9;
    for (size_t i = 1; i < m_data.separators.size(); ++i) minGap = std::min<double>(minGap, m_data.separators[i] - m_data.separators[i - 1]);
    if (!m_data.separators.empty() && std::min(minGap * sx, minGap * sy) >= 4) {
        p.setPen(QPen(QColor(255, 255, 255, 110), 1));
        for (int s : m_data.separators) {
            const double x = plot.left() + (s - m_window.left()) * sx, y = plot.top() + (s - m_window.top()) * sy;
            if (x > plot.left() && x < plot.right()) p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
            if (y > plot.top() && y < plot.bottom()) p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        }
    }
    p.setClipRect(plot);
    if (m_data.markedRow >= 0) {  // the query's row, and its own cell
        const double y = plot.top() + (m_data.markedRow - m_window.top()) * sy;
        p.setPen(QPen(QColor(0, 220, 255), 1.5));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(plot.left(), y, plot.width(), std::max(2.0, sy)));
        if (m_data.markedCol >= 0)
            p.drawRect(QRectF(plot.left() + (m_data.markedCol - m_window.left()) * sx - 2, y - 2, std::max(2.0, sx) + 4, std::max(2.0, sy) + 4));
    }
    p.setClipping(false);
    p.setPen(palette().mid().color());
    p.drawRect(plot);
    // Axis titles and the visible index range.
    p.setPen(palette().text().color());
    const QFontMetrics fm = fontMetrics();
    p.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), fm.height()), Qt::AlignLeft,
               QString::number(static_cast<int>(m_window.left())));
    p.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), fm.height()), Qt::AlignRight,
               QString::number(static_cast<int>(std::ceil(m_window.right())) - 1));
    p.drawText(QRectF(plot.left() - kLeft, plot.top(), kLeft - 3, fm.height()), Qt::AlignRight | Qt::AlignTop,
               QString::number(static_cast<int>(m_window.top())));
    p.drawText(QRectF(plot.left() - kLeft, plot.bottom() - fm.height(), kLeft - 3, fm.height()), Qt::AlignRight | Qt::AlignBottom,
               QString::number(static_cast<int>(std::ceil(m_window.bottom())) - 1));
    p.drawText(QRectF(plot.left(), plot.bottom() + 2 + fm.height(), plot.width(), fm.height()), Qt::AlignCenter,
               fm.elidedText(m_data.xTitle, Qt::ElideRight, static_cast<int>(plot.width())));
    p.save();
    p.translate(std::max(12.0, plot.left() - kLeft + 12), plot.center().y());  // beside the plot
    p.rotate(-90);
    p.drawText(QRectF(-plot.height() / 2, -fm.height() / 2.0, plot.height(), fm.height()), Qt::AlignCenter,
               fm.elidedText(m_data.yTitle, Qt::ElideRight, static_cast<int>(plot.height())));
    p.restore();
    // Colour bar.
    const QRectF bar(plot.right() + 8, plot.top(), 10, plot.height());
    for (int i = 0; i < 64; ++i)
        p.fillRect(QRectF(bar.left(), bar.bottom() - bar.height() * (i + 1) / 64.0, bar.width(), bar.height() / 64.0 + 0.5),
                   widgets::colormapColor(widgets::Colormap::Magma, (i + 0.5) / 64));
    p.setPen(palette().mid().color());
    p.drawRect(bar);
    p.setPen(palette().text().color());
    if (m_data.valueScale != 1)  // the labels are value × scale: say so above the bar
        p.drawText(QRectF(bar.left() - 4, bar.bottom() + fm.height() + 2, kRight, fm.height()), Qt::AlignLeft,
                   QStringLiteral("×1/%1").arg(m_data.valueScale, 0, 'g', 6));
    for (const auto& [v, y] : {std::pair{m_data.vmax, bar.top()}, std::pair{m_data.vmin, bar.bottom()}})
        p.drawText(QRectF(bar.right() + 2, y - fm.height() / 2.0, kRight - 20, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   QString::number(v * m_data.valueScale, 'g', 3));
    if (isStale()) {  // washed out under a banner
        p.fillRect(plot, QColor(255, 255, 255, 150));
        const QRectF banner(plot.left(), plot.top() + plot.height() / 2 - fm.height(), plot.width(), 2 * fm.height());
        p.fillRect(banner, QColor(176, 58, 46, 220));
        p.setPen(Qt::white);
        p.drawText(banner.adjusted(4, 0, -4, 0), Qt::AlignCenter | Qt::TextWordWrap,
                   fm.elidedText(tr("stale — %1").arg(m_data.stale), Qt::ElideRight, static_cast<int>(2 * banner.width() - 16)));
    }
}

void AttentionMapView::wheelEvent(QWheelEvent* e) {
    const QPoint cell = cellAt(e->position());
    if (cell.x() < 0) return;
    const QRectF plot = plotRect();
    const QPointF anchor(m_window.left() + (e->position().x() - plot.left()) / plot.width() * m_window.width(),
                         m_window.top() + (e->position().y() - plot.top()) / plot.height() * m_window.height());
    zoomBy(std::pow(1.0015, e->angleDelta().y()), anchor);
    e->accept();
}

void AttentionMapView::mousePressEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton) return;
    m_pressed = true;
    m_dragging = false;
    m_pressPos = e->position();
    m_pressWindowTopLeft = m_window.topLeft();
}

void AttentionMapView::mouseMoveEvent(QMouseEvent* e) {
    if (m_pressed) {
        const QPointF d = e->position() - m_pressPos;
        if (!m_dragging && d.manhattanLength() > 4) m_dragging = true;
        if (m_dragging) {
            const QRectF plot = plotRect();
            setWindow(QRectF(m_pressWindowTopLeft - QPointF(d.x() / plot.width() * m_window.width(), d.y() / plot.height() * m_window.height()),
                             m_window.size()));
        }
        return;
    }
    const QPoint cell = cellAt(e->position());
    if (cell.x() < 0 || !hasMatrix()) return;
    QToolTip::showText(e->globalPosition().toPoint(),
                       tr("row %1, column %2: %3 %4").arg(cell.y()).arg(cell.x())
                           .arg(value(cell.y(), cell.x()), 0, 'g', 4).arg(m_data.valueTitle) +
                           (isStale() ? QStringLiteral("\n") + tr("stale — %1").arg(m_data.stale) : QString()),
                       this);
}

void AttentionMapView::mouseReleaseEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton || !m_pressed) return;
    m_pressed = false;
    if (m_dragging) return;
    const QPoint cell = cellAt(e->position());
    if (cell.x() >= 0) Q_EMIT cellClicked(cell.y(), cell.x());
}

void AttentionMapView::mouseDoubleClickEvent(QMouseEvent*) { fit(); }

}  // namespace rope::app
