#include "VniahPanel.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QEvent>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>

#include "StudyController.h"
#include "VniahDrillDown.h"
#include "VniahTable3.h"
#include "core/ParamSchema.h"
#include "widgets/HeatmapView.h"
#include "widgets/LayoutKit.h"
#include "widgets/ParameterPanel.h"
#include "widgets/PropertiesTable.h"

namespace rope::app {

/// One run handed to the worker and back: what to compute in, grids or an error out.
struct VniahPanel::Job {
    VniahSettings settings;
    std::vector<std::pair<VniahColumn, VniahTask>> todo;
    std::vector<std::string> keys;
    std::shared_ptr<std::atomic<bool>> cancel;
    std::vector<VniahGrid> grids;
    QString error;
    bool cancelled = false;
};

namespace {

const VniahTask kTasks[] = {VniahTask::Plain, VniahTask::Distractors};
constexpr int kProgressSteps = 1000;
constexpr int kMapMinWidth = 260, kMapMinHeight = 220;
constexpr int kDetailsWideWidth = 480;  ///< the details pane beside the maps needs this much


/// Runs the grids one after another. The panel hears, on its own thread and in order, each
/// grid's own progress (0..1, monotone: core/vniah/ParallelJobs) and each finished grid.
std::shared_ptr<VniahPanel::Job> runJob(std::shared_ptr<VniahPanel::Job> job, VniahPanel* panel,
                                        std::function<void(size_t, double)> progress,
                                        std::function<void(const std::string&, const VniahGrid&)> done) {
    try {
        for (size_t i = 0; i < job->todo.size() && !job->cancel->load(); ++i) {
            RunControl ctl;
            ctl.cancel = job->cancel.get();
            ctl.progress = [panel, progress, i](double f) {
                QMetaObject::invokeMethod(panel, [progress, i, f] { progress(i, f); }, Qt::QueuedConnection);
                return true;  // cancelling goes through job->cancel
            };
            VniahRun run = runVniah(job->settings, {job->todo[i].first}, {job->todo[i].second}, ctl);
            if (run.status == RunStatus::Cancelled) break;
            job->grids.push_back(std::move(run.grids.front()));
            QMetaObject::invokeMethod(panel, [done, key = job->keys[i], grid = job->grids.back()] { done(key, grid); },
                                      Qt::QueuedConnection);
        }
    } catch (const std::exception& e) {
        job->error = QString::fromStdString(e.what());
    }
    job->cancelled = job->cancel->load();
    return job;
}

}  // namespace

VniahPanel::VniahPanel(StudyController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller),
      m_settings(new widgets::ParameterPanel(nullptr, widgets::ParameterPanel::vniahParams)),
      m_run(new QPushButton(tr("Run"))), m_cancel(new QPushButton(tr("Cancel"))), m_progress(new QProgressBar),
      m_status(new QLabel), m_heatmaps(new QGridLayout), m_maps(new QWidget), m_table3(new VniahTable3), m_drill(new VniahDrillDown) {
    setWindowTitle(tr("V-NIAH"));
    // Left: settings (scrolling when the window is short), Run / Cancel, progress, status.
    auto* left = new QVBoxLayout;
    left->setContentsMargins(0, 0, 0, 0);
    auto* settingsScroll = new QScrollArea;
    settingsScroll->setWidget(m_settings);
    settingsScroll->setWidgetResizable(true);
    settingsScroll->setFrameShape(QFrame::NoFrame);
    settingsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    left->addWidget(settingsScroll, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    left->addLayout(buttons);
    left->addWidget(m_progress);
    left->addWidget(m_status);
    m_status->setWordWrap(true);
    m_progress->setRange(0, kProgressSteps);
    m_progress->setValue(0);
    m_progress->setFormat(tr("%p %"));
    m_cancel->setEnabled(false);
    m_run->setToolTip(tr("Run V-NIAH and V-NIAH-D for every variant column (only what is not cached)"));
    auto* leftBox = new QWidget;
    leftBox->setLayout(left);
    // As wide as the settings' labels and editors need (a scroll bar beside them when short).
    leftBox->setMinimumWidth(m_settings->minimumSizeHint().width() + settingsScroll->verticalScrollBar()->sizeHint().width() + 4);
    leftBox->setMaximumWidth(leftBox->minimumWidth() + 40);

    // Right, in one vertical scroll: the heatmaps (two per row when there is room), and Table 3
    // with its note and the drill-down — beside the heatmaps on a wide screen, under them on a
    // narrow one (relayoutResults()).
    m_maps->setLayout(m_heatmaps);
    auto* details = new QWidget;
    auto* detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_table3);
    detailsLayout->addWidget(m_drill, 1);
    auto* results = new QWidget;
    m_resultsLayout = new QBoxLayout(QBoxLayout::TopToBottom, results);
    m_resultsLayout->setContentsMargins(0, 0, 0, 0);
    m_resultsLayout->addWidget(m_maps, 3);
    m_resultsLayout->addWidget(details, 2);
    m_results = new QScrollArea;
    m_results->setWidget(results);
    m_results->setWidgetResizable(true);
    m_results->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_results->setMinimumWidth(kMapMinWidth + 24);
    m_results->viewport()->installEventFilter(this);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(leftBox);
    layout->addWidget(m_results, 1);

    connect(m_run, &QPushButton::clicked, this, &VniahPanel::run);
    connect(m_cancel, &QPushButton::clicked, this, &VniahPanel::cancel);
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<Job>>::finished, this, &VniahPanel::jobFinished);
    connect(m_settings, &widgets::ParameterPanel::paramEdited, this, [this](const QString& k, const QString& v, int) {
        QString error;
        if (!m_controller->setParam(k, v, 0, &error)) m_settings->showEditError(k, error);
    });
    connect(m_controller, &StudyController::studyChanged, this, [this] {
        m_settings->showStudy(m_controller->study());
        forgetStaleSelection();
        showGrids();
    });
    m_settings->showStudy(m_controller->study());
    showGrids();
}

