#pragma once
// The one place core reads numbers and lists out of text (sequences, grids, band lists, V-NIAH
// ranges, capture metadata). Strict by design: a number is the whole text, nothing before or after
// it; callers decide where blanks are allowed by trimming first.
#include <cstdint>
#include <cstddef>
#include <string>
#include <string_view>

namespace rope {

/// `s` without spaces and tabs at either end.
std::string_view trimBlanks(std::string_view s);

/// True when all of `s` is a decimal integer that fits int64 ("-3", "42"; not "", " 4", "4x",
/// "+4", "4.0"); the value goes to `out`.
bool parseWhole(std::string_view s, int64_t& out);

/// True when all of `s` is a finite decimal number ("0.5", "-2", "1e3"; not "", "inf", "nan",
/// "1e999", " 1"); the value goes to `out`.
bool parseFinite(std::string_view s, double& out);

/// `s` as it may be echoed in a one-line message: at most `maxChars` bytes of it (then "…"), with
/// control characters, quotes and backslashes escaped (\n, \t, \", \\, \xHH), inside double quotes.
/// Never echo an untrusted value any other way.
std::string quoteBounded(std::string_view s, size_t maxChars = 80);

}  // namespace rope
