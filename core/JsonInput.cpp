#include "JsonInput.h"

#include "Errors.h"
#include "text/TextParse.h"

namespace rope {

nlohmann::json parseJsonInput(std::string_view text, const std::string& source, const std::string& kind,
                              size_t maxBytes, int maxDepth) {
    if (text.size() > maxBytes) {
        const std::string limit = maxBytes >= (size_t(1) << 20) ? std::to_string(maxBytes >> 20) + " MiB"
                                                                : std::to_string(maxBytes >> 10) + " KiB";
        throw BadFile(source + ": " + std::to_string(text.size()) + " bytes is over the " + limit + " a " + kind +
                      " may have; this is not a " + kind);
    }
    // nlohmann's lexer ends the input at a NUL byte, so "{…}\0anything" would parse as "{…}" and
    // the rest be ignored silently: a JSON text never contains one.
    if (const size_t nul = text.find('\0'); nul != std::string_view::npos)
        throw BadFile(source + ": has a NUL byte at offset " + std::to_string(nul) + "; this is not a " + kind +
                      " (a JSON text file)");
    try {
        return nlohmann::json::parse(text, [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
            if (depth > maxDepth)
                throw BadFile(source + ": JSON nested deeper than " + std::to_string(maxDepth) + " levels; this is not a " +
                              kind);
            return true;
        });
    } catch (const nlohmann::json::exception& e) {  // parse errors and out-of-range numbers (1e309)
        throw BadFile(source + ": not valid JSON (" + std::string(e.what()) + ")");
    }
}

std::string shownJson(const nlohmann::json& v) {
    if (v.is_structured()) return std::string("a JSON ") + v.type_name();
    return quoteBounded(v.dump());
}

}  // namespace rope
