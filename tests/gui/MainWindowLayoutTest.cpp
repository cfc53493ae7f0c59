// The main window at the smallest supported screen (1280 × 800) and at 1920 × 1080: every tab fits
// (no child widget extends past the window, the window is not forced wider or taller than asked),
// docks re-shown from View keep the window on the screen, View → Reset layout restores the default
// docks, and Help → Guide opens the built-in guide at the right place. Each tab is also saved as
// layout_<tab>_<W>x<H>.png in the working folder for a person to look at.
#include <QAbstractScrollArea>
#include <QAction>
#include <QHelpEvent>
#include <QDockWidget>
#include <QMainWindow>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextBrowser>
#include <QToolTip>
#include <QtTest>

#include "app/gui/HelpGuide.h"
#include "app/gui/IndexGrowthPanel.h"
#include "app/gui/MainWindow.h"
#include "app/gui/VniahPanel.h"
#include "widgets/HeatmapView.h"

using rope::app::HelpGuide;
using rope::app::MainWindow;
using rope::app::VniahPanel;
namespace widgets = rope::widgets;

namespace {

/// True if `w` is drawn inside some scroll area's viewport (scrolled, so it may be larger).
bool insideScrolledViewport(const QWidget* w, const QWidget* window) {
    for (const QWidget* p = w->parentWidget(); p && p != window; p = p->parentWidget())
        if (auto* area = qobject_cast<const QAbstractScrollArea*>(p->parentWidget()); area && area->viewport() == p) return true;
    return false;
}

/// True if `w` is in a dock that is a tab behind another one (QMainWindow parks those off the window).
bool inBackgroundDockTab(const QWidget* w, const QMainWindow* window) {
    for (const QWidget* p = w; p && p != window; p = p->parentWidget())
        if (auto* dock = qobject_cast<const QDockWidget*>(p))
            return !window->tabifiedDockWidgets(const_cast<QDockWidget*>(dock)).isEmpty() &&
                   !window->rect().intersects(QRect(dock->mapTo(window, QPoint(0, 0)), dock->size()));
    return false;
}

/// Every visible, non-scrolled child of `window` whose rectangle leaves the window's, described.
QStringList widgetsOutside(const QMainWindow* window) {
    QStringList out;
    const QRect bounds = window->rect();
    for (const QWidget* c : window->findChildren<QWidget*>()) {
        if (c->isWindow() || !c->isVisible() || insideScrolledViewport(c, window) || inBackgroundDockTab(c, window)) continue;
        const QRect r(c->mapTo(window, QPoint(0, 0)), c->size());
        if (!bounds.contains(r))
            out << QStringLiteral("%1 \"%2\" at %3,%4 %5×%6 (min %7×%8)")
                       .arg(QString::fromLatin1(c->metaObject()->className()), c->objectName())
                       .arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height())
                       .arg(c->minimumSizeHint().width()).arg(c->minimumSizeHint().height());
    }
    return out;
}

QAction* actionNamed(const QWidget* w, const char* name) { return w->findChild<QAction*>(QString::fromLatin1(name)); }

/// Takes every tab but `keep` off the stage (not deleted: the window still owns them), so a test
/// of one tab or of the docks is not decided by another tab's minimum size — a tab page's minimum
/// is the stage's whatever tab is shown, and whether each tab fits is everyTabFits' question.
void keepOnlyTab(MainWindow& w, QWidget* keep) {
    for (int i = w.stage()->count() - 1; i >= 0; --i)
        if (w.stage()->widget(i) != keep) w.stage()->removeTab(i);
}

}  // namespace

class MainWindowLayoutTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_settings;

