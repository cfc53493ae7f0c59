#pragma once
// Turns `--flag value`, `--option key=value` and bare switches into a Params through the parameter
// schema. Unknown flags are errors (InvalidParameter) that list what is allowed.
#include <set>
#include <string>
#include <vector>

#include "core/Params.h"

namespace rope::cli {

struct ParsedArgs {
    Params params;
    std::set<std::string> switches;  ///< e.g. "json"
    std::vector<std::string> given;  ///< schema keys set on the command line, in order
};

/// `allowedSwitches` are flags without a value ("json"); every other flag must be in the schema.
ParsedArgs parseArgs(const std::vector<std::string>& args, const std::set<std::string>& allowedSwitches);

}  // namespace rope::cli
