#pragma once
// The centre of the window: one 3D index-growth view per variant column (the paper's Fig. 6 in
// kind), side by side with linked cameras, each titled with its column's label.
#include <QWidget>
#include <memory>

#include "core/analysis/StudyResults.h"

class QHBoxLayout;

namespace rope::app {

class IndexGrowthPanel : public QWidget {
    Q_OBJECT
public:
    explicit IndexGrowthPanel(QWidget* parent = nullptr);
    void showResults(const std::shared_ptr<const StudyResults>& results);
    void resetCamera();
    /// PNG (any DPI) or PDF of all columns side by side, rendered offscreen; SVG is refused with a
    /// message until the vector writer for 3D views exists.
    bool exportFigure(const QString& path, int dpi, QString* error);

private:
    QHBoxLayout* m_row;
    std::shared_ptr<const StudyResults> m_results;
};

}  // namespace rope::app
