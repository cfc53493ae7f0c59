#include "ComparePositionsDialog.h"

#include <QComboBox>
#include <algorithm>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "IndexGrowthPanel.h"
#include "StudyController.h"
#include "core/Errors.h"
#include "core/TextFormat.h"
#include "formats/NumericFile.h"
#include "viz/IndexGrowthScene.h"
#include "widgets/IndexGrowthView.h"
#include "widgets/PropertiesTable.h"

namespace rope::app {
namespace {

using ProgressSink = std::function<void(double)>;

std::shared_ptr<ComparePositionsDialog::Job> runJob(std::shared_ptr<ComparePositionsDialog::Job> job, ProgressSink sink) {
    try {
        const NumericArray positions = readNumericFile(job->positions);
        std::optional<NumericArray> cos, sin;
        if (!job->cos.empty()) cos = readNumericFile(job->cos), sin = readNumericFile(job->sin);
        CheckOptions options;
        options.tolerance = job->tolerance;
        options.listed = 200;
        const auto cancel = job->cancel;
        job->outcome = runCheck(job->params, positions, cos ? &*cos : nullptr, sin ? &*sin : nullptr, options,
                                [sink, cancel](double f) {
                                    sink(f);
                                    return !cancel->load();
                                });
    } catch (const Cancelled&) {
        job->cancelled = true;
    } catch (const std::exception& e) {  // BadFile, InvalidParameter, TooLarge: one line, shown as is
        job->error = QString::fromStdString(e.what());
    }
    return job;
}

QString numbers(const std::vector<double>& v) {
    QStringList parts;
    for (const double x : v) parts << QString::fromStdString(formatNumber(x));
    return QStringLiteral("(") + parts.join(QStringLiteral(", ")) + QStringLiteral(")");
}

QString hitsHtml(const std::vector<DiagnosisHit>& hits, const QString& what) {
    if (hits.empty()) return QObject::tr("<p>No declared option or known pitfall reproduces the %1.</p>").arg(what);
    QString html = QObject::tr("<p>The %1 is reproduced exactly by:</p><ul>").arg(what);
    for (const DiagnosisHit& h : hits)
        html += QStringLiteral("<li><b>") + QString::fromStdString(h.setting).toHtmlEscaped() + QStringLiteral("</b> — ") +
                QString::fromStdString(h.explanation).toHtmlEscaped() + QStringLiteral(" <i>[") +
                QString::fromStdString(h.spec).toHtmlEscaped() + QStringLiteral("]</i></li>");
    return html + QStringLiteral("</ul>");
}

}  // namespace

ComparePositionsDialog::ComparePositionsDialog(StudyController* controller, IndexGrowthPanel* growth, QWidget* parent)
    : QDialog(parent), m_controller(controller), m_growth(growth) {
    setWindowTitle(tr("Compare with positions file"));
    auto* form = new QFormLayout;
    m_column = new QComboBox;
    form->addRow(tr("Variant column:"), m_column);
    const auto fileRow = [&](QLineEdit*& edit, const QString& label, const QString& placeholder) {
        edit = new QLineEdit;
        edit->setPlaceholderText(placeholder);
        auto* browseButton = new QPushButton(tr("Browse…"));
        auto* row = new QHBoxLayout;
        row->addWidget(edit, 1);
        row->addWidget(browseButton);
        connect(browseButton, &QPushButton::clicked, this, [this, edit, label] { browse(edit, label); });
        form->addRow(label, row);
    };
    fileRow(m_positions, tr("Position ids:"), tr(".npy or .json: [3, N], [3, 1, N], [N, 3], [4, N], [N]"));
    fileRow(m_cos, tr("cos (optional):"), tr(".npy [N, D] or [1, N, D]"));
    fileRow(m_sin, tr("sin (optional):"), tr(".npy [N, D] or [1, N, D]"));
    m_tolerance = new QLineEdit(QStringLiteral("0.0001"));
    m_tolerance->setToolTip(tr("Largest difference allowed per value; cos/sin also allow float32 angle rounding."));
    form->addRow(tr("Tolerance:"), m_tolerance);

    m_run = new QPushButton(tr("Compare"));
    m_run->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);

