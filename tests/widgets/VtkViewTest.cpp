// Regression tests for the Qt 6 ↔ VTK bridge (../shared/qt6-vtk-bridge.md §11).
//
// The known scene: blue background, a red unit cube lit only by ambient light (ambient 1,
// diffuse 0), camera reset so the cube sits in the middle, MSAA off. Whatever the view's size,
// the centre pixel is pure red and the corners pure blue, and every pixel is opaque (alpha 255
// guards the alpha clear after the blit). At QT_SCALE_FACTOR=2 a 300 × 200 view grabs 600 × 400.
#include <QDockWidget>
#include <QMainWindow>
#include <QSignalSpy>
#include <QWheelEvent>
#include <QtTest>

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCubeSource.h>
#include <vtkNew.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>

#include <cmath>

#include "GuiTestMain.h"
#include "tests/common/KnownScene.h"
#include "widgets/VtkView.h"

using rope::widgets::VtkView;

namespace {

using rope::testing::addKnownScene;

bool near(QRgb c, int r, int g, int b, int a = 255, int tol = 2) {
    return std::abs(qRed(c) - r) <= tol && std::abs(qGreen(c) - g) <= tol && std::abs(qBlue(c) - b) <= tol &&
           std::abs(qAlpha(c) - a) <= tol;
}

QString describe(QRgb c) {
    return QStringLiteral("(%1, %2, %3, %4)").arg(qRed(c)).arg(qGreen(c)).arg(qBlue(c)).arg(qAlpha(c));
}

// Centre red, four corners blue, all opaque.
void checkKnownImage(const QImage& image) {
    QVERIFY(!image.isNull());
    const QRgb centre = image.pixel(image.width() / 2, image.height() / 2);
    QVERIFY2(near(centre, 255, 0, 0), qPrintable(QStringLiteral("centre ") + describe(centre)));
    for (const QPoint p : {QPoint(0, 0), QPoint(image.width() - 1, 0), QPoint(0, image.height() - 1),
                           QPoint(image.width() - 1, image.height() - 1)}) {
        const QRgb c = image.pixel(p);
        QVERIFY2(near(c, 0, 0, 255), qPrintable(QStringLiteral("corner ") + describe(c)));
    }
}

bool showAndWait(QWidget* top, VtkView* view) {
    top->show();
    if (!QTest::qWaitForWindowExposed(top)) return false;
    if (!QTest::qWaitFor([view] { return view->renderCount() > 0; }, 5000)) return false;
    return view->glError().isEmpty();
}

/// The known scene in a 300 × 200 top-level view, shown and rendered once.
bool showKnownScene(VtkView& view) {
    addKnownScene(view.renderer());
    view.resize(300, 200);
    return showAndWait(&view, &view);
}

double azimuthOf(vtkCamera* cam) {
    double p[3], f[3];
    cam->GetPosition(p);
    cam->GetFocalPoint(f);
    return std::atan2(p[0] - f[0], p[2] - f[2]) * 180.0 / M_PI;
}

}  // namespace

class VtkViewTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void knownSceneHasExactColoursAndOpaqueAlpha() {
        VtkView view;
        QVERIFY(showKnownScene(view));
        const QImage image = view.grabFrame();
        const qreal dpr = view.devicePixelRatioF();
        QCOMPARE(image.size(), QSize(qRound(300 * dpr), qRound(200 * dpr)));
        checkKnownImage(image);
        // Every pixel opaque, not just the sampled ones.
        const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
        for (int y = 0; y < argb.height(); y += 7)
            for (int x = 0; x < argb.width(); x += 7) QCOMPARE(qAlpha(argb.pixel(x, y)), 255);
        if (qEnvironmentVariableIsSet("QT_SCALE_FACTOR")) QCOMPARE(dpr, 2.0);
    }

    void vtkRendersInDevicePixels() {
        VtkView view;
        QVERIFY(showKnownScene(view));
        view.grabFrame();
        const qreal dpr = view.devicePixelRatioF();
        const int* size = view.renderWindow()->GetSize();
        QCOMPARE(size[0], qRound(300 * dpr));
        QCOMPARE(size[1], qRound(200 * dpr));
        QCOMPARE(view.renderWindow()->GetDPI(), qRound(72 * dpr));
    }

    void dragRotatesTheCamera() {
        VtkView view;
        QVERIFY(showKnownScene(view));
        view.grabFrame();
        vtkCamera* cam = view.renderer()->GetActiveCamera();
        const double before = azimuthOf(cam);
        const QPoint c(150, 100);
        QTest::mousePress(&view, Qt::LeftButton, {}, c);
        QTest::mouseMove(&view, c + QPoint(25, 0));
        QTest::mouseMove(&view, c + QPoint(50, 0));
        QTest::mouseRelease(&view, Qt::LeftButton, {}, c + QPoint(50, 0));
        const double after = azimuthOf(cam);
        QVERIFY2(std::abs(after - before) > 5.0,
                 qPrintable(QStringLiteral("azimuth %1 -> %2").arg(before).arg(after)));
        // The cube is still in the middle and the frame still right after interaction.
        checkKnownImage(view.grabFrame());
    }

    void wheelDolliesTheCamera() {
        VtkView view;
        QVERIFY(showKnownScene(view));
        view.grabFrame();
        vtkCamera* cam = view.renderer()->GetActiveCamera();
        const double before = cam->GetDistance();
        const QPointF at(150, 100);
        QWheelEvent wheel(at, view.mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &wheel);
        QVERIFY2(cam->GetDistance() < before,
                 qPrintable(QStringLiteral("distance %1 -> %2").arg(before).arg(cam->GetDistance())));
        // Half a notch does nothing yet; the second half completes a step.
        const double afterOne = cam->GetDistance();
        QWheelEvent half(at, view.mapToGlobal(at), QPoint(), QPoint(0, 60), Qt::NoButton, Qt::NoModifier,
                         Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &half);
        QCOMPARE(cam->GetDistance(), afterOne);
        QApplication::sendEvent(&view, &half);
        QVERIFY(cam->GetDistance() < afterOne);
    }

    void hoverAndClickReportDisplayCoordinates() {
        VtkView view;
        QVERIFY(showKnownScene(view));
        QSignalSpy hovered(&view, &VtkView::hovered);
        QSignalSpy clicked(&view, &VtkView::clicked);
        QTest::mouseMove(&view, QPoint(10, 20));
        QTRY_VERIFY(!hovered.isEmpty());
        const qreal dpr = view.devicePixelRatioF();
        const QPointF display = hovered.last().at(0).toPointF();
        QCOMPARE(display.x(), 10 * dpr);
        QCOMPARE(display.y(), qRound(200 * dpr) - 1 - 20 * dpr);  // VTK: origin bottom-left
        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(40, 30));
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked.at(0).at(0).toPointF().x(), 40 * dpr);
    }

    void keyShortcutsOfVtkStylesAreOff() {
        // vtkInteractorStyle::OnChar would turn every actor to wireframe on 'w' and quit on 'q'.
        VtkView view;
        QVERIFY(showKnownScene(view));
        QTest::keyClick(&view, Qt::Key_W);
        QTest::keyClick(&view, Qt::Key_Q);
        vtkActor* actor = vtkActor::SafeDownCast(view.renderer()->GetActors()->GetItemAsObject(0));
        QVERIFY(actor);
        QCOMPARE(actor->GetProperty()->GetRepresentation(), VTK_SURFACE);
        checkKnownImage(view.grabFrame());
    }

    void floatingAndDockingAgainStillDraws() {
        // The view paints an image VTK rendered offscreen, so a new native parent (floating the
        // dock) needs no GL re-initialisation: the widget's own paint must show the scene.
        QMainWindow window;
        auto* dock = new QDockWidget(QStringLiteral("3D"), &window);
        auto* view = new VtkView;
        addKnownScene(view->renderer());
        view->setMinimumSize(300, 200);
        dock->setWidget(view);
        window.addDockWidget(Qt::LeftDockWidgetArea, dock);
        window.setCentralWidget(new QWidget);
        window.resize(800, 500);
        QVERIFY(showAndWait(&window, view));
        checkKnownImage(view->grab().toImage());
        dock->setFloating(true);
        QVERIFY(QTest::qWaitForWindowExposed(dock));
        checkKnownImage(view->grab().toImage());
        dock->setFloating(false);
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        checkKnownImage(view->grab().toImage());
    }

    void frameIsUprightNotMirrored() {
        // VTK reads rows bottom-up; the view must show the top of the scene at the top.
        VtkView view;
        view.renderer()->GradientBackgroundOn();
        view.renderer()->SetBackground(0, 0, 1);   // bottom
        view.renderer()->SetBackground2(0, 1, 0);  // top
        view.resize(200, 200);
        QVERIFY(showAndWait(&view, &view));
        const QImage image = view.grab().toImage();
        const QRgb top = image.pixel(image.width() / 2, 2), bottom = image.pixel(image.width() / 2, image.height() - 3);
        QVERIFY2(qGreen(top) > 200 && qBlue(top) < 60, qPrintable(QStringLiteral("top ") + describe(top)));
        QVERIFY2(qBlue(bottom) > 200 && qGreen(bottom) < 60, qPrintable(QStringLiteral("bottom ") + describe(bottom)));
    }

    void resizingRendersAtTheNewSize() {
        VtkView view;
        QVERIFY(showKnownScene(view));
        view.resize(420, 260);
        const qreal dpr = view.devicePixelRatioF();
        QTRY_COMPARE(view.grabFrame().size(), QSize(qRound(420 * dpr), qRound(260 * dpr)));
        checkKnownImage(view.grabFrame());
    }

    void createAndDestroyTwentyTimes() {
        for (int i = 0; i < 20; ++i) {
            auto* view = new VtkView;
            addKnownScene(view->renderer());
            view->resize(300, 200);
            QVERIFY(showAndWait(view, view));
            if (i == 0 || i == 19) checkKnownImage(view->grabFrame());
            delete view;
        }
        // And one that is never shown (no GL context ever made).
        delete new VtkView;
    }

    void replacingTheRendererAfterShowDrawsTheNewScene() {
        VtkView view;
        QVERIFY(showKnownScene(view));
        checkKnownImage(view.grabFrame());
        vtkNew<vtkRenderer> green;
        green->SetBackground(0, 1, 0);
        view.setRenderer(green);
        QCOMPARE(view.renderer(), green.Get());
        const QImage image = view.grabFrame();
        QVERIFY2(near(image.pixel(image.width() / 2, image.height() / 2), 0, 255, 0),
                 qPrintable(describe(image.pixel(image.width() / 2, image.height() / 2))));
    }
};

ROPE_VTK_GUI_TEST_MAIN(VtkViewTest)
#include "VtkViewTest.moc"
