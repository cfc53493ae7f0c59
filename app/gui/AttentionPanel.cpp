// AttentionPanel, part 2: the runs (q/k, then attention per column, on workers), the truncated-
// video dialog, stale marking and what the views show. Part 1 (AttentionPanelControls.cpp) builds
// the controls and keeps them in step with the study's attention.* parameters.
#include "AttentionPanel.h"

#include <QFileInfo>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

#include "AttentionBandsView.h"
#include "AttentionFrameStrip.h"
#include "AttentionMapsArea.h"
#include "StudyController.h"
#include "app/cli/AttentionFigureInput.h"
#include "widgets/PropertiesTable.h"

namespace rope::app {
namespace {

/// Two column lists that give the same attention (their attention.* fields aside: those are compared on their own).
bool sameColumns(std::vector<Params> a, std::vector<Params> b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        a[i].attention = b[i].attention = AttentionSettings{};
        if (!(a[i] == b[i])) return false;
    }
    return true;
}

QString fileName(const std::string& path) { return path.empty() ? QObject::tr("no video") : QFileInfo(QString::fromStdString(path)).fileName(); }

}  // namespace

void AttentionPanel::fail(const QString& message) {
    setStatus(tr("Error: %1").arg(message), true);
    if (m_interactive) QMessageBox::warning(this, tr("Attention on a video"), message);
}

bool AttentionPanel::isRunning() const { return m_qkWatcher.isRunning() || m_attentionWatcher.isRunning(); }

void AttentionPanel::setBusy(bool busy) {
    m_run->setEnabled(!busy);
    m_cancel->setEnabled(busy);
}

/// Monotone within a run: a stage maps its fraction into [lo, hi] of the bar, which never goes back.
void AttentionPanel::setProgress(double fraction) {
    const double v = std::max(m_progressFloor, m_progressLo + (m_progressHi - m_progressLo) * std::clamp(fraction, 0.0, 1.0));
    m_progressFloor = v;
    m_progress->setValue(static_cast<int>(v * 1000));
}

bool AttentionPanel::run() {
    if (m_qkWatcher.isRunning()) return false;
    const QString typed = m_videoEdit->text();
    if (!typed.isEmpty() && typed != videoPath() && !loadVideo(typed)) {
        m_interactive = false;
        return false;
    }
    const AttentionSettings& a = m_controller->study().shared().attention;
    if (a.video.empty() && a.model.empty()) {
        fail(tr("Open a video first."));
        m_interactive = false;
        return false;
    }
    m_progressFloor = 0;
    return startQk(false);
}

bool AttentionPanel::startQk(bool allowTruncated) {
    auto job = std::make_shared<QkJob>();
    job->settings = m_controller->study().shared().attention;
    job->shared = m_controller->study().shared();
    job->allowTruncated = allowTruncated;
    m_cancelFlag = std::make_shared<std::atomic<bool>>(false);
    job->cancel = m_cancelFlag;
    m_runPending = true;
    setBusy(true);
    m_progressLo = 0, m_progressHi = 0.7;
    setStatus(tr("Decoding %1 and running the model…").arg(fileName(job->settings.video)));
    auto sink = [this](double f) { QMetaObject::invokeMethod(this, [this, f] { setProgress(f); }, Qt::QueuedConnection); };
    m_qkWatcher.setFuture(QtConcurrent::run(runQkJob, job, ProgressSink(sink)));
    return true;
}

void AttentionPanel::cancel() {
    if (m_cancelFlag) m_cancelFlag->store(true);
}

void AttentionPanel::qkFinished() {
    const std::shared_ptr<QkJob> job = m_qkWatcher.result();
    if (job->truncated && !job->cancelled) {
        // The same rule as `ropescope attention`: refused unless the user accepts the frames that decode.
        const bool use = m_truncatedPrompt ? m_truncatedPrompt(job->error, job->decodableFrames)
                                           : QMessageBox::question(this, tr("Truncated video"),
                                                                   tr("%1.\n\nUse the %2 frames that decode?").arg(job->error).arg(job->decodableFrames),
                                                                   QMessageBox::Yes | QMessageBox::Cancel) == QMessageBox::Yes;
        if (use) {
            startQk(true);
            return;
        }
    }
    if (job->cancelled || !job->error.isEmpty()) {
        setBusy(m_attentionWatcher.isRunning());
        m_progress->setValue(0);
        if (job->cancelled) setStatus(tr("Cancelled."));
        else fail(job->truncated ? tr("%1 — not run (the frames that decode were not accepted)").arg(job->error) : job->error);
        m_interactive = m_runPending = false;
        refreshStale();
        Q_EMIT runFinished(false);
        return;
    }
    ++m_modelRuns;
    m_qk = job->qk;
    const int64_t T = m_qk->capture.frames, R = m_qk->capture.rows, C = m_qk->capture.cols;
    if (m_query < 0 || m_query >= m_qk->capture.tokens() || m_resultSettings.video != m_qk->settings.video) m_query = defaultQuery(T, R, C);
    QString note = tr("Model done: %1 frames × %2×%3 = %4 tokens (%5). Computing attention…")
                       .arg(T).arg(R).arg(C).arg(m_qk->capture.tokens()).arg(QString::fromStdString(m_qk->capture.sourceModel));
    if (!job->warnings.isEmpty()) note += QStringLiteral(" ") + job->warnings.join(QStringLiteral("; "));
    setStatus(note);
    if (m_attentionWatcher.isRunning()) m_attentionDirty = true;  // a recompute of the old q/k is out: redo when it ends
    else startAttention();
}

