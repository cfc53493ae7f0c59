// File → Compare with positions file… (issue 15): the dialog runs `check` off the GUI thread, lists
// the mismatching tokens with the diagnosis and marks them red in the column's 3D view; generated
// tokens (--generate) are drawn orange. The positions file is hand-derived (variants.md §4, M-RoPE
// on text:3,video:2x2x3,text:2 with the t-row next-start pitfall: text after the video at
// max t + 1 = 5 instead of max over all rows + 1 = 6).
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include "app/gui/ComparePositionsDialog.h"
#include "app/gui/IndexGrowthPanel.h"
#include "app/gui/StudyController.h"
#include "core/ParamSchema.h"
#include "widgets/IndexGrowthView.h"

using namespace rope;

namespace {

/// Pixels of the view's frame that are clearly red (the mismatch mark) / orange (generated).
int countPixels(const QImage& img, bool orange) {
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QColor c = img.pixelColor(x, y);
            const bool red = c.red() > 170 && c.green() < 70 && c.blue() < 70;
            const bool org = c.red() > 190 && c.green() > 90 && c.green() < 170 && c.blue() < 70;
            n += orange ? org : red;
        }
    return n;
}

Study study(int64_t generate) {
    Study s;
    Params p = paramsFor("m-rope");
    setParam(p, "sequence", "text:3,video:2x2x3,text:2");
    setParam(p, "generate", std::to_string(generate));
    s.columns = {p};
    return s;
}

}  // namespace

class ComparePositionsDialogTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listsMismatchesDiagnosesAndMarksThem() {
        app::StudyController controller;
        app::IndexGrowthPanel growth;
        growth.resize(600, 500);
        QSignalSpy ready(&controller, &app::StudyController::resultsReady);
        controller.resetStudy(study(0), QString());
        QVERIFY(ready.wait(10000));
        growth.showResults(controller.results());
        growth.show();
        QVERIFY(QTest::qWaitForWindowExposed(&growth));
        const QImage before = growth.views()[0]->grabFrame();
        QCOMPARE(countPixels(before, false), 0);

        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("ids.json"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[[0,1,2, 3,3,3,3,3,3, 4,4,4,4,4,4, 5,6],"
                " [0,1,2, 3,3,3,4,4,4, 3,3,3,4,4,4, 5,6],"
                " [0,1,2, 3,4,5,3,4,5, 3,4,5,3,4,5, 5,6]]");
        f.close();
        app::ComparePositionsDialog dialog(&controller, &growth);
        dialog.setFiles(file);
        QSignalSpy done(&dialog, &app::ComparePositionsDialog::checkFinished);
        dialog.start();
        QVERIFY(dialog.isRunning() || done.count() == 1);
        QVERIFY(done.count() == 1 || done.wait(10000));
        QVERIFY2(dialog.outcome().has_value(), qPrintable(dialog.summary()));
        const PositionCheckReport& r = *dialog.outcome()->positions;
        QCOMPARE(r.mismatches, int64_t(2));
        QVERIFY2(dialog.summary().contains(QStringLiteral("MISMATCH: 2 of 17 tokens")), qPrintable(dialog.summary()));
        QVERIFY(dialog.summary().contains(QStringLiteral("text:2 2/2")));
        QCOMPARE(dialog.findChild<QTreeWidget*>()->topLevelItemCount(), 2);
        QCOMPARE(dialog.findChild<QTreeWidget*>()->topLevelItem(0)->text(0), QStringLiteral("15"));
        QVERIFY(!r.diagnosis.empty());
        QCOMPARE(QString::fromStdString(r.diagnosis[0].setting), QStringLiteral("next start = max t + 1"));
        QTRY_VERIFY_WITH_TIMEOUT(countPixels(growth.views()[0]->grabFrame(), false) > 0, 3000);  // tokens 15, 16 in red
    }

    void badFileIsOneLineNamingIt() {
        app::StudyController controller;
        app::IndexGrowthPanel growth;
        QSignalSpy ready(&controller, &app::StudyController::resultsReady);
        controller.resetStudy(study(0), QString());
        QVERIFY(ready.wait(10000));
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("cut.npy"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        static const char bytes[] = "\x93NUMPY\x01\x00\x76\x00{'descr': '<i8'";  // header promises 118 bytes
        f.write(bytes, sizeof bytes - 1);
        f.close();
        app::ComparePositionsDialog dialog(&controller, &growth);
        dialog.setFiles(file);
        QSignalSpy done(&dialog, &app::ComparePositionsDialog::checkFinished);
        dialog.start();
        QVERIFY(done.count() == 1 || done.wait(10000));
        QVERIFY(!dialog.outcome().has_value());
        QVERIFY2(dialog.summary().contains(QStringLiteral("cut.npy: is truncated")), qPrintable(dialog.summary()));
    }

    void generatedTokensAreOrange() {
        app::StudyController controller;
        app::IndexGrowthPanel growth;
        growth.resize(600, 500);
        QSignalSpy ready(&controller, &app::StudyController::resultsReady);
        controller.resetStudy(study(0), QString());
        QVERIFY(ready.wait(10000));
        growth.showResults(controller.results());
        growth.show();
        QVERIFY(QTest::qWaitForWindowExposed(&growth));
        QCOMPARE(countPixels(growth.views()[0]->grabFrame(), true), 0);
        controller.resetStudy(study(4), QString());
        QVERIFY(ready.wait(10000));
        QCOMPARE(controller.results()->columns[0].generated, int64_t(4));
        QCOMPARE(controller.results()->columns[0].positions.tokens(), 21);
        growth.showResults(controller.results());
        QTRY_VERIFY_WITH_TIMEOUT(countPixels(growth.views()[0]->grabFrame(), true) > 0, 3000);
    }
};

QTEST_MAIN(ComparePositionsDialogTest)
#include "ComparePositionsDialogTest.moc"
