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
#include <optional>
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

/// Watches the 3D views that exist now: done() once no view has a render pending, every frame
/// rendered since construction has been painted, and at least one was.
class FrameWatch {
public:
    explicit FrameWatch(MainWindow& w) : m_views(w.growthPanel()->views()) {
        m_ready.assign(m_views.size(), 0);
        m_shown.assign(m_views.size(), 0);
        for (size_t i = 0; i < m_views.size(); ++i) {
            QObject::connect(m_views[i], &widgets::VtkView::frameReady, &m_context, [this, i] { m_ready[i] = ++m_order; });
            QObject::connect(m_views[i], &widgets::VtkView::framePresented, &m_context, [this, i] { m_shown[i] = ++m_order; });
        }
    }
    bool done() const {
        bool anyFrame = false;
        for (size_t i = 0; i < m_views.size(); ++i) {
            if (m_views[i]->isRenderPending() || m_shown[i] < m_ready[i]) return false;
            anyFrame = anyFrame || m_shown[i] > 0;
        }
        return anyFrame;
    }
    /// Runs the event loop until done(), then once more (the window flushes right after painting).
    void wait(const char* what) const {
        if (m_views.empty()) throw Timeout(std::string("no 3D views while ") + what);
        pumpUntil([this] { return done(); }, what);
        QApplication::processEvents();
    }

private:
    std::vector<widgets::IndexGrowthView*> m_views;
    std::vector<int> m_ready, m_shown;
    int m_order = 0;
    QObject m_context;
};

/// Parameter changes timed from setParam to the new picture on screen.
class FrameProbe {
public:
    explicit FrameProbe(MainWindow& w) : m_w(w) {
        QObject::connect(w.controller(), &StudyController::resultsReady, &m_context,
                         [this](const auto&, double computeMs) {
                             ++m_results;
                             m_computeMs = computeMs;
                             m_resultsAt = m_clock.nsecsElapsed() / 1e6;
                         });
        m_clock.start();
    }
    struct Sample {
        double totalMs, toResultsMs, computeMs;
        double refinedMs = 0;  ///< until the full-detail frame (0: not waited for)
    };
    /// setParam, then the worker's results, then every changed view's frame painted. A new
    /// sequence replaces the views: they are watched once the results are in.
    Sample change(const QString& key, const QString& value, int column, const char* what) {
        const bool newViews = key == QLatin1String("sequence");
        std::optional<FrameWatch> watch;
        if (!newViews) watch.emplace(m_w);
        const double start = m_clock.nsecsElapsed() / 1e6;
        const int before = m_results;
        m_w.controller()->setParam(key, value, column);
        pumpUntil([&] { return m_results > before && !m_w.controller()->isBusy(); }, what);
        if (newViews) watch.emplace(m_w);
        watch->wait(what);
        return {m_clock.nsecsElapsed() / 1e6 - start, m_resultsAt - start, m_computeMs};
    }
    /// change(), then also waits for the full-detail frame that follows a step
    /// (IndexGrowthPanel's progressive refinement).
    Sample changeAndRefine(const QString& key, const QString& value, int column, const char* what) {
        const double start = m_clock.nsecsElapsed() / 1e6;
        Sample s = change(key, value, column, what);
        FrameWatch(m_w).wait("refining to full detail");
        s.refinedMs = m_clock.nsecsElapsed() / 1e6 - start;
        return s;
    }

private:
    MainWindow& m_w;
    QObject m_context;
    QElapsedTimer m_clock;
    int m_results = 0;
    double m_computeMs = 0, m_resultsAt = 0;
};

double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    return v[static_cast<size_t>(std::min<double>(v.size() - 1, q * (v.size() - 1) + 0.5))];
}

QJsonObject latencyReport(const std::vector<FrameProbe::Sample>& samples, int64_t tokens) {
    std::vector<double> total, toResults, compute, refined;
    for (const auto& s : samples) {
        total.push_back(s.totalMs);
        toResults.push_back(s.toResultsMs);
        compute.push_back(s.computeMs);
        refined.push_back(s.refinedMs);
    }
    QJsonObject report{{QStringLiteral("tokens"), static_cast<double>(tokens)},
            {QStringLiteral("repeats"), static_cast<int>(samples.size())},
            {QStringLiteral("p50_ms"), percentile(total, 0.5)},
            {QStringLiteral("p95_ms"), percentile(total, 0.95)},
            {QStringLiteral("max_ms"), percentile(total, 1.0)},
            {QStringLiteral("p50_until_results_ms"), percentile(toResults, 0.5)},
            {QStringLiteral("p50_worker_compute_ms"), percentile(compute, 0.5)}};
    if (refined.front() > 0) {
        report[QStringLiteral("full_detail_p50_ms")] = percentile(refined, 0.5);
        report[QStringLiteral("full_detail_p95_ms")] = percentile(refined, 0.95);
    }
    return report;
}

QJsonObject measureDelta(MainWindow& w, FrameProbe& probe, bool sliderHeld) {
    w.growthPanel()->setInteractive(sliderHeld);  // what MainWindow does on the slider's drag start
    FrameWatch(w).wait("switching the level of detail");
    std::vector<FrameProbe::Sample> ms;
    for (int i = 0; i < 60; ++i) {
        const QString delta = QString::number(1.0 + 0.05 * (i % 40 + 1));
        const QString key = QStringLiteral("videorope.delta");
        ms.push_back(sliderHeld ? probe.change(key, delta, 1, "changing δ")
                                : probe.changeAndRefine(key, delta, 1, "changing δ"));
    }
    w.growthPanel()->setInteractive(false);
    return latencyReport(ms, w.controller()->study().shared().sequence.tokenCount());
}

QJsonObject measureOrbit(MainWindow& w, bool dragLevel) {
    auto views = w.growthPanel()->views();
    FrameWatch levelSwitched(w);
    for (auto* v : views) v->scene().setInteractive(dragLevel);  // what a mouse drag does
    for (auto* v : views) v->requestRender();
    levelSwitched.wait("switching the level of detail");
    const int frames = 60;
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < frames; ++i) {
        FrameWatch frame(w);
        views.front()->scene().camera()->Azimuth(2.0);  // the camera observers repaint every linked view
        frame.wait("orbiting");
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
        FrameWatch(w).wait("starting");
        report[QStringLiteral("cold_start_to_first_picture_s")] = secondsSinceProcessStart();
        probe.change(QStringLiteral("sequence"), QString::fromLatin1(k64k), 0, "loading the 64k study");
        report[QStringLiteral("delta_step")] = measureDelta(w, probe, false);
        report[QStringLiteral("delta_drag_slider_held")] = measureDelta(w, probe, true);
        probe.change(QStringLiteral("sequence"), QString::fromLatin1(k100k), 0, "loading the 100k study");
        report[QStringLiteral("orbit_drag_level")] = measureOrbit(w, true);
        report[QStringLiteral("orbit_full_detail")] = measureOrbit(w, false);
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
