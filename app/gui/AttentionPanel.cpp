#include "AttentionPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPainter>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QPointer>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>

#include "StudyController.h"
#include "core/Errors.h"
#include "core/FrequencyPlan.h"
#include "core/MemoryBudget.h"
#include "core/attention/Attention.h"
#include "formats/CaptureFile.h"
#include "model/QkModel.h"
#include "media/VideoReader.h"
#include "widgets/HeatmapView.h"
#include "widgets/PropertiesTable.h"

namespace rope::app {

namespace {

constexpr int kMaxMapSide = 512;   ///< token heatmaps are block-averaged down to at most this
constexpr int kThumbHeight = 96;   ///< frame strip thumbnails, pixels
const QString kDefaultVideo = QStringLiteral("/usr/share/doc/opencv-doc/examples/data/vtest.avi");

QString errorText(const std::exception& e) { return QString::fromStdString(e.what()); }

/// Qwen2-VL's 16,24,24 split of 64 pairs scaled to head_dim/2 pairs (as the CLI does).
std::array<int, 3> scaledSections(int headDim) {
    const int pairs = headDim / 2, t = (pairs + 2) / 4, h = (pairs - t) / 2;
    return {t, h, pairs - t - h};
}

/// A column's parameters with head_dim (and, if needed, sections) following the capture.
Params adoptCapture(Params p, const QkCapture& c) {
    if (c.q.headDim % 2 != 0 || c.q.headDim < 2)
        throw BadFile("the model's head_dim is " + std::to_string(c.q.headDim) + "; rotary embeddings need an even head_dim");
    if (p.headDim != c.q.headDim) {
        p.headDim = static_cast<int>(c.q.headDim);
        if (p.sections[0] + p.sections[1] + p.sections[2] != p.headDim / 2) p.sections = scaledSections(p.headDim);
    }
    return p;
}

bool parseGrid(const QString& text, int* rows, int* cols) {
    const QStringList parts = text.trimmed().toLower().split(QLatin1Char('x'));
    if (parts.size() != 2) return false;
    bool ok1 = false, ok2 = false;
    *rows = parts[0].trimmed().toInt(&ok1);
    *cols = parts[1].trimmed().toInt(&ok2);
    return ok1 && ok2 && *rows >= 1 && *cols >= 1 && *rows <= 256 && *cols <= 256;
}

QString formatDuration(double s) {
    if (s <= 0) return QStringLiteral("unknown duration");
    return QStringLiteral("%1:%2").arg(static_cast<int>(s) / 60).arg(s - 60 * (static_cast<int>(s) / 60), 4, 'f', 1, QLatin1Char('0'));
}

QLabel* boldLabel(const QString& text) {
    auto* l = new QLabel(text);
    QFont f = l->font();
    f.setBold(true);
    l->setFont(f);
    return l;
}

}  // namespace

// --- jobs ------------------------------------------------------------------------------------

struct AttentionPanel::ModelJob {
    // in
    std::string video, model;
    int frames = 16;
    QString grid;
    int headDim = 128;
    double memoryBudgetMiB = 4096;
    std::shared_ptr<std::atomic<bool>> cancel;
    // out
    std::shared_ptr<QkCapture> capture;
    std::shared_ptr<Frames> decoded;
    int modelLayers = 0, modelHeads = 0;
    QString error;
    QStringList warnings;
    bool cancelled = false;
};

struct AttentionPanel::AttentionJob {
    std::shared_ptr<const QkCapture> capture;
    std::vector<Params> columns;
    int64_t layer = 0, head = 0;
    bool causal = false;
    std::shared_ptr<std::atomic<bool>> cancel;
    std::vector<std::shared_ptr<const AttentionMap>> maps, rowMaps;
    std::vector<QString> errors;
    bool cancelled = false;
};

namespace {

using ProgressSink = std::function<void(double)>;

std::shared_ptr<AttentionPanel::ModelJob> runModelJob(std::shared_ptr<AttentionPanel::ModelJob> job, ProgressSink sink) {
    auto stage = [&](double lo, double hi) -> Progress {
        return [job, sink, lo, hi](double f) {
            sink(lo + (hi - lo) * std::clamp(f, 0.0, 1.0));
            return !job->cancel->load();
        };
    };
    try {
        if (job->cancel->load()) throw Cancelled("cancelled");
        const bool isCapture = !job->model.empty() && detectModelFile(job->model) == ModelFileKind::Capture;
        if (isCapture) {
            job->capture = std::make_shared<QkCapture>(readCapture(job->model, job->memoryBudgetMiB));
            sink(0.5);
            if (!job->video.empty()) {  // frames for the strip only: one per temporal token
                FrameRequest r;
                r.sampling.count = job->capture->frames;
                r.outWidth = static_cast<int>(job->capture->cols) * 28;
                r.outHeight = static_cast<int>(job->capture->rows) * 28;
                r.allowTruncated = true;
                job->decoded = std::make_shared<Frames>(readFrames(job->video, r, stage(0.5, 1.0)));
            }
        } else {
            std::unique_ptr<QkModel> model;
            if (job->model.empty()) {
                BuiltinModelOptions o;
                o.headDim = job->headDim;
                job->modelLayers = o.layers;
                job->modelHeads = o.heads;
                model = makeBuiltinModel(o);
            } else {
                model = loadTorchScriptModel(job->model);
            }
            if (job->video.empty()) throw InvalidParameter("video", "", "is required: open a video first (only a q/k capture needs none)");
            const VideoInfo info = probeVideo(job->video);
            GridSize g;
            if (job->grid.trimmed().compare(QStringLiteral("auto"), Qt::CaseInsensitive) == 0 || job->grid.trimmed().isEmpty())
                g = autoGrid(info.width, info.height, 144);
            else if (!parseGrid(job->grid, &g.rows, &g.cols))
                throw InvalidParameter("grid", job->grid.toStdString(), "must be ROWSxCOLS such as 9x16 (each 1..256), or auto");
            FrameRequest r;
            r.sampling.count = job->frames;
            r.outWidth = g.cols * model->pixelsPerToken();
            r.outHeight = g.rows * model->pixelsPerToken();
            r.allowTruncated = true;
            if (job->model.empty()) {  // q and k of the built-in model, before decoding anything
                const double bytes = 2.0 * 4.0 * job->modelLayers * job->modelHeads * static_cast<double>(job->frames) * g.rows * g.cols * job->headDim;
                requireMemory(bytes, job->memoryBudgetMiB, "q and k of the built-in model");
            }
            job->decoded = std::make_shared<Frames>(readFrames(job->video, r, stage(0.0, 0.3)));
            for (const std::string& w : job->decoded->warnings) job->warnings << QString::fromStdString(w);
            job->capture = std::make_shared<QkCapture>(model->run(*job->decoded, stage(0.3, 1.0)));
        }
        if (job->capture->frames <= 0 || job->capture->tokens() <= 0) throw BadFile("the model returned no tokens");
        if (job->modelLayers == 0) {
            job->modelLayers = static_cast<int>(job->capture->q.layers);
            job->modelHeads = static_cast<int>(job->capture->q.heads);
        }
    } catch (const Cancelled&) {
        job->cancelled = true;
    } catch (const std::exception& e) {
        job->error = errorText(e);
    }
    if (job->cancel->load()) job->cancelled = true;
    return job;
}

std::shared_ptr<AttentionPanel::AttentionJob> runAttentionJob(std::shared_ptr<AttentionPanel::AttentionJob> job, ProgressSink sink) {
    const size_t n = job->columns.size();
    job->maps.assign(n, nullptr);
    job->rowMaps.assign(n, nullptr);
    job->errors.assign(n, QString());
    for (size_t c = 0; c < n; ++c) {
        if (job->cancel->load()) {
            job->cancelled = true;
            break;
        }
        try {
            AttentionRequest req;
            req.variant = adoptCapture(job->columns[c], *job->capture);
            req.layer = job->layer;
            req.head = job->head;
            req.causal = job->causal;
            req.bands = halvesBands(req.variant.rotaryDimension());
            req.keepProbabilities = true;
            req.keepBandLogits = false;
            job->maps[c] = std::make_shared<const AttentionMap>(computeAttention(*job->capture, req));
            sink((c + 0.7) / static_cast<double>(n));
            // The t / h / w split of the same column (bands must be disjoint, so a second request;
            // without probabilities it works in row blocks and allocates no N × N matrix).
            AttentionRequest rows = req;
            rows.bands = rowBands(makeFrequencyPlan(req.variant));
            rows.keepProbabilities = false;
            job->rowMaps[c] = std::make_shared<const AttentionMap>(computeAttention(*job->capture, rows));
        } catch (const std::exception& e) {
            job->errors[c] = errorText(e);
        }
        sink((c + 1.0) / static_cast<double>(n));
    }
    return job;
}

}  // namespace

// --- construction ----------------------------------------------------------------------------

AttentionPanel::AttentionPanel(StudyController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_videoEdit(new QLineEdit), m_frames(new QSpinBox), m_grid(new QLineEdit),
      m_model(new QComboBox), m_layer(new QSpinBox), m_head(new QSpinBox), m_causal(new QCheckBox(tr("causal"))),
      m_run(new QPushButton(tr("Run"))), m_cancel(new QPushButton(tr("Cancel"))), m_progress(new QProgressBar),
      m_status(new QLabel), m_videoInfo(new QLabel), m_strip(new QHBoxLayout), m_stripTitle(new QLabel),
      m_mapsLayout(new QHBoxLayout), m_bandColumn(new QComboBox), m_bandsLayout(new QGridLayout) {
    setWindowTitle(tr("Attention on a video"));

    // Top bar: video · frames · grid · model · layer/head · causal · Run/Cancel · progress.
    auto* openVideo = new QPushButton(tr("Open video…"));
    m_videoEdit->setPlaceholderText(tr("video file"));
    if (QFileInfo::exists(kDefaultVideo)) m_videoEdit->setText(kDefaultVideo);  // a suggestion; loaded on Run
    m_videoEdit->setToolTip(tr("Any file OpenCV / FFmpeg decodes. Probed when opened, decoded on Run."));
    m_frames->setRange(1, 256);
    m_frames->setValue(16);
    m_frames->setToolTip(tr("Frames sampled evenly over the whole video"));
    m_grid->setText(QStringLiteral("9x16"));
    m_grid->setMaximumWidth(70);
    m_grid->setToolTip(tr("Tokens per frame, ROWSxCOLS (frames are resized to 28 px per token), or auto (≈144 tokens)"));
    m_model->addItem(tr("built-in PCA model"));
    m_model->addItem(tr("Open model or capture…"));
    m_model->setToolTip(tr("The built-in content-aware probe (no download), a TorchScript model, or a q/k capture (.safetensors)"));
    m_layer->setRange(0, 3);
    m_head->setRange(0, 3);
    m_layer->setToolTip(tr("Model layer whose q/k are rotated by each variant"));
    m_head->setToolTip(tr("Attention head of that layer"));
    m_causal->setToolTip(tr("Key m visible to query n only if m ≤ n (raster order frame → row → column)"));
    m_run->setToolTip(tr("Decode the frames and run the model (cached); then attention for every study column"));
    m_cancel->setEnabled(false);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(180);
    m_progress->setTextVisible(false);

    auto* bar = new QHBoxLayout;
    bar->addWidget(openVideo);
    bar->addWidget(m_videoEdit, 3);
    auto label = [bar](const QString& t, QWidget* w) {
        bar->addWidget(new QLabel(t));
        bar->addWidget(w);
    };
    label(tr("Frames"), m_frames);
    label(tr("Grid"), m_grid);
    label(tr("Model"), m_model);
    label(tr("Layer"), m_layer);
    label(tr("Head"), m_head);
    bar->addWidget(m_causal);
    bar->addWidget(m_run);
    bar->addWidget(m_cancel);
    bar->addWidget(m_progress);

    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_videoInfo->setStyleSheet(QStringLiteral("color: #555;"));
    auto* statusRow = new QHBoxLayout;
    statusRow->addWidget(m_videoInfo);
    statusRow->addWidget(m_status, 1);

    // (1) Frame strip.
    auto* stripBox = new QWidget;
    auto* stripOuter = new QVBoxLayout(stripBox);
    stripOuter->setContentsMargins(0, 0, 0, 0);
    stripOuter->addWidget(m_stripTitle);
    auto* stripInner = new QWidget;
    stripInner->setLayout(m_strip);
    m_strip->setContentsMargins(2, 2, 2, 2);
    m_strip->setSpacing(4);
    auto* stripScroll = new QScrollArea;
    m_stripScroll = stripScroll;
    stripScroll->setWidget(stripInner);
    stripScroll->setWidgetResizable(true);
    stripScroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    stripScroll->setMinimumHeight(kThumbHeight + 48);
    stripScroll->setMaximumHeight(kThumbHeight + 48);
    stripOuter->addWidget(stripScroll);

    // (2) Token heatmaps, one per column.
    auto* mapsBox = new QWidget;
    mapsBox->setLayout(m_mapsLayout);
    m_mapsLayout->setContentsMargins(0, 0, 0, 0);

    // (3) Band split of one column.
    auto* bandsBox = new QWidget;
    auto* bandsOuter = new QVBoxLayout(bandsBox);
    bandsOuter->setContentsMargins(0, 0, 0, 0);
    auto* bandsTop = new QHBoxLayout;
    bandsTop->addWidget(boldLabel(tr("Band split: mean logit per query frame × key frame")));
    bandsTop->addStretch(1);
    bandsTop->addWidget(new QLabel(tr("Column")));
    bandsTop->addWidget(m_bandColumn);
    bandsOuter->addLayout(bandsTop);
    bandsOuter->addLayout(m_bandsLayout, 1);
    auto* bandNote = new QLabel(tr("Each map is one set of rotary pairs' share of the logits q̃·k̃/√d, averaged over the "
                                   "queries of a frame (rows) and the keys of a frame (columns). Top: fast vs slow half of the "
                                   "spectrum; below: the pairs driven by t, h and w. Colour ranges are shared within each group."));
    bandNote->setWordWrap(true);
    bandNote->setAlignment(Qt::AlignCenter);
    bandNote->setStyleSheet(QStringLiteral("color: #555; padding: 8px;"));
    m_bandsLayout->addWidget(bandNote, 2, 1);
    bandsBox->setToolTip(tr("The logits split exactly over rotary pairs: each map is one band's share, averaged over the "
                            "queries of a frame and the keys of a frame (cf. VideoRoPE paper Fig. 3)."));

    auto* lower = new QSplitter(Qt::Horizontal);
    lower->addWidget(mapsBox);
    lower->addWidget(bandsBox);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);
    lower->setSizes({860, 600});

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addLayout(statusRow);
    layout->addWidget(stripBox);
    layout->addWidget(lower, 1);

    connect(openVideo, &QPushButton::clicked, this, &AttentionPanel::openVideoDialog);
    connect(m_videoEdit, &QLineEdit::editingFinished, this, [this] {
        if (m_videoEdit->text() != m_videoPath && !m_videoEdit->text().isEmpty()) loadVideo(m_videoEdit->text());
    });
    connect(m_model, qOverload<int>(&QComboBox::activated), this, [this](int index) {
        if (index == 0) setModelFile(QString());
        else if (index == m_model->count() - 1) openModelDialog();
    });
    connect(m_run, &QPushButton::clicked, this, [this] {
        m_interactive = true;
        run();
    });
    connect(m_cancel, &QPushButton::clicked, this, &AttentionPanel::cancel);
    connect(m_layer, qOverload<int>(&QSpinBox::valueChanged), this, [this] { requestAttention(); });
    connect(m_head, qOverload<int>(&QSpinBox::valueChanged), this, [this] { requestAttention(); });
    connect(m_causal, &QCheckBox::toggled, this, [this] { requestAttention(); });
    connect(m_bandColumn, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { showBands(); });
    connect(&m_modelWatcher, &QFutureWatcher<std::shared_ptr<ModelJob>>::finished, this, &AttentionPanel::modelFinished);
    connect(&m_attentionWatcher, &QFutureWatcher<std::shared_ptr<AttentionJob>>::finished, this, &AttentionPanel::attentionFinished);
    connect(m_controller, &StudyController::studyChanged, this, [this] {
        if (!m_capture) showTokenMaps();  // placeholders follow added / removed columns
        requestAttention();
    });

    setStatus(tr("Open a video (or keep the suggested one) and press Run. The model runs once; attention is recomputed "
                 "for every study column when δ, θ or the allocation change."));
    showStrip();
    showTokenMaps();
    showBands();
}

AttentionPanel::~AttentionPanel() {
    if (m_cancelFlag) m_cancelFlag->store(true);
    m_modelWatcher.waitForFinished();
    m_attentionWatcher.waitForFinished();
}

// --- inputs ----------------------------------------------------------------------------------

QString AttentionPanel::statusText() const { return m_status->text(); }

void AttentionPanel::setStatus(const QString& text, bool error) {
    m_status->setStyleSheet(error ? QStringLiteral("color: #b03a2e;") : QString());
    m_status->setText(text);
}

void AttentionPanel::fail(const QString& message) {
    setStatus(tr("Error: %1").arg(message), true);
    if (m_interactive) QMessageBox::warning(this, tr("Attention on a video"), message);
}

bool AttentionPanel::loadVideo(const QString& path) {
    m_videoEdit->setText(path);
    try {
        const VideoInfo info = probeVideo(path.toStdString());
        m_videoPath = path;
        m_videoInfo->setText(tr("%1 · %2 · %3 fps · %4×%5 · %6 frames")
                                 .arg(QFileInfo(path).fileName(), formatDuration(info.durationSeconds))
                                 .arg(info.fps, 0, 'g', 4)
                                 .arg(info.width)
                                 .arg(info.height)
                                 .arg(info.frameCount));
        setStatus(tr("Video ready; press Run to decode %1 frames and run the model.").arg(m_frames->value()));
        return true;
    } catch (const std::exception& e) {
        m_videoPath.clear();
        m_videoInfo->clear();
        fail(errorText(e));
        return false;
    }
}

bool AttentionPanel::setModelFile(const QString& path) {
    if (path.isEmpty()) {
        m_modelPath.clear();
        m_modelIsCapture = false;
        m_model->setCurrentIndex(0);
        return true;
    }
    try {
        const ModelFileKind kind = detectModelFile(path.toStdString());
        m_modelPath = path;
        m_modelIsCapture = kind == ModelFileKind::Capture;
        const QString text = (kind == ModelFileKind::Capture ? tr("capture %1") : tr("TorchScript %1")).arg(QFileInfo(path).fileName());
        while (m_model->count() > 2) m_model->removeItem(1);
        m_model->insertItem(1, text);
        m_model->setCurrentIndex(1);
        setStatus(tr("Model set to %1; press Run.").arg(text));
        return true;
    } catch (const std::exception& e) {
        fail(errorText(e));
        m_model->setCurrentIndex(m_modelPath.isEmpty() ? 0 : 1);
        return false;
    }
}

void AttentionPanel::setFrameCount(int frames) { m_frames->setValue(frames); }
void AttentionPanel::setGrid(const QString& grid) { m_grid->setText(grid); }
void AttentionPanel::setLayerHead(int layer, int head) {
    m_layer->setValue(layer);
    m_head->setValue(head);
}
void AttentionPanel::setCausal(bool causal) { m_causal->setChecked(causal); }

void AttentionPanel::openVideoDialog() {
    m_interactive = true;
    const QString start = m_videoEdit->text().isEmpty() ? QString() : QFileInfo(m_videoEdit->text()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open video"), start, tr("Videos (*.avi *.mp4 *.mkv *.mov *.webm *.mpg);;All files (*)"));
    if (!path.isEmpty()) loadVideo(path);
    m_interactive = false;
}

void AttentionPanel::openModelDialog() {
    m_interactive = true;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open model or capture"), QString(),
                                                      tr("TorchScript or q/k capture (*.pt *.pth *.safetensors);;All files (*)"));
    if (path.isEmpty() || !setModelFile(path)) m_model->setCurrentIndex(m_modelPath.isEmpty() ? 0 : 1);
    m_interactive = false;
}

// --- stage 1: decode + model -----------------------------------------------------------------

bool AttentionPanel::isRunning() const { return m_modelWatcher.isRunning() || m_attentionWatcher.isRunning(); }

bool AttentionPanel::run() {
    if (m_modelWatcher.isRunning()) return false;
    if (m_videoPath.isEmpty() && !m_videoEdit->text().isEmpty() && !loadVideo(m_videoEdit->text())) {
        m_interactive = false;
        return false;
    }
    if (m_videoPath.isEmpty() && !m_modelIsCapture) {
        fail(tr("Open a video first."));
        m_interactive = false;
        return false;
    }
    auto job = std::make_shared<ModelJob>();
    job->video = m_videoPath.toStdString();
    job->model = m_modelPath.toStdString();
    job->frames = m_frames->value();
    job->grid = m_grid->text();
    job->headDim = m_controller->study().shared().headDim;
    job->memoryBudgetMiB = m_controller->study().shared().memoryBudgetMiB;
    m_cancelFlag = std::make_shared<std::atomic<bool>>(false);
    job->cancel = m_cancelFlag;
    m_runPending = true;
    setBusy(true);
    setStatus(tr("Decoding %1 frames and running the model…").arg(job->frames));
    auto sink = [this](double f) {
        QMetaObject::invokeMethod(this, [this, f] { m_progress->setValue(static_cast<int>(f * 1000)); }, Qt::QueuedConnection);
    };
    m_modelWatcher.setFuture(QtConcurrent::run(runModelJob, job, ProgressSink(sink)));
    return true;
}

void AttentionPanel::cancel() {
    if (m_cancelFlag) m_cancelFlag->store(true);
}

void AttentionPanel::setBusy(bool busy) {
    m_run->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    if (busy) m_progress->setValue(0);
}

void AttentionPanel::modelFinished() {
    const std::shared_ptr<ModelJob> job = m_modelWatcher.result();
    if (job->cancelled || !job->error.isEmpty()) {
        setBusy(m_attentionWatcher.isRunning());
        m_progress->setValue(0);
        if (job->cancelled) setStatus(tr("Cancelled; the previous results (if any) are kept."));
        else fail(job->error);
        m_interactive = false;
        m_runPending = false;
        Q_EMIT runFinished(false);
        return;
    }
    ++m_modelRuns;
    m_capture = job->capture;
    m_framesData = job->decoded;
    {
        const QSignalBlocker b1(m_layer), b2(m_head);
        m_layer->setMaximum(std::max(0, job->modelLayers - 1));
        m_head->setMaximum(std::max(0, job->modelHeads - 1));
    }
    const int64_t T = m_capture->frames, R = m_capture->rows, C = m_capture->cols;
    if (m_query < 0 || m_query >= m_capture->tokens()) m_query = (T / 2) * R * C + (R / 2) * C + C / 2;
    m_maps.clear();
    m_rowBandMaps.clear();
    QString note = tr("Model done: %1 frames × %2×%3 tokens = %4 tokens (%5). Computing attention…")
                       .arg(T).arg(R).arg(C).arg(m_capture->tokens()).arg(QString::fromStdString(m_capture->sourceModel));
    if (!job->warnings.isEmpty()) note += QStringLiteral(" ") + job->warnings.join(QStringLiteral("; "));
    setStatus(note);
    showStrip();
    if (m_attentionWatcher.isRunning()) m_attentionDirty = true;  // a recompute of the old q/k is out: redo when it ends
    else startAttention();
}

// --- stage 2: attention per column -----------------------------------------------------------

void AttentionPanel::requestAttention() {
    if (!m_capture || m_modelWatcher.isRunning()) return;  // a model run ends with an attention run anyway
    if (m_attentionWatcher.isRunning()) {
        m_attentionDirty = true;
        return;
    }
    startAttention();
}

void AttentionPanel::startAttention() {
    if (!m_capture) return;
    m_attentionDirty = false;
    auto job = std::make_shared<AttentionJob>();
    job->capture = m_capture;
    job->columns = m_controller->study().columns;
    job->layer = m_layer->value();
    job->head = m_head->value();
    job->causal = m_causal->isChecked();
    if (!m_cancelFlag || m_cancelFlag->load()) m_cancelFlag = std::make_shared<std::atomic<bool>>(false);
    job->cancel = m_cancelFlag;
    setBusy(true);
    auto sink = [this](double f) {
        QMetaObject::invokeMethod(this, [this, f] { m_progress->setValue(static_cast<int>(f * 1000)); }, Qt::QueuedConnection);
    };
    m_attentionWatcher.setFuture(QtConcurrent::run(runAttentionJob, job, ProgressSink(sink)));
}

void AttentionPanel::attentionFinished() {
    const std::shared_ptr<AttentionJob> job = m_attentionWatcher.result();
    const bool modelRunning = m_modelWatcher.isRunning();
    const bool owed = m_runPending && !modelRunning;  // else this was a recompute overtaken by a new run
    if (job->cancelled) {
        m_attentionDirty = false;
        setBusy(modelRunning);
        if (modelRunning) return;
        m_progress->setValue(0);
        setStatus(tr("Cancelled; the cached q/k are kept — change a parameter or press Run to recompute."));
        m_runPending = false;
        m_interactive = false;
        Q_EMIT attentionUpdated(false);
        if (owed) Q_EMIT runFinished(false);
        return;
    }
    if (modelRunning) return;  // new q/k are coming; modelFinished starts their attention
    if (m_attentionDirty) {  // the study (or the q/k) changed while this ran: its result is stale
        startAttention();
        return;
    }
    ++m_attentionRuns;
    m_maps = job->maps;
    m_rowBandMaps = job->rowMaps;
    m_mapErrors = job->errors;
    setBusy(false);
    m_progress->setValue(1000);
    QStringList errors;
    for (size_t c = 0; c < job->errors.size(); ++c)
        if (!job->errors[c].isEmpty())
            errors << QStringLiteral("%1: %2").arg(widgets::columnLabel(job->columns[c]), job->errors[c]);
    const bool ok = errors.isEmpty();
    if (ok)
        setStatus(tr("%1 tokens (%2 frames × %3×%4), layer %5 head %6%7 — click a heatmap row to pick the query token.")
                      .arg(m_capture->tokens()).arg(m_capture->frames).arg(m_capture->rows).arg(m_capture->cols)
                      .arg(job->layer).arg(job->head).arg(job->causal ? tr(", causal") : QString()));
    else
        fail(errors.join(QStringLiteral("\n")));
    showTokenMaps();
    showBands();
    showStrip();
    m_runPending = false;
    m_interactive = false;
    Q_EMIT attentionUpdated(ok);
    if (owed) Q_EMIT runFinished(ok);
}

std::shared_ptr<const AttentionMap> AttentionPanel::attentionMap(int column) const {
    if (column < 0 || column >= static_cast<int>(m_maps.size())) return nullptr;
    return m_maps[static_cast<size_t>(column)];
}

void AttentionPanel::setQueryToken(int64_t token) {
    if (!m_capture || token < 0 || token >= m_capture->tokens()) return;
    m_query = token;
    showTokenMaps();
    showStrip();
}

// --- views -----------------------------------------------------------------------------------

void AttentionPanel::showTokenMaps() {
    for (auto* v : m_tokenMaps) delete v;
    m_tokenMaps.clear();
    const auto& columns = m_controller->study().columns;
    for (size_t c = 0; c < columns.size(); ++c) {
        auto* view = new widgets::HeatmapView;
        view->setMinimumSize(260, 240);
        widgets::HeatmapView::Data d;
        const QString name = widgets::columnLabel(columns[c]);
        const std::shared_ptr<const AttentionMap> m = c < m_maps.size() ? m_maps[c] : nullptr;
        if (!m || m->probabilities.rows() == 0) {
            const bool failed = c < m_mapErrors.size() && !m_mapErrors[c].isEmpty();
            d.title = failed ? tr("%1 — failed (see status)").arg(name) : tr("%1 — not computed yet (Run)").arg(name);
        } else {
            const int64_t n = m->probabilities.rows(), perFrame = m->rows * m->cols;
            const int f = static_cast<int>((n + kMaxMapSide - 1) / kMaxMapSide);
            m_factor = f;
            const int side = static_cast<int>((n + f - 1) / f);
            d.rows = d.cols = side;
            d.values.assign(static_cast<size_t>(side) * side, 0.0);
            for (int i = 0; i < side; ++i) {
                const int64_t r0 = int64_t(i) * f, r1 = std::min<int64_t>(n, r0 + f);
                for (int j = 0; j < side; ++j) {
                    const int64_t c0 = int64_t(j) * f, c1 = std::min<int64_t>(n, c0 + f);
                    d.values[static_cast<size_t>(i) * side + j] =
                        m->probabilities.block(r0, c0, r1 - r0, c1 - c0).cast<double>().mean();
                }
            }
            std::vector<double> sorted = d.values;
            const size_t k = static_cast<size_t>(0.995 * (sorted.size() - 1));
            std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(k), sorted.end());
            d.vmin = 0;
            d.vmax = std::max(sorted[k], 1e-12);
            for (int64_t t = 1; t < m->frames; ++t) {
                const int sep = static_cast<int>(std::lround(static_cast<double>(t * perFrame) / f));
                d.rowSeparators.push_back(sep);
                d.colSeparators.push_back(sep);
            }
            if (m_query >= 0 && m_query < n) {
                const int q = static_cast<int>(m_query / f);
                d.marked.push_back({q, q});  // the query's own (diagonal) cell
            }
            d.title = tr("%1 · layer %2 head %3").arg(name).arg(m->layer).arg(m->head);
            d.valueScale = 1000;  // the colour bar reads 3.1 rather than 0.0031
            d.xTitle = f > 1 ? tr("key token (%1-token blocks; lines = frames)").arg(f) : tr("key token (lines = frames)");
            d.yTitle = tr("query token  (colour: attention × 1000)");
            d.valueTitle = tr("attention probability");
            d.colormap = widgets::Colormap::Magma;
            connect(view, &widgets::HeatmapView::cellClicked, this, [this, f, n](int row, int) {
                setQueryToken(std::min<int64_t>(n - 1, int64_t(row) * f + f / 2));
            });
        }
        view->setData(d);
        m_mapsLayout->addWidget(view, 1);
        m_tokenMaps.push_back(view);
    }
    // Column names for the band view.
    const QSignalBlocker block(m_bandColumn);
    const int keep = m_bandColumn->currentIndex();
    m_bandColumn->clear();
    for (const Params& p : columns) m_bandColumn->addItem(widgets::columnLabel(p));
    m_bandColumn->setCurrentIndex(std::clamp(keep < 0 ? static_cast<int>(columns.size()) - 1 : keep, 0, static_cast<int>(columns.size()) - 1));
}

