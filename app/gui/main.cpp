// ropescope-app: the desktop app, and every headless command including those that need Qt, OpenCV
// or LibTorch (app/cli/AppCommands.h). The light `ropescope` front execs this program for them.
// The window opens only for no argument, an existing STUDY.json or `--bench-gui [FILE]` (the GUI
// benchmark in the real window); anything else is the command line (rope::cli::route).
#include <QApplication>
#include <QTimer>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>

#include "GuiBenchmark.h"
#include "MainWindow.h"
#include "app/cli/AppCommands.h"
#include "app/cli/Cli.h"
#include "figures/cli/FigureCommand.h"
#include "widgets/VtkView.h"

namespace {

bool isSet(const char* name) {
    const char* v = std::getenv(name);
    return v && *v;
}

/// Why no window can open here ("" if one can). Checked before QApplication, which aborts the
/// process when its platform has no display. QT_QPA_PLATFORM may be a list ("wayland;xcb") whose
/// entries carry options ("xcb:foo"); platforms other than xcb and wayland need no display.
std::string missingDisplay() {
    const char* chosen = std::getenv("QT_QPA_PLATFORM");
    std::stringstream platforms(chosen && *chosen ? chosen : "xcb");  // Qt's default on X11 and, via preferX11Platform, Wayland
    for (std::string p; std::getline(platforms, p, ';');) {
        p = p.substr(0, p.find(':'));
        const bool x11 = p == "xcb", wayland = p.rfind("wayland", 0) == 0;
        if ((x11 && isSet("DISPLAY")) || (wayland && isSet("WAYLAND_DISPLAY")) || (!x11 && !wayland)) return {};
    }
    return "the desktop app needs a display and none is set (DISPLAY, or WAYLAND_DISPLAY for Wayland); "
           "run a command instead (ropescope --help), or run the app under xvfb-run -a";
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> cliArgs(argv + 1, argv + argc);
    if (rope::cli::route(cliArgs) != rope::cli::Route::Desktop) {
        std::signal(SIGPIPE, SIG_IGN);  // a closed pipe is a write error (exit 1), not a silent death
        std::ios::sync_with_stdio(false);
        return rope::cli::run(cliArgs, std::cout, std::cerr, rope::cli::appCommands());
    }
    rope::widgets::preferX11Platform();
    if (const std::string why = missingDisplay(); !why.empty()) {
        std::cerr << "ropescope: " << why << "\n";
        return rope::cli::kExitBadInput;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("RoPEScope"));
    QApplication::setOrganizationName(QStringLiteral("RoPEScope"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    const QStringList args = QApplication::arguments();
    rope::app::MainWindow window;
    window.show();
    if (args.size() >= 2 && args[1] == QLatin1String("--bench-gui")) {
        const QString out = args.size() >= 3 ? args[2] : QString();
        QTimer::singleShot(0, &window, [&window, out] { QApplication::exit(rope::app::runGuiBenchmark(window, out)); });
    } else if (args.size() == 2) {
        window.openStudy(args[1]);
    }
    return app.exec();
}
