#pragma once
// Runs the command line in-process (rope::cli::run) and keeps its exit status, stdout and stderr:
// the CLI test suites share this one runner.
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/Cli.h"

namespace rope::testing {

struct CliResult {
    int code = -1;
    std::string out, err;
};

inline CliResult runCli(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    CliResult r;
    r.code = rope::cli::run(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

}  // namespace rope::testing
