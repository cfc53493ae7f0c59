// Thin entry point: headless subcommands go to app/cli; otherwise the desktop app opens.
#include <QApplication>
#include <QLabel>
#include <iostream>

#include "app/cli/Cli.h"

int main(int argc, char** argv) {
    if (rope::cli::isCliInvocation(argc, argv)) {
        std::ios::sync_with_stdio(false);
        return rope::cli::run({argv + 1, argv + argc}, std::cout, std::cerr);
    }
    QApplication app(argc, argv);
    QLabel label(QStringLiteral("RoPEScope"));
    label.show();
    return app.exec();
}
