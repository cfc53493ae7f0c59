#pragma once
// One attention matrix on screen — the token × token probabilities (N × N) or the frame-pooled
// T × T map — with zoom (wheel, around the pointer), pan (drag), fit (double-click or fit()), thin
// frame separators drawn only where they are at least a few pixels apart, a hover read-out of the
// cell under the pointer, and a click that reports the cell. A stale map is drawn washed out under
// a banner that says why, so old results never pass for current ones.
//
// The matrix is not copied: Data keeps a pointer into storage it co-owns (shared_ptr). The picture
// is resampled from the visible window at screen resolution (box mean over the cells a pixel
// covers), so a 10 000-token map costs what the screen shows, not N² pixels.
#include <QImage>
#include <QRectF>
#include <QString>
#include <QWidget>
#include <memory>
#include <vector>

namespace rope::app {

class AttentionMapView : public QWidget {
    Q_OBJECT
public:
    struct Data {
        int rows = 0, cols = 0;
        std::shared_ptr<const void> owner;  ///< keeps `values` alive
        const float* values = nullptr;      ///< row-major rows × cols
        double vmin = 0, vmax = 1;          ///< colour range (magma)
        double valueScale = 1;              ///< colour-bar labels show value × scale
        QString title, xTitle, yTitle, valueTitle;
        std::vector<int> separators;        ///< lines before these indices, on both axes (frames)
        int markedRow = -1, markedCol = -1; ///< the query's row (and its own cell) outlined
        QString stale;                      ///< non-empty: the map is stale, this says why
        QString placeholder;                ///< shown when there is no matrix
    };

    explicit AttentionMapView(QWidget* parent = nullptr);
    void setData(Data d);
    const Data& data() const { return m_data; }
    /// Marks the shown map stale (reason non-empty) or current (empty), keeping the matrix.
    void setStale(const QString& reason);
    bool isStale() const { return !m_data.stale.isEmpty(); }

    /// The visible part in matrix coordinates (x = column, y = row); fit() shows everything.
    QRectF window() const { return m_window; }
    void setWindow(const QRectF& w);
    void fit();
    /// Zooms by `factor` (> 1 = in) keeping the matrix point `anchor` under the same pixel.
    void zoomBy(double factor, const QPointF& anchor);
    /// The plot area in widget pixels and the matrix cell under a widget point (−1 outside).
    QRectF plotRect() const;
    QPoint cellAt(const QPointF& pos) const;
    QPointF cellCentre(int row, int col) const;  ///< widget pixels

    QSize sizeHint() const override { return {520, 460}; }
    QSize minimumSizeHint() const override { return {160, 140}; }

Q_SIGNALS:
    void cellClicked(int row, int col);

protected:
    void paintEvent(QPaintEvent*) override;
    void wheelEvent(QWheelEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void mouseDoubleClickEvent(QMouseEvent* e) override;
    void resizeEvent(QResizeEvent*) override { m_cache = QImage(); }

private:
    QImage render(const QSize& pixels) const;
    double value(int r, int c) const { return m_data.values[static_cast<size_t>(r) * m_data.cols + c]; }
    bool hasMatrix() const { return m_data.values && m_data.rows > 0 && m_data.cols > 0; }

    Data m_data;
    QRectF m_window;
    QImage m_cache;
    QRectF m_cacheWindow;
    QPointF m_pressPos, m_pressWindowTopLeft;
    bool m_dragging = false, m_pressed = false;
};

}  // namespace rope::app
