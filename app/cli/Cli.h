#pragma once
// The headless `ropescope <subcommand>` front end (contract: shared/specs/cli.md). Output goes to
// `out` only when the whole answer is computed, so a failure never leaves partial JSON; errors are
// one line on `err`.
//
// Two executables share this dispatch. `ropescope` is light: it links core only and runs the
// core commands itself (positions, rotary, properties, vniah, …). The desktop app and the
// commands that need Qt, OpenCV or LibTorch (AppCommands.h) live in `ropescope-app`, next to it;
// the light front execs it for them (route()). ropescope-app runs every command.
//
// Exit status: 0 success; 2 bad input (InvalidParameter, TooLarge, BadFile, an allocation the
// input asked for that failed, an unknown command); 1 failure that is not the input's fault (a
// failed write to stdout, any other exception: an internal error); 130 interrupted (vniah).
#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace rope::cli {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;
constexpr int kExitFailure = 1;

/// One headless command: its arguments (after the command name) → its answer on `out`.
using CommandFn = std::function<int(const std::vector<std::string>& args, std::ostream& out)>;
using CommandTable = std::map<std::string, CommandFn>;

/// What the program does with its arguments (argv without argv[0]).
enum class Route {
    Desktop,     ///< open the desktop app: no argument, an existing STUDY.json, or --bench-gui [FILE]
    AppCommand,  ///< a headless command whose code is in ropescope-app (AppCommands.h)
    Headless,    ///< everything else: a core command, --help, --version, or bad input (run() says why)
};
Route route(const std::vector<std::string>& args);

/// Runs a headless command. Commands of AppCommands.h run only if `appCommands` holds them
/// (ropescope-app passes appCommands()); otherwise they fail with a message (exit 1). After the
/// command, `out` is flushed and checked: a failed write is exit 1 with a message.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        const CommandTable& appCommands = {});

/// "unknown command 'positon' (did you mean 'positions'?)" for a name that is no command.
std::string unknownCommandMessage(const std::string& name);

}  // namespace rope::cli
