// Thin entry point: headless subcommands go to app/cli; otherwise the desktop app opens on the
// demo study (or on the study file named as the only argument). `--bench-gui [FILE]` runs the
// GUI benchmark in the real window and exits.
#include <QApplication>
#include <QTimer>
#include <iostream>

#include "GuiBenchmark.h"
#include "MainWindow.h"
#include "app/cli/Cli.h"
#include "figures/cli/FigureCommand.h"
#include "widgets/VtkView.h"

int main(int argc, char** argv) {
    if (argc >= 2 && rope::figures::isFigureCommand(argv[1])) return rope::figures::runFigureCommand(argc, argv);
    if (rope::cli::isCliInvocation(argc, argv)) {
        std::ios::sync_with_stdio(false);
        return rope::cli::run({argv + 1, argv + argc}, std::cout, std::cerr);
    }
    rope::widgets::preferX11Platform();
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
