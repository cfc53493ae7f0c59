#pragma once
// The V-NIAH / V-NIAH-D experiment in the window (paper Fig. 7 and Table 3 in kind).
//
// Left: the experiment's settings, generated from the vniah.* schema entries (edited through the
// StudyController, so they are undoable and saved with the study). Run computes, for every variant
// column of the study, both tasks on a worker thread with progress and Cancel. Results are cached
// by (column parameters, settings, task): after a δ or allocation change only the changed column
// is re-run. Right: one heatmap per (column, task) — haystack length across, needle depth up,
// red (fail) → green (success), accuracy in the title — Table 3 with the paper's numbers beside
// ours, and a drill-down: click a cell to see attention mass per frame for one trial (needle and
// distractors marked) and the temporal part of the positional term.
#include <QFutureWatcher>
#include <QWidget>
#include <atomic>
#include <map>
#include <memory>
#include <string>

#include "core/vniah/VniahExperiment.h"

class QGridLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QChart;

namespace rope::widgets {
class HeatmapView;
class ParameterPanel;
}  // namespace rope::widgets

namespace rope::app {

class StudyController;

class VniahPanel : public QWidget {
    Q_OBJECT
public:
    explicit VniahPanel(StudyController* controller, QWidget* parent = nullptr);
    ~VniahPanel() override;
    /// Starts a run of what is not cached (no-op while one runs). Returns false if nothing to run.
    bool run();
    void cancel();
    bool isRunning() const;
    /// Grids currently shown, column-major (column 0 v-niah, column 0 v-niah-d, column 1 …).
    std::vector<VniahGrid> shownGrids() const;

    struct Job;  ///< one run: what to compute, and what came back

Q_SIGNALS:
    void runFinished(bool completed);

private:
    std::string cacheKey(const Params& p, VniahTask task) const;
    void showGrids();
    void showTable(const std::vector<VniahGrid>& grids);
    void showCase(const VniahGrid& grid, int lengthIndex, int depthIndex);
    void jobFinished();
    void setRunning(bool running);

    StudyController* m_controller;
    widgets::ParameterPanel* m_settings;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_status;
    QGridLayout* m_heatmaps;
    QTableWidget* m_table;
    QChart* m_massChart;
    QChart* m_termChart;
    std::map<std::string, VniahGrid> m_cache;
    std::shared_ptr<std::atomic<bool>> m_cancelFlag;
    QFutureWatcher<std::shared_ptr<Job>> m_watcher;
};

/// The paper's Table 3 accuracy (percent) for a variant and task, or a negative number if the
/// paper has none (RoPE-Tie).
double paperAccuracy(const VariantId& v, VniahTask task);

}  // namespace rope::app
