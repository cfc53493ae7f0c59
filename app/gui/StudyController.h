#pragma once
// Owns the one current Study and turns parameter changes into results for the views.
//
// Why it looks like this: a δ drag fires dozens of changes a second and a 64k-token study takes
// tens of milliseconds to compute, so computing on the GUI thread would freeze the window and
// computing every change would queue stale work. The controller therefore keeps at most one job
// on a worker thread; changes that arrive while it runs only mark the study dirty, and when the
// job ends the newest study is computed next — every request in between is dropped (counted in
// droppedRequests()). Results are plain data (core types) handed over through a shared_ptr.
//
// Every change goes through the undo stack as a before/after snapshot; edits of one key merge only
// within one continuous edit (begin/endContinuousEdit around a slider drag), so one drag is one
// undo step and separate edits stay separate steps. A change that breaks a rule between fields (e.g.
// sections no longer summing to head_dim/2) is kept — the user may be half-way through a two-field
// edit — and reported through computeFailed(); the views keep the last good picture.
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QUndoStack>
#include <memory>

#include "core/Study.h"
#include "core/analysis/StudyResults.h"

namespace rope::app {

struct ComputeOutcome {
    std::shared_ptr<const StudyResults> results;
    QString error;
    double milliseconds = 0;
    quint64 generation = 0;
};

class StudyController : public QObject {
    Q_OBJECT
public:
    explicit StudyController(QObject* parent = nullptr);
    ~StudyController() override;

    const Study& study() const { return m_study; }
    QUndoStack* undoStack() { return &m_undo; }
    std::shared_ptr<const StudyResults> results() const { return m_results; }

    /// A parameter edit from the GUI. Field rules are checked now (bad value: returns false, sets
    /// *error, changes nothing); rules between fields are checked when computing.
    bool setParam(const QString& key, const QString& value, int column, QString* error = nullptr);
    /// A slider drag starts / ends: edits in between merge into one undo step.
    void beginContinuousEdit();
    void endContinuousEdit();
    bool addColumn();
    bool removeColumn(int column);
    /// Replaces the whole study (new/open): not undoable, clears the undo stack.
    void resetStudy(const Study& study, const QString& filePath);

    bool openFile(const QString& path, QString* error);
    bool saveFile(const QString& path, QString* error);  ///< atomic (QSaveFile)
    QString filePath() const { return m_filePath; }
    bool isModified() const { return !m_undo.isClean(); }

    /// Applies a snapshot without touching the undo stack (used by undo commands).
    void applySnapshot(const Study& study);

    // For tests and the benchmark mode.
    bool isBusy() const { return m_running || m_dirty; }
    int droppedRequests() const { return m_dropped; }
    int completedJobs() const { return m_completed; }

Q_SIGNALS:
    void studyChanged();
    void resultsReady(std::shared_ptr<const rope::StudyResults> results, double milliseconds);
    void computeFailed(const QString& message);
    void fileStateChanged();
    /// Something the controller did besides the edit asked for (sections rescaled with head_dim).
    void notice(const QString& message);

private:
    void pushChange(const Study& after, const QString& text, const QString& mergeKey);
    void requestCompute();
    void startJob();
    void jobFinished();

    Study m_study;
    QUndoStack m_undo;
    QString m_filePath;
    std::shared_ptr<const StudyResults> m_results;
    QFutureWatcher<ComputeOutcome> m_watcher;
    quint64 m_generation = 0;
    bool m_running = false;  ///< a job is out; cleared only when its finished signal is handled
    bool m_dirty = false;
    bool m_continuousEdit = false;
    quint64 m_editSerial = 0;  ///< changes at each begin/end of a continuous edit
    int m_dropped = 0;
    int m_completed = 0;
};

}  // namespace rope::app
