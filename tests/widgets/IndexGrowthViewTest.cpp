// IndexGrowthView on sequences small enough to reason about (text:1,video:2x2x2 and
// text:2,video:2x3x3,text:2): hover and click find the token under the pointer, linked views
// share the orientation and repaint together, exports work from a live view and leave it drawing,
// new data are framed until the user moves the camera.
#include <QFile>
#include <QHBoxLayout>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolTip>
#include <QWheelEvent>
#include <QtTest>

#include <vtkCamera.h>

#include <memory>

#include "GuiTestMain.h"
#include "core/PositionLayout.h"
#include "viz/IndexGrowthScene.h"
#include "widgets/IndexGrowthView.h"

using rope::widgets::IndexGrowthView;

namespace {

rope::Positions positionsFor(const rope::Sequence& sequence, rope::VariantId variant) {
    rope::Params p;
    p.sequence = sequence;
    p.variant = variant;
    return rope::computePositions(p);
}

long inkPixels(const QImage& image) {
    long n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QRgb c = image.pixel(x, y);
            if (qRed(c) < 200 || qGreen(c) < 200 || qBlue(c) < 200) ++n;
        }
    return n;
}

bool waitShown(QWidget* top, IndexGrowthView* view) {
    top->show();
    if (!QTest::qWaitForWindowExposed(top)) return false;
    if (!QTest::qWaitFor([view] { return view->renderCount() > 0; }, 5000)) return false;
    view->grabFrame();  // one render: framing and point sizes are now known
    return view->glError().isEmpty();
}

QPoint widgetPosOf(const IndexGrowthView& view, int64_t token) {
    const auto display = view.scene().displayPosition(token);
    if (!display) return {-1, -1};
    const qreal dpr = view.devicePixelRatioF();
    return QPoint(qRound((*display)[0] / dpr), qRound((qRound(view.height() * dpr) - 1 - (*display)[1]) / dpr));
}

void drag(QWidget* w, QPoint from, QPoint by) {
    QTest::mousePress(w, Qt::LeftButton, {}, from);
    QTest::mouseMove(w, from + by / 2);
    QTest::mouseMove(w, from + by);
    QTest::mouseRelease(w, Qt::LeftButton, {}, from + by);
}

}  // namespace

