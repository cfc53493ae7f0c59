#include "TextFormat.h"

#include <charconv>

namespace rope {

std::string formatNumber(double v) {
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : std::to_string(v);
}

std::string joinText(const std::vector<std::string>& parts, const char* sep) {
    std::string out;
    for (const auto& s : parts) out += (out.empty() ? "" : sep) + s;
    return out;
}

}  // namespace rope
