// The V-NIAH panel: runs off the GUI thread, shows one heatmap per (column, task) and Table 3,
// re-runs only what a parameter change invalidated, and cancels cleanly.
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

#include "app/gui/StudyController.h"
#include "app/gui/VniahPanel.h"
#include "widgets/HeatmapView.h"

using namespace rope;
using rope::app::StudyController;
using rope::app::VniahPanel;

namespace {

void useTinyGrid(StudyController& c) {
    const std::pair<const char*, const char*> settings[] = {
        {"vniah.lengths", "20:40:20"}, {"vniah.depths", "0:100:50"}, {"vniah.frame_rows", "3"},
        {"vniah.frame_cols", "4"},     {"vniah.seeds", "2"},         {"vniah.heads", "1"},
        {"vniah.distractor_offset", "5"}};
    for (const auto& [k, v] : settings) QVERIFY2(c.setParam(QString::fromLatin1(k), QString::fromLatin1(v), 0), k);
}

bool waitFinished(QSignalSpy& spy) { return spy.count() > 0 || spy.wait(60000); }

}  // namespace

class VniahPanelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runShowsEveryGridAndTable3() {
        StudyController c;
        useTinyGrid(c);
        VniahPanel panel(&c);
        QSignalSpy finished(&panel, &VniahPanel::runFinished);
        QVERIFY(panel.run());
        QVERIFY(panel.isRunning());  // the GUI thread is free while it runs
        QVERIFY(waitFinished(finished));
        QCOMPARE(finished.first().first().toBool(), true);
        const std::vector<VniahGrid> grids = panel.shownGrids();
        QCOMPARE(grids.size(), size_t(4));  // M-RoPE and VideoRoPE × V-NIAH and V-NIAH-D
        for (const VniahGrid& g : grids) {
            QCOMPARE(g.lengths, (std::vector<int64_t>{20, 40}));
            QCOMPARE(g.depths, (std::vector<int64_t>{0, 50, 100}));
        }
        const auto maps = panel.findChildren<widgets::HeatmapView*>();
        QCOMPARE(maps.size(), 4);
        for (auto* m : maps) {
            QCOMPARE(m->data().rows, 3);  // depths up
            QCOMPARE(m->data().cols, 2);  // lengths across
            QVERIFY2(m->data().title.endsWith(QStringLiteral(" %")), qPrintable(m->data().title));
        }
        auto* table = panel.findChild<QTableWidget*>();
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, 4)->text(), QStringLiteral("74.67"));  // paper, M-RoPE, V-NIAH-D
        QCOMPARE(table->item(1, 2)->text(), QStringLiteral("91.11"));  // paper, VideoRoPE, V-NIAH
        QVERIFY(table->item(0, 1)->text() != QStringLiteral("—"));
    }

    void looksRightOnScreen() {  // leaves vniah_panel.png in the working folder for a person to look at
        StudyController c;
        const std::pair<const char*, const char*> settings[] = {{"vniah.lengths", "100:1500:200"}, {"vniah.seeds", "2"},
                                                                {"vniah.heads", "2"}};
        for (const auto& [k, v] : settings) QVERIFY(c.setParam(QString::fromLatin1(k), QString::fromLatin1(v), 0));
        VniahPanel panel(&c);
        panel.resize(1500, 900);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy finished(&panel, &VniahPanel::runFinished);
        QVERIFY(panel.run());
        QVERIFY(waitFinished(finished));
        auto maps = panel.findChildren<widgets::HeatmapView*>();
        QTest::mouseClick(maps[1], Qt::LeftButton, {}, maps[1]->rect().center());  // drill down into one cell
        QTest::qWait(100);
        QVERIFY(panel.grab().save(QStringLiteral("vniah_panel.png")));
    }

    void changingOneColumnReRunsOnlyIt() {
        StudyController c;
        useTinyGrid(c);
        VniahPanel panel(&c);
        QSignalSpy finished(&panel, &VniahPanel::runFinished);
        QVERIFY(panel.run());
        QVERIFY(waitFinished(finished));
        QVERIFY(!panel.run());  // everything cached
        QVERIFY(c.setParam(QStringLiteral("videorope.delta"), QStringLiteral("3"), 1));
        QCOMPARE(panel.shownGrids().size(), size_t(2));  // the VideoRoPE grids are stale, M-RoPE's kept
        finished.clear();
        QVERIFY(panel.run());
        QVERIFY(waitFinished(finished));
        QCOMPARE(panel.shownGrids().size(), size_t(4));
        QCOMPARE(panel.shownGrids()[2].params.delta, 3.0);
    }

    void cancelStopsARun() {
        StudyController c;  // the paper's full grid: far longer than the cancel below takes
        VniahPanel panel(&c);
        QSignalSpy finished(&panel, &VniahPanel::runFinished);
        QVERIFY(panel.run());
        QTest::qWait(200);
        panel.cancel();
        QVERIFY(waitFinished(finished));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(!panel.isRunning());
    }

    void badSettingsAreReportedNotRun() {
        StudyController c;
        useTinyGrid(c);
        QVERIFY(c.setParam(QStringLiteral("vniah.distractor_offset"), QStringLiteral("500"), 0));
        VniahPanel panel(&c);
        QVERIFY(!panel.run());
        QVERIFY(!panel.isRunning());
    }
};

QTEST_MAIN(VniahPanelTest)
#include "VniahPanelTest.moc"
