// The "Attention on a video" panel: decode + model on a worker, attention per study column, a study
// change recomputes attention from the cached q/k without re-running the model, bad files give an
// error and no crash, Cancel works. Plus a screenshot on vtest.avi (skipped when opencv-doc is absent).
#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>

#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <random>

#include "app/gui/AttentionPanel.h"
#include "app/gui/MainWindow.h"
#include "app/gui/StudyController.h"
#include "core/attention/Attention.h"
#include "widgets/HeatmapView.h"

using namespace rope;
using rope::app::AttentionPanel;
using rope::app::StudyController;

namespace {

/// 8 frames 196 × 112 MJPG: a gradient background and a bright square that moves right.
QString writeTinyVideo(const QString& dir, int frames = 8) {
    const QString path = dir + QStringLiteral("/tiny.avi");
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

bool waitFor(QSignalSpy& spy, int timeoutMs = 60000) { return spy.count() > 0 || spy.wait(timeoutMs); }

}  // namespace

class AttentionPanelTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runShowsOneHeatmapPerColumn() {
        QTemporaryDir dir;
        const QString video = writeTinyVideo(dir.path());
        QVERIFY(!video.isEmpty());
        StudyController c;
        AttentionPanel panel(&c);
        QVERIFY2(panel.loadVideo(video), qPrintable(panel.statusText()));
        panel.setFrameCount(8);
        panel.setGrid(QStringLiteral("4x7"));
        QSignalSpy finished(&panel, &AttentionPanel::runFinished);
        QVERIFY(panel.run());
        QVERIFY(panel.isRunning());
        QVERIFY(waitFor(finished));
        QVERIFY2(finished.first().first().toBool(), qPrintable(panel.statusText()));
        QCOMPARE(panel.modelRuns(), 1);
        QVERIFY(panel.hasCapture());

        const int64_t tokens = 8 * 4 * 7;
        const auto maps = panel.tokenHeatmaps();
        QCOMPARE(maps.size(), c.study().columns.size());
        for (size_t k = 0; k < maps.size(); ++k) {
            QCOMPARE(maps[k]->data().rows, static_cast<int>(tokens));  // 224 ≤ 512: not downsampled
            QCOMPARE(maps[k]->data().cols, static_cast<int>(tokens));
            QCOMPARE(maps[k]->data().rowSeparators.size(), size_t(7));  // frame boundaries
            const auto m = panel.attentionMap(static_cast<int>(k));
            QVERIFY(m);
            QCOMPARE(m->probabilities.rows(), tokens);
            for (int64_t r = 0; r < tokens; ++r) QVERIFY(std::abs(m->probabilities.row(r).sum() - 1.0f) < 1e-3f);
            QCOMPARE(m->bands.size(), size_t(2));  // fast / slow halves
        }
        // Band view: halves + t/h/w for the chosen column, frame × frame.
        int bandMaps = 0;
        for (auto* v : panel.findChildren<widgets::HeatmapView*>())
            if (v->data().rows == 8 && v->data().cols == 8) ++bandMaps;
        QCOMPARE(bandMaps, 5);

        // Picking a query from the heatmap updates the strip (no crash; query follows the click).
        Q_EMIT maps[0]->cellClicked(100, 3);
        QCOMPARE(panel.queryToken(), int64_t(100));
    }

