// rope::cli::route and rope::cli::run: which executable handles the arguments, which command runs,
// how its errors become one line and an exit status, and the final check of stdout.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <new>
#include <ostream>

#include "AppCommands.h"
#include "Cli.h"
#include "Commands.h"
#include "core/Errors.h"

namespace rope::cli {
namespace {

struct AppCommandName {
    const char* name;
    const char* summary;
};
#define ROPE_APP_COMMAND_NAME(name, summary, function) {name, summary},
constexpr AppCommandName kAppCommandNames[] = {ROPESCOPE_APP_COMMANDS(ROPE_APP_COMMAND_NAME)};
#undef ROPE_APP_COMMAND_NAME

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool endsWithJson(const std::string& a) { return a.size() > 5 && lower(a.substr(a.size() - 5)) == ".json"; }

bool isStudyFile(const std::string& a) {
    std::error_code ec;
    return endsWithJson(a) && std::filesystem::is_regular_file(a, ec);
}

/// Edit distance (insert, delete, substitute one character), for "did you mean".
size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

/// The command (or --help / --version) closest to `name`, if it is close enough to be a typo.
std::string nearestCommand(const std::string& name) {
    if (name.empty() || name.size() > 64) return {};
    std::vector<std::string> candidates = {"--help", "--version"};
    for (const auto& [command, summary] : commandSummaries()) candidates.push_back(command);
    const std::string typed = lower(name);
    std::string best;
    size_t bestDistance = SIZE_MAX;
    for (const std::string& c : candidates) {
        const bool prefix = typed.size() >= 3 && c.rfind(typed, 0) == 0;
        const size_t d = prefix ? 0 : editDistance(typed, c);
        if (d < bestDistance && d <= std::max<size_t>(1, c.size() / 3)) best = c, bestDistance = d;
    }
    return best;
}

std::string quoted(const std::string& s) {
    std::string q(1, '\'');
    q += printable(s);
    q += '\'';
    return q;
}

/// One line on `err` for an error of `command`: control characters escaped, length bounded.
void report(std::ostream& err, const std::string& command, const std::string& message) {
    err << "ropescope";
    if (!command.empty()) err << ' ' << printable(command, 40);
    err << ": " << printable(message, 1000) << "\n";
}

int runCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
               const CommandTable& appCommands) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") return commands().at("help").run({}, out);
    const std::string& name = args[0];
    if (name == "--version") {
        out << "ropescope 0.1.0\n";
        return kExitOk;
    }
    CommandFn fn;
    if (const auto core = commands().find(name); core != commands().end()) fn = core->second.run;
    else if (const auto app = appCommands.find(name); app != appCommands.end()) fn = app->second;
    if (!fn) {
        if (isAppCommand(name)) {
            report(err, name, "runs in ropescope-app (the GUI and ML code), and this program has the core commands only");
            return kExitFailure;
        }
        if (endsWithJson(name))
            report(err, "", args.size() == 1 ? "no study file " + quoted(name) + " (not found, or not a regular file)"
                                             : "a study file is opened on its own: ropescope STUDY.json (got " +
                                                   std::to_string(args.size()) + " arguments)");
        else if (name == "--bench-gui")
            report(err, "", "--bench-gui takes at most one FILE (got " + std::to_string(args.size() - 1) + ")");
        else
            report(err, "", unknownCommandMessage(name));
        return kExitBadInput;
    }
    try {
        return fn({args.begin() + 1, args.end()}, out);
    } catch (const InvalidParameter& e) {
        report(err, name, e.what());
    } catch (const TooLarge& e) {
        report(err, name, e.what());
    } catch (const WriteFailed& e) {  // before BadFile, its base: a failed write is exit 1 (cli.md)
        report(err, name, e.what());
        return kExitFailure;
    } catch (const BadFile& e) {
        report(err, name, e.what());
    } catch (const std::bad_alloc&) {
        report(err, name, "out of memory; use a smaller sequence or lower memory_budget_mib");
    } catch (const std::exception& e) {
        report(err, name, std::string("internal error: ") + e.what() + " (please report it)");
        return kExitFailure;
    } catch (...) {
        report(err, name, "internal error: an unknown exception (please report it)");
        return kExitFailure;
    }
    return kExitBadInput;
}

}  // namespace

bool isAppCommand(const std::string& name) {
    return std::any_of(std::begin(kAppCommandNames), std::end(kAppCommandNames),
                       [&](const AppCommandName& c) { return name == c.name; });
}

std::map<std::string, std::string> commandSummaries() {
    std::map<std::string, std::string> all;
    for (const auto& [name, command] : commands()) all[name] = command.summary;
    for (const AppCommandName& c : kAppCommandNames) all[c.name] = c.summary;
    return all;
}

Route route(const std::vector<std::string>& args) {
    if (args.empty()) return Route::Desktop;
    if (args[0] == "--bench-gui" && args.size() <= 2) return Route::Desktop;
    if (args.size() == 1 && isStudyFile(args[0])) return Route::Desktop;
    if (isAppCommand(args[0])) return Route::AppCommand;
    return Route::Headless;
}

std::string unknownCommandMessage(const std::string& name) {
    const std::string nearest = nearestCommand(name);
    if (!nearest.empty()) return "unknown command " + quoted(name) + " (did you mean " + quoted(nearest) + "?)";
    if (name.rfind('-', 0) == 0)
        return "unknown command " + quoted(name) + " (the command comes first; ropescope --help lists them)";
    return "unknown command " + quoted(name) + " (ropescope --help lists the commands)";
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const CommandTable& appCommands) {
    const int status = runCommand(args, out, err, appCommands);
    // The answer is only delivered once it has left the buffer: a full disk or a closed pipe is
    // an error (exit 1), never a silent success.
    const bool failedBefore = !out;
    errno = 0;
    out.flush();
    if (out) return status;
    const int cause = errno;
    const std::string why = !failedBefore && cause != 0 ? std::string(": ") + std::strerror(cause) : "";
    report(err, args.empty() ? "" : args[0], "cannot write the output to stdout" + why);
    return kExitFailure;
}

}  // namespace rope::cli
