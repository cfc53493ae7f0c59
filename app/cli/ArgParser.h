#pragma once
// Turns `--flag value`, `--option key=value` and bare switches into a Params through the parameter
// schema. Unknown flags are errors (InvalidParameter) that list what is allowed. Every value is
// taken as given, never trimmed or defaulted: an empty value or one that starts or ends with white
// space is refused (checkedValue), so `--grid ""` or `--frames " 8"` cannot pass for a default.
// A custom variant can stand in for --variant: `--variant-file mine.json`, or `--design NAME
// --allocation NAME [--variant-name NAME] [--option design.key=value …]` (catalogue names and keys,
// `ropescope variants --designs`); it is registered for the process and behaves as a built-in.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/Params.h"

namespace rope::cli {

struct ParsedArgs {
    Params params;
    std::set<std::string> switches;  ///< e.g. "json"
    std::vector<std::string> given;  ///< schema keys set on the command line, in order
    std::map<std::string, std::string> values;  ///< command-specific `--flag value`s, e.g. "video"
};

/// `value` of `flag`, or InvalidParameter if it is empty or starts or ends with white space.
const std::string& checkedValue(const std::string& flag, const std::string& value);

/// `allowedSwitches` are flags without a value ("json"); every other flag must be in the schema.
ParsedArgs parseArgs(const std::vector<std::string>& args, const std::set<std::string>& allowedSwitches);

/// Also accepts the command's own `--name value` flags (`valueFlags`, names without dashes, which
/// must not be schema flags); their text lands in ParsedArgs::values, the last one given wins.
ParsedArgs parseArgs(const std::vector<std::string>& args, const std::set<std::string>& allowedSwitches,
                     const std::set<std::string>& valueFlags);

}  // namespace rope::cli
