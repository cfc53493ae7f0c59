// Editing parameters in the main window as a teacher does (issue 14 items 5, 8, 9): refused values
// and their banner clear as soon as the value is valid again, Add selects the new column, and the
// column buttons are never clipped.
#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QtTest>

#include "app/gui/MainWindow.h"
#include "core/ParamSchema.h"
#include "core/Study.h"

using rope::app::MainWindow;

namespace {

template <class W>
W* child(QWidget& w, const char* name) {
    auto* found = w.findChild<W*>(QString::fromLatin1(name));
    if (!found) qFatal("no child %s", name);
    return found;
}

void waitIdle(MainWindow& w) { QTRY_VERIFY_WITH_TIMEOUT(!w.controller()->isBusy(), 20000); }

void typeAndReturn(QLineEdit* line, const QString& text) {
    line->setFocus();
    line->setText(text);
    QTest::keyClick(line, Qt::Key_Return);
}

}  // namespace

class ParameterEditingTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void refusedValueClearsWhenRetypedValid() {
        MainWindow w;
        w.show();
        waitIdle(w);
        auto* sequence = child<QLineEdit>(w, "param:sequence");
        auto* banner = child<QLabel>(w, "error-banner");
        const QString good = sequence->text();
        typeAndReturn(sequence, QStringLiteral("text:8,video:oops"));
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QStringLiteral("sequence")), qPrintable(banner->text()));
        QCOMPARE(sequence->text(), QStringLiteral("text:8,video:oops"));  // what was typed is kept
        typeAndReturn(sequence, good);  // the valid value again: same as the study's, nothing to apply
        QVERIFY(!banner->isVisible());
        QVERIFY(sequence->styleSheet().isEmpty());
    }

    void refusedValueClearsOnUndo() {
        MainWindow w;
        w.show();
        waitIdle(w);
        QString error;
        QVERIFY(w.controller()->setParam(QStringLiteral("videorope.delta"), QStringLiteral("3"), 1, &error));
        auto* sequence = child<QLineEdit>(w, "param:sequence");
        auto* banner = child<QLabel>(w, "error-banner");
        typeAndReturn(sequence, QStringLiteral("video:0x1x1"));
        QVERIFY(banner->isVisible());
        w.controller()->undoStack()->undo();  // Edit → Undo: the study (δ back to 2) and every editor reload
        QCOMPARE(w.controller()->study().columns[1].delta, 2.0);
        QVERIFY(!banner->isVisible());
        QCOMPARE(sequence->text(), QString::fromStdString(rope::getParam(w.controller()->study().columns[0], "sequence")));
    }

    void computeErrorClearsWhenTheStudyComputesAgain() {
        MainWindow w;
        w.show();
        waitIdle(w);
        auto* banner = child<QLabel>(w, "error-banner");
        QVERIFY(w.controller()->setParam(QStringLiteral("sections"), QStringLiteral("8,8,8"), 0));  // 24 ≠ 128/2
        waitIdle(w);
        QTRY_VERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QStringLiteral("sections")), qPrintable(banner->text()));
        w.controller()->undoStack()->undo();
        waitIdle(w);
        QTRY_VERIFY(!banner->isVisible());
    }

    void addSelectsTheNewColumn() {
        MainWindow w;
        w.show();
        waitIdle(w);
        auto* columns = child<QComboBox>(w, "column-selector");
        columns->setCurrentIndex(0);
        QTest::mouseClick(child<QPushButton>(w, "add-column"), Qt::LeftButton);
        QCOMPARE(w.controller()->study().columns.size(), size_t(3));
        QCOMPARE(columns->currentIndex(), 2);
        // The next edit goes to the new column, not to the one it was copied from.
        auto* theta = child<QWidget>(w, "param:theta")->findChild<QDoubleSpinBox*>();
        QVERIFY(theta);
        theta->setValue(10000);  // through the panel, as a person edits
        QCOMPARE(w.controller()->study().columns[2].theta, 10000.0);
        QCOMPARE(w.controller()->study().columns[0].theta, 1e6);
    }

    void columnButtonsAreNotClippedWithFourColumns() {
        // The teacher's study: four columns with long names, at the smallest supported screen.
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        waitIdle(w);
        auto* c = w.controller();
        for (int i = 0; i < 2; ++i) QVERIFY(c->addColumn());
        QString error;
        QVERIFY(c->setParam(QStringLiteral("videorope.delta"), QStringLiteral("3"), 1, &error));
        QVERIFY(c->setParam(QStringLiteral("videorope.temporal_band"), QStringLiteral("high"), 1, &error));
        QVERIFY(c->setParam(QStringLiteral("variant"), QStringLiteral("tad"), 2, &error));
        QVERIFY(c->setParam(QStringLiteral("variant"), QStringLiteral("videorope++"), 3, &error));
        waitIdle(w);
        QCoreApplication::processEvents();
        // Fully visible, not merely full size: a panel wider than its dock scrolls "Remove" out of view.
        for (const char* name : {"add-column", "remove-column", "column-selector", "param:variant"}) {
            auto* b = child<QWidget>(w, name);
            QVERIFY2(b->visibleRegion().boundingRect().size() == b->size(),
                     qPrintable(QStringLiteral("%1 shows %2 of its %3 px").arg(QLatin1String(name)).arg(b->visibleRegion().boundingRect().width()).arg(b->width())));
        }
        for (const char* name : {"add-column", "remove-column"}) {
            auto* b = child<QPushButton>(w, name);
            QVERIFY2(b->width() >= b->sizeHint().width(), name);  // "Remove" reads in full, not "Rem"
        }
    }
};

QTEST_MAIN(ParameterEditingTest)
#include "ParameterEditingTest.moc"
