// The 3D panel's levels of detail: a parameter step shows the changed column at the light level
// at once and refines it to every token after a pause; a held slider keeps the light level until
// it is released; columns that did not change are not touched.
#include <QtTest>

#include "app/gui/IndexGrowthPanel.h"
#include "core/ParamSchema.h"
#include "core/Study.h"
#include "viz/IndexGrowthScene.h"
#include "widgets/IndexGrowthView.h"

using namespace rope;

namespace {

// 30 frames of 32 × 32 = 30 720 visual tokens: above the 20k-token light level.
std::shared_ptr<const StudyResults> results(const char* delta) {
    Study study = demoStudy();  // M-RoPE | VideoRoPE
    for (Params& p : study.columns) setParam(p, "sequence", "text:4,video:30x32x32,text:4");
    setParam(study.columns[1], "videorope.delta", delta);
    return std::make_shared<const StudyResults>(computeStudyResults(study));
}

bool light(const app::IndexGrowthPanel& panel, size_t column) {
    return panel.views()[column]->scene().isInteractive();
}

}  // namespace

class IndexGrowthPanelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stepShowsLightLevelThenRefines() {
        app::IndexGrowthPanel panel;
        panel.resize(900, 400);
        panel.showResults(results("2"));
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.views().size(), size_t(2));
        QVERIFY(!light(panel, 0) && !light(panel, 1));  // a new sequence starts at full detail
        const int mropeRenders = panel.views()[0]->grabFrame().isNull() ? -1 : panel.views()[0]->renderCount();
        panel.showResults(results("3"));
        QVERIFY(light(panel, 1));   // the changed column: light level at once
        QVERIFY(!light(panel, 0));  // M-RoPE does not depend on δ: untouched
        QTRY_VERIFY_WITH_TIMEOUT(!light(panel, 1), 2000);  // refined after the pause
        panel.views()[0]->grabFrame();
        QCOMPARE(panel.views()[0]->renderCount(), mropeRenders);  // never re-rendered
    }

    void heldSliderKeepsLightLevelUntilReleased() {
        app::IndexGrowthPanel panel;
        panel.resize(900, 400);
        panel.showResults(results("2"));
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setInteractive(true);  // slider pressed
        panel.showResults(results("2.5"));
        QTest::qWait(3 * app::IndexGrowthPanel::kRefineDelayMs);
        QVERIFY(light(panel, 0) && light(panel, 1));
        panel.setInteractive(false);  // released
        QVERIFY(!light(panel, 0) && !light(panel, 1));
    }
};

QTEST_MAIN(IndexGrowthPanelTest)
#include "IndexGrowthPanelTest.moc"
