#pragma once
// Reading untrusted JSON (study files, variant files): a size cap checked before parsing, a depth
// limit enforced while parsing (deeper input is refused before it is built), and values echoed in
// messages only bounded. Core-internal: includes nlohmann-json.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace rope {

/// Parses `text` from `source`. `kind` names the file type in messages ("study file"). Throws
/// BadFile "<source>: …" when text is over maxBytes, nested deeper than maxDepth, or not JSON.
nlohmann::json parseJsonInput(std::string_view text, const std::string& source, const std::string& kind,
                              size_t maxBytes, int maxDepth = 64);

/// An untrusted value for a message: scalars quoted and cut at 80 characters, containers by type
/// only (never dump() a structure: it recurses and may be huge).
std::string shownJson(const nlohmann::json& v);

}  // namespace rope
