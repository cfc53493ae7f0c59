#include "GuiBenchmark.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>
#include <algorithm>
#include <fstream>
#include <sstream>
#include <iostream>
#include <unistd.h>
#include <vector>
#include <vtkCamera.h>

#include "IndexGrowthPanel.h"
#include "MainWindow.h"
#include "viz/IndexGrowthScene.h"
#include "widgets/IndexGrowthView.h"

namespace rope::app {
namespace {

constexpr const char* k64k = "text:64,video:64x32x32,text:64";   // 65 664 tokens
constexpr const char* k100k = "text:64,video:100x32x32,text:64";  // 102 528 tokens

void waitUntilIdle(StudyController& c) {
    while (c.isBusy()) QApplication::processEvents(QEventLoop::AllEvents, 5);
    QApplication::processEvents();
}

double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    return v[static_cast<size_t>(std::min<double>(v.size() - 1, q * (v.size() - 1) + 0.5))];
}

QJsonObject measureDeltaDrag(MainWindow& w) {
    StudyController& c = *w.controller();
    c.setParam(QStringLiteral("sequence"), QString::fromLatin1(k64k), 0);
    waitUntilIdle(c);
    w.repaint();
    std::vector<double> ms;
    for (int i = 0; i < 60; ++i) {
        QElapsedTimer t;
        t.start();
        c.setParam(QStringLiteral("videorope.delta"), QString::number(1.0 + 0.05 * (i % 40)), 1);
        waitUntilIdle(c);
        w.repaint();
        ms.push_back(t.nsecsElapsed() / 1e6);
    }
    return {{QStringLiteral("tokens"), static_cast<double>(c.study().shared().sequence.tokenCount())},
            {QStringLiteral("repeats"), static_cast<int>(ms.size())},
            {QStringLiteral("p50_ms"), percentile(ms, 0.5)},
            {QStringLiteral("p95_ms"), percentile(ms, 0.95)},
            {QStringLiteral("max_ms"), percentile(ms, 1.0)}};
}

QJsonObject measureOrbit(MainWindow& w) {
    StudyController& c = *w.controller();
    c.setParam(QStringLiteral("sequence"), QString::fromLatin1(k100k), 0);
    waitUntilIdle(c);
    w.repaint();
    auto views = w.growthPanel()->views();
    widgets::IndexGrowthView* view = views.front();
    const int frames = 90;
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < frames; ++i) {
        view->scene().camera()->Azimuth(2.0);
        for (auto* v : views) v->requestRender();
        for (auto* v : views) v->repaint();  // synchronous paintGL: render + blit
    }
    const double seconds = t.nsecsElapsed() / 1e9;
    return {{QStringLiteral("tokens_per_view"), static_cast<double>(c.study().shared().sequence.tokenCount())},
            {QStringLiteral("views"), static_cast<int>(views.size())},
            {QStringLiteral("frames"), frames},
            {QStringLiteral("fps"), frames / seconds},
            {QStringLiteral("view_size"), QStringLiteral("%1x%2").arg(view->width()).arg(view->height())}};
}

}  // namespace

double secondsSinceProcessStart() {
    std::ifstream stat("/proc/self/stat"), uptime("/proc/uptime");
    std::string line;
    std::getline(stat, line);
    const size_t close = line.rfind(')');
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && rest >> field; ++i) {
    }
    const double startTicks = std::stod(field);  // field 22: starttime in clock ticks since boot
    double up = 0;
    uptime >> up;
    return up - startTicks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

int runGuiBenchmark(MainWindow& w, const QString& outPath) {
    StudyController& c = *w.controller();
    waitUntilIdle(c);
    w.repaint();
    QJsonObject report;
    report[QStringLiteral("cold_start_to_first_picture_s")] = secondsSinceProcessStart();
    report[QStringLiteral("delta_drag")] = measureDeltaDrag(w);
    report[QStringLiteral("orbit")] = measureOrbit(w);
    report[QStringLiteral("window")] = QStringLiteral("%1x%2").arg(w.width()).arg(w.height());
    const QByteArray json = QJsonDocument(report).toJson();
    std::cout << json.constData() << std::flush;
    if (!outPath.isEmpty()) {
        QSaveFile f(outPath);
        if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size() || !f.commit()) {
            std::cerr << "ropescope --bench-gui: cannot write " << outPath.toStdString() << "\n";
            return 1;
        }
    }
    return 0;
}

}  // namespace rope::app
