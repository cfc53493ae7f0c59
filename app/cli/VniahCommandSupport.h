#pragma once
// What `ropescope vniah` and `ropescope vniah-ablation` share (VniahCommand.cpp,
// VniahAblationCommand.cpp): their flags beyond the parameter schema, the run control, the grid's
// JSON / CSV / PNG files, and the help text of the grid flags, generated from the schema.
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ArgParser.h"
#include "JsonWriter.h"
#include "LongRun.h"
#include "core/vniah/VniahExperiment.h"
#include "formats/OutputTransaction.h"

namespace rope::cli::vniahcli {

struct CommandArgs {
    ParsedArgs parsed;
    std::map<std::string, std::string> extra;  // out, threads, capture, sweep, values
    bool has(const std::string& sw) const { return parsed.switches.count(sw) > 0; }
};


/// Splits the command's own value flags (out, threads, capture, …) from the schema's flags.
CommandArgs parseCommandArgs(const std::vector<std::string>& args, const std::set<std::string>& valueFlags,
                             const std::set<std::string>& switches);
int threadsOf(const CommandArgs& a);
void refuseCapture(const CommandArgs& a);
int64_t wholeNumber(const std::string& flag, const std::string& text);
std::optional<std::filesystem::path> outDirOf(const CommandArgs& a);
/// {"variant", "task", "accuracy", "lengths", "depths", "success", "seeds"} of one grid.
std::string gridJson(const VniahGrid& g);
std::string fileStem(const std::string& label);
/// vniah-STEM-TASK.json / .csv / .png into dir, through the run's transaction.
void addGridFiles(OutputTransaction& files, const std::filesystem::path& dir, const VniahGrid& g, const std::string& stem);
void writeIntArray(JsonWriter& j, const std::vector<int64_t>& v);
void writeGrid(JsonWriter& j, const VniahGrid& g);
std::string seconds(std::chrono::steady_clock::time_point start);
/// Ctrl-C: rolls the files back, says so, exit 130.
int interrupted(const std::string& command, OutputTransaction& files);
RunControl controlFor(const CommandArgs& a, Progress& progress);
std::string pct(double v);
bool wantsHelp(const std::vector<std::string>& args);
/// "Grid and content" and "Output and control" help, with the variant names and every vniah.*
/// flag, its help and its default read from the parameter schema.
std::string gridFlagsHelp();

}  // namespace rope::cli::vniahcli
