#include "VniahPanel.h"

#include "core/variants/Variant.h"

#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QScatterSeries>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "StudyController.h"
#include "core/ParamSchema.h"
#include "widgets/ChartKit.h"
#include "widgets/HeatmapView.h"
#include "widgets/LayoutKit.h"
#include "widgets/Palette.h"
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

double paperAccuracy(const VariantId& v, VniahTask task) {
    const VariantEntry* e = findVariant(v);
    if (!e || !e->paperVniah) return -1;
    return task == VniahTask::Distractors ? e->paperVniah->second : e->paperVniah->first;
}

namespace {

QString taskTitle(VniahTask t) { return t == VniahTask::Plain ? QStringLiteral("V-NIAH") : QStringLiteral("V-NIAH-D"); }
const VniahTask kTasks[] = {VniahTask::Plain, VniahTask::Distractors};

std::shared_ptr<VniahPanel::Job> runJob(std::shared_ptr<VniahPanel::Job> job, QObject* progressTarget, QProgressBar* bar) {
    RunControl ctl;
    ctl.cancel = job->cancel.get();
    ctl.progress = [progressTarget, bar](double f) {
        QMetaObject::invokeMethod(progressTarget, [bar, f] { bar->setValue(static_cast<int>(f * 1000)); }, Qt::QueuedConnection);
        return true;  // cancelling goes through job->cancel
    };
    try {
        for (size_t i = 0; i < job->todo.size() && !ctl.cancelled(); ++i) {
            VniahRun run = runVniah(job->settings, {job->todo[i].first}, {job->todo[i].second}, ctl);
            if (run.status == RunStatus::Cancelled) break;
            job->grids.push_back(std::move(run.grids.front()));
        }
    } catch (const std::exception& e) {
        job->error = QString::fromStdString(e.what());
    }
    job->cancelled = ctl.cancelled();
    return job;
}

QChart* addChart(QVBoxLayout* layout, const QString& title, QWidget* parent) {
    QChart* chart = widgets::makeChart(title);
    layout->addWidget(widgets::makeChartView(chart, parent), 1);
    return chart;
}

}  // namespace

