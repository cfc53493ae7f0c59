// The 3D panel's levels of detail: a parameter step shows the changed column at the light level
// at once and refines it to every token after a pause; a held slider keeps the light level until
// it is released; columns that did not change are not touched.
// Framing (issue 14 items 1, 2): every column frames its own data on data changes, clear of its
// legend; linked columns share the orientation, not the zoom; Reset fits everything. The token
// inspector (item 4): a pinned token is marked in every column and explained with its numbers.
#include <QAction>
#include <QtTest>

#include <vtkCamera.h>

#include <algorithm>
#include <array>

#include "app/gui/IndexGrowthPanel.h"
#include "core/ParamSchema.h"
#include "core/Study.h"
#include "viz/IndexGrowthScene.h"
#include "widgets/IndexGrowthView.h"
#include "widgets/TokenInspector.h"

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

std::shared_ptr<const StudyResults> study(const std::vector<std::pair<std::string, std::string>>& columns,
                                          const char* sequence = nullptr) {
    Study st = demoStudy();
    st.columns.resize(columns.size(), st.columns.front());
    for (size_t c = 0; c < columns.size(); ++c) {
        st.columns[c] = paramsFor(VariantId(columns[c].first));
        if (!columns[c].second.empty()) setParam(st.columns[c], "videorope.delta", columns[c].second);
        if (sequence) setParam(st.columns[c], "sequence", sequence);
    }
    return std::make_shared<const StudyResults>(computeStudyResults(st));
}

// Display-pixel box (x0, y0, x1, y1) of every token's projected centre.
std::array<double, 4> projectedBox(const widgets::IndexGrowthView& view) {
    std::array<double, 4> b{1e300, 1e300, -1e300, -1e300};
    for (int64_t t = 0; t < view.scene().tokenCount(); ++t) {
        const auto p = view.scene().displayPosition(t);
        if (!p) continue;
        b[0] = std::min(b[0], (*p)[0]), b[1] = std::min(b[1], (*p)[1]);
        b[2] = std::max(b[2], (*p)[0]), b[3] = std::max(b[3], (*p)[1]);
    }
    return b;
}

// Tokens whose centre is outside the view or inside the legend's box.
int misplacedTokens(const widgets::IndexGrowthView& view) {
    const qreal dpr = view.devicePixelRatioF();
    const double w = view.width() * dpr, h = view.height() * dpr;
    const auto legend = view.scene().legendBox();
    int bad = 0;
    for (int64_t t = 0; t < view.scene().tokenCount(); ++t) {
        const auto p = view.scene().displayPosition(t);
        if (!p) {
            ++bad;
            continue;
        }
        const double x = (*p)[0], y = (*p)[1];
        const bool outside = x < 0 || y < 0 || x > w || y > h;
        const bool underLegend = x >= legend[0] && x <= legend[2] && y >= legend[1] && y <= legend[3];
        bad += outside || underLegend;
    }
    return bad;
}

bool shown(app::IndexGrowthPanel& panel) {
    panel.show();
    if (!QTest::qWaitForWindowExposed(&panel)) return false;
    for (auto* v : panel.views())
        if (!QTest::qWaitFor([v] { return v->renderCount() > 0; }, 5000)) return false;
    for (auto* v : panel.views()) v->grabFrame();
    return true;
}

void drag(QWidget* w, QPoint from, QPoint by) {
    QTest::mousePress(w, Qt::LeftButton, {}, from);
    QTest::mouseMove(w, from + by / 2);
    QTest::mouseMove(w, from + by);
    QTest::mouseRelease(w, Qt::LeftButton, {}, from + by);
}

