// AttentionPanel, part 1: construction, layout and the inputs — every control edits one
// attention.* parameter of the study through the StudyController and follows the study back.
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include "AttentionBandsView.h"
#include "AttentionFrameStrip.h"
#include "AttentionMapsArea.h"
#include "AttentionPanel.h"
#include "StudyController.h"
#include "core/ParamSchema.h"
#include "media/VideoReader.h"
#include "model/QkModel.h"

namespace rope::app {
namespace {

const QString kSuggestedVideo = QStringLiteral("/usr/share/doc/opencv-doc/examples/data/vtest.avi");

QString qs(const std::string& s) { return QString::fromStdString(s); }
QString tip(const char* key) { return qs(requireParam(key).help); }

QString formatDuration(double s) {
    if (s <= 0) return QStringLiteral("unknown duration");
    return QStringLiteral("%1:%2").arg(static_cast<int>(s) / 60).arg(s - 60 * (static_cast<int>(s) / 60), 4, 'f', 1, QLatin1Char('0'));
}

QString videoFacts(const QString& path, const VideoInfo& info) {
    return QObject::tr("%1 · %2 · %3 fps · %4×%5 · %6 frames")
        .arg(QFileInfo(path).fileName(), formatDuration(info.durationSeconds))
        .arg(info.fps, 0, 'g', 4).arg(info.width).arg(info.height).arg(info.frameCount);
}

void rangeFromSchema(QSpinBox* box, const char* key) {
    const ParamSpec& s = requireParam(key);
    box->setRange(static_cast<int>(s.min), static_cast<int>(std::min(s.max, 1e9)));
    box->setToolTip(qs(s.help));
}

}  // namespace

AttentionPanel::AttentionPanel(StudyController* controller, QWidget* parent) : QWidget(parent), m_controller(controller) {
    setWindowTitle(tr("Attention on a video"));
    buildControls();
    m_strip = new AttentionFrameStrip;
    m_maps = new AttentionMapsArea;
    m_bands = new AttentionBandsView;

    auto* lower = new QSplitter(Qt::Horizontal);
    lower->setChildrenCollapsible(false);
    lower->addWidget(m_maps);
    lower->addWidget(m_bands);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);

    auto* layout = qobject_cast<QVBoxLayout*>(this->layout());
    layout->addWidget(m_strip);
    layout->addWidget(lower, 1);

    connect(m_strip, &AttentionFrameStrip::patchClicked, this, [this](int frame, int row, int col) {
        if (!m_qk) return;
        const int64_t R = m_qk->capture.rows, C = m_qk->capture.cols;
        setQueryToken(frame * R * C + row * C + col);
    });
    connect(m_maps, &AttentionMapsArea::queryPicked, this, &AttentionPanel::setQueryToken);
    connect(m_maps, &AttentionMapsArea::columnSelected, this, [this] { showResults(); });
    connect(&m_qkWatcher, &QFutureWatcher<std::shared_ptr<QkJob>>::finished, this, &AttentionPanel::qkFinished);
    connect(&m_attentionWatcher, &QFutureWatcher<std::shared_ptr<AttentionJob>>::finished, this, &AttentionPanel::attentionFinished);
    connect(m_controller, &StudyController::studyChanged, this, [this] {
        syncFromStudy();
        requestAttention();
        if (m_results.empty()) showResults();  // placeholders follow added / removed columns
    });

    syncFromStudy();
    setStatus(tr("Open a video (or keep the suggested one) and press Run. The model runs once; attention is recomputed for "
                 "every study column when δ, θ, the allocation, the layer or the head change."));
    showResults();
}

AttentionPanel::~AttentionPanel() {
    if (m_cancelFlag) m_cancelFlag->store(true);
    m_qkWatcher.waitForFinished();
    m_attentionWatcher.waitForFinished();
}

