#include "AttentionFrameStrip.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>

#include "media/Frames.h"
#include "widgets/HeatmapView.h"

namespace rope::app {

constexpr int kThumbHeight = 66;  ///< frame thumbnails, pixels

/// One frame: the image (with its overlay) over a one-line caption; clicks report the patch.
class FrameTile : public QWidget {
public:
    FrameTile(QImage image, int rows, int cols, QString caption, int index, AttentionFrameStrip* strip)
        : m_image(std::move(image)), m_rows(rows), m_cols(cols), m_caption(std::move(caption)), m_index(index), m_strip(strip) {
        const int w = std::max(24, m_image.width() * kThumbHeight / std::max(1, m_image.height()));
        setFixedSize(w, kThumbHeight + fontMetrics().height() + 2);
        setCursor(Qt::CrossCursor);
        setToolTip(QObject::tr("%1 — click a patch to make it the query token").arg(m_caption));
    }
    QRect imageRect() const { return {0, 0, width(), kThumbHeight}; }
    QRect patchRect(int r, int c) const {
        const double sx = double(width()) / m_cols, sy = double(kThumbHeight) / m_rows;
        return QRectF(c * sx, r * sy, sx, sy).toAlignedRect();
    }
    bool stale = false;

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        p.drawImage(imageRect(), m_image);
        if (stale) p.fillRect(imageRect(), QColor(255, 255, 255, 140));
        p.setPen(palette().text().color());
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * 0.85);
        p.setFont(f);
        p.drawText(QRect(0, kThumbHeight + 1, width(), height() - kThumbHeight - 1), Qt::AlignCenter,
                   QFontMetrics(f).elidedText(m_caption, Qt::ElideRight, width()));
    }
    void mouseReleaseEvent(QMouseEvent* e) override {
        if (e->button() != Qt::LeftButton || !imageRect().contains(e->position().toPoint()) || m_rows <= 0 || m_cols <= 0) return;
        const int c = std::clamp(static_cast<int>(e->position().x() * m_cols / width()), 0, m_cols - 1);
        const int r = std::clamp(static_cast<int>(e->position().y() * m_rows / kThumbHeight), 0, m_rows - 1);
        Q_EMIT m_strip->patchClicked(m_index, r, c);
    }

private:
    QImage m_image;
    int m_rows, m_cols;
    QString m_caption;
    int m_index;
    AttentionFrameStrip* m_strip;
};

AttentionFrameStrip::AttentionFrameStrip(QWidget* parent)
    : QWidget(parent), m_title(new QLabel), m_scroll(new QScrollArea), m_inner(new QWidget), m_row(new QHBoxLayout(m_inner)) {
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(2);
    m_title->setWordWrap(false);
    m_title->setTextFormat(Qt::RichText);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // never widens the window
    v->addWidget(m_title);
    m_row->setContentsMargins(2, 2, 2, 2);
    m_row->setSpacing(4);
    m_scroll->setWidget(m_inner);
    m_scroll->setWidgetResizable(true);
    m_scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    const int h = kThumbHeight + fontMetrics().height() + 22;
    m_scroll->setFixedHeight(h);
    v->addWidget(m_scroll);
    rebuild();
}

void AttentionFrameStrip::setFrames(std::shared_ptr<const Frames> frames, int rows, int cols) {
    m_frames = std::move(frames);
    m_rows = rows, m_cols = cols;
    m_overlay.clear();
    m_query = -1;
    rebuild();
}

void AttentionFrameStrip::setOverlay(std::vector<Eigen::MatrixXf> perFrame, int64_t query) {
    m_overlay = std::move(perFrame);
    m_query = query;
    rebuild();
}

void AttentionFrameStrip::setTitle(const QString& html) {
    m_title->setText(html);
    m_title->setToolTip(html);
}

void AttentionFrameStrip::setStale(const QString& reason) {
    m_stale = reason;
    for (FrameTile* t : m_tiles) {
        t->stale = !reason.isEmpty();
        t->update();
    }
}