    void deltaChangeRecomputesAttentionOnly() {
        QTemporaryDir dir;
        const QString video = writeTinyVideo(dir.path());
        StudyController c;
        AttentionPanel panel(&c);
        QVERIFY(panel.loadVideo(video));
        panel.setFrameCount(8);
        panel.setGrid(QStringLiteral("4x7"));
        QSignalSpy finished(&panel, &AttentionPanel::runFinished);
        QVERIFY(panel.run());
        QVERIFY(waitFor(finished));
        int videoRope = -1;
        for (size_t k = 0; k < c.study().columns.size(); ++k)
            if (c.study().columns[k].variant == VariantId("videorope")) videoRope = static_cast<int>(k);
        QVERIFY(videoRope >= 0);
        const auto before = panel.attentionMap(videoRope);
        const int attentionRuns = panel.attentionRuns();

        QSignalSpy updated(&panel, &AttentionPanel::attentionUpdated);
        QVERIFY(c.setParam(QStringLiteral("videorope.delta"), QStringLiteral("6"), videoRope));
        QVERIFY(waitFor(updated));
        QVERIFY(updated.last().first().toBool());
        QCOMPARE(panel.modelRuns(), 1);  // q/k cached: no model run
        QVERIFY(panel.attentionRuns() > attentionRuns);
        const auto after = panel.attentionMap(videoRope);
        QVERIFY(after && after != before);
        QVERIFY((after->probabilities - before->probabilities).cwiseAbs().maxCoeff() > 1e-6f);  // δ matters
        QCOMPARE(finished.count(), 1);  // a recompute is not a run

        // A run started while a recompute is out: one runFinished, for the new q/k.
        QVERIFY(c.setParam(QStringLiteral("videorope.delta"), QStringLiteral("3"), videoRope));
        QVERIFY(panel.run());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 60000);
        QVERIFY(finished.last().first().toBool());
        QTest::qWait(100);
        QCOMPARE(finished.count(), 2);
        QCOMPARE(panel.modelRuns(), 2);
        QVERIFY(!panel.isRunning());
        QVERIFY(panel.attentionMap(videoRope));
    }

    void corruptFileGivesAnError() {
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/corrupt.avi");
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            std::mt19937 rng(7);
            QByteArray bytes(20000, Qt::Uninitialized);
            for (auto& b : bytes) b = static_cast<char>(rng() & 0xff);
            f.write(bytes);
        }
        StudyController c;
        AttentionPanel panel(&c);
        if (panel.loadVideo(path)) {  // some backends open anything: decoding must then fail
            QSignalSpy finished(&panel, &AttentionPanel::runFinished);
            QVERIFY(panel.run());
            QVERIFY(waitFor(finished));
            QCOMPARE(finished.first().first().toBool(), false);
        } else {
            QVERIFY(!panel.run());
        }
        QVERIFY2(panel.statusText().startsWith(QStringLiteral("Error")), qPrintable(panel.statusText()));
        QVERIFY(!panel.hasCapture());
        // A bad model file is refused as well.
        QVERIFY(!panel.setModelFile(path));
        QVERIFY(panel.statusText().startsWith(QStringLiteral("Error")));
    }

    void cancelStopsTheRun() {
        QTemporaryDir dir;
        const QString video = writeTinyVideo(dir.path());
        StudyController c;
        AttentionPanel panel(&c);
        QVERIFY(panel.loadVideo(video));
        panel.setFrameCount(8);
        panel.setGrid(QStringLiteral("4x7"));
        QSignalSpy finished(&panel, &AttentionPanel::runFinished);
        QVERIFY(panel.run());
        panel.cancel();
        QVERIFY(waitFor(finished));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(panel.statusText().contains(QStringLiteral("Cancelled")));
        QVERIFY(!panel.isRunning());
        QCOMPARE(panel.modelRuns(), 0);
        // And a run after a cancel works.
        QVERIFY(panel.run());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 60000);
        QCOMPARE(finished.last().first().toBool(), true);
        QCOMPARE(panel.modelRuns(), 1);
    }

    void mainWindowHasTheTabAndExportsIt() {
        rope::app::MainWindow w;
        QVERIFY(w.attentionPanel());
        QCOMPARE(w.stage()->tabText(w.stage()->indexOf(w.attentionPanel())), QStringLiteral("Attention on a video"));
        QVERIFY(w.viewNames().contains(QStringLiteral("attention")));
        QTemporaryDir dir;
        QString error;
        const QString out = dir.path() + QStringLiteral("/attention.png");
        QVERIFY2(w.exportView(QStringLiteral("attention"), out, 96, &error), qPrintable(error));
        QVERIFY(QFileInfo(out).size() > 0);
    }

    void screenshotOnVtest() {
        const QString video = QStringLiteral("/usr/share/doc/opencv-doc/examples/data/vtest.avi");
        if (!QFileInfo::exists(video)) QSKIP("opencv-doc's vtest.avi is not installed");
        StudyController c;
        AttentionPanel panel(&c);
        panel.resize(1500, 900);
        panel.show();
        QVERIFY(panel.loadVideo(video));
        QSignalSpy finished(&panel, &AttentionPanel::runFinished);
        QVERIFY(panel.run());
        QVERIFY(waitFor(finished, 110000));
        QVERIFY2(finished.first().first().toBool(), qPrintable(panel.statusText()));
        // 16 frames × 9×16 = 2304 tokens: shown block-averaged.
        QVERIFY(panel.downsampleFactor() > 1);
        QVERIFY(panel.tokenHeatmaps().front()->data().rows <= 512);
        panel.setQueryToken(8 * 144 + 4 * 16 + 8);  // frame 8, row 4, column 8
        QTest::qWait(200);
        QVERIFY(panel.grab().save(QStringLiteral("attention_panel.png")));
    }
};

QTEST_MAIN(AttentionPanelTest)
#include "AttentionPanelTest.moc"
