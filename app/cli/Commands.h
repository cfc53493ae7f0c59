#pragma once
// The command table behind rope::cli::run (Cli.h). Core commands carry their function (Cli.cpp,
// linked into both executables); app commands (AppCommands.h) are known here by name and summary
// only, so the light front can route to ropescope-app, list them in --help and suggest them.
#include <map>
#include <string>

#include "Cli.h"

namespace rope::cli {

struct Command {
    std::string summary;
    CommandFn run;
};

/// The core commands by name (Cli.cpp).
const std::map<std::string, Command>& commands();

/// True if `name` is a command of AppCommands.h (its code is in ropescope-app).
bool isAppCommand(const std::string& name);

/// Name → summary of every command, core and app alike, in name order (--help, suggestions).
std::map<std::string, std::string> commandSummaries();

}  // namespace rope::cli