void AttentionPanel::showBands() {
    for (auto* v : m_bandMaps) delete v;
    m_bandMaps.clear();
    const int c = m_bandColumn->currentIndex();
    std::vector<const BandLogits*> halves, rows;
    if (c >= 0 && c < static_cast<int>(m_maps.size()) && m_maps[c])
        for (const BandLogits& b : m_maps[c]->bands) halves.push_back(&b);
    if (c >= 0 && c < static_cast<int>(m_rowBandMaps.size()) && m_rowBandMaps[c])
        for (const BandLogits& b : m_rowBandMaps[c]->bands) rows.push_back(&b);
    auto addRow = [this](const std::vector<const BandLogits*>& bands, int gridRow) {
        double lo = 0, hi = 0;
        bool first = true;
        for (const BandLogits* b : bands)
            if (b->frameMean.size()) {
                lo = first ? b->frameMean.minCoeff() : std::min<double>(lo, b->frameMean.minCoeff());
                hi = first ? b->frameMean.maxCoeff() : std::max<double>(hi, b->frameMean.maxCoeff());
                first = false;
            }
        if (hi <= lo) hi = lo + 1e-9;
        for (size_t i = 0; i < bands.size(); ++i) {
            const BandLogits& b = *bands[i];
            auto* view = new widgets::HeatmapView;
            view->setMinimumSize(220, 170);
            widgets::HeatmapView::Data d;
            d.rows = static_cast<int>(b.frameMean.rows());
            d.cols = static_cast<int>(b.frameMean.cols());
            for (int r = 0; r < d.rows; ++r)
                for (int k = 0; k < d.cols; ++k) d.values.push_back(b.frameMean(r, k));
            for (int t = 0; t < std::max(d.rows, d.cols); ++t) {
                if (t < d.rows) d.rowLabels << QString::number(t);
                if (t < d.cols) d.colLabels << QString::number(t);
            }
            d.vmin = lo;
            d.vmax = hi;
            d.colormap = widgets::Colormap::Viridis;
            d.title = tr("%1 · %2 pairs").arg(QString::fromStdString(b.band.name)).arg(b.band.pairs.size());
            d.xTitle = tr("key frame");
            d.yTitle = tr("query frame");
            d.valueTitle = tr("mean logit");
            view->setData(d);
            const int slot = gridRow + static_cast<int>(i);  // two per grid row: fast, slow | t, h | w
            m_bandsLayout->addWidget(view, slot / 2, slot % 2);
            m_bandMaps.push_back(view);
        }
    };
    if (halves.empty() && rows.empty()) {
        auto* view = new widgets::HeatmapView;
        widgets::HeatmapView::Data d;
        d.title = tr("Band split — run first");
        view->setData(d);
        m_bandsLayout->addWidget(view, 0, 0);
        m_bandMaps.push_back(view);
        return;
    }
    addRow(halves, 0);
    addRow(rows, 2);
}