VniahPanel::~VniahPanel() {
    cancel();
    m_watcher.waitForFinished();
}

std::string VniahPanel::cacheKey(const Params& p, VniahTask task) const {
    std::string key = vniahTaskName(task);
    for (const ParamSpec& spec : paramSchema())
        if (spec.key != "sequence" && spec.key != "memory_budget_mib" && spec.key.rfind("attention.", 0) != 0)  // not V-NIAH inputs
            key += '|' + spec.get(p);
    return key;
}

bool VniahPanel::isRunning() const { return m_watcher.isRunning(); }

bool VniahPanel::run() {
    if (isRunning()) return false;
    auto job = std::make_shared<Job>();
    job->settings = m_controller->study().shared().vniah;
    for (const Params& p : m_controller->study().columns)
        for (VniahTask t : kTasks) {
            const std::string key = cacheKey(p, t);
            if (m_cache.count(key)) continue;
            Params column = p;
            column.vniah.task = t;
            job->todo.push_back({VniahColumn{widgets::columnLabel(p).toStdString(), column}, t});
            job->keys.push_back(key);
        }
    if (job->todo.empty()) {
        m_status->setText(tr("Everything shown is up to date."));
        return false;
    }
    try {
        std::vector<VniahTask> tasks(std::begin(kTasks), std::end(kTasks));
        validateVniah(job->settings, tasks);
    } catch (const std::exception& e) {
        m_status->setText(tr("<b>Cannot run:</b> %1").arg(QString::fromStdString(e.what()).toHtmlEscaped()));
        return false;
    }
    m_cancelFlag = std::make_shared<std::atomic<bool>>(false);
    job->cancel = m_cancelFlag;
    m_gridsTotal = static_cast<int>(job->todo.size());
    m_gridsDone = 0;
    setRunning(true);
    m_status->setText(tr("Running %1 grid(s)…").arg(m_gridsTotal));
    const int runId = ++m_runId;  // reports of an earlier run that arrive late are dropped
    auto progress = [this, runId](size_t i, double f) {
        if (runId == m_runId) gridProgress(i, f);
    };
    auto done = [this, runId](const std::string& key, const VniahGrid& g) {
        if (runId == m_runId) gridDone(key, g);
    };
    m_watcher.setFuture(QtConcurrent::run(runJob, job, this, std::function<void(size_t, double)>(progress),
                                          std::function<void(const std::string&, const VniahGrid&)>(done)));
    return true;
}

void VniahPanel::cancel() {
    if (m_cancelFlag) m_cancelFlag->store(true);
}

void VniahPanel::setRunning(bool running) {
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    if (running) showProgress(0);
}

// The run's progress: grid i of n at its own fraction f is (i + f) / n of the whole. Shown as the
// largest value reached so far, so a late report can never move the bar back.
void VniahPanel::gridProgress(size_t index, double fraction) {
    if (m_gridsTotal <= 0) return;
    const double whole = (static_cast<double>(index) + std::clamp(fraction, 0.0, 1.0)) / m_gridsTotal;
    showProgress(static_cast<int>(std::floor(whole * kProgressSteps)));
}

