// The V-NIAH panel: runs off the GUI thread, shows one heatmap per (column, task) and Table 3,
// re-runs only what a parameter change invalidated, and cancels cleanly.
#include <QChart>
#include <QChartView>
#include <QHelpEvent>
#include <QLabel>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTextBlock>
#include <QTextBrowser>
#include <QToolTip>
#include <QtTest>

#include "app/gui/HelpGuide.h"
#include "app/gui/StudyController.h"
#include "app/gui/VniahPanel.h"
#include "app/gui/VniahTable3.h"
#include "core/Study.h"
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

/// The heatmaps that show a computed grid (a "not run yet" map has no rows).
int computedMaps(const QWidget& panel) {
    int n = 0;
    for (auto* m : panel.findChildren<widgets::HeatmapView*>())
        if (m->isVisibleTo(&panel) && m->data().rows > 0) ++n;
    return n;
}

/// The heatmaps in the panel's grid, in order (discarded ones are hidden until deleted).
QList<widgets::HeatmapView*> shownMaps(const QWidget& panel) {
    QList<widgets::HeatmapView*> out;
    for (auto* m : panel.findChildren<widgets::HeatmapView*>())
        if (m->isVisibleTo(&panel)) out << m;
    return out;
}

/// The hover text Qt shows at `pos` of `w` (sent as the tool-tip event a resting mouse makes).
QString hoverText(QWidget* w, QPoint pos) {
    QToolTip::hideText();
    QHelpEvent help(QEvent::ToolTip, pos, w->mapToGlobal(pos));
    QApplication::sendEvent(w, &help);
    return QToolTip::isVisible() ? QToolTip::text() : QString();
}

/// Every text a person can read in the panel: labels and chart titles.
QStringList readableTexts(const QWidget& panel) {
    QStringList out;
    for (auto* l : panel.findChildren<QLabel*>()) out << l->text();
    for (auto* v : panel.findChildren<QChartView*>()) out << v->chart()->title();
    return out;
}

