#pragma once
// File → Compare with positions file… (issue 15): `ropescope check` in the GUI. Pick a column of the
// study and the .npy/.json file of position ids your pipeline computed (optionally its cos/sin);
// the check runs off the GUI thread (progress, Cancel) and lists the mismatching tokens and the
// diagnosis. Mismatching tokens are marked red in that column's 3D view until the column is
// recomputed (a parameter change makes the marks stale, so they are dropped).
#include <QDialog>
#include <QFutureWatcher>
#include <atomic>
#include <memory>

#include "core/check/CheckRun.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTextBrowser;
class QTreeWidget;

namespace rope::app {

class StudyController;
class IndexGrowthPanel;

class ComparePositionsDialog : public QDialog {
    Q_OBJECT
public:
    ComparePositionsDialog(StudyController* controller, IndexGrowthPanel* growth, QWidget* parent = nullptr);
    ~ComparePositionsDialog() override;
    /// Runs the check now with the current fields (tests and the Compare button).
    void start();
    bool isRunning() const { return m_watcher.isRunning(); }
    /// The last finished run's outcome, if it succeeded.
    const std::optional<CheckOutcome>& outcome() const { return m_outcome; }
    QString summary() const;
    void setFiles(const QString& positions, const QString& cos = {}, const QString& sin = {});

    struct Job {
        Params params;
        std::string positions, cos, sin;
        double tolerance = 1e-4;
        std::shared_ptr<std::atomic<bool>> cancel;
        std::optional<CheckOutcome> outcome;
        QString error;
        bool cancelled = false;
    };

Q_SIGNALS:
    void checkFinished();  ///< a run ended (outcome(), summary() tell how)

private:
    void refreshColumns();
    void browse(QLineEdit* edit, const QString& title);
    void jobFinished();
    void showOutcome(const CheckOutcome& o);

    StudyController* m_controller;
    IndexGrowthPanel* m_growth;
    QComboBox* m_column;
    QLineEdit* m_positions;
    QLineEdit* m_cos;
    QLineEdit* m_sin;
    QLineEdit* m_tolerance;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_summary;
    QTreeWidget* m_tokens;
    QTextBrowser* m_diagnosis;
    QFutureWatcher<std::shared_ptr<Job>> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancelFlag;
    std::optional<CheckOutcome> m_outcome;
    int m_runColumn = 0;
    Params m_runParams;  ///< the column as it was checked: marks only go on a view showing exactly it
};

}  // namespace rope::app
