// StudyController: recompute off the GUI thread with stale requests dropped, undo/redo, study
// files (round trip, malformed, newer version, unwritable), and rule violations that must not
// change the picture.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "app/gui/StudyController.h"
#include "core/ParamSchema.h"

using rope::app::StudyController;

namespace {

void waitIdle(StudyController& c) { QTRY_VERIFY_WITH_TIMEOUT(!c.isBusy(), 20000); }

double shownDelta(const StudyController& c, int column) {
    return c.results()->columns.at(static_cast<size_t>(column)).params.delta;
}

}  // namespace

class StudyControllerTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void opensOnTheDemoStudy() {
        StudyController c;
        waitIdle(c);
        QVERIFY(c.results());
        QCOMPARE(c.results()->columns.size(), size_t(2));
        QCOMPARE(c.results()->columns[0].params.variant, rope::VariantId("m-rope"));
        QCOMPARE(c.results()->columns[1].params.variant, rope::VariantId("videorope"));
        // text:8 + 8·6·8 + text:8 tokens
        QCOMPARE(c.results()->sequence.tokenCount(), int64_t(8 + 8 * 6 * 8 + 8));
    }

    void rapidChangesComputeOnlyTheNewest() {
        StudyController c;  // its first job is out; the loop below runs before the event loop can finish it
        for (int i = 1; i <= 20; ++i) QVERIFY(c.setParam(QStringLiteral("videorope.delta"), QString::number(0.1 * i), 1));
        waitIdle(c);
        // one job for the demo, one for the newest of the 20 changes; 19 were superseded unseen
        QCOMPARE(c.completedJobs(), 2);
        QCOMPARE(c.droppedRequests(), 19);
        QCOMPARE(shownDelta(c, 1), 2.0);  // 0.1 · 20
    }

    void oneDragIsOneUndoStep() {
        StudyController c;
        c.beginContinuousEdit();  // what the δ slider's press does
        for (double d : {2.5, 3.0, 3.5}) c.setParam(QStringLiteral("videorope.delta"), QString::number(d), 1);
        c.endContinuousEdit();
        c.setParam(QStringLiteral("theta"), QStringLiteral("10000"), 0);
        QCOMPARE(c.undoStack()->count(), 2);
        c.undoStack()->undo();
        QCOMPARE(c.study().columns[1].theta, 1e6);
        QCOMPARE(c.study().columns[1].delta, 3.5);
        c.undoStack()->undo();
        QCOMPARE(c.study().columns[1].delta, 2.0);
        c.undoStack()->redo();
        QCOMPARE(c.study().columns[1].delta, 3.5);
        waitIdle(c);
        QCOMPARE(shownDelta(c, 1), 3.5);
    }

    void separateEditsOfOneKeyAreSeparateSteps() {
        // Issue 14 item 6: typing δ = 2.5, then dragging to 5, must leave δ = 2.5 reachable.
        StudyController c;
        QVERIFY(c.setParam(QStringLiteral("videorope.delta"), QStringLiteral("2.5"), 1));  // typed
        c.beginContinuousEdit();
        for (double d : {3.0, 4.0, 5.0}) QVERIFY(c.setParam(QStringLiteral("videorope.delta"), QString::number(d), 1));
        c.endContinuousEdit();
        c.beginContinuousEdit();  // a second drag is its own step too
        QVERIFY(c.setParam(QStringLiteral("videorope.delta"), QStringLiteral("6"), 1));
        c.endContinuousEdit();
        QCOMPARE(c.undoStack()->count(), 3);
        c.undoStack()->undo();
        QCOMPARE(c.study().columns[1].delta, 5.0);
        c.undoStack()->undo();
        QCOMPARE(c.study().columns[1].delta, 2.5);
        c.undoStack()->undo();
        QCOMPARE(c.study().columns[1].delta, 2.0);
    }

    void headDimEditScalesTheSectionsInOneUndoStep() {
        // Issue 14 item 7. M-RoPE's sections (16, 24, 24) sum to 128/2; at head_dim 64 the same
        // proportions over 32 pairs are (16·32/64, 24·32/64, 24·32/64) = (8, 12, 12).
        StudyController c;
        waitIdle(c);
        QSignalSpy notices(&c, &StudyController::notice);
        QSignalSpy failed(&c, &StudyController::computeFailed);
        QVERIFY(c.setParam(QStringLiteral("head_dim"), QStringLiteral("64"), 0));
        QCOMPARE(c.study().columns[0].sections, (std::array<int, 3>{8, 12, 12}));
        QCOMPARE(notices.count(), 1);
        QVERIFY2(notices.first().first().toString().contains(QStringLiteral("8,12,12")), qPrintable(notices.first().first().toString()));
        QCOMPARE(c.undoStack()->count(), 1);
        waitIdle(c);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(c.results()->columns[0].plan.headDim, 64);
        c.undoStack()->undo();
        QCOMPARE(c.study().columns[0].headDim, 128);
        QCOMPARE(c.study().columns[0].sections, (std::array<int, 3>{16, 24, 24}));
    }

    void studyScopeKeysChangeEveryColumn() {
        StudyController c;
        QVERIFY(c.setParam(QStringLiteral("sequence"), QStringLiteral("text:2,video:3x2x2"), 1));
        for (const rope::Params& p : c.study().columns) QCOMPARE(p.sequence.tokenCount(), int64_t(2 + 12));
        QVERIFY(c.setParam(QStringLiteral("videorope.delta"), QStringLiteral("1.5"), 1));
        QCOMPARE(c.study().columns[0].delta, 2.0);  // column-scope: only column 1 changed
    }

    void badValueIsRefusedAndChangesNothing() {
        StudyController c;
        waitIdle(c);
        QString error;
        QVERIFY(!c.setParam(QStringLiteral("videorope.delta"), QStringLiteral("-1"), 1, &error));
        QVERIFY2(error.contains(QStringLiteral("videorope.delta")) && error.contains(QStringLiteral("-1")), qPrintable(error));
        QCOMPARE(c.study().columns[1].delta, 2.0);
        QCOMPARE(c.undoStack()->count(), 0);
    }

    void brokenRuleBetweenFieldsKeepsTheLastPicture() {
        StudyController c;
        waitIdle(c);
        const auto before = c.results();
        QSignalSpy failed(&c, &StudyController::computeFailed);
        QVERIFY(c.setParam(QStringLiteral("sections"), QStringLiteral("8,12,12"), 0));  // sums to 32, head_dim/2 is 64
        waitIdle(c);
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("sections must sum to head_dim/2 = 64")));
        QCOMPARE(c.results(), before);
        QVERIFY(c.setParam(QStringLiteral("head_dim"), QStringLiteral("64"), 0));  // second half of the edit
        waitIdle(c);
        QCOMPARE(c.results()->columns[0].plan.headDim, 64);
        QCOMPARE(c.study().columns[0].sections, (std::array<int, 3>{8, 12, 12}));  // already consistent: kept
    }

    void studyFileRoundTrip() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.json"));
        StudyController a;
        a.setParam(QStringLiteral("videorope.delta"), QStringLiteral("1.5"), 1);
        a.setParam(QStringLiteral("videorope.next_start"), QStringLiteral("all-rows"), 1);
        QVERIFY(a.isModified());
        QString error;
        QVERIFY2(a.saveFile(path, &error), qPrintable(error));
        QVERIFY(!a.isModified());
        StudyController b;
        QVERIFY2(b.openFile(path, &error), qPrintable(error));
        QVERIFY(b.study() == a.study());
        QCOMPARE(b.study().columns[1].delta, 1.5);
        QCOMPARE(b.filePath(), path);
    }

    void malformedAndNewerFilesChangeNothing() {
        QTemporaryDir dir;
        StudyController c;
        c.setParam(QStringLiteral("videorope.delta"), QStringLiteral("3"), 1);
        const rope::Study before = c.study();
        const auto write = [&](const char* name, const QByteArray& text) {
            QFile f(dir.filePath(QString::fromLatin1(name)));
            f.open(QIODevice::WriteOnly);
            f.write(text);
            return f.fileName();
        };
        QString error;
        const QString broken = write("broken.json", "{\"format\": \"ropescope-study\", \"version\": 1,");
        QVERIFY(!c.openFile(broken, &error));
        QVERIFY2(error.contains(broken) && error.contains(QStringLiteral("not valid JSON")), qPrintable(error));
        const QString newer = write("newer.json", "{\"format\": \"ropescope-study\", \"version\": 99, \"variants\": [{}]}");
        QVERIFY(!c.openFile(newer, &error));
        QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
        const QString badValue = write("bad.json", "{\"format\": \"ropescope-study\", \"version\": 1, \"variants\": [{\"videorope.delta\": 0}]}");
        QVERIFY(!c.openFile(badValue, &error));
        QVERIFY2(error.contains(QStringLiteral("videorope.delta")), qPrintable(error));
        QVERIFY(!c.openFile(dir.filePath(QStringLiteral("missing.json")), &error));
        QVERIFY(c.study() == before);
        QCOMPARE(c.undoStack()->count(), 1);
    }

    void failedSaveKeepsTheOldFile() {
        QTemporaryDir dir;
        StudyController c;
        QString error;
        QVERIFY(!c.saveFile(dir.filePath(QStringLiteral("no/such/dir/s.json")), &error));
        QVERIFY(error.contains(QStringLiteral("could not save")));
        // A path that is a folder cannot be replaced by a file: refused, the folder untouched.
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("taken.json")));
        QVERIFY(!c.saveFile(dir.filePath(QStringLiteral("taken.json")), &error));
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("taken.json"))).isDir());
        QVERIFY(c.filePath().isEmpty());
    }

    void addAndRemoveColumns() {
        StudyController c;
        QVERIFY(c.addColumn());
        QVERIFY(c.addColumn());
        QVERIFY(!c.addColumn());  // at most 4
        QCOMPARE(c.study().columns.size(), size_t(4));
        QVERIFY(c.removeColumn(0));
        QCOMPARE(c.study().columns[0].variant, rope::VariantId("videorope"));
        c.undoStack()->undo();
        QCOMPARE(c.study().columns[0].variant, rope::VariantId("m-rope"));
    }
};

QTEST_MAIN(StudyControllerTest)
#include "StudyControllerTest.moc"