void AttentionPanel::buildControls() {
    m_videoEdit = new QLineEdit;
    m_frames = new QSpinBox;
    m_fps = new QDoubleSpinBox;
    m_grid = new QLineEdit;
    m_model = new QComboBox;
    m_layer = new QSpinBox;
    m_head = new QSpinBox;
    m_causal = new QCheckBox(tr("causal"));
    m_bandsBox = new QComboBox;
    m_run = new QPushButton(tr("Run"));
    m_cancel = new QPushButton(tr("Cancel"));
    m_progress = new QProgressBar;
    m_status = new QLabel;
    m_videoInfo = new QLabel;

    auto* openVideo = new QPushButton(tr("Open video…"));
    m_videoEdit->setPlaceholderText(tr("video file"));
    m_videoEdit->setToolTip(tip("attention.video") + tr(" Probed when opened, decoded on Run."));
    m_videoEdit->setMinimumWidth(120);
    rangeFromSchema(m_frames, "attention.frames");
    m_fps->setRange(0, requireParam("attention.fps").max);
    m_fps->setDecimals(2);
    m_fps->setSingleStep(0.5);
    m_fps->setSpecialValueText(tr("even"));
    m_fps->setToolTip(tip("attention.fps"));
    m_grid->setMaximumWidth(64);
    m_grid->setToolTip(tip("attention.grid"));
    m_model->addItem(tr("built-in PCA model"));
    m_model->addItem(tr("Open model or capture…"));
    m_model->setToolTip(tip("attention.model"));
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_model->setMinimumContentsLength(12);
    rangeFromSchema(m_layer, "attention.layer");
    rangeFromSchema(m_head, "attention.head");
    for (QWidget* w : {static_cast<QWidget*>(m_frames), static_cast<QWidget*>(m_layer), static_cast<QWidget*>(m_head), static_cast<QWidget*>(m_fps)})
        w->setMaximumWidth(76);  // the schema's ranges are wide; the values are short
    m_causal->setToolTip(tip("attention.causal"));
    m_bandsBox->setEditable(true);
    m_bandsBox->addItems({QStringLiteral("halves"), QStringLiteral("rows"), QStringLiteral("none")});
    m_bandsBox->setToolTip(tip("attention.bands"));
    m_bandsBox->setMinimumContentsLength(7);
    m_run->setToolTip(tr("Decode the frames and run the model (cached); then attention for every study column"));
    m_cancel->setEnabled(false);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(160);
    m_progress->setFormat(QStringLiteral("%p %"));  // with its number it reads as progress, not as an empty field

    // Two rows that fit 1280 px with the parameter dock open: where the data comes from, then how.
    auto* source = new QHBoxLayout;
    source->addWidget(openVideo);
    source->addWidget(m_videoEdit, 1);
    source->addWidget(new QLabel(tr("Model")));
    source->addWidget(m_model);
    source->addWidget(m_run);
    source->addWidget(m_cancel);
    auto* how = new QHBoxLayout;
    auto label = [how](const QString& t, QWidget* w) {
        how->addWidget(new QLabel(t));
        how->addWidget(w);
    };
    label(tr("Frames"), m_frames);
    label(tr("fps"), m_fps);
    label(tr("Grid"), m_grid);
    label(tr("Layer"), m_layer);
    label(tr("Head"), m_head);
    how->addWidget(m_causal);
    label(tr("Bands"), m_bandsBox);
    how->addStretch(1);

    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_videoInfo->setStyleSheet(QStringLiteral("color: #555;"));
    auto* statusRow = new QHBoxLayout;
    statusRow->addWidget(m_videoInfo);
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_progress);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(source);
    layout->addLayout(how);
    layout->addLayout(statusRow);

    connect(openVideo, &QPushButton::clicked, this, &AttentionPanel::openVideoDialog);
    connect(m_videoEdit, &QLineEdit::editingFinished, this, [this] {
        const QString t = m_videoEdit->text();
        if (!t.isEmpty() && t != videoPath()) loadVideo(t);
    });
    connect(m_model, qOverload<int>(&QComboBox::activated), this, [this](int index) {
        if (index == 0) setModelFile(QString());
        else if (index == m_model->count() - 1) openModelDialog();
    });
    connect(m_frames, qOverload<int>(&QSpinBox::valueChanged), this, [this](int v) { setInput("attention.frames", QString::number(v)); });
    connect(m_fps, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this](double v) { setInput("attention.fps", QString::number(v)); });
    connect(m_grid, &QLineEdit::editingFinished, this, [this] { setInput("attention.grid", m_grid->text().trimmed()); });
    connect(m_layer, qOverload<int>(&QSpinBox::valueChanged), this, [this](int v) { setInput("attention.layer", QString::number(v)); });
    connect(m_head, qOverload<int>(&QSpinBox::valueChanged), this, [this](int v) { setInput("attention.head", QString::number(v)); });
    connect(m_causal, &QCheckBox::toggled, this, [this](bool on) { setInput("attention.causal", on ? QStringLiteral("on") : QStringLiteral("off")); });
    connect(m_bandsBox, &QComboBox::textActivated, this, [this](const QString& t) { setInput("attention.bands", t.trimmed()); });
    connect(m_run, &QPushButton::clicked, this, [this] {
        m_interactive = true;
        run();
    });
    connect(m_cancel, &QPushButton::clicked, this, &AttentionPanel::cancel);
}

