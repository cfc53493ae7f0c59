// The "Attention on a video" tab over the shared pipeline: q/k on a worker, attention per study
// column, a study change recomputes from the cached q/k; issue 14 items 16–21: the tab fits 1280 px
// with 3 columns, frame-pooled maps with drill-in, clicking a frame patch picks that query token,
// stale maps are marked after another video or a cancel, the inputs round-trip through the study
// file, and a truncated video gets the same rule and message as `ropescope attention`.
#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>

#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <sstream>

#include "app/cli/AppCommands.h"
#include "app/cli/Cli.h"
#include "app/gui/AttentionFrameStrip.h"
#include "app/gui/AttentionMapView.h"
#include "app/gui/AttentionMapsArea.h"
#include "app/gui/AttentionPanel.h"
#include "app/gui/MainWindow.h"
#include "app/gui/StudyController.h"
#include "core/Study.h"

using namespace rope;
using rope::app::AttentionMapsArea;
using rope::app::AttentionPanel;
using rope::app::StudyController;

namespace {

const QString kTree = QStringLiteral("/usr/share/doc/opencv-doc/examples/data/tree.avi");
const QString kVtest = QStringLiteral("/usr/share/doc/opencv-doc/examples/data/vtest.avi");

/// `frames` frames 196 × 112 MJPG: a gradient background and a bright square that moves right.
QString writeTinyVideo(const QString& dir, const QString& name = QStringLiteral("tiny.avi"), int frames = 8) {
    const QString path = dir + QLatin1Char('/') + name;
    cv::VideoWriter w(path.toStdString(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 8.0, cv::Size(196, 112));
    if (!w.isOpened()) return {};
    for (int i = 0; i < frames; ++i) {
        cv::Mat m(112, 196, CV_8UC3);
        for (int y = 0; y < m.rows; ++y)
            for (int x = 0; x < m.cols; ++x)
                m.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uchar>(x), static_cast<uchar>(2 * y), static_cast<uchar>(40 + 10 * i));
        m(cv::Rect(10 + 20 * i, 30, 28, 28)).setTo(cv::Scalar(255, 255, 255));
        w.write(m);
    }
    w.release();
    return path;
}

bool insideScrollArea(const QWidget* w, const QWidget* top) {
    for (const QWidget* p = w->parentWidget(); p && p != top; p = p->parentWidget())
        if (p->objectName() == QLatin1String("qt_scrollarea_viewport")) return true;
    return false;
}

bool waitFor(QSignalSpy& spy, int timeoutMs = 90000) { return spy.count() > 0 || spy.wait(timeoutMs); }

/// Runs the panel on `video` with 8 frames of 4 × 7 tokens and waits for the maps.
bool runTiny(AttentionPanel& panel, const QString& video) {
    if (!panel.loadVideo(video)) return false;
    panel.setFrameCount(8);
    panel.setGrid(QStringLiteral("4x7"));
    QSignalSpy finished(&panel, &AttentionPanel::runFinished);
    return panel.run() && waitFor(finished) && finished.first().first().toBool();
}

}  // namespace

class AttentionPanelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runShowsFramePooledMapsWithDrillIn() {
        QTemporaryDir dir;
        const QString video = writeTinyVideo(dir.path());
        QVERIFY(!video.isEmpty());
        StudyController c;
        AttentionPanel panel(&c);
        QVERIFY2(runTiny(panel, video), qPrintable(panel.statusText()));
        QCOMPARE(panel.modelRuns(), 1);
        const int columns = static_cast<int>(c.study().columns.size());
        QCOMPARE(panel.mapsArea()->thumbnailCount(), columns);
        for (int k = 0; k < columns; ++k) {
            const auto m = panel.attentionMap(k);
            QVERIFY(m);
            QCOMPARE(m->tokens(), int64_t(8 * 4 * 7));
            // Invariant: every query's probabilities sum to 1, so every row of the frame map does.
            for (int64_t a = 0; a < 8; ++a) QVERIFY(std::abs(m->frameAttention.row(a).sum() - 1.0f) < 1e-4f);
        }
        // The large map shows the frame-pooled 8 × 8 map by default ...
        app::AttentionMapView* view = panel.mapsArea()->mapView();
        QCOMPARE(panel.mapsArea()->mode(), AttentionMapsArea::Mode::Frames);
        QCOMPARE(view->data().rows, 8);
        // ... and a click on cell (query frame 2, key frame 3) opens those frames' tokens: 28 per frame.
        panel.mapsArea()->drillInto(2, 3);
        QCOMPARE(panel.mapsArea()->mode(), AttentionMapsArea::Mode::Tokens);
        QCOMPARE(view->data().rows, 8 * 28);
        QCOMPARE(view->window(), QRectF(3 * 28, 2 * 28, 28, 28));
        QCOMPARE(view->data().separators.size(), size_t(7));  // 7 frame boundaries
        // Zoom keeps the anchor cell under the pointer: zooming in ×2 at the window centre halves it.
        view->zoomBy(2.0, view->window().center());
        QCOMPARE(view->window(), QRectF(3 * 28 + 7, 2 * 28 + 7, 14, 14));
    }

    void clickingAFramePatchPicksThatQueryToken() {  // item 18
        QTemporaryDir dir;
        const QString video = writeTinyVideo(dir.path());
        StudyController c;
        AttentionPanel panel(&c);
        panel.resize(1200, 800);
        panel.show();
        QVERIFY2(runTiny(panel, video), qPrintable(panel.statusText()));
        app::AttentionFrameStrip* strip = panel.frameStrip();
        QCOMPARE(strip->tileCount(), 8);
        // Frame 3, patch row 1, column 2 of a 4 × 7 grid: token 3·28 + 1·7 + 2 = 93.
        QWidget* tile = strip->tile(3);
        QVERIFY(tile);
        QTest::mouseClick(tile, Qt::LeftButton, {}, strip->patchRect(3, 1, 2).center());
        QCOMPARE(panel.queryToken(), int64_t(93));
        // Frame 0, patch (3, 6), the last of the frame: 0 + 3·7 + 6 = 27.
        QTest::mouseClick(strip->tile(0), Qt::LeftButton, {}, strip->patchRect(0, 3, 6).center());
        QCOMPARE(panel.queryToken(), int64_t(27));
        // A row of the token map picks its query too.
        panel.mapsArea()->setMode(AttentionMapsArea::Mode::Tokens);
        app::AttentionMapView* view = panel.mapsArea()->mapView();
        QTest::mouseClick(view, Qt::LeftButton, {}, view->cellCentre(100, 5).toPoint());
        QCOMPARE(panel.queryToken(), int64_t(100));
    }

    void deltaChangeRecomputesAttentionOnly() {
        QTemporaryDir dir;
        const QString video = writeTinyVideo(dir.path());
        StudyController c;
        AttentionPanel panel(&c);
        QVERIFY(runTiny(panel, video));
        const int videoRope = 1;  // the demo study: M-RoPE, VideoRoPE
        QCOMPARE(c.study().columns[1].variant, VariantId("videorope"));
        const auto before = panel.attentionMap(videoRope);
        QSignalSpy updated(&panel, &AttentionPanel::attentionUpdated);
        QVERIFY(c.setParam(QStringLiteral("videorope.delta"), QStringLiteral("6"), videoRope));
        QVERIFY(waitFor(updated));
        QCOMPARE(panel.modelRuns(), 1);  // q/k cached: no model run
        const auto after = panel.attentionMap(videoRope);
        QVERIFY(after && after != before);
        QVERIFY((after->probabilities - before->probabilities).cwiseAbs().maxCoeff() > 1e-6f);  // δ matters
        QVERIFY(panel.staleReason().isEmpty());
    }

    void staleMapsAreMarkedAfterAnotherVideoOrCancel() {  // item 20
        QTemporaryDir dir;
        const QString a = writeTinyVideo(dir.path(), QStringLiteral("first.avi"));
        const QString b = writeTinyVideo(dir.path(), QStringLiteral("second.avi"), 6);
        StudyController c;
        AttentionPanel panel(&c);
        QVERIFY(runTiny(panel, a));
        QVERIFY(panel.staleReason().isEmpty());
        QVERIFY(!panel.mapsArea()->mapView()->isStale());
        // Another video: the maps of first.avi stay, marked, naming what they were computed for.
        QVERIFY(panel.loadVideo(b));
        panel.setFrameCount(6);  // second.avi has 6 frames
        QVERIFY2(panel.staleReason().contains(QStringLiteral("first.avi")), qPrintable(panel.staleReason()));
        QVERIFY(panel.mapsArea()->mapView()->isStale());
        // A run on second.avi that is cancelled leaves them marked.
        QSignalSpy finished(&panel, &AttentionPanel::runFinished);
        QVERIFY(panel.run());
        panel.cancel();
        QVERIFY(waitFor(finished));
        QCOMPARE(finished.last().first().toBool(), false);
        QVERIFY(panel.staleReason().contains(QStringLiteral("first.avi")));
        QVERIFY(panel.mapsArea()->mapView()->isStale());
        // A finished run brings them up to date.
        QVERIFY(panel.run());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 90000);
        QVERIFY2(finished.last().first().toBool(), qPrintable(panel.statusText()));
        QVERIFY(panel.staleReason().isEmpty());
        QVERIFY(!panel.mapsArea()->mapView()->isStale());
        QCOMPARE(panel.attentionMap(0)->frames, int64_t(6));
        // A recompute that is cancelled (δ changed, then Cancel) leaves maps that no longer match: marked.
        QSignalSpy updated(&panel, &AttentionPanel::attentionUpdated);
        QVERIFY(c.setParam(QStringLiteral("videorope.delta"), QStringLiteral("5"), 1));
        panel.cancel();
        QVERIFY(waitFor(updated));
        if (!updated.last().first().toBool())  // the cancel arrived before the recompute ended
            QVERIFY2(panel.staleReason().contains(QStringLiteral("parameters changed")), qPrintable(panel.staleReason()));
        else  // it had already finished: the maps are current
            QVERIFY(panel.staleReason().isEmpty());
    }

    void attentionInputsRoundTripThroughTheStudyFile() {  // item 21
        QTemporaryDir dir;
        const QString video = writeTinyVideo(dir.path());
        const QString file = dir.path() + QStringLiteral("/study.json");
        {
            StudyController c;
            AttentionPanel panel(&c);
            QVERIFY(panel.loadVideo(video));
            panel.setFrameCount(5);
            panel.setGrid(QStringLiteral("3x4"));
            panel.setLayerHead(2, 1);
            panel.setCausal(true);
            QString error;
            QVERIFY2(c.saveFile(file, &error), qPrintable(error));
        }
        StudyController c2;
        QString error;
        QVERIFY2(c2.openFile(file, &error), qPrintable(error));
        const AttentionSettings& a = c2.study().shared().attention;
        QCOMPARE(QString::fromStdString(a.video), video);
        QCOMPARE(a.frames, int64_t(5));
        QCOMPARE(QString::fromStdString(a.grid), QStringLiteral("3x4"));
        QCOMPARE(a.layer, int64_t(2));
        QCOMPARE(a.head, int64_t(1));
        QVERIFY(a.causal);
        // A panel on the reopened study shows the restored inputs.
        AttentionPanel panel2(&c2);
        QCOMPARE(panel2.videoPath(), video);
        bool gridShown = false;
        for (QLineEdit* e : panel2.findChildren<QLineEdit*>()) gridShown = gridShown || e->text() == QStringLiteral("3x4");
        QVERIFY(gridShown);
    }

    void truncatedVideoHasTheCliRuleAndMessage() {  // item 19
        QVERIFY2(QFileInfo::exists(kTree), "tree.avi missing: scripts/setup installs opencv-doc");
        // The command line refuses it (its default), naming --allow-truncated.
        std::ostringstream out, err;
        const int rc = cli::run({"attention", "--video", kTree.toStdString(), "--frames", "8", "--quiet"}, out, err, cli::appCommands());
        QCOMPARE(rc, 2);
        QVERIFY2(err.str().find("--allow-truncated") != std::string::npos, err.str().c_str());
        // The tab refuses it with the same message, through the dialog's question.
        StudyController c;
        AttentionPanel panel(&c);
        QString asked;
        int64_t decodable = -1;
        panel.setTruncatedVideoPrompt([&](const QString& m, int64_t d) {
            asked = m, decodable = d;
            return false;
        });
        QVERIFY(panel.loadVideo(kTree));
        panel.setFrameCount(8);
        QSignalSpy finished(&panel, &AttentionPanel::runFinished);
        QVERIFY(panel.run());
        QVERIFY(waitFor(finished));
        QCOMPARE(finished.last().first().toBool(), false);
        QVERIFY2(!asked.isEmpty() && err.str().find(asked.toStdString()) != std::string::npos,
                 qPrintable(asked + QStringLiteral(" | ") + QString::fromStdString(err.str())));
        QVERIFY(asked.contains(QStringLiteral("444")));
        QVERIFY(decodable > 0 && decodable < 444);
        QVERIFY(panel.statusText().startsWith(QStringLiteral("Error")));
        QVERIFY(!panel.hasCapture());
        // Accepting samples 8 frames from those that decode.
        panel.setTruncatedVideoPrompt([](const QString&, int64_t) { return true; });
        QVERIFY(panel.run());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 90000);
        QVERIFY2(finished.last().first().toBool(), qPrintable(panel.statusText()));
        QCOMPARE(panel.qkInputs()->frames.count, int64_t(8));
        for (int64_t i : panel.qkInputs()->frames.sourceIndices) QVERIFY(i < decodable);
    }

    void exportDrawsTheMapsFromData() {  // issue 12: the attention figure is not a widget grab
        QTemporaryDir dir;
        const QString video = writeTinyVideo(dir.path());
        rope::app::MainWindow w;
        QVERIFY(runTiny(*w.attentionPanel(), video));
        QString error;
        const QString svg = dir.path() + QStringLiteral("/a.svg"), png = dir.path() + QStringLiteral("/a.png"),
                      pdf = dir.path() + QStringLiteral("/a.pdf");
        for (const QString& f : {svg, png, pdf}) QVERIFY2(w.exportView(QStringLiteral("attention"), f, 200, &error), qPrintable(error));
        QFile s(svg);
        QVERIFY(s.open(QIODevice::ReadOnly));
        const QByteArray text = s.readAll();
        QVERIFY(text.contains("<text"));
        QVERIFY(text.contains("query frame"));
        QVERIFY(!text.contains("Open video"));  // nothing of the tab's controls
        QImage image(png);
        QCOMPARE(image.width(), 1350);  // the default 6.75 in at 200 dpi, whatever the tab's size
        QFile p(pdf);
        QVERIFY(p.open(QIODevice::ReadOnly));
        QVERIFY(p.readAll().startsWith("%PDF"));
    }

    void tabFitsAndScreenshotsWithThreeColumns() {  // item 16
        QVERIFY2(QFileInfo::exists(kVtest), "vtest.avi missing: scripts/setup installs opencv-doc");
        for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
            rope::app::MainWindow w;
            Study s = demoStudy();
            s.columns.push_back(paramsFor("vanilla"));
            w.controller()->resetStudy(s, QString());
            w.resize(size);
            w.show();
            w.stage()->setCurrentWidget(w.attentionPanel());
            AttentionPanel* panel = w.attentionPanel();
            QVERIFY(panel->loadVideo(kVtest));
            QSignalSpy finished(panel, &AttentionPanel::runFinished);
            QVERIFY(panel->run());
            QVERIFY(waitFor(finished, 110000));
            QVERIFY2(finished.first().first().toBool(), qPrintable(panel->statusText()));
            panel->setQueryToken(4 * 140 + 5 * 14 + 7);  // frame 4, row 5, column 7 of 10 × 14
            QTest::qWait(300);
            const QString out = qEnvironmentVariable("ROPESCOPE_SHOTS", QStringLiteral(".")) +
                                QStringLiteral("/attention-%1x%2.png").arg(size.width()).arg(size.height());
            QVERIFY(w.grab().save(out));
            // The token × token map of the same run, zoomed into frames 3 × 4 (drill-in), for a look.
            panel->mapsArea()->drillInto(3, 4);
            QTest::qWait(100);
            QVERIFY(panel->grab().save(QString(out).replace(QStringLiteral(".png"), QStringLiteral("-tokens.png"))));
            // Another video: the same maps, marked stale.
            QVERIFY(panel->loadVideo(kTree));
            QVERIFY(panel->mapsArea()->mapView()->isStale());
            QTest::qWait(100);
            QVERIFY(panel->grab().save(QString(out).replace(QStringLiteral(".png"), QStringLiteral("-stale.png"))));
            // The tab must fit the room a window of this size gives its page: the window's minimum
            // minus what the rest of the window (docks, menus, status bar, tab bar) needs at least.
            int largestPage = 0;
            for (int i = 0; i < w.stage()->count(); ++i) largestPage = std::max(largestPage, w.stage()->widget(i)->minimumSizeHint().height());
            const QSize chrome = w.minimumSizeHint() - w.stage()->minimumSizeHint();
            const int tabBar = w.stage()->minimumSizeHint().height() - largestPage;
            const QSize room(size.width() - chrome.width(), size.height() - chrome.height() - tabBar);
            const QSize need = panel->minimumSizeHint();
            QVERIFY2(need.width() <= room.width() && need.height() <= room.height(),
                     qPrintable(QStringLiteral("the tab needs %1x%2, a %3x%4 window leaves it %5x%6")
                                    .arg(need.width()).arg(need.height()).arg(size.width()).arg(size.height()).arg(room.width()).arg(room.height())));
            QVERIFY2(w.width() <= size.width(), qPrintable(QStringLiteral("window %1 px wide").arg(w.width())));
            for (QWidget* child : panel->findChildren<QWidget*>()) {
                if (!child->isVisible()) continue;
                const QRect r(child->mapTo(&w, QPoint(0, 0)), child->size());
                if (insideScrollArea(child, panel)) continue;  // scrolled content may be wider than its view
                QVERIFY2(r.right() <= w.width() + 1, qPrintable(QString::fromLatin1(child->metaObject()->className()) + QStringLiteral(" ends at x=%1").arg(r.right())));
            }
        }
    }
};

QTEST_MAIN(AttentionPanelTest)
#include "AttentionPanelTest.moc"
