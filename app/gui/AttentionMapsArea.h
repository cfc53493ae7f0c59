#pragma once
// The attention tab's maps: one large map of the selected study column, and a thumbnail per column
// (its frame-pooled map) to switch between them. The large map shows, by default, the frame-pooled
// T × T attention (mean mass query frame a puts on key frame b: readable at any frame count);
// clicking a cell drills into that pair of frames in the token × token map, where clicking a row
// picks that query token. Zoom (wheel), pan (drag) and fit (double-click, "Fit") in both modes.
#include <QString>
#include <QWidget>
#include <memory>
#include <vector>

#include "pipeline/AttentionPipeline.h"

class QComboBox;
class QVBoxLayout;
class QPushButton;
class QToolButton;

namespace rope::app {

class AttentionMapView;

class AttentionMapsArea : public QWidget {
    Q_OBJECT
public:
    struct Column {
        QString label;
        std::shared_ptr<const ColumnAttention> result;  ///< null: not computed or failed
        QString error;
    };
    enum class Mode { Frames, Tokens };

    explicit AttentionMapsArea(QWidget* parent = nullptr);
    void setColumns(std::vector<Column> columns);
    void setQuery(int64_t token);
    void setStale(const QString& reason);
    void selectColumn(int column);
    int selectedColumn() const { return m_selected; }
    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    /// The token map, zoomed to query frame a × key frame b.
    void drillInto(int queryFrame, int keyFrame);

    AttentionMapView* mapView() const { return m_map; }
    int thumbnailCount() const { return static_cast<int>(m_thumbs.size()); }

Q_SIGNALS:
    void queryPicked(int64_t token);
    void columnSelected(int column);

private:
    void showSelected();
    void rebuildThumbnails();

    AttentionMapView* m_map;
    QComboBox* m_modeBox;
    QPushButton* m_fit;
    QVBoxLayout* m_thumbRow;
    std::vector<QToolButton*> m_thumbs;
    std::vector<Column> m_columns;
    int m_selected = 0;
    Mode m_mode = Mode::Frames;
    int64_t m_query = -1;
    QString m_stale;
};

}  // namespace rope::app