void AttentionPanel::requestAttention() {
    refreshStale();
    if (!m_qk || m_qkWatcher.isRunning()) return;  // a q/k run ends with an attention run anyway
    if (needsNewQk(*m_qk, m_controller->study().shared().attention)) return;  // marked stale: Run
    if (m_attentionWatcher.isRunning()) {
        m_attentionDirty = true;
        return;
    }
    m_progressFloor = 0, m_progressLo = 0, m_progressHi = 1;
    startAttention();
}

void AttentionPanel::startAttention() {
    if (!m_qk) return;
    m_attentionDirty = false;
    auto job = std::make_shared<AttentionJob>();
    job->qk = m_qk;
    job->columns = m_controller->study().columns;
    job->settings = m_controller->study().shared().attention;
    if (!m_cancelFlag || m_cancelFlag->load()) m_cancelFlag = std::make_shared<std::atomic<bool>>(false);
    job->cancel = m_cancelFlag;
    setBusy(true);
    if (m_runPending) m_progressLo = 0.7, m_progressHi = 1.0;
    auto sink = [this](double f) { QMetaObject::invokeMethod(this, [this, f] { setProgress(f); }, Qt::QueuedConnection); };
    m_attentionWatcher.setFuture(QtConcurrent::run(runAttentionJob, job, ProgressSink(sink)));
}

void AttentionPanel::attentionFinished() {
    const std::shared_ptr<AttentionJob> job = m_attentionWatcher.result();
    const bool qkRunning = m_qkWatcher.isRunning();
    const bool owed = m_runPending && !qkRunning;  // else this was a recompute overtaken by a new run
    if (job->cancelled) {
        m_attentionDirty = false;
        setBusy(qkRunning);
        if (qkRunning) return;
        m_progress->setValue(0);
        setStatus(tr("Cancelled; the cached q/k are kept — change a parameter or press Run to recompute."));
        m_runPending = m_interactive = false;
        refreshStale();
        Q_EMIT attentionUpdated(false);
        if (owed) Q_EMIT runFinished(false);
        return;
    }
    if (qkRunning) return;  // new q/k are coming; qkFinished starts their attention
    if (m_attentionDirty || job->qk != m_qk) {  // the study (or the q/k) changed while this ran
        startAttention();
        return;
    }
    ++m_attentionRuns;
    m_results = job->results;
    m_errors = job->errors;
    m_resultSettings = job->settings;
    m_resultColumns = job->columns;
    setBusy(false);
    m_progress->setValue(1000);
    QStringList errors;
    for (size_t c = 0; c < job->errors.size(); ++c)
        if (!job->errors[c].isEmpty()) errors << QStringLiteral("%1: %2").arg(widgets::columnLabel(job->columns[c]), job->errors[c]);
    const bool ok = errors.isEmpty();
    if (ok)
        setStatus(tr("%1 tokens (%2 frames × %3×%4), layer %5 head %6%7 — click a frame patch or a map row to pick the query.")
                      .arg(m_qk->capture.tokens()).arg(m_qk->capture.frames).arg(m_qk->capture.rows).arg(m_qk->capture.cols)
                      .arg(job->settings.layer).arg(job->settings.head).arg(job->settings.causal ? tr(", causal") : QString()));
    else
        fail(errors.join(QStringLiteral("\n")));
    m_runPending = m_interactive = false;
    showResults();
    refreshStale();
    Q_EMIT attentionUpdated(ok);
    if (owed) Q_EMIT runFinished(ok);
}