void VniahPanel::showProgress(int value) {
    const int shown = value == 0 ? 0 : std::max(value, m_progress->value());
    const int current = std::min(m_gridsDone + 1, m_gridsTotal);
    // The format first: a listener of valueChanged reads the new text.
    m_progress->setFormat(m_gridsTotal == 0 ? tr("%p %")
                          : m_gridsDone == m_gridsTotal ? tr("%p % · %1 of %1 grids").arg(m_gridsTotal)
                                                        : tr("%p % · grid %1 of %2").arg(current).arg(m_gridsTotal));
    m_progress->setValue(shown);
}

void VniahPanel::gridDone(const std::string& key, const VniahGrid& grid) {
    m_cache[key] = grid;
    ++m_gridsDone;
    showGrids();
    showProgress(m_gridsDone * kProgressSteps / std::max(1, m_gridsTotal));
    m_status->setText(m_gridsDone < m_gridsTotal ? tr("Done %1 — running the next grid…").arg(vniahGridName(grid).toHtmlEscaped())
                                                 : tr("Done %1.").arg(vniahGridName(grid).toHtmlEscaped()));
    Q_EMIT gridFinished(m_gridsDone, m_gridsTotal);
}

void VniahPanel::jobFinished() {
    const std::shared_ptr<Job> job = m_watcher.result();
    setRunning(false);
    for (size_t i = 0; i < job->grids.size(); ++i) m_cache.emplace(job->keys[i], job->grids[i]);  // already there, normally
    if (!job->error.isEmpty())
        m_status->setText(tr("<b>Cannot run:</b> %1").arg(job->error.toHtmlEscaped()));
    else
        m_status->setText(job->cancelled ? tr("Cancelled; %1 of %2 grid(s) finished and kept.").arg(job->grids.size()).arg(m_gridsTotal)
                                         : tr("Done: %1 grid(s) computed.").arg(job->grids.size()));
    showGrids();
    Q_EMIT runFinished(!job->cancelled && job->error.isEmpty());
}

std::vector<VniahGrid> VniahPanel::shownGrids() const {
    std::vector<VniahGrid> out;
    for (const Params& p : m_controller->study().columns)
        for (VniahTask t : kTasks) {
            const auto it = m_cache.find(cacheKey(p, t));
            if (it != m_cache.end()) out.push_back(it->second);
        }
    return out;
}

void VniahPanel::forgetStaleSelection() {
    if (m_selected.key.empty()) return;
    for (const Params& p : m_controller->study().columns)
        for (VniahTask t : kTasks)
            if (cacheKey(p, t) == m_selected.key) return;  // still the current parameters
    const auto it = m_cache.find(m_selected.key);
    const QString what = it == m_cache.end() ? QString() : vniahGridName(it->second) + QStringLiteral(" ");
    m_selected = {};
    m_drill->clear(tr("The cell shown before (%1) was computed for parameters that have changed. Click a cell of the "
                      "current results.").arg(what.trimmed()));
}

void VniahPanel::showGrids() {
    widgets::discardLayoutItems(m_heatmaps);
    m_views.clear();
    m_mapsPerRow = 0;
    const auto& columns = m_controller->study().columns;
    int missing = 0;
    for (size_t c = 0; c < columns.size(); ++c)
        for (int t = 0; t < 2; ++t) {
            auto* view = new widgets::HeatmapView;
            view->setMinimumSize(kMapMinWidth, kMapMinHeight);
            widgets::HeatmapView::Data d;
            const std::string key = cacheKey(columns[c], kTasks[t]);
            const auto it = m_cache.find(key);
            const QString name = widgets::columnLabel(columns[c]);
            if (it == m_cache.end()) {
                ++missing;
                d.title = QStringLiteral("%1 — %2: not run yet").arg(name, vniahTaskTitle(kTasks[t]));
            } else {
                const VniahGrid& g = it->second;
                d.rows = static_cast<int>(g.depths.size());
                d.cols = static_cast<int>(g.lengths.size());
                for (int r = 0; r < d.rows; ++r)
                    for (int l = 0; l < d.cols; ++l) {
                        d.values.push_back(g.success(l, r));
                        d.cellToolTips << vniahCellToolTip(g, l, r);
                    }
                for (int64_t v : g.depths) d.rowLabels << QString::number(v);
                for (int64_t v : g.lengths) d.colLabels << QString::number(v);
                d.title = QStringLiteral("%1 — %2: %3 %").arg(name, vniahTaskTitle(kTasks[t])).arg(100 * g.accuracy(), 0, 'f', 1);
                d.xTitle = tr("haystack length (frames)");
                d.yTitle = tr("needle depth (%)");
                d.colormap = widgets::Colormap::RedGreen;
                d.flipRows = true;
                d.showValues = true;
                d.valueScale = 100;
                if (m_selected.key == key) d.marked.push_back({m_selected.depth, m_selected.length});
                connect(view, &widgets::HeatmapView::cellClicked, this,
                        [this, key](int depth, int length) { showCase(key, length, depth); });
            }
            view->setData(d);
            m_views.push_back(view);
        }
    relayoutResults();
    showTable();
    if (!isRunning() && missing > 0) m_status->setText(tr("%1 grid(s) not computed for the current parameters: press Run.").arg(missing));
}

