#include "GuiBenchmark.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTimer>
#include <algorithm>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <stdexcept>
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
constexpr int kFrameTimeoutMs = 10'000;

struct Timeout : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Runs the event loop until `done()` holds; throws Timeout naming `what` after 10 s.
void pumpUntil(const std::function<bool()>& done, const char* what) {
    QElapsedTimer t;
    t.start();
    QTimer wake;  // WaitForMoreEvents must not sleep past a condition met by another thread
    wake.start(2);
    while (!done()) {
        if (t.elapsed() > kFrameTimeoutMs) throw Timeout(std::string("no frame within 10 s while ") + what);
        QApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
}

/// Counts results from the controller and composed frames of the current 3D views.
class FrameProbe {
public:
    explicit FrameProbe(MainWindow& w) : m_w(w) {
        QObject::connect(w.controller(), &StudyController::resultsReady, &m_context, [this] { ++m_results; });
    }
    int results() const { return m_results; }
    /// Waits until every 3D view has painted a frame after this call and control is back in the
    /// event loop (the window flushes right after painting). The views are looked up now: a new
    /// sequence replaces them.
    void waitForFrame(const char* what) {
        auto views = m_w.growthPanel()->views();
        if (views.empty()) throw Timeout(std::string("no 3D views while ") + what);
        std::vector<int> swaps(views.size(), 0);
        QObject context;
        for (size_t i = 0; i < views.size(); ++i)
            QObject::connect(views[i], &widgets::VtkView::framePresented, &context, [&swaps, i] { ++swaps[i]; });
        pumpUntil([&] { return std::all_of(swaps.begin(), swaps.end(), [](int s) { return s > 0; }); }, what);
    }
    /// setParam, then the worker's results, then a frame showing them.
    double change(const QString& key, const QString& value, int column, const char* what) {
        QElapsedTimer t;
        t.start();
        const int before = m_results;
        m_w.controller()->setParam(key, value, column);
        pumpUntil([&] { return m_results > before && !m_w.controller()->isBusy(); }, what);
        waitForFrame(what);
        return t.nsecsElapsed() / 1e6;
    }

private:
    MainWindow& m_w;
    QObject m_context;
    int m_results = 0;
};

double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    return v[static_cast<size_t>(std::min<double>(v.size() - 1, q * (v.size() - 1) + 0.5))];
}

QJsonObject latencyReport(const std::vector<double>& ms, int64_t tokens) {
    return {{QStringLiteral("tokens"), static_cast<double>(tokens)},
            {QStringLiteral("repeats"), static_cast<int>(ms.size())},
            {QStringLiteral("p50_ms"), percentile(ms, 0.5)},
            {QStringLiteral("p95_ms"), percentile(ms, 0.95)},
            {QStringLiteral("max_ms"), percentile(ms, 1.0)}};
}

QJsonObject measureDelta(MainWindow& w, FrameProbe& probe, bool sliderHeld) {
    probe.change(QStringLiteral("sequence"), QString::fromLatin1(k64k), 0, "loading the 64k study");
    w.growthPanel()->setInteractive(sliderHeld);  // what MainWindow does on the slider's drag start
    probe.waitForFrame("switching the level of detail");
    std::vector<double> ms;
    for (int i = 0; i < 60; ++i)
        ms.push_back(probe.change(QStringLiteral("videorope.delta"), QString::number(1.0 + 0.05 * (i % 40 + 1)), 1,
                                  "changing δ"));
    w.growthPanel()->setInteractive(false);
    return latencyReport(ms, w.controller()->study().shared().sequence.tokenCount());
}

QJsonObject measureOrbit(MainWindow& w, FrameProbe& probe, bool dragLevel) {
    auto views = w.growthPanel()->views();
    for (auto* v : views) v->scene().setInteractive(dragLevel);  // what a mouse drag does
    for (auto* v : views) v->requestRender();
    probe.waitForFrame("switching the level of detail");
    const int frames = 60;
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < frames; ++i) {
        views.front()->scene().camera()->Azimuth(2.0);  // the camera observers repaint every linked view
        probe.waitForFrame("orbiting");
    }
    const double seconds = t.nsecsElapsed() / 1e9;
    for (auto* v : views) v->scene().setInteractive(false);
    return {{QStringLiteral("tokens_per_view"), static_cast<double>(views.front()->scene().tokenCount())},
            {QStringLiteral("views"), static_cast<int>(views.size())},
            {QStringLiteral("frames"), frames},
            {QStringLiteral("fps"), frames / seconds},
            {QStringLiteral("view_size"), QStringLiteral("%1x%2").arg(views.front()->width()).arg(views.front()->height())}};
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
    FrameProbe probe(w);
    QJsonObject report;
    try {
        pumpUntil([&] { return w.controller()->results() && !w.growthPanel()->views().empty(); }, "starting");
        probe.waitForFrame("starting");
        report[QStringLiteral("cold_start_to_first_picture_s")] = secondsSinceProcessStart();
        report[QStringLiteral("delta_step_full_detail")] = measureDelta(w, probe, false);
        report[QStringLiteral("delta_drag_slider_held")] = measureDelta(w, probe, true);
        probe.change(QStringLiteral("sequence"), QString::fromLatin1(k100k), 0, "loading the 100k study");
        report[QStringLiteral("orbit_drag_level")] = measureOrbit(w, probe, true);
        report[QStringLiteral("orbit_full_detail")] = measureOrbit(w, probe, false);
    } catch (const Timeout& e) {
        report[QStringLiteral("error")] = QString::fromStdString(e.what());
    }
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
    return report.contains(QStringLiteral("error")) ? 1 : 0;
}

}  // namespace rope::app
