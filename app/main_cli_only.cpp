// Entry point of a build without the GUI (ROPESCOPE_BUILD_GUI=OFF): subcommands only.
#include <iostream>

#include "app/cli/Cli.h"

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    return rope::cli::run({argv + 1, argv + argc}, std::cout, std::cerr);
}
