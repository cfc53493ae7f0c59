#pragma once
// `ropescope variants [--json]`: every variant of the registry with its design, allocation,
// natural defaults, declared options and the reference it follows (core/variants/Variant.h).
#include <ostream>
#include <string>
#include <vector>

namespace rope::cli {

int variantsCommand(const std::vector<std::string>& args, std::ostream& out);

}  // namespace rope::cli