QWidget* AttentionFrameStrip::tile(int frame) const {
    return frame >= 0 && frame < tileCount() ? m_tiles[static_cast<size_t>(frame)] : nullptr;
}

QRect AttentionFrameStrip::patchRect(int frame, int row, int col) const {
    return frame >= 0 && frame < tileCount() ? m_tiles[static_cast<size_t>(frame)]->patchRect(row, col) : QRect();
}

void AttentionFrameStrip::rebuild() {
    for (FrameTile* t : m_tiles) delete t;
    m_tiles.clear();
    while (QLayoutItem* item = m_row->takeAt(0)) delete item;
    const Frames* fr = m_frames.get();
    if (!fr || fr->count == 0) {
        m_row->addStretch(1);
        return;
    }
    float peak = 0;
    for (const Eigen::MatrixXf& m : m_overlay) peak = std::max(peak, m.size() ? m.maxCoeff() : 0.f);
    const int64_t perFrame = int64_t(m_rows) * m_cols;
    const int64_t qFrame = m_query >= 0 && perFrame > 0 ? m_query / perFrame : -1;
    for (int64_t t = 0; t < fr->count; ++t) {
        QImage frame = QImage(fr->frame(t), fr->width, fr->height, fr->width * 3, QImage::Format_RGB888).convertToFormat(QImage::Format_ARGB32);
        double mass = -1;
        if (t < static_cast<int64_t>(m_overlay.size()) && peak > 0 && m_overlay[static_cast<size_t>(t)].size()) {
            const Eigen::MatrixXf& k = m_overlay[static_cast<size_t>(t)];
            mass = k.sum();
            QImage heat(static_cast<int>(k.cols()), static_cast<int>(k.rows()), QImage::Format_ARGB32);
            for (int r = 0; r < heat.height(); ++r)
                for (int c = 0; c < heat.width(); ++c) {
                    const double v = k(r, c) / peak;
                    QColor col = widgets::colormapColor(widgets::Colormap::Magma, 0.35 + 0.65 * v);
                    col.setAlpha(static_cast<int>(230 * v));  // unattended patches stay clear
                    heat.setPixelColor(c, r, col);
                }
            QPainter p(&frame);
            p.drawImage(QRect(0, 0, frame.width(), frame.height()), heat);
        }
        if (t == qFrame && m_cols > 0 && m_rows > 0) {
            QPainter p(&frame);
            const double sx = double(frame.width()) / m_cols, sy = double(frame.height()) / m_rows;
            const int64_t q = m_query % perFrame;
            p.setPen(QPen(QColor(0, 255, 255), std::max(2.0, sx / 6)));
            p.drawRect(QRectF((q % m_cols) * sx, (q / m_cols) * sy, sx, sy));
        }
        const double ts = t < static_cast<int64_t>(fr->timestamps.size()) ? fr->timestamps[static_cast<size_t>(t)] : 0.0;
        // Short captions (the thumbnails are narrow); the tooltip has the whole story.
        const QString caption = mass >= 0 ? tr("t=%1 · %2").arg(t).arg(mass, 0, 'f', 2) : tr("t=%1 · %2 s").arg(t).arg(ts, 0, 'f', 1);
        const QString details = tr("frame %1 (source frame %2, %3 s)%4")
                                    .arg(t).arg(t < static_cast<int64_t>(fr->sourceIndices.size()) ? fr->sourceIndices[static_cast<size_t>(t)] : t)
                                    .arg(ts, 0, 'f', 2)
                                    .arg(mass >= 0 ? tr(", attention mass of the query on it %1").arg(mass, 0, 'f', 3) : QString());
        auto* tile = new FrameTile(frame, m_rows, m_cols, caption, static_cast<int>(t), this);
        tile->setToolTip(tr("%1 — click a patch to make it the query token").arg(details));
        tile->stale = !m_stale.isEmpty();
        m_row->addWidget(tile);
        m_tiles.push_back(tile);
    }
    m_row->addStretch(1);
}

}  // namespace rope::app