    m_summary = new QLabel(tr("Generate the file from your pipeline (README: “Checking your pipeline”), pick it and press Compare."));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tokens = new QTreeWidget;
    m_tokens->setHeaderLabels({tr("Token"), tr("Segment"), tr("Where"), tr("Expected"), tr("Found")});
    m_tokens->setRootIsDecorated(false);
    m_tokens->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_diagnosis = new QTextBrowser;
    m_diagnosis->setMinimumHeight(110);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_summary);
    layout->addWidget(m_tokens, 2);
    layout->addWidget(new QLabel(tr("Diagnosis:")));
    layout->addWidget(m_diagnosis, 1);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::hide);
    layout->addWidget(close);
    resize(760, 620);

    connect(m_run, &QPushButton::clicked, this, &ComparePositionsDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_cancelFlag) m_cancelFlag->store(true);
    });
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<Job>>::finished, this, &ComparePositionsDialog::jobFinished);
    connect(m_controller, &StudyController::resultsReady, this, [this] { refreshColumns(); });
    refreshColumns();
}

ComparePositionsDialog::~ComparePositionsDialog() {
    if (m_cancelFlag) m_cancelFlag->store(true);
    m_watcher.waitForFinished();
}

void ComparePositionsDialog::refreshColumns() {
    const int keep = m_column->currentIndex();
    m_column->clear();
    const Study& s = m_controller->study();
    for (size_t c = 0; c < s.columns.size(); ++c)
        m_column->addItem(QString::number(c + 1) + QStringLiteral(": ") + widgets::columnLabel(s.columns[c]));
    if (m_column->count() > 0) m_column->setCurrentIndex(std::clamp(keep, 0, m_column->count() - 1));
}

void ComparePositionsDialog::browse(QLineEdit* edit, const QString& title) {
    const QString f = QFileDialog::getOpenFileName(this, title, edit->text(), tr("Arrays (*.npy *.json);;All files (*)"));
    if (!f.isEmpty()) edit->setText(f);
}

void ComparePositionsDialog::setFiles(const QString& positions, const QString& cos, const QString& sin) {
    m_positions->setText(positions);
    m_cos->setText(cos);
    m_sin->setText(sin);
}

void ComparePositionsDialog::start() {
    if (m_watcher.isRunning()) return;
    bool ok = false;
    const double tolerance = m_tolerance->text().toDouble(&ok);
    QString problem;
    if (m_positions->text().isEmpty()) problem = tr("Pick the file of position ids first.");
    else if (!ok || tolerance < 0) problem = tr("Tolerance must be a number ≥ 0 (e.g. 0.0001).");
    else if (m_cos->text().isEmpty() != m_sin->text().isEmpty()) problem = tr("Give both cos and sin files, or neither.");
    if (!problem.isEmpty()) {
        m_summary->setText(problem);
        return;
    }
    auto job = std::make_shared<Job>();
    m_runColumn = std::max(0, m_column->currentIndex());
    job->params = m_runParams = m_controller->study().columns.at(static_cast<size_t>(m_runColumn));
    job->positions = m_positions->text().toStdString();
    job->cos = m_cos->text().toStdString(), job->sin = m_sin->text().toStdString();
    job->tolerance = tolerance;
    job->cancel = m_cancelFlag = std::make_shared<std::atomic<bool>>(false);
    m_progress->setValue(0);
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
    m_summary->setText(tr("Comparing…"));
    auto sink = [this](double f) {
        QMetaObject::invokeMethod(this, [this, f] {
            m_progress->setValue(std::max(m_progress->value(), static_cast<int>(f * 1000)));  // monotone
        }, Qt::QueuedConnection);
    };
    m_watcher.setFuture(QtConcurrent::run(runJob, job, ProgressSink(sink)));
}

