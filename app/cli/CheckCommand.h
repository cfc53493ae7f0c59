#pragma once
// `ropescope check`: compare a pipeline's dumped position ids (and cos/sin) with a variant
// (core/check/). Exit 0 match, 1 mismatch (with the first mismatching tokens, the count per
// segment and the diagnosis), 2 bad input (a file that cannot be read names the file).
#include <iosfwd>
#include <string>
#include <vector>

namespace rope::cli {

int checkCommand(const std::vector<std::string>& args, std::ostream& out);

}  // namespace rope::cli
