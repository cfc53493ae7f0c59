#pragma once
// Small text helpers shared by the schema, the registry and the file readers.
#include <string>
#include <vector>

namespace rope {

/// Formats a double the shortest way that reads back to the same value ("2", "0.5", "1e+06").
std::string formatNumber(double v);
/// "a, b, c" (or with another separator).
std::string joinText(const std::vector<std::string>& parts, const char* sep = ", ");

}  // namespace rope