void VniahPanel::showTable() {
    m_table3->showColumns(m_controller->study().columns, [this](const Params& p, VniahTask t) -> std::optional<double> {
        const auto it = m_cache.find(cacheKey(p, t));
        if (it == m_cache.end()) return std::nullopt;
        return it->second.accuracy();
    });
}

// Wide: heatmaps | details side by side; narrow: details under the heatmaps. Two heatmaps (a
// column's two tasks) per row when both fit, else one per row.
void VniahPanel::relayoutResults() {
    const int width = m_results->viewport()->width();
    const bool wide = width >= 2 * kMapMinWidth + kDetailsWideWidth;
    const auto direction = wide ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
    if (m_resultsLayout->direction() != direction) m_resultsLayout->setDirection(direction);
    m_drill->setMinimumHeight(wide ? 320 : 460);  // under the maps it scrolls, so its charts may be taller
    const int mapsWidth = wide ? width * 3 / 5 : width;
    const int perRow = mapsWidth >= 2 * kMapMinWidth + 12 ? 2 : 1;
    if (perRow == m_mapsPerRow && m_heatmaps->count() == static_cast<int>(m_views.size())) return;
    m_mapsPerRow = perRow;
    for (auto* v : m_views) m_heatmaps->removeWidget(v);
    for (size_t i = 0; i < m_views.size(); ++i)
        m_heatmaps->addWidget(m_views[i], static_cast<int>(i) / perRow, static_cast<int>(i) % perRow);
}

bool VniahPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_results->viewport() && event->type() == QEvent::Resize) relayoutResults();
    return QWidget::eventFilter(watched, event);
}

bool VniahPanel::selectCell(size_t index, int lengthIndex, int depthIndex) {
    size_t i = 0;
    for (const Params& p : m_controller->study().columns)
        for (VniahTask t : kTasks) {
            const std::string key = cacheKey(p, t);
            if (!m_cache.count(key)) continue;
            if (i++ == index) {
                showCase(key, lengthIndex, depthIndex);
                return true;
            }
        }
    return false;
}

void VniahPanel::showCase(const std::string& key, int lengthIndex, int depthIndex) {
    const auto it = m_cache.find(key);
    if (it == m_cache.end()) return;
    const VniahGrid& grid = it->second;
    if (lengthIndex < 0 || depthIndex < 0 || lengthIndex >= static_cast<int>(grid.lengths.size()) ||
        depthIndex >= static_cast<int>(grid.depths.size()))
        return;
    const int64_t frames = grid.lengths[static_cast<size_t>(lengthIndex)];
    const int64_t depth = grid.depths[static_cast<size_t>(depthIndex)];
    VniahCase vc;
    try {
        vc = vniahCase(m_controller->study().shared().vniah, grid.params, grid.task, frames, depth, 0, 0);
    } catch (const std::exception& e) {
        m_status->setText(QString::fromStdString(e.what()).toHtmlEscaped());
        return;
    }
    m_selected = {key, lengthIndex, depthIndex};
    m_drill->showCase(vc, tr("%1 · %2 frames, depth %3 %").arg(vniahGridName(grid)).arg(frames).arg(depth));
    showGrids();  // outline the selected cell
    if (m_resultsLayout->direction() == QBoxLayout::TopToBottom)  // under the maps: scroll its title to the top
        m_results->verticalScrollBar()->setValue(m_drill->mapTo(m_results->widget(), QPoint(0, 0)).y());
}

}  // namespace rope::app
