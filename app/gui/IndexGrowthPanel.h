#pragma once
// The centre of the window: one 3D index-growth view per variant column (the paper's Fig. 6 in
// kind), side by side with linked cameras, each titled with its column's label.
#include <QTimer>
#include <QWidget>
#include <memory>
#include <string>
#include <vector>

#include "core/analysis/StudyResults.h"

class QHBoxLayout;

namespace rope::widgets {
class IndexGrowthView;
}

namespace rope::app {

class IndexGrowthPanel : public QWidget {
    Q_OBJECT
public:
    explicit IndexGrowthPanel(QWidget* parent = nullptr);
    void showResults(const std::shared_ptr<const StudyResults>& results);
    void resetCamera();
    /// While a parameter slider is held, scenes over 20k tokens draw an even 20k subset as flat
    /// points (the level of detail the views also use while orbiting); off renders all.
    /// Any other parameter step is shown at that level at once and refined to full detail
    /// kRefineDelayMs after the last step (progressive refinement: the new positions are on
    /// screen within one light render, every token a moment later).
    void setInteractive(bool interactive);
    static constexpr int kRefineDelayMs = 150;
    const std::vector<widgets::IndexGrowthView*>& views() const { return m_views; }
    /// PNG (any DPI) or PDF of all columns side by side, rendered offscreen; SVG is refused with a
    /// message until the vector writer for 3D views exists. Several columns are composed as one
    /// raster image (in the PDF too); a single column's PDF keeps VTK's vector text.
    bool exportFigure(const QString& path, int dpi, QString* error);

private:
    void ensureViews(size_t count);
    void refine();  ///< full detail for views still at the light level (unless a slider is held)
    QHBoxLayout* m_row;
    std::vector<widgets::IndexGrowthView*> m_views;
    std::string m_framedFor;  ///< the sequence the linked cameras were last framed for
    std::shared_ptr<const StudyResults> m_results;
    QTimer m_refine;
    bool m_held = false;  ///< a parameter slider is held: stay at the light level until released
};

}  // namespace rope::app