bool anyContains(const QStringList& texts, const QString& what) {
    for (const QString& t : texts)
        if (t.contains(what)) return true;
    return false;
}

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

    // Issue 14 item 12: one progress over every column and task, never going back, and a
    // "grid k of n" whose k − 1 grids are finished (shown) at that moment.
    void progressIsMonotoneOverTheWholeRunAndCountsGrids() {
        StudyController c;
        useTinyGrid(c);
        VniahPanel panel(&c);
        auto* bar = panel.findChild<QProgressBar*>();
        QVERIFY(bar);
        struct Sample {
            int value;
            QString text;
            int finished;
        };
        std::vector<Sample> samples;
        connect(bar, &QProgressBar::valueChanged, &panel, [&](int v) { samples.push_back({v, bar->text(), computedMaps(panel)}); });
        QSignalSpy finished(&panel, &VniahPanel::runFinished);
        QVERIFY(panel.run());
        QVERIFY(waitFinished(finished));
        QCOMPARE(finished.first().first().toBool(), true);
        QVERIFY2(samples.size() >= 4, "at least one report per grid");  // 2 columns × 2 tasks
        const QRegularExpression gridK(QStringLiteral("grid (\\d+) of (\\d+)")), allDone(QStringLiteral("(\\d+) of (\\d+) grids"));
        for (size_t i = 0; i < samples.size(); ++i) {
            const Sample& s = samples[i];
            const QString where = QStringLiteral("sample %1: %2 \"%3\" with %4 grid(s) shown").arg(i).arg(s.value).arg(s.text).arg(s.finished);
            if (i > 0) QVERIFY2(s.value >= samples[i - 1].value, qPrintable(QStringLiteral("went back: ") + where));
            if (const auto m = allDone.match(s.text); m.hasMatch()) {
                QCOMPARE(m.captured(1).toInt(), 4);
                QCOMPARE(s.finished, 4);
                continue;
            }
            const auto m = gridK.match(s.text);
            QVERIFY2(m.hasMatch(), qPrintable(where));
            const int k = m.captured(1).toInt(), n = m.captured(2).toInt();
            QCOMPARE(n, 4);
            QVERIFY2(s.finished == k - 1, qPrintable(where));
            // The bar agrees with the count: between (k − 1)/n and k/n of the whole.
            QVERIFY2(s.value >= 1000 * (k - 1) / n && s.value <= 1000 * k / n, qPrintable(where));
        }
        QCOMPARE(samples.back().value, 1000);
        QCOMPARE(computedMaps(panel), 4);
    }

    // Issue 14 item 13: hovering a cell says which cell and how it was scored; the clicked cell is
    // outlined; the drill-down's title names the cell; a title too long for its map is elided and
    // hovering it gives the full text.
    void hoverNamesTheCellAndTheClickedCellIsMarked() {
        StudyController c;
        useTinyGrid(c);
        VniahPanel panel(&c);
        panel.resize(1000, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy finished(&panel, &VniahPanel::runFinished);
        QVERIFY(panel.run());
        QVERIFY(waitFinished(finished));
        QTest::qWait(50);
        auto maps = shownMaps(panel);
        QCOMPARE(maps.size(), 4);
        widgets::HeatmapView* mrope = maps[0];  // M-RoPE, V-NIAH
        QVERIFY(mrope->data().title.startsWith(QStringLiteral("M-RoPE — V-NIAH:")));
        // The plot spans x from 64 to width − 74 and y from 34 to height − 52 (HeatmapView's margins),
        // so the widget's centre lies right of the plot's centre (lengths 20 | 40: the 40 column) and
        // below it, within the middle of three rows (depths 100 / 50 / 0 from the top: 50 %).
        const QPoint centre = mrope->rect().center();
        const QString tip = hoverText(mrope, centre);
        const VniahGrid grid = panel.shownGrids()[0];
        const int won = static_cast<int>(std::lround(grid.success(1, 1) * 2));
        QVERIFY2(tip.contains(QStringLiteral("haystack length 40 frames, needle depth 50 %")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("%1 of 2 trials").arg(won)), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("2 seeds × 1 heads")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("success rate %1 %").arg(100 * grid.success(1, 1), 0, 'f', 1)), qPrintable(tip));
        // The title's hover text is the whole title.
        QCOMPARE(hoverText(mrope, QPoint(mrope->width() / 2, 10)), mrope->data().title);

        QTest::mouseClick(mrope, Qt::LeftButton, {}, centre);
        QTest::qWait(50);
        maps = shownMaps(panel);
        QCOMPARE(maps[0]->data().marked, (std::vector<std::pair<int, int>>{{1, 1}}));  // (depth row, length column)
        for (int i = 1; i < maps.size(); ++i) QVERIFY(maps[i]->data().marked.empty());
        QVERIFY2(anyContains(readableTexts(panel), QStringLiteral("Drill-down: M-RoPE — V-NIAH · 40 frames, depth 50 %")),
                 qPrintable(readableTexts(panel).join(QStringLiteral(" | "))));

        // Narrow maps: a long title is elided on the map and whole in its hover text.
        QVERIFY(c.setParam(QStringLiteral("videorope.delta"), QStringLiteral("2.75"), 1));
        panel.resize(560, 700);
        QTest::qWait(100);
        for (auto* m : shownMaps(panel)) {
            QCOMPARE(hoverText(m, QPoint(m->width() / 2, 10)), m->data().title);
            if (m->data().title.startsWith(QStringLiteral("VideoRoPE")))
                QVERIFY2(m->shownTitle() != m->data().title && m->shownTitle().endsWith(QChar(0x2026)), qPrintable(m->shownTitle()));
        }
    }

    // Issue 14 item 14: a drill-down never outlives its parameters — File → New (what its menu
    // action does: resetStudy with the demo study) and a parameter change clear it; a change that
    // leaves its grid valid keeps it, and a re-run does not bring a stale one back.
    void staleDrillDownIsClearedAfterFileNewAndParameterChanges() {
        StudyController c;
        useTinyGrid(c);
        VniahPanel panel(&c);
        QSignalSpy finished(&panel, &VniahPanel::runFinished);
        QVERIFY(panel.run());
        QVERIFY(waitFinished(finished));
        auto clickCentre = [&](int map) {
            auto* m = shownMaps(panel)[map];
            m->resize(400, 300);
            QTest::mouseClick(m, Qt::LeftButton, {}, m->rect().center());
            QTest::qWait(20);
        };
        clickCentre(0);  // M-RoPE, V-NIAH, 40 frames, depth 50 %
        const QString cell = QStringLiteral("40 frames, depth 50 %");
        QVERIFY(anyContains(readableTexts(panel), cell));
        c.resetStudy(demoStudy(), QString());  // File → New
        QVERIFY2(!anyContains(readableTexts(panel), cell), qPrintable(readableTexts(panel).join(QStringLiteral(" | "))));
        for (auto* m : shownMaps(panel)) QVERIFY(m->data().marked.empty());

        useTinyGrid(c);  // the cache still holds these grids: shown again, nothing selected
        finished.clear();
        QVERIFY(!panel.run());
        clickCentre(2);  // VideoRoPE, V-NIAH
        QVERIFY(anyContains(readableTexts(panel), QStringLiteral("VideoRoPE (δ = 2) — V-NIAH · ") + cell));
        QVERIFY(c.setParam(QStringLiteral("videorope.delta"), QStringLiteral("3"), 1));
        QVERIFY(!anyContains(readableTexts(panel), cell));
        clickCentre(0);  // M-RoPE's grids are still valid
        QVERIFY(anyContains(readableTexts(panel), QStringLiteral("M-RoPE — V-NIAH · ") + cell));
        QVERIFY(c.setParam(QStringLiteral("videorope.delta"), QStringLiteral("2.5"), 1));  // VideoRoPE only
        QVERIFY(anyContains(readableTexts(panel), QStringLiteral("M-RoPE — V-NIAH · ") + cell));
        QVERIFY(panel.run());
        QVERIFY(waitFinished(finished));
        QVERIFY(anyContains(readableTexts(panel), QStringLiteral("M-RoPE — V-NIAH · ") + cell));
        QVERIFY(!anyContains(readableTexts(panel), QStringLiteral("VideoRoPE (δ = 2) — V-NIAH · ")));
    }

    // Issue 14 item 15: Table 3 has a visible note on why ours differ from the paper's, whose
    // tooltip explains VideoRoPE's V-NIAH-D gap in plain words and whose link opens docs/vniah.md.
    void table3HasANoteExplainingTheGapToThePaper() {
        StudyController c;
        VniahPanel panel(&c);
        panel.resize(1200, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QLabel* note = panel.table3()->note();
        QVERIFY(note->isVisible());
        QVERIFY(note->text().contains(QStringLiteral("same synthetic content")));
        QVERIFY(note->text().contains(QStringLiteral("nothing is trained")));
        for (const char* words : {"87", "diagonal layout", "trained model"})
            QVERIFY2(note->toolTip().contains(QString::fromUtf8(words)), words);
        const QRegularExpression href(QStringLiteral("href=\"([^\"]+)\""));
        const auto link = href.match(note->text());
        QVERIFY(link.hasMatch());
        Q_EMIT note->linkActivated(link.captured(1));
        auto* guide = panel.findChild<rope::app::HelpGuide*>();
        QVERIFY(guide && guide->isVisible());
        QCOMPARE(guide->shownFile(), QStringLiteral("docs/vniah.md"));
        QCOMPARE(guide->shownHeading(), QStringLiteral("Where the mechanism matches the paper, and where it does not"));
        QVERIFY(guide->browser()->textCursor().block().text().startsWith(QStringLiteral("Where the mechanism")));
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