void AttentionPanel::refreshStale() {
    QString reason;
    const bool shown = std::any_of(m_results.begin(), m_results.end(), [](const auto& r) { return r != nullptr; });
    if (shown) {
        const AttentionSettings& now = m_controller->study().shared().attention;
        const AttentionSettings& was = m_resultSettings;
        if (was.video != now.video)
            reason = tr("computed for %1; press Run for %2").arg(fileName(was.video), fileName(now.video));
        else if (was.model != now.model)
            reason = tr("computed with another model; press Run");
        else if (was.frames != now.frames || was.fps != now.fps || was.grid != now.grid || was.builtinLayers != now.builtinLayers ||
                 was.builtinHeads != now.builtinHeads || was.positionShare != now.positionShare)
            reason = tr("frames, grid or model options changed; press Run");
        else if (was.layer != now.layer || was.head != now.head || was.causal != now.causal || was.bands != now.bands ||
                 !sameColumns(m_resultColumns, m_controller->study().columns))
            reason = isRunning() ? tr("parameters changed; recomputing…") : tr("parameters changed since; press Run to recompute");
    }
    m_stale = reason;
    m_maps->setStale(reason);
    m_strip->setStale(reason);
    m_bands->setStale(reason);
}

std::shared_ptr<const ColumnAttention> AttentionPanel::columnResult(int column) const {
    return column >= 0 && column < static_cast<int>(m_results.size()) ? m_results[static_cast<size_t>(column)] : nullptr;
}

std::shared_ptr<const AttentionMap> AttentionPanel::attentionMap(int column) const {
    const auto r = columnResult(column);
    return r ? std::shared_ptr<const AttentionMap>(r, &r->map) : nullptr;
}

std::shared_ptr<const figures::AttentionFigureInput> AttentionPanel::figureInput() const {
    if (!m_qk || std::none_of(m_results.begin(), m_results.end(), [](const auto& r) { return r != nullptr; })) return nullptr;
    auto in = std::const_pointer_cast<figures::AttentionFigureInput>(cli::attentionFigureInput(*m_qk, m_results, m_query));
    in->layer = m_resultSettings.layer, in->head = m_resultSettings.head, in->causal = m_resultSettings.causal;
    if (!m_stale.isEmpty()) in->source += tr(" · STALE: %1").arg(m_stale);
    return in;
}

void AttentionPanel::setQueryToken(int64_t token) {
    if (!m_qk || token < 0 || token >= m_qk->capture.tokens()) return;
    m_query = token;
    m_maps->setQuery(token);
    showStrip();
}

void AttentionPanel::showResults() {
    const auto& columns = m_controller->study().columns;
    std::vector<AttentionMapsArea::Column> shown;
    m_labels.clear();
    for (size_t c = 0; c < columns.size(); ++c) {
        m_labels.push_back(widgets::columnLabel(columns[c]));
        // Results belong to the columns they were computed for; added columns show a placeholder.
        const bool ours = c < m_resultColumns.size() && c < m_results.size();
        shown.push_back({m_labels.back(), ours ? m_results[c] : nullptr, ours && c < m_errors.size() ? m_errors[c] : QString()});
    }
    m_maps->setColumns(std::move(shown));
    m_maps->setQuery(m_query);
    const int sel = m_maps->selectedColumn();
    m_bands->setColumn(columnResult(sel), sel < static_cast<int>(m_labels.size()) ? m_labels[static_cast<size_t>(sel)] : QString());
    showStrip();
    m_maps->setStale(m_stale);
}

void AttentionPanel::showStrip() {
    const std::shared_ptr<const Frames> frames = m_qk ? std::shared_ptr<const Frames>(m_qk, &m_qk->frames) : nullptr;
    const int64_t R = m_qk ? m_qk->capture.rows : 0, C = m_qk ? m_qk->capture.cols : 0;
    m_strip->setFrames(frames && frames->count > 0 ? frames : nullptr, static_cast<int>(R), static_cast<int>(C));
    if (!frames || frames->count == 0) {
        m_strip->setTitle(tr("<b>Frames</b> — none decoded yet"));
        return;
    }
    const int sel = m_maps->selectedColumn();
    const auto r = columnResult(sel);
    const bool overlay = r && r->map.probabilities.rows() > 0 && m_query >= 0 && m_query < r->map.tokens() && r->map.frames == frames->count;
    if (!overlay) {
        m_strip->setOverlay({}, m_query);
        m_strip->setTitle(tr("<b>Frames</b> — %1 sampled frames; click a patch to pick the query token").arg(frames->count));
        return;
    }
    std::vector<Eigen::MatrixXf> images;
    for (int64_t t = 0; t < r->map.frames; ++t) images.push_back(r->map.keyImage(m_query, t));
    m_strip->setOverlay(std::move(images), m_query);
    const int64_t per = R * C;
    m_strip->setTitle(tr("<b>Frames</b> — attention of query (frame %1, row %2, col %3) under <b>%4</b> (box = query patch; "
                         "click a patch to pick another)")
                          .arg(m_query / per).arg((m_query % per) / C).arg(m_query % C)
                          .arg(sel < static_cast<int>(m_labels.size()) ? m_labels[static_cast<size_t>(sel)].toHtmlEscaped() : QString()));
    m_strip->setStale(m_stale);
}

}  // namespace rope::app