bool AttentionPanel::setInput(const char* key, const QString& value) {
    QString error;
    if (m_controller->setParam(QString::fromLatin1(key), value, 0, &error)) return true;
    fail(error);
    syncFromStudy();  // the control shows the study's value again
    return false;
}

void AttentionPanel::syncFromStudy() {
    const AttentionSettings& a = m_controller->study().shared().attention;
    const QSignalBlocker b1(m_frames), b2(m_fps), b3(m_grid), b4(m_layer), b5(m_head), b6(m_causal), b7(m_bandsBox), b8(m_model);
    if (!a.video.empty()) m_videoEdit->setText(qs(a.video));
    if (qs(a.video) != m_videoInfo->property("probed").toString()) {  // a study opened with another video: its facts
        m_videoInfo->setProperty("probed", qs(a.video));
        m_videoInfo->clear();
        try {
            if (!a.video.empty()) m_videoInfo->setText(videoFacts(qs(a.video), probeVideo(a.video)));
        } catch (const std::exception& e) {
            m_videoInfo->setText(tr("%1: cannot be opened").arg(QFileInfo(qs(a.video)).fileName()));
            m_videoInfo->setToolTip(QString::fromStdString(e.what()));
        }
    }
    else if (m_videoEdit->text().isEmpty() && QFileInfo::exists(kSuggestedVideo)) m_videoEdit->setText(kSuggestedVideo);  // loaded on Run
    m_frames->setValue(static_cast<int>(a.frames));
    m_fps->setValue(a.fps);
    m_grid->setText(qs(a.grid));
    m_layer->setValue(static_cast<int>(a.layer));
    m_head->setValue(static_cast<int>(a.head));
    m_causal->setChecked(a.causal);
    m_bandsBox->setCurrentText(qs(a.bands));
    while (m_model->count() > 2) m_model->removeItem(1);
    if (a.model.empty()) {
        m_model->setCurrentIndex(0);
    } else {
        m_model->insertItem(1, QFileInfo(qs(a.model)).fileName());
        m_model->setItemData(1, qs(a.model), Qt::ToolTipRole);
        m_model->setCurrentIndex(1);
    }
}

QString AttentionPanel::videoPath() const { return qs(m_controller->study().shared().attention.video); }
QString AttentionPanel::statusText() const { return m_status->text(); }

void AttentionPanel::setStatus(const QString& text, bool error) {
    m_status->setStyleSheet(error ? QStringLiteral("color: #b03a2e;") : QString());
    m_status->setText(text);
    m_status->setToolTip(text);
}

bool AttentionPanel::loadVideo(const QString& path) {
    m_videoEdit->setText(path);
    try {
        const VideoInfo info = probeVideo(path.toStdString());
        if (!setInput("attention.video", path)) return false;
        m_videoInfo->setText(videoFacts(path, info));
        m_videoInfo->setProperty("probed", path);
        setStatus(m_stale.isEmpty() ? tr("Video ready; press Run to decode %1 frames and run the model.").arg(m_frames->value())
                                    : tr("Video ready; the maps shown are stale — press Run."));
        return true;
    } catch (const std::exception& e) {
        m_videoInfo->clear();
        fail(QString::fromStdString(e.what()));
        return false;
    }
}

bool AttentionPanel::setModelFile(const QString& path) {
    if (path.isEmpty()) return setInput("attention.model", QString());
    try {
        detectModelFile(path.toStdString());
    } catch (const std::exception& e) {
        fail(QString::fromStdString(e.what()));
        syncFromStudy();
        return false;
    }
    if (!setInput("attention.model", path)) return false;
    setStatus(tr("Model set to %1; press Run.").arg(QFileInfo(path).fileName()));
    return true;
}

void AttentionPanel::setFrameCount(int frames) { m_frames->setValue(frames); }
void AttentionPanel::setGrid(const QString& grid) {
    m_grid->setText(grid);
    setInput("attention.grid", grid);
}
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
    if (path.isEmpty() || !setModelFile(path)) syncFromStudy();
    m_interactive = false;
}

}  // namespace rope::app
