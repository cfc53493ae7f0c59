// The by-eye check of the 3D index-growth view (label gui): M-RoPE and VideoRoPE (δ = 2)
// positions of text:8,video:8x6x8,text:8 side by side with linked cameras, shown for a second,
// then written into this test's build folder:
//   index_growth_demo.png          both views' framebuffers side by side (what the screen shows)
//   index_growth_window.png        the whole window via QWidget::grab()
//   index_growth_demo_mrope.png/.pdf, index_growth_demo_videorope.png/.pdf   exportFigure()
// It also prints frame times of a 1024 × 768 view with 400 and 100k tokens (information only:
// wall time depends on the machine's load; process CPU time, llvmpipe's threads included, less).
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QMouseEvent>
#include <QPainter>
#include <QtTest>

#include <vtkCamera.h>

#include <ctime>

#include "GuiTestMain.h"
#include "core/PositionLayout.h"
#include "viz/IndexGrowthScene.h"
#include "widgets/IndexGrowthView.h"

using rope::widgets::IndexGrowthView;

namespace {

QString out(const char* name) { return QStringLiteral(ROPE_TEST_OUTPUT_DIR "/") + QLatin1String(name); }

rope::Positions positionsFor(const rope::Params& base, rope::VariantId variant) {
    rope::Params p = base;
    p.variant = variant;
    return rope::computePositions(p);
}

}  // namespace

class IndexGrowthDemo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sideBySide() {
        rope::Params p;
        p.sequence = rope::Sequence::parse("text:8,video:8x6x8,text:8");
        p.delta = 2.0;
        QWidget window;
        window.setWindowTitle(QStringLiteral("RoPEScope — index growth"));
        auto* layout = new QHBoxLayout(&window);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(2);
        auto* mrope = new IndexGrowthView;
        auto* videoRope = new IndexGrowthView;
        mrope->setData(positionsFor(p, rope::VariantId("m-rope")), p.sequence, QStringLiteral("M-RoPE"));
        videoRope->setData(positionsFor(p, rope::VariantId("videorope")), p.sequence,
                           QStringLiteral("VideoRoPE (\u03b4 = 2)"));
        layout->addWidget(mrope);
        layout->addWidget(videoRope);
        IndexGrowthView::linkCameras({mrope, videoRope});
        window.resize(1280, 560);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::qWait(1000);

        QImage left = mrope->grabFrame(), right = videoRope->grabFrame();
        left.setDevicePixelRatio(1.0);  // compose in device pixels, whatever the screen scale
        right.setDevicePixelRatio(1.0);
        QImage both(left.width() + right.width(), std::max(left.height(), right.height()), QImage::Format_RGB32);
        both.fill(Qt::white);
        {
            QPainter painter(&both);
            painter.drawImage(0, 0, left);
            painter.drawImage(left.width(), 0, right);
        }
        QVERIFY(both.save(out("index_growth_demo.png")));
        QVERIFY(window.grab().save(out("index_growth_window.png")));
        QString error;
        QVERIFY2(mrope->exportFigure(out("index_growth_demo_mrope.png"), QSize(640, 480), 2.0, &error), qPrintable(error));
        QVERIFY2(mrope->exportFigure(out("index_growth_demo_mrope.pdf"), QSize(640, 480), 2.0, &error), qPrintable(error));
        QVERIFY2(videoRope->exportFigure(out("index_growth_demo_videorope.png"), QSize(640, 480), 2.0, &error),
                 qPrintable(error));
        QVERIFY2(videoRope->exportFigure(out("index_growth_demo_videorope.pdf"), QSize(640, 480), 2.0, &error),
                 qPrintable(error));
        qInfo("screenshots in %s", ROPE_TEST_OUTPUT_DIR);
    }

    void orbitFrameTime() {
        // Information only (no assertion on time): wall time depends on the machine's load,
        // process CPU time (all threads, llvmpipe's rasterizer threads included) much less.
        measureOrbit("text:8,video:8x6x8,text:8", nullptr);
        measureOrbit("text:100,video:25x40x100,text:100", "index_growth_100k.png");  // 100,200 tokens
    }

private:
    static void measureOrbit(const char* sequence, const char* screenshot) {
        rope::Params p;
        p.sequence = rope::Sequence::parse(sequence);
        IndexGrowthView view;
        view.setData(positionsFor(p, rope::VariantId("videorope")), p.sequence, QStringLiteral("VideoRoPE"));
        view.resize(1024, 768);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.grabFrame();
        constexpr int kFrames = 30;
        QElapsedTimer timer;

        // Full detail, as a linked view repaints: render in paintGL (+ read back by the grab).
        timer.start();
        std::clock_t cpu0 = std::clock();
        for (int i = 0; i < kFrames; ++i) {
            view.scene().camera()->Azimuth(3);  // the camera observer requests a render
            view.grabFrame();
        }
        const double fullMs = double(timer.nsecsElapsed()) / 1e6 / kFrames;
        const double fullCpu = 1000.0 * double(std::clock() - cpu0) / CLOCKS_PER_SEC / kFrames;

        // Mouse drag: the style renders in the event (coarse cloud above 20k tokens), repaint()
        // blits and Qt composes the window.
        QPoint at(400, 380);
        QTest::mousePress(&view, Qt::LeftButton, {}, at);
        timer.restart();
        cpu0 = std::clock();
        for (int i = 0; i < kFrames; ++i) {
            at += QPoint(6, 0);
            QMouseEvent move(QEvent::MouseMove, QPointF(at), view.mapToGlobal(QPointF(at)), Qt::NoButton,
                             Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(&view, &move);
            view.repaint();
        }
        const double dragMs = double(timer.nsecsElapsed()) / 1e6 / kFrames;
        const double dragCpu = 1000.0 * double(std::clock() - cpu0) / CLOCKS_PER_SEC / kFrames;
        QTest::mouseRelease(&view, Qt::LeftButton, {}, at);
        qInfo("%lld tokens, 1024x768 view, ms per frame (wall / CPU): full-detail render + grab %.1f / %.1f; "
              "drag orbit on screen %.1f / %.1f",
              static_cast<long long>(view.scene().tokenCount()), fullMs, fullCpu, dragMs, dragCpu);
        if (screenshot) view.grabFrame().save(out(screenshot));
    }
};

ROPE_VTK_GUI_TEST_MAIN(IndexGrowthDemo)
#include "IndexGrowthDemo.moc"
