#pragma once
// Errors the user can cause. Every message names the input, the value given and the rule,
// so the CLI can print it on one line and the GUI can show it in a dialog unchanged.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>

namespace rope {

/// `text` made safe to echo on one line: control characters (C0, DEL, C1), line/paragraph
/// separators and bidirectional overrides become escapes (\n, \t, \r, \xHH, \uHHHH), as does every
/// byte that is not part of valid UTF-8; other UTF-8 is kept. Only the first `maxChars` characters
/// of `text` are shown, followed by "…" if there were more. Every echoed input goes through this.
inline std::string printable(std::string_view text, size_t maxChars = 80) {
    std::string out;
    size_t i = 0;
    for (size_t chars = 0; i < text.size() && chars < maxChars; ++chars) {
        const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
        const unsigned b = byte(0);
        size_t len = b < 0x80 ? 1 : b < 0xC2 ? 0 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : b < 0xF5 ? 4 : 0;
        unsigned cp = len == 1 ? b : b & (0x7Fu >> len);
        for (size_t k = 1; k < len; ++k) {
            if (i + k >= text.size() || (byte(k) & 0xC0) != 0x80) {
                len = 0;
                break;
            }
            cp = cp << 6 | (byte(k) & 0x3F);
        }
        const size_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
        if (len > 1 && (cp < minimum[len] || (cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF)) len = 0;
        char esc[12];
        if (len == 0) {
            std::snprintf(esc, sizeof esc, "\\x%02X", b);
            out += esc;
            ++i;
            continue;
        }
        const bool hidden = cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x2028 && cp <= 0x202E) ||
                            (cp >= 0x2066 && cp <= 0x2069);
        if (!hidden) out.append(text.substr(i, len));
        else if (cp == '\n') out += "\\n";
        else if (cp == '\t') out += "\\t";
        else if (cp == '\r') out += "\\r";
        else {
            if (cp < 0x80) std::snprintf(esc, sizeof esc, "\\x%02X", cp);
            else std::snprintf(esc, sizeof esc, "\\u%04X", cp);
            out += esc;
        }
        i += len;
    }
    if (i < text.size()) out += "\u2026";  // …
    return out;
}

/// A parameter (or part of one) broke a rule: "delta must be > 0 (got -1)". The message shows the
/// name and value through printable(); name() and value() keep them as given.
class InvalidParameter : public std::invalid_argument {
public:
    InvalidParameter(std::string name, std::string value, std::string rule)
        : std::invalid_argument(printable(name) + " " + rule + " (got " + quoteIfEmpty(value) + ")"),
          m_name(std::move(name)), m_value(std::move(value)), m_rule(std::move(rule)) {}
    const std::string& name() const { return m_name; }
    const std::string& value() const { return m_value; }
    const std::string& rule() const { return m_rule; }

private:
    /// Quoted when the quotes carry information: an empty value, or white space at either end.
    static std::string quoteIfEmpty(const std::string& v) {
        const bool edge = !v.empty() && (v.front() == ' ' || v.back() == ' ' || v.front() == '\t' || v.back() == '\t');
        std::string shown = printable(v);
        if (v.empty() || edge) shown.insert(shown.begin(), '"'), shown.push_back('"');
        return shown;
    }
    std::string m_name, m_value, m_rule;
};

/// The work asked for would need more memory than the budget allows.
class TooLarge : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A file (study, capture, ...) could not be read or understood.
class BadFile : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Output could not be written although the request was fine: disk full, an I/O error, a rename
/// that failed mid-commit. The CLI exits 1 for it (a failed write), not 2 (bad input); everything
/// else about files the user named (missing folder, no permission, a file where a folder belongs)
/// stays BadFile.
class WriteFailed : public BadFile {
public:
    using BadFile::BadFile;
};

/// A long job was stopped through its Progress callback (core/Progress.h) or a cancel flag.
class Cancelled : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace rope
