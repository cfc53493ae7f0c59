#include "JsonWriter.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace rope::cli {

void JsonWriter::value(double v) {
    separate();
    if (!std::isfinite(v)) {  // JSON has no NaN/Inf; never reached for valid parameters
        m_out << "null";
        return;
    }
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    m_out.write(buf, r.ptr - buf);
}

void JsonWriter::writeString(const std::string& s) {
    m_out << '"';
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            m_out << '\\' << c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\u%04x", c);
            m_out << esc;
        } else {
            m_out << c;
        }
    }
    m_out << '"';
}

}  // namespace rope::cli
