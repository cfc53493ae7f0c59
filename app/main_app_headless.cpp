// ropescope-app of a build without the GUI (ROPESCOPE_BUILD_GUI=OFF): the commands of
// app/cli/AppCommands.h (and every core command). The light `ropescope` front execs it for them.
#include <csignal>
#include <iostream>

#include "app/cli/AppCommands.h"
#include "app/cli/Cli.h"

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (rope::cli::route(args) == rope::cli::Route::Desktop) {
        std::cerr << "ropescope: this build has no desktop app (configured with ROPESCOPE_BUILD_GUI=OFF); "
                     "ropescope --help lists the commands\n";
        return rope::cli::kExitBadInput;
    }
    std::signal(SIGPIPE, SIG_IGN);
    std::ios::sync_with_stdio(false);
    return rope::cli::run(args, std::cout, std::cerr, rope::cli::appCommands());
}
