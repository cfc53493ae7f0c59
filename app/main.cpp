// `ropescope`, the light front: core commands run here (this executable links core only, so they
// start in milliseconds without a display); the desktop app and the commands that need Qt, OpenCV
// or LibTorch are in ropescope-app next to this file, which this process becomes (execv, same
// arguments, same process id) — see rope::cli::route.
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "app/cli/Cli.h"

namespace {

/// Replaces this process by ropescope-app (next to /proc/self/exe) with the same arguments.
/// Returns only if that fails.
int execApp(char** argv) {
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    const std::filesystem::path app = (ec ? std::filesystem::path(argv[0]).parent_path() : self.parent_path()) / "ropescope-app";
    argv[0] = const_cast<char*>(app.c_str());
    ::execv(app.c_str(), argv);
    const int cause = errno;
    std::cerr << "ropescope: cannot start " << app.string() << " (the desktop app and the GUI/ML commands): "
              << std::strerror(cause) << (cause == ENOENT ? "; this build or install has the core commands only" : "")
              << "\n";
    return rope::cli::kExitFailure;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (rope::cli::route(args) != rope::cli::Route::Headless) return execApp(argv);
    std::signal(SIGPIPE, SIG_IGN);  // a closed pipe is a write error (exit 1), not a silent death
    std::ios::sync_with_stdio(false);
    return rope::cli::run(args, std::cout, std::cerr);
}
