#pragma once
// A labelled heatmap painted with QPainter, so it exports as vectors (SVG/PDF) like the charts:
// title, axis titles, tick labels, a colour bar with its range, optional separator lines (frame
// boundaries) and marked cells. Small grids (V-NIAH: length × depth) are drawn cell by cell with
// their values written in; large ones (token × token attention) go through one QImage.
//
//   HeatmapView::Data d;
//   d.rows = 6; d.cols = 15; d.values = ...;   // row-major, rows × cols
//   d.colormap = Colormap::RedGreen; d.vmin = 0; d.vmax = 1;
//   view->setData(d);   // cellClicked(row, col) on a click
//
// A title wider than the view is elided; hovering it shows the full text. d.cellToolTips (row-major,
// like values) gives each cell its hover text.
#include <QColor>
#include <QStringList>
#include <QWidget>
#include <optional>
#include <utility>
#include <vector>

namespace rope::widgets {

enum class Colormap { RedGreen, Viridis, Magma };

/// Colour of t in [0, 1] on a colormap.
QColor colormapColor(Colormap map, double t);

class HeatmapView : public QWidget {
    Q_OBJECT
public:
    struct Data {
        int rows = 0, cols = 0;
        std::vector<double> values;     ///< row-major; NaN = no value (drawn hatched grey)
        QStringList rowLabels, colLabels;  ///< may be shorter than rows/cols: labels are thinned
        QString title, xTitle, yTitle, valueTitle;
        double vmin = 0, vmax = 1;
        Colormap colormap = Colormap::Viridis;
        bool showValues = false;        ///< write each value in its cell (small grids)
        QString valueFormat = QStringLiteral("%.0f");
        double valueScale = 1;          ///< shown value = value × scale (e.g. 100 for percent)
        std::vector<int> rowSeparators, colSeparators;  ///< lines before these indices
        std::vector<std::pair<int, int>> marked;        ///< cells outlined (row, col)
        bool flipRows = false;          ///< row 0 at the bottom (depth axes)
        QStringList cellToolTips;       ///< row-major hover text per cell (empty: none)
    };

    explicit HeatmapView(QWidget* parent = nullptr);
    void setData(Data data);
    const Data& data() const { return m_data; }
    QSize sizeHint() const override { return {420, 320}; }
    QSize minimumSizeHint() const override { return {220, 180}; }
    /// The (row, col) of the cell under a point in this widget's coordinates, if any.
    std::optional<std::pair<int, int>> cellAt(QPointF pos) const;
    /// The hover text at a point: the full title over the title, the cell's text over a cell.
    QString toolTipAt(QPointF pos) const;
    /// The title as painted (elided to the width when it does not fit).
    QString shownTitle() const;

Q_SIGNALS:
    void cellClicked(int row, int col);

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    QRectF plotRect() const;
    QRectF cellRect(const QRectF& plot, int row, int col) const;
    void paintCells(QPainter& p, const QRectF& plot) const;
    void paintLabels(QPainter& p, const QRectF& plot) const;
    void paintColorBar(QPainter& p, const QRectF& plot) const;
    Data m_data;
};

}  // namespace rope::widgets
