#pragma once
// The band split of one study column (Fig. 3 of the VideoRoPE paper in kind): each rotary band's
// share of the logits q̃·k̃/√d, averaged over the queries of a frame (rows) and the keys of a frame
// (columns). First group: attention.bands (default the fast / slow halves of the spectrum); second:
// the pairs driven by t, h and w. Colour ranges are shared within a group.
#include <QString>
#include <QWidget>
#include <memory>
#include <vector>

class QGridLayout;
class QLabel;

namespace rope {
struct ColumnAttention;
}
namespace rope::widgets {
class HeatmapView;
}

namespace rope::app {

class AttentionBandsView : public QWidget {
    Q_OBJECT
public:
    explicit AttentionBandsView(QWidget* parent = nullptr);
    /// The column's results (null: placeholder) and its label for the heading.
    void setColumn(std::shared_ptr<const ColumnAttention> column, const QString& label);
    void setStale(const QString& reason);
    std::vector<widgets::HeatmapView*> maps() const { return m_maps; }

protected:
    void resizeEvent(QResizeEvent*) override {
        if (perRow() != m_perRow) rebuild();
    }

private:
    int perRow() const { return width() >= 560 ? 2 : 1; }  ///< maps side by side only where they stay readable
    int m_perRow = 0;
    QLabel* m_heading;
    QGridLayout* m_grid;
    std::vector<widgets::HeatmapView*> m_maps;
    std::shared_ptr<const ColumnAttention> m_column;
    QString m_label, m_stale;
    void rebuild();
};

}  // namespace rope::app