class IndexGrowthViewTest : public QObject {
    Q_OBJECT
    const rope::Sequence m_tiny = rope::Sequence::parse("text:1,video:2x2x2");
    const rope::Sequence m_small = rope::Sequence::parse("text:2,video:2x3x3,text:2");

private Q_SLOTS:
    void hoverShowsTooltipForTheTokenUnderThePointer() {
        IndexGrowthView view;
        view.setData(positionsFor(m_tiny, rope::VariantId("m-rope")), m_tiny, QStringLiteral("M-RoPE"));
        view.resize(480, 360);
        QVERIFY(waitShown(&view, &view));
        QSignalSpy hovered(&view, &IndexGrowthView::tokenHovered);
        // Token 3 = frame 0, row 1, col 0 at (t, h, w) = (1, 2, 1).
        const QPoint at = widgetPosOf(view, 3);
        QVERIFY(view.rect().contains(at));
        QCOMPARE(view.tokenAt(at), int64_t{3});
        // The X server's own pointer may send an enter/leave (-1) around a synthetic move, so the
        // move is repeated until the view has settled on the token under it.
        for (int attempt = 0; attempt < 10; ++attempt) {
            QTest::mouseMove(&view, at);
            QTest::qWait(50);
            if (!hovered.isEmpty() && hovered.last().at(0).toLongLong() == 3) break;
        }
        QVERIFY(!hovered.isEmpty());
        QCOMPARE(hovered.last().at(0).toLongLong(), qint64{3});
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(QStringLiteral("token 3")), qPrintable(QToolTip::text()));
        QVERIFY(QToolTip::text().contains(QStringLiteral("(t, h, w) = (1, 2, 1)")));
        // Empty space: no token, tooltip gone.
        QTest::mouseMove(&view, QPoint(3, 3));
        QTRY_COMPARE(hovered.last().at(0).toLongLong(), qint64{-1});
        QTRY_VERIFY(!QToolTip::isVisible());
    }

    void clickReportsTheToken() {
        IndexGrowthView view;
        view.setData(positionsFor(m_tiny, rope::VariantId("m-rope")), m_tiny);
        view.resize(480, 360);
        QVERIFY(waitShown(&view, &view));
        QSignalSpy clicked(&view, &IndexGrowthView::tokenClicked);
        QTest::mouseClick(&view, Qt::LeftButton, {}, widgetPosOf(view, 8));
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked.at(0).at(0).toLongLong(), qint64{8});
    }

    void linkedViewsShareOrientationAndRepaintTogether() {
        QWidget window;
        auto* layout = new QHBoxLayout(&window);
        auto* a = new IndexGrowthView;
        auto* b = new IndexGrowthView;
        a->setData(positionsFor(m_small, rope::VariantId("m-rope")), m_small, QStringLiteral("M-RoPE"));
        b->setData(positionsFor(m_small, rope::VariantId("videorope")), m_small, QStringLiteral("VideoRoPE"));
        layout->addWidget(a);
        layout->addWidget(b);
        window.resize(900, 400);
        IndexGrowthView::linkCameras({a, b});
        QVERIFY(a->scene().camera() != b->scene().camera());  // own zoom and centre each
        QVERIFY(waitShown(&window, a));
        QVERIFY(QTest::qWaitFor([b] { return b->renderCount() > 0; }, 5000));
        const QImage b0 = b->grabFrame();
        QVERIFY2(inkPixels(b0) > 2000, "the linked view must show its own data, not be clipped away");
        drag(a, QPoint(a->width() / 2, a->height() / 2), QPoint(60, 0));
        QTRY_VERIFY(b->grabFrame() != b0);  // B followed A's orbit
        double da[3], db[3];
        a->scene().camera()->GetDirectionOfProjection(da);
        b->scene().camera()->GetDirectionOfProjection(db);
        for (int k = 0; k < 3; ++k) QVERIFY(std::abs(da[k] - db[k]) < 1e-9);
        QVERIFY(inkPixels(b->grabFrame()) > 2000);
        // Interaction on B moves A too.
        const QImage a1 = a->grabFrame();
        drag(b, QPoint(b->width() / 2, b->height() / 2), QPoint(0, 40));
        QTRY_VERIFY(a->grabFrame() != a1);
    }

    void linkedViewsSurviveEitherDestructionOrder() {
        for (bool firstGoesFirst : {true, false}) {
            auto* a = new IndexGrowthView;
            auto* b = new IndexGrowthView;
            a->setData(positionsFor(m_tiny, rope::VariantId("m-rope")), m_tiny);
            b->setData(positionsFor(m_tiny, rope::VariantId("videorope")), m_tiny);
            a->resize(300, 240);
            b->resize(300, 240);
            IndexGrowthView::linkCameras({a, b});
            QVERIFY(waitShown(a, a));
            QVERIFY(waitShown(b, b));
            IndexGrowthView* survivor = firstGoesFirst ? b : a;
            delete (firstGoesFirst ? a : b);
            drag(survivor, QPoint(150, 120), QPoint(40, 10));
            survivor->scene().camera()->Azimuth(10);  // observer of the deleted view is gone
            QVERIFY(inkPixels(survivor->grabFrame()) > 500);
            delete survivor;
        }
    }

    void largeCloudsDrawCoarseWhileDraggingOnEveryLinkedView() {
        const auto big = rope::Sequence::parse("text:10,video:8x64x64");  // 32,778 tokens > 20k
        auto* a = new IndexGrowthView;
        auto* b = new IndexGrowthView;
        std::unique_ptr<IndexGrowthView> ownA(a), ownB(b);
        a->setData(positionsFor(big, rope::VariantId("m-rope")), big);
        b->setData(positionsFor(big, rope::VariantId("videorope")), big);
        a->resize(320, 240);
        b->resize(320, 240);
        IndexGrowthView::linkCameras({a, b});
        QVERIFY(waitShown(a, a));
        QVERIFY(waitShown(b, b));
        QTest::mousePress(a, Qt::LeftButton, {}, QPoint(160, 120));
        QTest::mouseMove(a, QPoint(190, 120));
        QVERIFY(a->scene().isInteractive());
        QVERIFY(b->scene().isInteractive());
        QTest::mouseRelease(a, Qt::LeftButton, {}, QPoint(190, 120));
        QVERIFY(!a->scene().isInteractive());
        QVERIFY(!b->scene().isInteractive());
        // A wheel notch is not a drag: full detail throughout.
        QWheelEvent wheel(QPointF(160, 120), a->mapToGlobal(QPointF(160, 120)), QPoint(), QPoint(0, 120),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(a, &wheel);
        QVERIFY(!a->scene().isInteractive());
    }

    void keyRResetsTheCamera() {
        IndexGrowthView view;
        view.setData(positionsFor(m_small, rope::VariantId("videorope")), m_small);
        view.resize(480, 360);
        QVERIFY(waitShown(&view, &view));
        double initial[3], moved[3], reset[3];
        view.scene().camera()->GetPosition(initial);
        drag(&view, QPoint(240, 180), QPoint(70, 30));
        view.scene().camera()->GetPosition(moved);
        QVERIFY(std::abs(moved[0] - initial[0]) + std::abs(moved[2] - initial[2]) > 1e-3);
        QTest::keyClick(&view, Qt::Key_R);
        view.scene().camera()->GetPosition(reset);
        for (int k = 0; k < 3; ++k) QVERIFY(std::abs(reset[k] - initial[k]) < 1e-6);
    }

    void exportWritesPngAndPdfAndTheViewKeepsDrawing() {
        IndexGrowthView view;
        view.setData(positionsFor(m_small, rope::VariantId("videorope")), m_small, QStringLiteral("VideoRoPE"));
        view.resize(480, 360);
        QVERIFY(waitShown(&view, &view));
        const long before = inkPixels(view.grabFrame());
        QTemporaryDir dir;
        QString error;
        const QString png = dir.filePath(QStringLiteral("fig.png"));
        QVERIFY2(view.exportFigure(png, QSize(400, 300), 2.0, &error), qPrintable(error));
        const QImage image(png);
        QCOMPARE(image.size(), QSize(800, 600));
        QVERIFY(image.pixel(0, 0) == qRgb(255, 255, 255));  // opaque white paper
        QVERIFY(inkPixels(image) > 5000);
        const QString pdf = dir.filePath(QStringLiteral("fig.pdf"));
        QVERIFY2(view.exportFigure(pdf, QSize(400, 300), 2.0, &error), qPrintable(error));
        QFile file(pdf);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.read(5), QByteArray("%PDF-"));
        QVERIFY(!view.exportFigure(dir.filePath(QStringLiteral("fig.svg")), QSize(400, 300), 1.0, &error));
        QVERIFY(error.contains(QStringLiteral("fig.svg")));
        // The offscreen context did not take the view's place.
        view.scene().camera()->Azimuth(1);
        const long after = inkPixels(view.grabFrame());
        QVERIFY2(after > before / 2, qPrintable(QStringLiteral("%1 -> %2 ink pixels").arg(before).arg(after)));
    }

    void setDataFramesNewDataUntilTheUserMovesTheCamera() {
        IndexGrowthView view;
        view.setData(positionsFor(m_tiny, rope::VariantId("m-rope")), m_tiny);
        view.resize(480, 360);
        QVERIFY(waitShown(&view, &view));
        const double tinyScale = view.scene().camera()->GetParallelScale();
        // Larger data: framed again (a larger parallel scale), every token on screen.
        view.setData(positionsFor(m_small, rope::VariantId("m-rope")), m_small);
        QCOMPARE(view.scene().tokenCount(), int64_t{22});
        QVERIFY(view.scene().camera()->GetParallelScale() > tinyScale);
        for (int64_t t = 0; t < 22; ++t) {
            const QPoint p = widgetPosOf(view, t);
            QVERIFY(view.rect().contains(p));
        }
        QVERIFY(inkPixels(view.grabFrame()) > 1000);
        // After a user orbit new data keep the camera, until fit().
        QSignalSpy autoFrame(&view, &IndexGrowthView::autoFramingChanged);
        drag(&view, QPoint(240, 180), QPoint(50, 20));
        QVERIFY(!view.autoFraming());
        QCOMPARE(autoFrame.size(), 1);
        double before[3], after[3];
        view.scene().camera()->GetPosition(before);
        view.setData(positionsFor(m_tiny, rope::VariantId("m-rope")), m_tiny);
        view.scene().camera()->GetPosition(after);
        for (int k = 0; k < 3; ++k) QCOMPARE(after[k], before[k]);
        view.fit();
        QVERIFY(view.autoFraming());
        view.grabFrame();
        for (int64_t t = 0; t < view.scene().tokenCount(); ++t) QVERIFY(view.rect().contains(widgetPosOf(view, t)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 view.setData(positionsFor(m_tiny, rope::VariantId("m-rope")), m_small));
    }
};

ROPE_VTK_GUI_TEST_MAIN(IndexGrowthViewTest)
#include "IndexGrowthViewTest.moc"
