// ropescope-app: the desktop app, and every headless command including those that need Qt, OpenCV
// or LibTorch (app/cli/AppCommands.h). The light `ropescope` front execs this program for them.
// The window opens only for no argument, an existing STUDY.json or `--bench-gui [FILE]` (the GUI
// benchmark in the real window); anything else is the command line (rope::cli::route).
#include <QApplication>
#include <QTimer>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstring>
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

/// "" if an X server answers at $DISPLAY, else why not. A DISPLAY naming no server (":99" after
/// Xvfb ended, a closed ssh tunnel) would make QApplication abort with Qt's multi-line message.
/// Local displays (":N", "unix:N"): the server's Unix socket (abstract, then /tmp/.X11-unix/XN);
/// "host:N": TCP port 6000 + N, 3 s at most.
std::string unreachableDisplay() {
    const char* display = std::getenv("DISPLAY");
    const char* chosen = std::getenv("QT_QPA_PLATFORM");
    if (!display || !*display || (chosen && *chosen && std::string(chosen).rfind("xcb", 0) != 0)) return {};
    const std::string d = display;
    const size_t colon = d.rfind(':');
    if (colon == std::string::npos) return {};  // not a form we know: let Qt try
    const std::string host = d.substr(0, colon);
    const int number = std::atoi(d.c_str() + colon + 1);
    const std::string fix = " (is the X server running? unset DISPLAY, or run under xvfb-run -a)";
    if (host.empty() || host == "unix") {
        const std::string path = "/tmp/.X11-unix/X" + std::to_string(number);
        for (bool abstract : {true, false}) {
            const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
            sockaddr_un addr{};
            addr.sun_family = AF_UNIX;
            std::memcpy(addr.sun_path + (abstract ? 1 : 0), path.data(), std::min(path.size(), sizeof addr.sun_path - 2));
            const socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + (abstract ? 1 : 0));
            const bool ok = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), len) == 0;
            if (fd >= 0) ::close(fd);
            if (ok) return {};
        }
        return "cannot connect to the display " + d + ": no X server at " + path + fix;
    }
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), std::to_string(6000 + number).c_str(), &hints, &found) != 0 || !found)
        return "cannot connect to the display " + d + ": unknown host " + host + fix;
    bool ok = false;
    for (addrinfo* a = found; a && !ok; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0) continue;
        if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) ok = true;
        else if (errno == EINPROGRESS) {
            pollfd p{fd, POLLOUT, 0};
            int err = 0;
            socklen_t n = sizeof err;
            ok = ::poll(&p, 1, 3000) == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &n) == 0 && err == 0;
        }
        ::close(fd);
    }
    ::freeaddrinfo(found);
    return ok ? std::string() : "cannot connect to the display " + d + ": nothing answers on " + host + " port " +
                                    std::to_string(6000 + number) + fix;
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
    if (std::string why = missingDisplay().empty() ? unreachableDisplay() : missingDisplay(); !why.empty()) {
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
