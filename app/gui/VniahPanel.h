#pragma once
// The V-NIAH / V-NIAH-D experiment in the window (paper Fig. 7 and Table 3 in kind).
//
// Left: the experiment's settings, generated from the vniah.* schema entries (edited through the
// StudyController, so they are undoable and saved with the study), Run / Cancel and one progress
// bar over the whole run ("grid k of n"; it never goes back). Run computes, for every variant
// column of the study, both tasks on a worker thread, one grid after another; each grid appears as
// soon as it is done. Results are cached by (column parameters, settings, task): after a δ or
// allocation change only the changed column is re-run. Right: one heatmap per (column, task) —
// haystack length across, needle depth up, red (fail) → green (success), accuracy in the title,
// hover a cell for its numbers — Table 3 with the paper's numbers beside ours and a note on why
// they differ, and a drill-down (VniahDrillDown) of the clicked cell, which is outlined. Whatever
// no longer matches the current parameters is cleared: heatmaps read "not run yet", the table
// "—", and the drill-down empties with the reason.
#include <QFutureWatcher>
#include <QWidget>
#include <atomic>
#include <map>
#include <memory>
#include <string>

#include "core/vniah/VniahExperiment.h"
#include "VniahTable3.h"  // paperAccuracy

class QBoxLayout;
class QGridLayout;
class QScrollArea;
class QLabel;
class QProgressBar;
class QPushButton;

namespace rope::widgets {
class HeatmapView;
class ParameterPanel;
}  // namespace rope::widgets

namespace rope::app {

class StudyController;
class VniahDrillDown;
class VniahTable3;

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
    /// Opens the drill-down of one cell of the grid shown at `index` (shownGrids() order).
    bool selectCell(size_t index, int lengthIndex, int depthIndex);
    const VniahDrillDown* drillDown() const { return m_drill; }
    /// Table 3 and the note under it on why our numbers differ from the paper's.
    VniahTable3* table3() const { return m_table3; }

    struct Job;  ///< one run: what to compute, and what came back

Q_SIGNALS:
    void runFinished(bool completed);
    /// A grid of the run finished and is shown: `done` of `total`.
    void gridFinished(int done, int total);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    std::string cacheKey(const Params& p, VniahTask task) const;
    void showGrids();
    void showTable();
    void relayoutResults();
    void showCase(const std::string& key, int lengthIndex, int depthIndex);
    void forgetStaleSelection();
    void gridProgress(size_t index, double fraction);
    void gridDone(const std::string& key, const VniahGrid& grid);
    void showProgress(int value);
    void jobFinished();
    void setRunning(bool running);

    /// The cell shown in the drill-down: its grid's cache key and (length, depth) indices.
    struct Selection {
        std::string key;
        int length = -1, depth = -1;
    };

    StudyController* m_controller;
    widgets::ParameterPanel* m_settings;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_status;
    QGridLayout* m_heatmaps;
    QWidget* m_maps;
    std::vector<widgets::HeatmapView*> m_views;  ///< column-major, as in the grid
    int m_mapsPerRow = 0;
    QBoxLayout* m_resultsLayout = nullptr;
    QScrollArea* m_results = nullptr;
    VniahTable3* m_table3;
    VniahDrillDown* m_drill;
    Selection m_selected;
    std::map<std::string, VniahGrid> m_cache;
    int m_gridsTotal = 0, m_gridsDone = 0;  ///< of the current run
    int m_runId = 0;
    std::shared_ptr<std::atomic<bool>> m_cancelFlag;
    QFutureWatcher<std::shared_ptr<Job>> m_watcher;
};

}  // namespace rope::app
