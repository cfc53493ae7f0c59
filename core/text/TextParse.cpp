#include "core/text/TextParse.h"

#include <charconv>
#include <cmath>

namespace rope {

std::string_view trimBlanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool parseWhole(std::string_view s, int64_t& out) {
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return false;
    out = v;
    return true;
}

bool parseFinite(std::string_view s, double& out) {
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return false;
    out = v;
    return true;
}

std::string quoteBounded(std::string_view s, size_t maxChars) {
    static const char* kHex = "0123456789abcdef";
    std::string out = "\"";
    const bool cut = s.size() > maxChars;
    if (cut) {
        s = s.substr(0, maxChars);
        // Do not end inside a UTF-8 sequence: cut before a last sequence that is incomplete.
        size_t lead = s.size();
        for (int back = 0; back < 3 && lead > 0 && (static_cast<unsigned char>(s[lead - 1]) & 0xC0) == 0x80; ++back) --lead;
        if (lead > 0) {
            const auto b = static_cast<unsigned char>(s[lead - 1]);
            const size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            if (need > 1 && lead - 1 + need > s.size()) s = s.substr(0, lead - 1);
        }
    }
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"') out += "\\\"";
        else if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c < 0x20 || c == 0x7F) {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else out += ch;
    }
    out += cut ? "\"…" : "\"";
    return out;
}

}  // namespace rope