void AttentionPanel::showStrip() {
    for (auto* l : m_thumbs) delete l;
    m_thumbs.clear();
    while (QLayoutItem* item = m_strip->takeAt(0)) delete item;
    const Frames* fr = m_framesData.get();
    if (!fr || fr->count == 0) {
        m_stripTitle->setText(tr("<b>Frames</b> — none decoded yet"));
        m_strip->addStretch(1);
        return;
    }
    // The query's attention over each frame's patches, under the column shown in the band view.
    const int c = std::max(0, m_bandColumn->currentIndex());
    const std::shared_ptr<const AttentionMap> m = c < static_cast<int>(m_maps.size()) ? m_maps[c] : nullptr;
    const bool overlay = m && m->probabilities.rows() > 0 && m_query >= 0 && m_query < m->tokens() && m->frames == fr->count;
    std::vector<Eigen::MatrixXf> images;
    float peak = 0;
    if (overlay) {
        for (int64_t t = 0; t < m->frames; ++t) {
            images.push_back(m->keyImage(m_query, t));
            peak = std::max(peak, images.back().maxCoeff());
        }
    }
    const int64_t perFrame = m_capture ? m_capture->rows * m_capture->cols : 1;
    const int64_t qFrame = m_query >= 0 ? m_query / perFrame : -1, qRow = m_query >= 0 ? (m_query % perFrame) / std::max<int64_t>(1, m_capture ? m_capture->cols : 1) : -1;
    const int64_t qCol = m_query >= 0 && m_capture ? m_query % m_capture->cols : -1;
    if (overlay)
        m_stripTitle->setText(tr("<b>Frames</b> — attention of query token (frame %1, row %2, col %3) under <b>%4</b>, "
                                 "layer %5 head %6 (overlay scaled to its peak %7; box = query patch)")
                                  .arg(qFrame).arg(qRow).arg(qCol).arg(m_bandColumn->currentText().toHtmlEscaped())
                                  .arg(m->layer).arg(m->head).arg(peak, 0, 'g', 3));
    else
        m_stripTitle->setText(tr("<b>Frames</b> — %1 sampled frames (click a heatmap row to overlay that query's attention)").arg(fr->count));
    for (int64_t t = 0; t < fr->count; ++t) {
        QImage img(fr->frame(t), fr->width, fr->height, fr->width * 3, QImage::Format_RGB888);
        QImage frame = img.convertToFormat(QImage::Format_ARGB32);
        double mass = 0;
        if (overlay && peak > 0) {
            const Eigen::MatrixXf& k = images[static_cast<size_t>(t)];
            mass = k.sum();
            QImage heat(static_cast<int>(k.cols()), static_cast<int>(k.rows()), QImage::Format_ARGB32);
            for (int r = 0; r < heat.height(); ++r)
                for (int cc = 0; cc < heat.width(); ++cc) {
                    const double v = k(r, cc) / peak;
                    QColor col = widgets::colormapColor(widgets::Colormap::Magma, 0.35 + 0.65 * v);
                    col.setAlpha(static_cast<int>(230 * v));  // unattended patches stay clear
                    heat.setPixelColor(cc, r, col);
                }
            QPainter p(&frame);
            p.drawImage(QRect(0, 0, frame.width(), frame.height()), heat);
            if (t == qFrame && m_capture) {
                const double sx = double(frame.width()) / m_capture->cols, sy = double(frame.height()) / m_capture->rows;
                p.setPen(QPen(QColor(0, 255, 255), std::max(2.0, sx / 8)));
                p.drawRect(QRectF(qCol * sx, qRow * sy, sx, sy));
            }
        }
        const QPixmap pix = QPixmap::fromImage(frame.scaledToHeight(kThumbHeight, Qt::SmoothTransformation));
        auto* cell = new QLabel;
        cell->setPixmap(pix);
        cell->setFixedSize(pix.size());
        cell->setToolTip(tr("frame %1 (source frame %2, %3 s)").arg(t).arg(t < int64_t(fr->sourceIndices.size()) ? fr->sourceIndices[t] : t)
                             .arg(t < int64_t(fr->timestamps.size()) ? fr->timestamps[t] : 0.0, 0, 'f', 2));
        auto* caption = new QLabel(overlay ? tr("t=%1 · %2 s · mass %3").arg(t).arg(t < int64_t(fr->timestamps.size()) ? fr->timestamps[t] : 0.0, 0, 'f', 1).arg(mass, 0, 'f', 2)
                                           : tr("t=%1 · %2 s").arg(t).arg(t < int64_t(fr->timestamps.size()) ? fr->timestamps[t] : 0.0, 0, 'f', 1));
        caption->setAlignment(Qt::AlignHCenter);
        caption->setFixedWidth(pix.width());
        QFont small = caption->font();
        small.setPointSizeF(small.pointSizeF() * 0.85);
        if (t == qFrame && overlay) small.setBold(true);
        caption->setFont(small);
        auto* box = new QWidget;  // one widget per frame: thumbnail over caption
        auto* v = new QVBoxLayout(box);
        v->setContentsMargins(0, 0, 0, 0);
        v->setSpacing(1);
        v->addWidget(cell);
        v->addWidget(caption);
        box->setFixedSize(box->sizeHint());
        m_strip->addWidget(box);
        m_thumbs.push_back(box);
    }
    m_strip->addStretch(1);
    if (overlay && qFrame >= 0 && qFrame < static_cast<int64_t>(m_thumbs.size())) {
        QWidget* target = m_thumbs[static_cast<size_t>(qFrame)];
        QTimer::singleShot(0, m_stripScroll, [scroll = QPointer<QScrollArea>(m_stripScroll), target = QPointer<QWidget>(target)] {
            if (scroll && target) scroll->ensureWidgetVisible(target, 200, 0);
        });
    }
}

}  // namespace rope::app