QPoint widgetPosOf(const widgets::IndexGrowthView& view, int64_t token) {
    const auto display = view.scene().displayPosition(token);
    if (!display) return {-1, -1};
    const qreal dpr = view.devicePixelRatioF();
    return QPoint(qRound((*display)[0] / dpr), qRound((qRound(view.height() * dpr) - 1 - (*display)[1]) / dpr));
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

    void deltaChangeRefitsEveryColumnClearOfItsLegend() {
        // Issue 14 item 1: at δ = 3 VideoRoPE's later frames and trailing text ran off the panel.
        app::IndexGrowthPanel panel;
        panel.resize(1000, 420);
        panel.showResults(study({{"m-rope", ""}, {"videorope", "2"}}));
        QVERIFY(shown(panel));
        for (const char* delta : {"3", "5"}) {
            panel.showResults(study({{"m-rope", ""}, {"videorope", delta}}));
            auto* v = panel.views()[1];
            v->grabFrame();
            QCOMPARE(misplacedTokens(*v), 0);
            QVERIFY(v->autoFraming());
        }
        // A Vanilla column (a long diagonal) is framed too.
        panel.showResults(study({{"vanilla", ""}, {"videorope", "3"}}));
        for (auto* v : panel.views()) v->grabFrame();
        QCOMPARE(misplacedTokens(*panel.views()[0]), 0);
        QCOMPARE(misplacedTokens(*panel.views()[1]), 0);
    }

    void userCameraIsKeptUntilFitOrReset() {
        app::IndexGrowthPanel panel;
        panel.resize(1000, 420);
        panel.showResults(study({{"m-rope", ""}, {"videorope", "2"}}));
        QVERIFY(shown(panel));
        QVERIFY(!panel.fitAction()->isEnabled());  // nothing to fit yet
        auto* v = panel.views()[1];
        QWheelEvent zoomIn(QPointF(v->width() / 2.0, v->height() / 2.0), v->mapToGlobal(QPointF(v->width() / 2.0, v->height() / 2.0)),
                           QPoint(), QPoint(0, 5 * 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(v, &zoomIn);
        QVERIFY(!v->autoFraming());
        QVERIFY(panel.fitAction()->isEnabled());  // the visible "Fit" action
        const double scale = v->scene().camera()->GetParallelScale();
        panel.showResults(study({{"m-rope", ""}, {"videorope", "5"}}));
        QCOMPARE(v->scene().camera()->GetParallelScale(), scale);  // the user's zoom is kept
        v->grabFrame();
        QVERIFY(misplacedTokens(*v) > 0);  // zoomed in: some tokens are off the view
        panel.fit();
        v->grabFrame();
        QCOMPARE(misplacedTokens(*v), 0);
        QVERIFY(!panel.fitAction()->isEnabled());
        // Reset after an orbit: the default orientation, everything framed.
        drag(v, QPoint(v->width() / 2, v->height() / 2), QPoint(80, 30));
        QVERIFY(panel.fitAction()->isEnabled());
        panel.resetCamera();
        for (auto* view : panel.views()) {
            view->grabFrame();
            QCOMPARE(misplacedTokens(*view), 0);
        }
        QVERIFY(!panel.fitAction()->isEnabled());
    }

    void linkedColumnsShareOrientationNotZoom() {
        // Issue 14 item 2: TAD (extent ~ 1000) beside M-RoPE (~ 30) shrank M-RoPE to a speck.
        app::IndexGrowthPanel panel;
        panel.resize(1000, 420);
        panel.showResults(study({{"tad", ""}, {"m-rope", ""}}));
        QVERIFY(shown(panel));
        for (auto* v : panel.views()) {
            // Each column's data fill a reasonable part of its own view (≥ 40 % of width or height).
            const auto b = projectedBox(*v);
            const double w = v->width() * v->devicePixelRatioF(), h = v->height() * v->devicePixelRatioF();
            QVERIFY2((b[2] - b[0]) >= 0.4 * w || (b[3] - b[1]) >= 0.4 * h, qPrintable(v->title()));
            QCOMPARE(misplacedTokens(*v), 0);
        }
        // Orbiting one column turns the other the same way.
        auto* a = panel.views()[0];
        auto* m = panel.views()[1];
        drag(a, QPoint(a->width() / 2, a->height() / 2), QPoint(60, 20));
        double da[3], dm[3];
        a->scene().camera()->GetDirectionOfProjection(da);
        m->scene().camera()->GetDirectionOfProjection(dm);
        for (int k = 0; k < 3; ++k) QVERIFY(std::abs(da[k] - dm[k]) < 1e-9);
        QVERIFY(a->scene().camera()->GetParallelScale() > 5 * m->scene().camera()->GetParallelScale());
        // "Same scale": one zoom for both, the larger one (TAD's), so both stay on screen.
        panel.sameScaleAction()->setChecked(true);
        panel.fit();
        QCOMPARE(a->scene().camera()->GetParallelScale(), m->scene().camera()->GetParallelScale());
        for (auto* v : panel.views()) {
            v->grabFrame();
            QCOMPARE(misplacedTokens(*v), 0);
        }
    }

    void pinnedTokenIsMarkedEverywhereAndExplained() {
        // Issue 14 item 4, on variants.md's worked example text:3,video:2x2x3,text:2 with δ = 2.
        // Token 12 = 3 text + 6 of frame 0 + 3 → video 1, frame 1, row 1, col 0.
        // VideoRoPE: t = 3 + 2·1 = 5, h = 5 + 1 − ⌊1/2⌋ = 6.  M-RoPE: t = st + f = 3 + 1 = 4, and its
        // pair 0 is driven by t with ω_0 = θ^0 = 1, so the angle is 1·4 = 4 rad.
        app::IndexGrowthPanel panel;
        panel.resize(1000, 480);
        panel.showResults(study({{"m-rope", ""}, {"videorope", "2"}}, "text:3,video:2x2x3,text:2"));
        QVERIFY(shown(panel));
        auto* v = panel.views()[1];
        QTest::mouseClick(v, Qt::LeftButton, {}, widgetPosOf(*v, 12));
        QCOMPARE(panel.views()[0]->scene().pinnedToken(), int64_t{12});
        QCOMPARE(v->scene().pinnedToken(), int64_t{12});
        QVERIFY(v->autoFraming());  // a click is not a camera move
        panel.inspector()->setPair(0);
        const QString text = panel.inspector()->text();
        QVERIFY2(text.contains(QStringLiteral("token 12 · video 1 · frame 1 · row 1, col 0")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("t = st + δ·f = 3 + 2·1 = 5")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("h = t + y − ⌊(H−1)/2⌋ = 5 + 1 − ⌊(2−1)/2⌋ = 5 + 1 − 0 = 6")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("t = st + f = 3 + 1 = 4")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("angle = ω·t = 1·4 = 4 rad")), qPrintable(text));
        // A δ step keeps the pin and updates the numbers: δ = 3 → t = 3 + 3·1 = 6.
        panel.showResults(study({{"m-rope", ""}, {"videorope", "3"}}, "text:3,video:2x2x3,text:2"));
        QVERIFY2(panel.inspector()->text().contains(QStringLiteral("t = st + δ·f = 3 + 3·1 = 6")),
                 qPrintable(panel.inspector()->text()));
        panel.inspector()->unpin();
        QCOMPARE(v->scene().pinnedToken(), int64_t{-1});
    }

    void fourStreamColumnsDrawTheChosenStreams() {
        app::IndexGrowthPanel panel;
        panel.resize(800, 400);
        panel.showResults(study({{"vrope", ""}}, "text:3,video:2x2x3,text:2"));
        auto& scene = panel.views()[0]->scene();
        QCOMPARE(scene.axisRows(), (std::array<int, 3>{2, 1, 0}));  // x = s2, y = s1, z = s0
        panel.setHiddenStream(0);
        QCOMPARE(scene.axisRows(), (std::array<int, 3>{3, 2, 1}));
        // The tooltip lists all four streams: token 9 = frame 1, y 0, x 0 → (7, 9, 8, 10) (variants-more §9).
        QVERIFY2(QString::fromStdString(scene.describeToken(9)).endsWith(QStringLiteral("(s0, s1, s2, s3) = (7, 9, 8, 10)")),
                 scene.describeToken(9).c_str());
    }
};

QTEST_MAIN(IndexGrowthPanelTest)
#include "IndexGrowthPanelTest.moc"
