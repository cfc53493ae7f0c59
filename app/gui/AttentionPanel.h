#pragma once
// "Attention on a video": attention maps of a real video's tokens under each variant column of the
// study — the GUI face of the pipeline `ropescope attention` also uses (pipeline/AttentionPipeline.h).
//
// Inputs are the study's attention.* parameters (video, frames / fps, grid, model, layer, head,
// causal, bands): every control edits them through the StudyController (undoable, saved with the
// study) and follows the study when it changes (File → Open restores them).
// Two stages, both on a worker thread with monotone progress and Cancel (AttentionJobs.h):
//   1. q/k    decode + model, or a capture file — cached;
//   2. attention for every study column on the cached q/k; a study change (δ drag, layer, head,
//      causal, bands) re-runs only this stage, coalesced while one runs.
// Views: the frame strip (click a patch: that query token), the maps (AttentionMapsArea: one large
// map, a thumbnail per column, frame-pooled by default with drill-in to tokens) and the band split.
// Stale results are marked: whenever the shown maps were computed for other inputs than the
// study's current ones (another video, other frames, a cancelled recompute, ...), every map, the
// strip and the band split say so, until a run brings them up to date.
// A video whose stream ends before its header's frame count (Debian's tree.avi: 444 promised, 68
// decode) is refused like on the command line; a dialog offers to use the frames that decode.
#include <QFutureWatcher>
#include <QString>
#include <QWidget>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "AttentionJobs.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace rope::figures {
struct AttentionFigureInput;
}

namespace rope::app {

class AttentionBandsView;
class AttentionFrameStrip;
class AttentionMapsArea;
class StudyController;

class AttentionPanel : public QWidget {
    Q_OBJECT
public:
    explicit AttentionPanel(StudyController* controller, QWidget* parent = nullptr);
    ~AttentionPanel() override;

    /// Probes the file (no decoding), shows duration/fps/size and sets attention.video.
    /// False (status says why) if unusable.
    bool loadVideo(const QString& path);
    /// A TorchScript model or q/k capture file (attention.model); empty = the built-in model.
    bool setModelFile(const QString& path);
    void setFrameCount(int frames);
    void setGrid(const QString& grid);  ///< "RxC" such as "9x16", or "auto"
    void setLayerHead(int layer, int head);
    void setCausal(bool causal);

    /// Starts q/k + attention on a worker. False (status says why) if it cannot start.
    bool run();
    void cancel();
    bool isRunning() const;

    /// What to do with a truncated video: gets the message and the decodable frame count, returns
    /// true to sample from the frames that decode. Default: a dialog.
    void setTruncatedVideoPrompt(std::function<bool(const QString& message, int64_t decodable)> prompt) { m_truncatedPrompt = std::move(prompt); }

    // For tests, exports and the figure.
    QString videoPath() const;
    QString statusText() const;
    int modelRuns() const { return m_modelRuns; }
    int attentionRuns() const { return m_attentionRuns; }
    bool hasCapture() const { return m_qk != nullptr; }
    std::shared_ptr<const QkInputs> qkInputs() const { return m_qk; }
    std::shared_ptr<const AttentionMap> attentionMap(int column) const;
    std::shared_ptr<const ColumnAttention> columnResult(int column) const;
    std::vector<QString> columnLabels() const { return m_labels; }
    int64_t queryToken() const { return m_query; }
    void setQueryToken(int64_t token);
    /// Why the shown maps are stale (empty: current, or nothing shown).
    QString staleReason() const { return m_stale; }
    /// The maps on screen as the figure layer's input (null: nothing computed); stale maps say so
    /// in the figure's caption.
    std::shared_ptr<const figures::AttentionFigureInput> figureInput() const;
    AttentionMapsArea* mapsArea() const { return m_maps; }
    AttentionFrameStrip* frameStrip() const { return m_strip; }
    AttentionBandsView* bandsView() const { return m_bands; }

Q_SIGNALS:
    void runFinished(bool ok);       ///< after run(): q/k and the attention that follows (ok false: error or cancel)
    void attentionUpdated(bool ok);  ///< every stage-2 computation that ended, recomputes included

private:
    void buildControls();
    void syncFromStudy();
    bool setInput(const char* key, const QString& value);
    void openVideoDialog();
    void openModelDialog();
    void qkFinished();
    void attentionFinished();
    void requestAttention();
    void startAttention();
    bool startQk(bool allowTruncated);
    void setBusy(bool busy);
    void setStatus(const QString& text, bool error = false);
    void fail(const QString& message);
    void setProgress(double fraction);
    void refreshStale();
    void showResults();
    void showStrip();

    StudyController* m_controller;
    QLineEdit* m_videoEdit = nullptr;
    QSpinBox* m_frames = nullptr;
    QDoubleSpinBox* m_fps = nullptr;
    QLineEdit* m_grid = nullptr;
    QComboBox* m_model = nullptr;
    QSpinBox* m_layer = nullptr;
    QSpinBox* m_head = nullptr;
    QCheckBox* m_causal = nullptr;
    QComboBox* m_bandsBox = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_videoInfo = nullptr;
    AttentionFrameStrip* m_strip = nullptr;
    AttentionMapsArea* m_maps = nullptr;
    AttentionBandsView* m_bands = nullptr;

    bool m_interactive = false;  ///< the current run came from the Run button (errors → message box)
    bool m_runPending = false;   ///< runFinished is owed once the attention after a q/k run ends
    bool m_attentionDirty = false;
    int m_modelRuns = 0, m_attentionRuns = 0;
    int64_t m_query = -1;
    double m_progressFloor = 0, m_progressLo = 0, m_progressHi = 1;
    std::shared_ptr<const QkInputs> m_qk;
    std::vector<std::shared_ptr<const ColumnAttention>> m_results;  ///< per column
    std::vector<QString> m_errors, m_labels;
    AttentionSettings m_resultSettings;  ///< what the shown maps were computed from
    std::vector<Params> m_resultColumns;
    QString m_stale;
    std::function<bool(const QString&, int64_t)> m_truncatedPrompt;
    std::shared_ptr<std::atomic<bool>> m_cancelFlag;
    QFutureWatcher<std::shared_ptr<QkJob>> m_qkWatcher;
    QFutureWatcher<std::shared_ptr<AttentionJob>> m_attentionWatcher;
};

}  // namespace rope::app