void ComparePositionsDialog::jobFinished() {
    const std::shared_ptr<Job> job = m_watcher.result();
    m_run->setEnabled(true);
    m_cancel->setEnabled(false);
    m_progress->setValue(1000);
    m_tokens->clear();
    m_diagnosis->clear();
    m_outcome = job->outcome;
    if (job->cancelled) m_summary->setText(tr("Cancelled."));
    else if (!job->error.isEmpty()) m_summary->setText(tr("Cannot compare: %1").arg(job->error));
    else showOutcome(*job->outcome);
    Q_EMIT checkFinished();
}

QString ComparePositionsDialog::summary() const { return m_summary->text(); }

void ComparePositionsDialog::showOutcome(const CheckOutcome& o) {
    QString html;
    std::vector<int64_t> flagged;
    if (!o.positions) {
        m_summary->setText(tr("Length mismatch: the file holds %1 tokens, the sequence has %2.").arg(o.fileTokens).arg(o.expectedTokens));
        html = hitsHtml(o.lengthDiagnosis, tr("file"));
    } else {
        const PositionCheckReport& r = *o.positions;
        QString text = r.match() ? tr("MATCH: all %1 tokens within %2.").arg(r.tokens).arg(r.tolerance)
                                 : tr("MISMATCH: %1 of %2 tokens differ (largest difference %3).")
                                       .arg(r.mismatches).arg(r.tokens).arg(QString::fromStdString(formatNumber(r.largestDifference)));
        text += QStringLiteral("\n") + tr("Read as %1.").arg(QString::fromStdString(r.assumed));
        QStringList perSegment;
        for (const SegmentTally& t : r.perSegment)
            perSegment << QString::fromStdString(t.label) + QStringLiteral(" ") + QString::number(t.mismatches) + QStringLiteral("/") + QString::number(t.tokens);
        if (!r.match()) text += QStringLiteral("\n") + tr("Mismatches per segment: %1").arg(perSegment.join(QStringLiteral(", ")));
        if (o.rotary)
            text += QStringLiteral("\n") + (o.rotary->match() ? tr("cos/sin: MATCH (pair layout %1).").arg(QString::fromStdString(o.rotary->layout))
                                              : tr("cos/sin: %1 of %2 tokens differ.").arg(o.rotary->mismatchingTokens).arg(o.rotary->tokens));
        m_summary->setText(text);
        for (const TokenMismatch& m : r.first) {
            const TokenLocation& w = m.where;
            const QString where = m.generated ? tr("generated %1").arg(w.col)
                                  : w.kind == SegmentKind::Text ? tr("token %1").arg(w.col)
                                                                : tr("frame %1, row %2, col %3").arg(w.frame).arg(w.row).arg(w.col);
            m_tokens->addTopLevelItem(new QTreeWidgetItem(
                {QString::number(m.token), QString::fromStdString(r.perSegment[static_cast<size_t>(m.segment)].label), where,
                 numbers(m.expected), numbers(m.found)}));
        }
        if (!r.match()) html = hitsHtml(r.diagnosis, tr("file"));
        if (o.rotary && !o.rotary->match()) html += hitsHtml(o.rotary->diagnosis, tr("cos/sin"));
        flagged = r.mismatchingTokens;
    }
    m_diagnosis->setHtml(html);
    // Mark the mismatching tokens in that column's 3D view (cleared when the column is recomputed).
    const auto& views = m_growth->views();
    const auto results = m_controller->results();
    const size_t c = static_cast<size_t>(m_runColumn);
    if (c < views.size() && results && c < results->columns.size() && results->columns[c].params == m_runParams &&
        results->columns[c].positions.tokens() == (o.positions ? o.positions->tokens : -1)) {
        views[c]->scene().setTokenMarks(results->columns[c].generated, flagged);
        views[c]->requestRender();
    }
}

}  // namespace rope::app
