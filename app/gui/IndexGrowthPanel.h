#pragma once
// The centre of the window: one 3D index-growth view per variant column (the paper's Fig. 6 in
// kind), side by side, each titled with its column's label, with a token inspector below.
//
//   [Fit] [☐ Same scale] [streams: s0 s1 s2]                      click a token to pin it
//   ┌ M-RoPE ─────────┐┌ VideoRoPE (δ = 2) ┐
//   │   3D view       ││   3D view          │   orientation linked, zoom and centre per column
//   └─────────────────┘└────────────────────┘
//   token inspector: the pinned token in every column (segment, position, rule, angle)
//
// Framing: every column frames its own data when its data change, until the user moves a camera;
// then "Fit" is enabled (and the View menu's Fit 3D views). Reset (Ctrl+R) returns every column to
// the default orientation, each framed. "Same scale" gives every column one zoom, for comparing
// extents side by side.
#include <QTimer>
#include <QWidget>
#include <memory>
#include <string>
#include <vector>

#include "core/analysis/StudyResults.h"

class QAction;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QSplitter;
class QToolButton;

namespace rope::widgets {
class IndexGrowthView;
class TokenInspector;
}  // namespace rope::widgets

namespace rope::app {

class IndexGrowthPanel : public QWidget {
    Q_OBJECT
public:
    explicit IndexGrowthPanel(QWidget* parent = nullptr);
    void showResults(const std::shared_ptr<const StudyResults>& results);
    /// Default orientation, every column framed on its own data.
    void resetCamera();
    /// Frames every column again in the current orientation.
    void fit();
    /// "Fit 3D views" (enabled once the user moved a camera) and "Same scale in 3D views".
    QAction* fitAction() const { return m_fitAction; }
    QAction* sameScaleAction() const { return m_sameScaleAction; }
    /// While a parameter slider is held, scenes over 20k tokens draw an even 20k subset as flat
    /// points (the level of detail the views also use while orbiting); off renders all.
    /// Any other parameter step is shown at that level at once and refined to full detail
    /// kRefineDelayMs after the last step (progressive refinement: the new positions are on
    /// screen within one light render, every token a moment later).
    void setInteractive(bool interactive);
    static constexpr int kRefineDelayMs = 150;
    const std::vector<widgets::IndexGrowthView*>& views() const { return m_views; }
    widgets::TokenInspector* inspector() const { return m_inspector; }
    /// Pins a token of column `column` (laid-out index), as a click there does.
    void pinToken(int column, qint64 token);
    /// Which position rows four-stream columns (VRoPE) draw on x, y, z: the stream left out
    /// (0 … 3; default 3: x = s2, y = s1, z = s0).
    void setHiddenStream(int stream);
    /// PNG (any DPI) or PDF of all columns side by side, rendered offscreen; SVG is refused with a
    /// message until the vector writer for 3D views exists. Several columns are composed as one
    /// raster image (in the PDF too); a single column's PDF keeps VTK's vector text.
    bool exportFigure(const QString& path, int dpi, QString* error);

private:
    void ensureViews(size_t count);
    void refine();  ///< full detail for views still at the light level (unless a slider is held)
    void updateFitAction();
    void applyStreams();
    void showPin();
    QHBoxLayout* m_row;
    std::vector<widgets::IndexGrowthView*> m_views;
    std::string m_framedFor;  ///< the sequence the linked views were last framed for
    std::shared_ptr<const StudyResults> m_results;
    QTimer m_refine;
    bool m_held = false;  ///< a parameter slider is held: stay at the light level until released
    QAction* m_fitAction;
    QAction* m_sameScaleAction;
    QComboBox* m_streams;
    QLabel* m_streamsLabel;
    widgets::TokenInspector* m_inspector;  ///< shown while a token is pinned
    QSplitter* m_split;
};

}  // namespace rope::app
