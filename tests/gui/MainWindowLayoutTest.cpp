// The main window at the smallest supported screen (1280 × 800) and at 1920 × 1080: every tab fits
// (no child widget extends past the window, the window is not forced wider or taller than asked),
// docks re-shown from View keep the window on the screen, View → Reset layout restores the default
// docks, and Help → Guide opens the built-in guide at the right place. Each tab is also saved as
// layout_<tab>_<W>x<H>.png in the working folder for a person to look at.
#include <QAbstractScrollArea>
#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QScreen>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextBrowser>
#include <QtTest>

#include "app/gui/HelpGuide.h"
#include "app/gui/AttentionPanel.h"
#include "app/gui/MainWindow.h"

using rope::app::HelpGuide;
using rope::app::MainWindow;

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

}  // namespace

class MainWindowLayoutTest : public QObject {
    Q_OBJECT
    QTemporaryDir m_settings;

private Q_SLOTS:
    void diag() {
        MainWindow w;
        if (qEnvironmentVariableIsSet("DIAG_NO_ATTENTION")) w.attentionPanel()->setMinimumSize(1, 1);
        w.resize(qEnvironmentVariableIntValue("DIAG_W"), qEnvironmentVariableIntValue("DIAG_H"));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto dump = [](QWidget* root, int depth, auto& self, int maxDepth) -> void {
            if (depth > maxDepth) return;
            qWarning("%s%s %s min %dx%d minHint %dx%d size %dx%d", qPrintable(QString(depth * 2, QLatin1Char(' '))), root->metaObject()->className(),
                     qPrintable(root->objectName()), root->minimumWidth(), root->minimumHeight(), root->minimumSizeHint().width(),
                     root->minimumSizeHint().height(), root->width(), root->height());
            for (QWidget* c : root->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly)) self(c, depth + 1, self, maxDepth);
        };
        if (qEnvironmentVariableIsSet("DIAG_NO_ATTENTION")) w.attentionPanel()->setMinimumSize(1, 1);
        const QSize size(qEnvironmentVariableIntValue("DIAG_W"), qEnvironmentVariableIntValue("DIAG_H"));
        w.resize(size);
        QTest::qWait(200);
        dump(&w, 0, dump, 1);
        for (int i = 0; i < w.stage()->count(); ++i) dump(w.stage()->widget(i), 0, dump, 2);
        for (int i = 0; i < w.stage()->count(); ++i) {
            w.stage()->setCurrentIndex(i);
            QTest::qWait(150);
            w.grab().save(QStringLiteral("/tmp/guimisc/diag_%1_%2.png").arg(i).arg(size.width()));
            qWarning("tab %d window %dx%d outside: %s", i, w.width(), w.height(), qPrintable(widgetsOutside(&w).join(QStringLiteral("; "))));
        }
    }
    void initTestCase() {
        // A clean settings file: no saved geometry or dock state from a person's own sessions.
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }

    void everyTabFits_data() {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x800") << QSize(1280, 800);
        QTest::newRow("1920x1080") << QSize(1920, 1080);
    }

    void everyTabFits() {
        QFETCH(QSize, size);
        MainWindow w;
        w.resize(size);
        w.move(0, 0);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTabWidget* stage = w.stage();
        for (int i = 0; i < stage->count(); ++i) {
            stage->setCurrentIndex(i);
            QTest::qWait(150);
            const QString tab = stage->tabText(i);
            QVERIFY2(w.width() <= size.width() && w.height() <= size.height(),
                     qPrintable(QStringLiteral("tab \"%1\": the window is %2×%3 at a %4×%5 screen (its minimum is %6×%7)")
                                    .arg(tab).arg(w.width()).arg(w.height()).arg(size.width()).arg(size.height())
                                    .arg(w.minimumSizeHint().width()).arg(w.minimumSizeHint().height())));
            const QStringList outside = widgetsOutside(&w);
            QVERIFY2(outside.isEmpty(), qPrintable(QStringLiteral("tab \"%1\": %2").arg(tab, outside.join(QStringLiteral("; ")))));
            QString file = QStringLiteral("layout_%1_%2x%3.png").arg(tab).arg(size.width()).arg(size.height());
            file.replace(QLatin1Char(' '), QLatin1Char('_'));
            QVERIFY(w.grab().save(file));
        }
    }

    void reShownDocksKeepTheWindowOnTheScreen() {
        MainWindow w;
        w.resize(1280, 800);
        w.move(0, 0);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QRect screen = w.screen()->availableGeometry();
        const auto docks = w.findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly);
        QCOMPARE(docks.size(), 5);
        // Close every dock, then show them again from the View menu, one by one, as a person would.
        for (QDockWidget* d : docks) d->toggleViewAction()->trigger();
        QTest::qWait(100);
        for (QDockWidget* d : docks) {
            d->toggleViewAction()->trigger();
            QTest::qWait(100);
            QVERIFY2(screen.contains(w.frameGeometry()),
                     qPrintable(QStringLiteral("after showing %1 the window is %2×%3 on a %4×%5 screen")
                                    .arg(d->windowTitle()).arg(w.width()).arg(w.height()).arg(screen.width()).arg(screen.height())));
        }
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
            QVERIFY2(w.rect().contains(r), qPrintable(d->objectName()));
        }
        auto dock = [&](const char* name) { return w.findChild<QDockWidget*>(QString::fromLatin1(name)); };
        QCOMPARE(w.dockWidgetArea(dock("dock-parameters")), Qt::LeftDockWidgetArea);
        QCOMPARE(w.dockWidgetArea(dock("dock-properties")), Qt::LeftDockWidgetArea);
        for (const char* chart : {"dock-frequency", "dock-similarity", "dock-kernel"})
            QCOMPARE(w.dockWidgetArea(dock(chart)), Qt::BottomDockWidgetArea);
        // The three charts share one place as tabs, not three strips stacked on top of each other.
        QCOMPARE(w.tabifiedDockWidgets(dock("dock-frequency")).size(), 2);
        QVERIFY(layoutSnapshotFits(w));
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
