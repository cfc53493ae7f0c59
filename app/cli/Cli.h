#pragma once
// The headless `ropescope <subcommand>` front end (contract: shared/specs/cli.md). It depends on
// core only, so `positions`, `rotary` and `properties` need no display. Output goes to `out` only
// when the whole answer is computed, so a failure never leaves partial JSON; errors are one line on
// `err` and exit status 2.
#include <iosfwd>
#include <string>
#include <vector>

namespace rope::cli {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;
constexpr int kExitFailure = 1;

/// True if argv[1] names a subcommand (or --help / --version), i.e. the program runs headless.
bool isCliInvocation(int argc, char** argv);

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace rope::cli
