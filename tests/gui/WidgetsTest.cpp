// The Qt widgets a person sees: the schema-generated parameter panel, the Table 1 view, the charts
// and figure export (PNG / SVG / PDF, written atomically).
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <QChartView>
#include <QGraphicsLineItem>
#include <QScatterSeries>

#include "core/ParamSchema.h"
#include "core/Study.h"
#include <QValueAxis>

#include "widgets/ChartKit.h"
#include "widgets/CurveChartView.h"
#include "widgets/FigureExport.h"
#include "widgets/FrequencyChartView.h"
#include "widgets/ParameterPanel.h"
#include "widgets/PropertiesTable.h"

using namespace rope;

namespace {

std::shared_ptr<const StudyResults> demoResults() { return std::make_shared<const StudyResults>(computeStudyResults(demoStudy())); }

std::shared_ptr<const StudyResults> demoResultsWithDelta(const char* delta) {
    Study study = demoStudy();
    setParam(study.columns[1], "videorope.delta", delta);
    return std::make_shared<const StudyResults>(computeStudyResults(study));
}

QGraphicsLineItem* spanLineOf(QChart* chart) {
    for (QGraphicsItem* item : chart->childItems())
        if (auto* line = qgraphicsitem_cast<QGraphicsLineItem*>(item)) return line;
    return nullptr;
}

}  // namespace

class WidgetsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void valueAxesTickAtNiceNumbers() {
        // Issue 14 item 23: Qt Charts' default 5 even ticks gave 0/15/31/47/63 and 0/424/849/1274/1699.
        // 0…63, index axis, ~5 ticks: raw step 12.6 → 20, first tick 0 → 0, 20, 40, 60.
        QValueAxis* frames = widgets::makeValueAxis(QStringLiteral("frame"), 0, 63, QStringLiteral("%d"));
        QCOMPARE(frames->tickType(), QValueAxis::TicksDynamic);
        QCOMPARE(frames->tickAnchor(), 0.0);
        QCOMPARE(frames->tickInterval(), 20.0);
        // 0…1699: raw 340 → 500 → 0, 500, 1000, 1500.
        frames->setRange(0, 1699);
        QCOMPARE(frames->tickInterval(), 500.0);
        // −1.05…1.05 (a cosine axis): raw 0.42 → 0.5, first tick −1 → −1, −0.5, 0, 0.5, 1.
        const widgets::NiceTicks cosine = widgets::niceTicksFor(-1.05, 1.05, false);
        QCOMPARE(cosine.interval, 0.5);
        QCOMPARE(cosine.anchor, -1.0);
        // An index axis never steps below 1: 0…3 with ~5 ticks would be 0.5 otherwise.
        QCOMPARE(widgets::niceTicksFor(0, 3, true).interval, 1.0);
        delete frames;
    }

    void panelHasOneEditorPerSchemaEntry() {
        widgets::ParameterPanel panel;
        panel.showStudy(demoStudy());
        const auto labels = panel.findChildren<QLabel*>();
        for (const ParamSpec& spec : paramSchema()) {
            if (spec.key.rfind("vniah.", 0) == 0) continue;  // the experiment has its own panel
            if (spec.key.rfind("attention.", 0) == 0) continue;  // edited on the attention tab
            bool found = false;
            for (QLabel* l : labels) found = found || l->text() == QString::fromStdString(spec.label);
            QVERIFY2(found, spec.key.c_str());
        }
    }

    void editingDeltaEmitsTheSchemaKey() {
        widgets::ParameterPanel panel;
        Study s = demoStudy();
        panel.showStudy(s);
        QSignalSpy edited(&panel, &widgets::ParameterPanel::paramEdited);
        auto* column = panel.findChildren<QComboBox*>().first();  // the column selector comes first in the column box
        Q_UNUSED(column);
        // Select column 2 (VideoRoPE) and find δ's spin box: the one whose range starts just above 0.
        for (QComboBox* combo : panel.findChildren<QComboBox*>())
            if (combo->count() == 2 && combo->itemText(1).startsWith(QStringLiteral("2 ·"))) combo->setCurrentIndex(1);
        QDoubleSpinBox* delta = nullptr;
        // δ's editor is the one whose tooltip names its schema key (other options share its range).
        for (QDoubleSpinBox* spin : panel.findChildren<QDoubleSpinBox*>())
            if (spin->parentWidget() && spin->parentWidget()->toolTip().contains(QStringLiteral("Key: videorope.delta")))
                delta = spin;
        QVERIFY(delta);
        QVERIFY(delta->isVisibleTo(&panel));
        delta->setValue(1.5);
        QCOMPARE(edited.count(), 1);
        QCOMPARE(edited.first().at(0).toString(), QStringLiteral("videorope.delta"));
        QCOMPARE(edited.first().at(1).toString().toDouble(), 1.5);
        QCOMPARE(edited.first().at(2).toInt(), 1);
    }

    void loadingAStudyDoesNotEcho() {
        widgets::ParameterPanel panel;
        QSignalSpy edited(&panel, &widgets::ParameterPanel::paramEdited);
        Study s = demoStudy();
        s.set("videorope.delta", "3", 1);
        panel.showStudy(s);
        panel.showStudy(demoStudy());
        QCOMPARE(edited.count(), 0);
    }

    void propertiesTableShowsTable1() {
        widgets::PropertiesTable table;
        table.showResults(demoResults());
        QCOMPARE(table.columnCount(), 2);
        // paper Table 1: M-RoPE ✓ ✗ ✗ ✗, VideoRoPE ✓ ✓ ✓ ✓
        const QString mrope[] = {QStringLiteral("✓"), QStringLiteral("✗"), QStringLiteral("✗"), QStringLiteral("✗")};
        for (int p = 0; p < 4; ++p) {
            QCOMPARE(table.item(p, 0)->text(), mrope[p]);
            QCOMPARE(table.item(p, 1)->text(), QStringLiteral("✓"));
            QVERIFY(!table.item(p, 0)->toolTip().isEmpty());
        }
    }

    void frequencyChartColoursPairsByRow() {
        widgets::FrequencyChartView view;
        view.showResults(demoResults());
        QCOMPARE(view.findChildren<QChartView*>().size(), 0);  // hidden: built only when shown
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const auto charts = view.findChildren<QChartView*>();
        QCOMPARE(charts.size(), 2);
        // M-RoPE: t 16 pairs, h 24, w 24 → three scatter series of those sizes
        QList<int> sizes;
        for (QAbstractSeries* s : charts[0]->chart()->series())
            if (auto* sc = qobject_cast<QScatterSeries*>(s)) sizes << sc->count();
        QCOMPARE(sizes, (QList<int>{16, 24, 24}));
    }

    void chartBehindAnotherTabIsBuiltWhenShown() {
        auto* view = widgets::makeKernelView(nullptr);
        view->resize(640, 400);
        view->show();
        QVERIFY(QTest::qWaitForWindowExposed(view));
        view->setOnScreen(false);  // what a dock tab behind another reports
        view->showResults(demoResults());
        QChart* chart = view->findChild<QChartView*>()->chart();
        QCOMPARE(chart->series().size(), 0);  // not built while it cannot be seen
        view->setOnScreen(true);
        QVERIFY(chart->series().size() >= 2);  // one curve per column at least
        delete view;
    }

    void spanLineFollowsDeltaInPlace() {
        // VideoRoPE's span grows with δ (frames further apart in t): its dashed line must rise
        // (smaller y on screen) without the chart being rebuilt, and stay inside the plot area.
        widgets::FrequencyChartView view;
        view.resize(1000, 380);
        view.showResults(demoResultsWithDelta("2"));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const auto charts = view.findChildren<QChartView*>();
        QCOMPARE(charts.size(), 2);
        QChart* videoRope = charts[1]->chart();
        QGraphicsLineItem* line = spanLineOf(videoRope);
        QVERIFY(line);
        const double y2 = line->line().y1();
        QVERIFY(videoRope->plotArea().top() <= y2 && y2 <= videoRope->plotArea().bottom());
        QCOMPARE(line->line().y1(), line->line().y2());  // horizontal
        view.showResults(demoResultsWithDelta("3"));
        QCOMPARE(view.findChildren<QChartView*>()[1]->chart(), videoRope);  // moved, not rebuilt
        QVERIFY2(line->line().y1() < y2, "a larger span must draw higher");
        // Its height is where the axis puts the span value.
        const double span = demoResultsWithDelta("3")->columns[1].positionSpan;
        QCOMPARE(qRound(line->line().y1()), qRound(videoRope->mapToPosition(QPointF(0, span), videoRope->series().back()).y()));
    }

    void curveViewsLookRight() {  // leaves similarity.png and kernel.png for a person to look at
        for (auto* view : {widgets::makeSimilarityView(nullptr), widgets::makeKernelView(nullptr)}) {
            view->resize(900, 420);
            view->showResults(demoResults());
            view->show();
            QVERIFY(QTest::qWaitForWindowExposed(view));
            QString error;
            const QString name = view->windowTitle().contains(QStringLiteral("kernel")) ? QStringLiteral("kernel.png")
                                                                                         : QStringLiteral("similarity.png");
            QVERIFY2(widgets::exportWidget(view, name, 96, &error), qPrintable(error));
            delete view;
        }
    }

    void exportWritesEachFormat() {
        QTemporaryDir dir;
        auto* view = widgets::makeKernelView(nullptr);
        view->resize(640, 400);
        view->showResults(demoResults());
        view->show();
        QVERIFY(QTest::qWaitForWindowExposed(view));
        QString error;
        const struct { const char* name; QByteArray magic; } cases[] = {
            {"k.png", QByteArray("\x89PNG")}, {"k.svg", QByteArray("<?xml")}, {"k.pdf", QByteArray("%PDF")}};
        for (const auto& c : cases) {
            const QString path = dir.filePath(QString::fromLatin1(c.name));
            QVERIFY2(widgets::exportWidget(view, path, 150, &error), qPrintable(error));
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(f.read(c.magic.size()) == c.magic, c.name);
            QVERIFY(f.size() > 1000);
        }
        QImage png(dir.filePath(QStringLiteral("k.png")));
        QCOMPARE(png.width(), 640 * 150 / 96);
        QVERIFY(!widgets::exportWidget(view, dir.filePath(QStringLiteral("k.bmp")), 96, &error));
        QVERIFY(error.contains(QStringLiteral("use .png, .svg or .pdf")));
        delete view;
    }
};

QTEST_MAIN(WidgetsTest)
#include "WidgetsTest.moc"
