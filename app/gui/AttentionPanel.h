#pragma once
// "Attention on a video": attention maps of a real video's tokens under each variant column of the
// study (the CLI's `ropescope attention` in the window, same core calls).
//
// Two stages, both on a worker thread with progress and Cancel:
//   1. model  decode the sampled frames (readFrames) and run the q/k model (built-in, TorchScript)
//             — or read a q/k capture file. Result: a QkCapture, cached in the panel.
//   2. attention  computeAttention for every study column (its Params: variant, θ, δ, sections …)
//             on the cached q/k. A study change (δ drag, allocation) re-runs only this stage; changes
//             arriving while it runs are coalesced into one re-run.
// Views: a frame strip (the sampled frames; with a query token chosen, each overlaid with that
// query's attention over its patches), one token × token heatmap per column (frame boundaries as
// separators; click picks the query), and the band split (per-band frame × frame mean logits) of a
// chosen column — Fig. 3 of the VideoRoPE paper in kind.
#include <QFutureWatcher>
#include <QString>
#include <QWidget>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QGridLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QSpinBox;

namespace rope {
struct AttentionMap;
struct QkCapture;
struct Frames;
}  // namespace rope

namespace rope::widgets {
class HeatmapView;
}

namespace rope::app {

class StudyController;

class AttentionPanel : public QWidget {
    Q_OBJECT
public:
    explicit AttentionPanel(StudyController* controller, QWidget* parent = nullptr);
    ~AttentionPanel() override;

    /// Probes the file (no decoding) and shows duration/fps/size. False (status says why) if unusable.
    bool loadVideo(const QString& path);
    /// A TorchScript model or q/k capture file; empty = the built-in model. False if unusable.
    bool setModelFile(const QString& path);
    void setFrameCount(int frames);
    /// Token grid "RxC" such as "9x16", or "auto".
    void setGrid(const QString& grid);
    void setLayerHead(int layer, int head);
    void setCausal(bool causal);

    /// Starts decode + model + attention on a worker. False (status says why) if it cannot start.
    bool run();
    void cancel();
    bool isRunning() const;

    // For tests and exports.
    QString videoPath() const { return m_videoPath; }
    QString statusText() const;
    int modelRuns() const { return m_modelRuns; }          ///< completed stage-1 runs
    int attentionRuns() const { return m_attentionRuns; }  ///< completed stage-2 runs
    bool hasCapture() const { return m_capture != nullptr; }
    /// The attention map of study column `column` (nullptr if none / failed).
    std::shared_ptr<const AttentionMap> attentionMap(int column) const;
    int64_t queryToken() const { return m_query; }
    void setQueryToken(int64_t token);
    /// Token × token heatmaps, one per study column (in column order).
    std::vector<widgets::HeatmapView*> tokenHeatmaps() const { return m_tokenMaps; }
    /// Block size of the token heatmaps' downsampling (1 = none).
    int downsampleFactor() const { return m_factor; }

    struct ModelJob;
    struct AttentionJob;

Q_SIGNALS:
    /// After run(): the model and the attention that follows it ended (ok false: error or cancel).
    void runFinished(bool ok);
    /// Every attention (stage 2) computation that ended, including study-change recomputes.
    void attentionUpdated(bool ok);

private:
    void openVideoDialog();
    void openModelDialog();
    void modelFinished();
    void attentionFinished();
    void requestAttention();
    void startAttention();
    void setBusy(bool busy);
    void setStatus(const QString& text, bool error = false);
    void fail(const QString& message);
    void showTokenMaps();
    void showBands();
    void showStrip();

    StudyController* m_controller;
    // top bar
    QLineEdit* m_videoEdit;
    QSpinBox* m_frames;
    QLineEdit* m_grid;
    QComboBox* m_model;
    QSpinBox* m_layer;
    QSpinBox* m_head;
    QCheckBox* m_causal;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_status;
    QLabel* m_videoInfo;
    // views
    QHBoxLayout* m_strip;
    QLabel* m_stripTitle;
    QScrollArea* m_stripScroll = nullptr;
    QHBoxLayout* m_mapsLayout;
    QComboBox* m_bandColumn;
    QGridLayout* m_bandsLayout;
    std::vector<widgets::HeatmapView*> m_tokenMaps;
    std::vector<widgets::HeatmapView*> m_bandMaps;
    std::vector<QWidget*> m_thumbs;

    QString m_videoPath;
    QString m_modelPath;
    bool m_modelIsCapture = false;
    bool m_interactive = false;  ///< the current run came from the Run button (errors → message box)
    bool m_runPending = false;   ///< runFinished is owed once the attention after a model run ends
    bool m_attentionDirty = false;
    int m_modelRuns = 0, m_attentionRuns = 0;
    int m_factor = 1;
    int64_t m_query = -1;
    std::shared_ptr<const QkCapture> m_capture;
    std::shared_ptr<const Frames> m_framesData;
    std::vector<std::shared_ptr<const AttentionMap>> m_maps;  ///< per column (with halves bands)
    std::vector<std::shared_ptr<const AttentionMap>> m_rowBandMaps;  ///< per column (t/h/w bands)
    std::vector<QString> m_mapErrors;
    std::shared_ptr<std::atomic<bool>> m_cancelFlag;
    QFutureWatcher<std::shared_ptr<ModelJob>> m_modelWatcher;
    QFutureWatcher<std::shared_ptr<AttentionJob>> m_attentionWatcher;
};

}  // namespace rope::app
