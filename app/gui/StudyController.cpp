#include "StudyController.h"

#include <QFileInfo>

#include <QFile>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>
#include <chrono>
#include <optional>

#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "core/SectionScaling.h"
#include "core/variants/Variant.h"

namespace rope::app {
namespace {

/// One undoable change: the study before and after. Only edits of one key in one column within one
/// continuous edit (a slider drag) merge: typing δ = 2 and then dragging to 5 leaves two steps.
class StudyChangeCommand : public QUndoCommand {
public:
    StudyChangeCommand(StudyController* c, Study before, Study after, const QString& text, QString mergeKey, quint64 drag)
        : QUndoCommand(text), m_controller(c), m_before(std::move(before)), m_after(std::move(after)),
          m_mergeKey(std::move(mergeKey)), m_drag(drag) {}
    void undo() override { m_controller->applySnapshot(m_before); }
    void redo() override { m_controller->applySnapshot(m_after); }
    int id() const override { return m_mergeKey.isEmpty() ? -1 : 1; }
    bool mergeWith(const QUndoCommand* other) override {
        const auto* o = static_cast<const StudyChangeCommand*>(other);
        if (o->m_mergeKey != m_mergeKey || o->m_drag != m_drag) return false;
        m_after = o->m_after;
        setText(o->text());
        return true;
    }

private:
    StudyController* m_controller;
    Study m_before, m_after;
    QString m_mergeKey;
    quint64 m_drag;
};

// `previous`: the last results shown; unchanged columns are copied from it, not recomputed.
ComputeOutcome compute(Study study, quint64 generation, std::shared_ptr<const StudyResults> previous) {
    ComputeOutcome out;
    out.generation = generation;
    const auto start = std::chrono::steady_clock::now();
    try {
        out.results = std::make_shared<const StudyResults>(
            previous ? computeStudyResults(study, *previous) : computeStudyResults(study));
    } catch (const std::bad_alloc&) {
        out.error = QStringLiteral("Out of memory: use a smaller sequence or lower memory_budget_mib.");
    } catch (const std::exception& e) {
        out.error = QString::fromStdString(e.what());
    }
    out.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return out;
}

/// head_dim or rotary_dim changed and the column's sections no longer sum to R/2: the sections
/// scaled to the new R/2 in the old proportions, if that makes the column valid.
std::optional<std::array<int, 3>> rescaledSectionsFor(const Params& p) {
    const VariantEntry* v = findVariant(p.variant);
    if (!v || !v->usesSections) return std::nullopt;
    const int pairs = p.pairs();
    if (p.sections[0] + p.sections[1] + p.sections[2] == pairs || pairs < 1) return std::nullopt;
    Params scaled = p;
    scaled.sections = scaledSections(p.sections, pairs);
    try {
        validate(scaled);
    } catch (const std::exception&) {
        return std::nullopt;  // e.g. ERNIE's s_h = s_w cannot hold at this size: the error stands
    }
    return scaled.sections;
}

QString sectionsText(const std::array<int, 3>& s) { return QStringLiteral("%1,%2,%3").arg(s[0]).arg(s[1]).arg(s[2]); }

}  // namespace

StudyController::StudyController(QObject* parent) : QObject(parent), m_study(demoStudy()) {
    connect(&m_watcher, &QFutureWatcher<ComputeOutcome>::finished, this, &StudyController::jobFinished);
    connect(&m_undo, &QUndoStack::cleanChanged, this, &StudyController::fileStateChanged);
    requestCompute();
}

StudyController::~StudyController() { m_watcher.waitForFinished(); }

bool StudyController::setParam(const QString& key, const QString& value, int column, QString* error) {
    Study after = m_study;
    try {
        after.set(key.toStdString(), value.toStdString(), column);
    } catch (const std::exception& e) {
        // The value is refused and the study is unchanged: the editor shows why (not the compute
        // banner, which is about the study).
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    const ParamSpec& spec = requireParam(key.toStdString());
    QString text = QStringLiteral("Set %1 = %2").arg(QString::fromStdString(spec.label), value);
    if (key == QLatin1String("head_dim") || key == QLatin1String("rotary_dim")) {
        const auto& p = after.columns.at(static_cast<size_t>(column));
        if (const auto sections = rescaledSectionsFor(p)) {
            after.set("sections", sectionsText(*sections).toStdString(), column);
            text += QStringLiteral("; sections scaled to %1").arg(sectionsText(*sections));
            Q_EMIT notice(tr("Sections scaled to %1 to keep the variant's proportions at %2 = %3 (Undo restores both).")
                              .arg(sectionsText(*sections), QString::fromStdString(spec.label), value));
        }
    }
    const QString mergeKey = m_continuousEdit ? QStringLiteral("%1@%2").arg(key).arg(spec.scope == ParamScope::Study ? -1 : column)
                                              : QString();
    pushChange(after, text, mergeKey);
    return true;
}

void StudyController::beginContinuousEdit() {
    m_continuousEdit = true;
    ++m_editSerial;
}

void StudyController::endContinuousEdit() {
    m_continuousEdit = false;
    ++m_editSerial;  // the next edit of the same key is a new undo step
}

bool StudyController::addColumn() {
    if (static_cast<int>(m_study.columns.size()) >= kMaxColumns) return false;
    Study after = m_study;
    after.columns.push_back(after.columns.back());
    pushChange(after, QStringLiteral("Add column"), QString());
    return true;
}

bool StudyController::removeColumn(int column) {
    if (m_study.columns.size() <= 1 || column < 0 || column >= static_cast<int>(m_study.columns.size())) return false;
    Study after = m_study;
    after.columns.erase(after.columns.begin() + column);
    pushChange(after, QStringLiteral("Remove column %1").arg(column + 1), QString());
    return true;
}

void StudyController::pushChange(const Study& after, const QString& text, const QString& mergeKey) {
    m_undo.push(new StudyChangeCommand(this, m_study, after, text, mergeKey, m_editSerial));  // redo() applies it
}

void StudyController::applySnapshot(const Study& study) {
    m_study = study;
    Q_EMIT studyChanged();
    requestCompute();
}

void StudyController::resetStudy(const Study& study, const QString& filePath) {
    m_undo.clear();
    m_filePath = filePath;
    applySnapshot(study);
    m_undo.setClean();
    Q_EMIT fileStateChanged();
}

bool StudyController::openFile(const QString& path, QString* error) {
    // Regular files only (a FIFO or /dev/zero would block or never end), at most kMaxStudyFileBytes.
    const QFileInfo info(path);
    if (!info.isFile()) {
        *error = QStringLiteral("%1: not a regular file; open a .json study file").arg(path);
        return false;
    }
    if (static_cast<size_t>(info.size()) > kMaxStudyFileBytes) {
        *error = QStringLiteral("%1: %2 bytes is over the %3 MiB a study file may have").arg(path).arg(info.size()).arg(kMaxStudyFileBytes >> 20);
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot open (%2)").arg(path, file.errorString());
        return false;
    }
    const QByteArray bytes = file.readAll();
    try {
        resetStudy(studyFromJson(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())), path.toStdString()),
                   path);
    } catch (const std::exception& e) {
        *error = QString::fromStdString(e.what());
        return false;
    }
    return true;
}

bool StudyController::saveFile(const QString& path, QString* error) {
    const std::string json = studyToJson(m_study);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(json.data(), static_cast<qint64>(json.size())) != static_cast<qint64>(json.size()) ||
        !file.commit()) {
        *error = QStringLiteral("%1: could not save (%2); the previous file is unchanged").arg(path, file.errorString());
        return false;
    }
    m_filePath = path;
    m_undo.setClean();
    Q_EMIT fileStateChanged();
    return true;
}

void StudyController::requestCompute() {
    ++m_generation;
    if (m_running) {
        if (m_dirty) ++m_dropped;  // the request waiting before this one will never run
        m_dirty = true;
        return;
    }
    startJob();
}

void StudyController::startJob() {
    m_dirty = false;
    m_running = true;
    m_watcher.setFuture(QtConcurrent::run(compute, m_study, m_generation, m_results));
}

void StudyController::jobFinished() {
    const ComputeOutcome out = m_watcher.result();
    m_running = false;
    ++m_completed;
    if (out.results) {
        m_results = out.results;
        Q_EMIT resultsReady(out.results, out.milliseconds);
    } else {
        Q_EMIT computeFailed(out.error);
    }
    if (m_dirty) startJob();
}

}  // namespace rope::app
