// Thin entry point: headless subcommands go to app/cli; otherwise the desktop app opens on the
// demo study (or on the study file named as the only argument).
#include <QApplication>
#include <QMessageBox>
#include <iostream>

#include "MainWindow.h"
#include "app/cli/Cli.h"

int main(int argc, char** argv) {
    if (rope::cli::isCliInvocation(argc, argv)) {
        std::ios::sync_with_stdio(false);
        return rope::cli::run({argv + 1, argv + argc}, std::cout, std::cerr);
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("RoPEScope"));
    QApplication::setOrganizationName(QStringLiteral("RoPEScope"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    rope::app::MainWindow window;
    window.show();
    if (argc == 2) window.openStudy(QString::fromLocal8Bit(argv[1]));
    return app.exec();
}