VniahPanel::VniahPanel(StudyController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller),
      m_settings(new widgets::ParameterPanel(nullptr, widgets::ParameterPanel::vniahParams)),
      m_run(new QPushButton(tr("Run"))), m_cancel(new QPushButton(tr("Cancel"))), m_progress(new QProgressBar),
      m_status(new QLabel), m_heatmaps(new QGridLayout), m_table(new QTableWidget) {
    setWindowTitle(tr("V-NIAH"));
    auto* left = new QVBoxLayout;
    left->addWidget(m_settings);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    left->addLayout(buttons);
    left->addWidget(m_progress);
    left->addWidget(m_status);
    m_status->setWordWrap(true);
    m_progress->setRange(0, 1000);
    m_cancel->setEnabled(false);
    m_run->setToolTip(tr("Run V-NIAH and V-NIAH-D for every variant column (only what is not cached)"));
    auto* leftBox = new QWidget;
    leftBox->setLayout(left);
    leftBox->setMaximumWidth(330);

    auto* maps = new QWidget;
    maps->setLayout(m_heatmaps);
    auto* mapsScroll = new QScrollArea;
    mapsScroll->setWidget(maps);
    mapsScroll->setWidgetResizable(true);
    auto* drill = new QWidget;
    auto* drillLayout = new QVBoxLayout(drill);
    drillLayout->setContentsMargins(0, 0, 0, 0);
    drillLayout->addWidget(m_table);
    m_massChart = addChart(drillLayout, tr("Click a heatmap cell: attention mass per frame"), drill);
    m_termChart = addChart(drillLayout, tr("Temporal part of the positional term per frame"), drill);
    m_table->setColumnCount(5);
    m_table->setHorizontalHeaderLabels({tr("Variant"), tr("V-NIAH\nours"), tr("V-NIAH\npaper"), tr("V-NIAH-D\nours"), tr("V-NIAH-D\npaper")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setMaximumHeight(170);
    m_table->setToolTip(tr("Accuracy (%), mean over the length × depth grid. Paper: VideoRoPE, arXiv 2502.05173, Table 3."));

    auto* splitter = new QSplitter;
    splitter->addWidget(mapsScroll);
    splitter->addWidget(drill);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({900, 600});
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(leftBox);
    layout->addWidget(splitter, 1);

    connect(m_run, &QPushButton::clicked, this, &VniahPanel::run);
    connect(m_cancel, &QPushButton::clicked, this, &VniahPanel::cancel);
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<Job>>::finished, this, &VniahPanel::jobFinished);
    connect(m_settings, &widgets::ParameterPanel::paramEdited, this, [this](const QString& k, const QString& v, int) {
        QString error;
        if (!m_controller->setParam(k, v, 0, &error)) m_settings->showEditError(k, error);
    });
    connect(m_controller, &StudyController::studyChanged, this, [this] {
        m_settings->showStudy(m_controller->study());
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
    setRunning(true);
    m_status->setText(tr("Running %1 grid(s)…").arg(job->todo.size()));
    m_watcher.setFuture(QtConcurrent::run(runJob, job, static_cast<QObject*>(this), m_progress));
    return true;
}

void VniahPanel::cancel() {
    if (m_cancelFlag) m_cancelFlag->store(true);
}

void VniahPanel::setRunning(bool running) {
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_progress->setValue(0);
}

void VniahPanel::jobFinished() {
    const std::shared_ptr<Job> job = m_watcher.result();
    setRunning(false);
    for (size_t i = 0; i < job->grids.size(); ++i) m_cache[job->keys[i]] = job->grids[i];
    if (!job->error.isEmpty())
        m_status->setText(tr("<b>Cannot run:</b> %1").arg(job->error.toHtmlEscaped()));
    else
        m_status->setText(job->cancelled ? tr("Cancelled; %1 finished grid(s) kept.").arg(job->grids.size())
                                         : tr("Done: %1 grid(s) computed.").arg(job->grids.size()));
    m_progress->setValue(job->cancelled ? 0 : 1000);
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

void VniahPanel::showGrids() {
    widgets::discardLayoutItems(m_heatmaps);
    const auto& columns = m_controller->study().columns;
    int missing = 0;
    for (size_t c = 0; c < columns.size(); ++c)
        for (int t = 0; t < 2; ++t) {
            auto* view = new widgets::HeatmapView;
            view->setMinimumSize(300, 230);
            widgets::HeatmapView::Data d;
            const auto it = m_cache.find(cacheKey(columns[c], kTasks[t]));
            const QString name = widgets::columnLabel(columns[c]);
            if (it == m_cache.end()) {
                ++missing;
                d.title = QStringLiteral("%1 — %2: not run yet").arg(name, taskTitle(kTasks[t]));
            } else {
                const VniahGrid& g = it->second;
                d.rows = static_cast<int>(g.depths.size());
                d.cols = static_cast<int>(g.lengths.size());
                for (int r = 0; r < d.rows; ++r)
                    for (int l = 0; l < d.cols; ++l) d.values.push_back(g.success(l, r));
                for (int64_t v : g.depths) d.rowLabels << QString::number(v);
                for (int64_t v : g.lengths) d.colLabels << QString::number(v);
                d.title = QStringLiteral("%1 — %2: %3 %").arg(name, taskTitle(kTasks[t])).arg(100 * g.accuracy(), 0, 'f', 1);
                d.xTitle = tr("haystack length (frames)");
                d.yTitle = tr("needle depth (%)");
                d.colormap = widgets::Colormap::RedGreen;
                d.flipRows = true;
                d.showValues = true;
                d.valueScale = 100;
                const VniahGrid grid = g;
                connect(view, &widgets::HeatmapView::cellClicked, this,
                        [this, grid](int depth, int length) { showCase(grid, length, depth); });
            }
            view->setData(d);
            m_heatmaps->addWidget(view, static_cast<int>(c), t);
        }
    showTable(shownGrids());
    if (!isRunning() && missing > 0) m_status->setText(tr("%1 grid(s) not computed for the current parameters: press Run.").arg(missing));
}

void VniahPanel::showTable(const std::vector<VniahGrid>& grids) {
    const auto& columns = m_controller->study().columns;
    m_table->setRowCount(static_cast<int>(columns.size()));
    for (size_t c = 0; c < columns.size(); ++c) {
        m_table->setItem(static_cast<int>(c), 0, new QTableWidgetItem(widgets::columnLabel(columns[c])));
        for (int t = 0; t < 2; ++t) {
            QString ours = QStringLiteral("—");
            const auto it = m_cache.find(cacheKey(columns[c], kTasks[t]));
            if (it != m_cache.end()) ours = QString::number(100 * it->second.accuracy(), 'f', 2);
            const double paper = paperAccuracy(columns[c].variant, kTasks[t]);
            m_table->setItem(static_cast<int>(c), 1 + 2 * t, new QTableWidgetItem(ours));
            m_table->setItem(static_cast<int>(c), 2 + 2 * t, new QTableWidgetItem(paper < 0 ? QStringLiteral("—") : QString::number(paper, 'f', 2)));
        }
    }
    Q_UNUSED(grids);
}

void VniahPanel::showCase(const VniahGrid& grid, int lengthIndex, int depthIndex) {
    const int64_t frames = grid.lengths[static_cast<size_t>(lengthIndex)];
    const int64_t depth = grid.depths[static_cast<size_t>(depthIndex)];
    VniahCase vc;
    try {
        vc = vniahCase(m_controller->study().shared().vniah, grid.params, grid.task, frames, depth, 0, 0);
    } catch (const std::exception& e) {
        m_status->setText(QString::fromStdString(e.what()));
        return;
    }
    const QString where = QStringLiteral("%1 frames, depth %2 % (seed 0, head 0): %3")
                              .arg(frames).arg(depth).arg(vc.success ? tr("needle wins") : tr("frame %1 wins").arg(vc.winnerFrame));
    auto fill = [&](QChart* chart, const Eigen::VectorXd& y, const QString& title, const QString& yTitle) {
        widgets::clearChart(chart);
        chart->setTitle(title);
        auto* line = new QLineSeries;
        line->setName(tr("every frame"));
        line->setPen(QPen(widgets::columnColor(1), 1.2));
        double lo = y.size() ? y.minCoeff() : 0, hi = y.size() ? y.maxCoeff() : 1;
        for (Eigen::Index f = 0; f < y.size(); ++f) line->append(static_cast<double>(f), y(f));
        auto* needle = new QScatterSeries;
        needle->setName(tr("needle"));
        needle->setColor(QColor(0x1e, 0x84, 0x49));
        needle->setMarkerSize(11);
        needle->append(static_cast<double>(vc.needleFrame), y(vc.needleFrame));
        auto* distractors = new QScatterSeries;
        distractors->setName(tr("distractors"));
        distractors->setColor(QColor(0xc0, 0x39, 0x2b));
        distractors->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
        distractors->setMarkerSize(10);
        for (int64_t f : vc.distractorFrames) distractors->append(static_cast<double>(f), y(f));
        auto* x = widgets::makeValueAxis(tr("frame"), 0, static_cast<double>(std::max<int64_t>(1, vc.frames - 1)), QStringLiteral("%d"));
        auto* yAxis = widgets::makeValueAxis(yTitle, lo - 0.05 * (hi - lo + 1e-12), hi + 0.05 * (hi - lo + 1e-12), QStringLiteral("%.3g"));
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(yAxis, Qt::AlignLeft);
        for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(line), static_cast<QAbstractSeries*>(needle), static_cast<QAbstractSeries*>(distractors)}) {
            chart->addSeries(s);
            s->attachAxis(x);
            s->attachAxis(yAxis);
        }
    };
    const QString name = widgets::columnLabel(grid.params) + QStringLiteral(" — ") + taskTitle(grid.task);
    fill(m_massChart, vc.frameMass, name + QStringLiteral(": attention mass per frame — ") + where, tr("attention mass"));
    fill(m_termChart, vc.temporalTerm, tr("Temporal part of the positional term (pairs driven by t)"), tr("Σ ρ cos φ (t pairs)"));
}

}  // namespace rope::app