private Q_SLOTS:
    void initTestCase() {
        // A clean settings file: no saved geometry or dock state from a person's own sessions.
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }

    void everyTabFits_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("columns");
        QTest::newRow("1280x800") << QSize(1280, 800) << 2;
        QTest::newRow("1280x800, 4 columns") << QSize(1280, 800) << 4;
        QTest::newRow("1920x1080") << QSize(1920, 1080) << 2;
    }

    void everyTabFits() {
        QFETCH(QSize, size);
        QFETCH(int, columns);
        MainWindow w;
        while (static_cast<int>(w.controller()->study().columns.size()) < columns) QVERIFY(w.controller()->addColumn());
        w.resize(size);
        w.move(0, 0);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTest::qWait(200);
        QTabWidget* stage = w.stage();
        for (int i = 0; i < stage->count(); ++i) {
            stage->setCurrentIndex(i);
            QTest::qWait(150);
            const QString tab = stage->tabText(i);
            QString pages;  // which tab pages' minimum sizes force the window's
            for (int j = 0; j < stage->count(); ++j)
                pages += QStringLiteral(" \"%1\" %2×%3").arg(stage->tabText(j)).arg(stage->widget(j)->minimumSizeHint().width())
                             .arg(stage->widget(j)->minimumSizeHint().height());
            QVERIFY2(w.width() <= size.width() && w.height() <= size.height(),
                     qPrintable(QStringLiteral("tab \"%1\": the window is %2×%3 at a %4×%5 screen (its minimum is %6×%7; "
                                               "tab pages' minimum sizes:%8)")
                                    .arg(tab).arg(w.width()).arg(w.height()).arg(size.width()).arg(size.height())
                                    .arg(w.minimumSizeHint().width()).arg(w.minimumSizeHint().height()).arg(pages)));
            const QStringList outside = widgetsOutside(&w);
            QVERIFY2(outside.isEmpty(), qPrintable(QStringLiteral("tab \"%1\": %2").arg(tab, outside.join(QStringLiteral("; ")))));
            QString file = QStringLiteral("layout_%1_%2x%3_%4col.png").arg(tab).arg(size.width()).arg(size.height()).arg(columns);
            file.replace(QLatin1Char(' '), QLatin1Char('_'));
            QVERIFY(w.grab().save(file));
        }
    }

    // The V-NIAH tab with results, a selected cell and a hovered one still fits, at both sizes;
    // saved (screen grab, so the hover text shows) as vniah_results_<W>x<H>.png.
    void vniahTabWithResultsFits_data() {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x800") << QSize(1280, 800);
        QTest::newRow("1920x1080") << QSize(1920, 1080);
    }

    void vniahTabWithResultsFits() {
        QFETCH(QSize, size);
        MainWindow w;
        const std::pair<const char*, const char*> settings[] = {{"vniah.lengths", "100:1500:200"}, {"vniah.seeds", "2"},
                                                                {"vniah.heads", "2"}};
        for (const auto& [k, v] : settings) QVERIFY(w.controller()->setParam(QString::fromLatin1(k), QString::fromLatin1(v), 0));
        keepOnlyTab(w, w.vniahPanel());
        w.resize(size);
        w.move(0, 0);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.stage()->setCurrentWidget(w.vniahPanel());
        QSignalSpy finished(w.vniahPanel(), &VniahPanel::runFinished);
        QVERIFY(w.vniahPanel()->run());
        QVERIFY(finished.wait(60000));
        QTest::qWait(100);
        QVERIFY(w.vniahPanel()->selectCell(3, 5, 2));  // VideoRoPE V-NIAH-D, 1100 frames, depth 40 %
        QTest::qWait(100);
        QVERIFY2(w.width() <= size.width() && w.height() <= size.height(), qPrintable(QStringLiteral("%1×%2").arg(w.width()).arg(w.height())));
        const QStringList outside = widgetsOutside(&w);
        QVERIFY2(outside.isEmpty(), qPrintable(outside.join(QStringLiteral("; "))));
        // Hover a cell of the first map, then grab the screen (a widget grab leaves tool tips out).
        widgets::HeatmapView* map = nullptr;
        for (auto* m : w.vniahPanel()->findChildren<widgets::HeatmapView*>())
            if (m->isVisible() && m->data().rows > 0 && !map) map = m;
        QVERIFY(map);
        for (QWidget* p = map->parentWidget(); p; p = p->parentWidget())  // scrolled to the drill-down when narrow
            if (auto* area = qobject_cast<QScrollArea*>(p)) {
                area->ensureWidgetVisible(map);
                break;
            }
        QTest::qWait(100);
        const QPoint at(map->width() / 2, map->height() / 2);
        QHelpEvent help(QEvent::ToolTip, at, map->mapToGlobal(at));
        QApplication::sendEvent(map, &help);
        QTest::qWait(300);
        QVERIFY(QToolTip::isVisible());
        const QString file = QStringLiteral("vniah_results_%1x%2.png").arg(size.width()).arg(size.height());
        QVERIFY(w.screen()->grabWindow(0, w.x(), w.y(), w.width(), w.height()).save(file));
    }

    void reShownDocksKeepTheWindowOnTheScreen() {
        MainWindow w;
        keepOnlyTab(w, w.growthPanel());
        while (w.controller()->study().columns.size() < 4) QVERIFY(w.controller()->addColumn());  // wide chart docks
        w.resize(1280, 800);
        w.move(0, 0);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTest::qWait(100);
        QVERIFY(w.width() <= 1280 && w.height() <= 800);
        const QRect screen = w.screen()->availableGeometry();
        const auto docks = w.findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly);
        QCOMPARE(docks.size(), 5);
        auto dock = [&](const char* name) { return w.findChild<QDockWidget*>(QString::fromLatin1(name)); };
        // Close every dock, then show them again from the View menu, one by one, as a person would:
        // the charts come back as tabs of one place (not strips side by side, whose minimum widths
        // add up), and the window stays as it was on its 1280 × 800 screen.
        for (QDockWidget* d : docks) d->toggleViewAction()->trigger();
        QTest::qWait(100);
        for (QDockWidget* d : docks) {
            d->toggleViewAction()->trigger();
            QTest::qWait(100);
            QVERIFY2(screen.contains(w.frameGeometry()) && w.width() <= 1280 && w.height() <= 800,
                     qPrintable(QStringLiteral("after showing %1 the window is %2×%3 (minimum %4×%5)")
                                    .arg(d->windowTitle()).arg(w.width()).arg(w.height())
                                    .arg(w.minimumSizeHint().width()).arg(w.minimumSizeHint().height())));
        }
        QCOMPARE(w.tabifiedDockWidgets(dock("dock-frequency")).size(), 2);
        // Float one and move another: Reset layout puts every dock back and shown.
        docks[0]->setFloating(true);
        w.removeDockWidget(docks[2]);
        QAction* reset = actionNamed(&w, "action-reset-layout");
        QVERIFY2(reset, "View → Reset layout");
        reset->trigger();
        QTest::qWait(150);
        QVERIFY(screen.contains(w.frameGeometry()));
        QVERIFY2(w.width() <= 1280 && w.height() <= 800, qPrintable(QStringLiteral("%1×%2").arg(w.width()).arg(w.height())));
        for (QDockWidget* d : docks) {
            QVERIFY2(d->isVisible() && !d->isFloating(), qPrintable(d->objectName()));
            const QRect r(d->mapTo(&w, QPoint(0, 0)), d->size());
            QVERIFY2(w.rect().contains(r) || inBackgroundDockTab(d, &w), qPrintable(d->objectName()));
        }
        QCOMPARE(w.dockWidgetArea(dock("dock-parameters")), Qt::LeftDockWidgetArea);
        QCOMPARE(w.dockWidgetArea(dock("dock-properties")), Qt::LeftDockWidgetArea);
        for (const char* chart : {"dock-frequency", "dock-similarity", "dock-kernel"})
            QCOMPARE(w.dockWidgetArea(dock(chart)), Qt::BottomDockWidgetArea);
        // The three charts share one place as tabs, not three strips stacked on top of each other.
        QCOMPARE(w.tabifiedDockWidgets(dock("dock-frequency")).size(), 2);
        QVERIFY(layoutSnapshotFits(w));
        QVERIFY(w.grab().save(QStringLiteral("layout_after_reset_1280x800.png")));
    }

    void helpGuideOpensAtTheHeadingItLinksTo() {
        MainWindow w;
        QAction* guide = actionNamed(&w, "action-help-guide");
        QVERIFY2(guide, "Help → Guide");
        guide->trigger();
        auto* g = w.findChild<HelpGuide*>();
        QVERIFY(g && g->isVisible());
        QCOMPARE(g->shownFile(), QStringLiteral("guide.html"));
        const QString text = g->browser()->toPlainText();
        // One section per view, each naming the paper figure it corresponds to.
        for (const char* section : {"3D index growth — paper Fig. 6", "Frequency allocation — paper Fig. 4",
                                    "Temporal similarity — paper Fig. 5", "Properties — paper Table 1",
                                    "V-NIAH experiment — paper Fig. 7 and Table 3", "Attention on a video",
                                    "Relative-position kernel"})
            QVERIFY2(text.contains(QString::fromUtf8(section)), section);
        // Its README link lands on that section of the built-in README.
        QVERIFY(g->open(QUrl(QStringLiteral("doc:README.md#The desktop app"))));
        QCOMPARE(g->shownFile(), QStringLiteral("README.md"));
        QCOMPARE(g->shownHeading(), QStringLiteral("The desktop app"));
        QVERIFY(g->browser()->textCursor().block().text() == QStringLiteral("The desktop app"));
        QVERIFY(g->browser()->toPlainText().contains(QStringLiteral("Undo/redo")));
        // docs/vniah.md is built in too; a heading it lacks is refused, an unknown file changes nothing.
        QVERIFY(g->open(QUrl(QStringLiteral("doc:docs/vniah.md#Limitations"))));
        QVERIFY(!g->open(QUrl(QStringLiteral("doc:docs/vniah.md#No such heading"))));
        QVERIFY(!g->open(QUrl(QStringLiteral("doc:nothing.md"))));
        QCOMPARE(g->shownFile(), QStringLiteral("docs/vniah.md"));
        g->open(HelpGuide::guideUrl());
        QTest::qWait(100);
        QVERIFY(g->grab().save(QStringLiteral("help_guide.png")));
    }

private:
    static bool layoutSnapshotFits(const MainWindow& w) {
        const QStringList outside = widgetsOutside(&w);
        if (!outside.isEmpty()) qWarning("%s", qPrintable(outside.join(QStringLiteral("; "))));
        return outside.isEmpty();
    }
};

QTEST_MAIN(MainWindowLayoutTest)
#include "MainWindowLayoutTest.moc"
