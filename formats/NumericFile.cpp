// .npy and JSON arrays of numbers from a user's pipeline (formats/NumericFile.h), read as untrusted
// input: sizes checked before allocation, every failure a BadFile naming the file.
#include "formats/NumericFile.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "core/Errors.h"
#include "formats/Safetensors.h"

#include <nlohmann/json.hpp>

namespace rope {
namespace {

constexpr size_t kMaxDims = 4;
constexpr size_t kMaxNpyHeader = 1 << 16;  // numpy writes < 100 bytes; 64 KiB is generous
constexpr int kMaxJsonDepth = 8;

[[noreturn]] void fail(const std::string& source, const std::string& problem) {
    throw BadFile(source + ": " + problem);
}

/// The dict literal of an .npy header: {'descr': '<f4', 'fortran_order': False, 'shape': (3, 17), }
struct NpyHeader {
    std::string descr;
    bool fortran = false;
    std::vector<int64_t> shape;
};

class HeaderParser {
public:
    HeaderParser(std::string_view text, const std::string& source) : m_s(text), m_source(source) {}

    NpyHeader parse() {
        NpyHeader h;
        bool haveDescr = false, haveOrder = false, haveShape = false;
        expect('{');
        while (peek() != '}') {
            const std::string key = quoted();
            expect(':');
            if (key == "descr") h.descr = quoted(), haveDescr = true;
            else if (key == "fortran_order") h.fortran = boolean(), haveOrder = true;
            else if (key == "shape") h.shape = tuple(), haveShape = true;
            else bad("unknown header key '" + printable(key, 40) + "'");
            if (peek() == ',') ++m_i;
        }
        ++m_i;
        if (!haveDescr || !haveOrder || !haveShape) bad("the header lacks 'descr', 'fortran_order' or 'shape'");
        return h;
    }

private:
    [[noreturn]] void bad(const std::string& what) {
        fail(m_source, "not a valid .npy header (" + what + "); save the array with numpy.save");
    }
    char peek() {
        while (m_i < m_s.size() && std::isspace(static_cast<unsigned char>(m_s[m_i]))) ++m_i;
        if (m_i >= m_s.size()) bad("it ends early");
        return m_s[m_i];
    }
    void expect(char c) {
        if (peek() != c) bad(std::string("expected '") + c + "'");
        ++m_i;
    }
    std::string quoted() {
        const char q = peek();
        if (q != '\'' && q != '"') bad("expected a quoted name");
        const size_t end = m_s.find(q, ++m_i);
        if (end == std::string_view::npos || end - m_i > 64) bad("unterminated name");
        std::string out(m_s.substr(m_i, end - m_i));
        m_i = end + 1;
        return out;
    }
    bool boolean() {
        peek();
        for (const auto& [word, value] : {std::pair{"True", true}, std::pair{"False", false}})
            if (m_s.substr(m_i, std::strlen(word)) == word) {
                m_i += std::strlen(word);
                return value;
            }
        bad("fortran_order must be True or False");
    }
    std::vector<int64_t> tuple() {
        std::vector<int64_t> dims;
        expect('(');
        while (peek() != ')') {
            if (!std::isdigit(static_cast<unsigned char>(m_s[m_i]))) bad("shape must be a tuple of whole numbers");
            int64_t v = 0;
            while (m_i < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[m_i]))) {
                if (v > (INT64_MAX - 9) / 10) bad("a dimension is too large");
                v = v * 10 + (m_s[m_i++] - '0');
            }
            dims.push_back(v);
            if (dims.size() > kMaxDims)
                fail(m_source, "has more than " + std::to_string(kMaxDims) + " dimensions; expected e.g. [3, N]");
            if (peek() == ',') ++m_i;
            else if (peek() != ')') bad("shape dimensions must be separated by commas");
        }
        ++m_i;
        return dims;
    }
    std::string_view m_s;
    const std::string& m_source;
    size_t m_i = 0;
};

struct Dtype {
    const char* name;
    size_t size;
    bool isFloat;
};

/// numpy's descr → our reading; '<' little-endian, '=' native (little on every host we build for), '|' n/a.
Dtype dtypeOf(const std::string& descr, const std::string& source) {
    static const std::map<std::string, Dtype> known = {
        {"f2", {"float16", 2, true}}, {"f4", {"float32", 4, true}}, {"f8", {"float64", 8, true}},
        {"i2", {"int16", 2, false}},  {"i4", {"int32", 4, false}},  {"i8", {"int64", 8, false}},
    };
    const char order = descr.empty() ? '?' : descr[0];
    const auto it = known.find(descr.size() > 1 ? descr.substr(1) : "");
    if (order == '>' && it != known.end())
        fail(source, "is big-endian (" + printable(descr) + "); save it with arr.astype(arr.dtype.newbyteorder('<'))");
    if ((order != '<' && order != '=' && order != '|') || it == known.end())
        fail(source, "has dtype '" + printable(descr, 20) +
                         "'; expected float16/32/64 or int16/32/64 (e.g. position_ids.numpy().astype('int64'))");
    return it->second;
}

double load(const unsigned char* p, const Dtype& t) {
    uint64_t bits = 0;
    for (size_t b = 0; b < t.size; ++b) bits |= uint64_t(p[b]) << (8 * b);  // little-endian
    switch (t.size) {
        case 2: return t.isFloat ? halfToFloat(static_cast<uint16_t>(bits)) : static_cast<int16_t>(bits);
        case 4: {
            if (!t.isFloat) return static_cast<int32_t>(static_cast<uint32_t>(bits));
            float f;
            const uint32_t b32 = static_cast<uint32_t>(bits);
            std::memcpy(&f, &b32, 4);
            return f;
        }
        default: {
            if (!t.isFloat) return static_cast<double>(static_cast<int64_t>(bits));
            double d;
            std::memcpy(&d, &bits, 8);
            return d;
        }
    }
}

/// product(shape) with overflow and limit checks.
size_t checkedCount(const std::vector<int64_t>& shape, size_t maxValues, const std::string& source,
                    const std::string& shown) {
    uint64_t n = 1;
    for (const int64_t d : shape) {
        if (d < 0 || __builtin_mul_overflow(n, static_cast<uint64_t>(d), &n) || n > maxValues)
            fail(source, "shape " + shown + " holds more than " + std::to_string(maxValues) +
                             " values; this is not a positions or cos/sin file of a sequence RoPEScope can lay out");
    }
    return static_cast<size_t>(n);
}

void requireFinite(const NumericArray& a) {
    for (size_t i = 0; i < a.values.size(); ++i)
        if (!std::isfinite(a.values[i]))
            fail(a.source, "value " + std::to_string(i) + " (row-major) is " + (std::isnan(a.values[i]) ? "NaN" : "infinite") +
                               "; position ids and cos/sin must be finite");
}

using nlohmann::json;

/// Walks a nested JSON list into shape + values; every sibling list must have the same length.
void flatten(const json& v, size_t depth, NumericArray& out, size_t maxValues) {
    if (v.is_number()) {
        if (depth != out.shape.size()) fail(out.source, "mixes numbers and lists at one level; expected [[t…], [h…], [w…]]");
        if (out.values.size() >= maxValues) fail(out.source, "holds more than " + std::to_string(maxValues) + " values");
        out.values.push_back(v.get<double>());
        return;
    }
    if (!v.is_array())
        fail(out.source, std::string("holds a JSON ") + v.type_name() + " where a number or a list was expected");
    if (depth == out.shape.size()) {
        if (!out.values.empty()) fail(out.source, "mixes numbers and lists at one level; expected [[t…], [h…], [w…]]");
        if (depth >= kMaxDims) fail(out.source, "nests lists deeper than " + std::to_string(kMaxDims) + " levels");
        out.shape.push_back(static_cast<int64_t>(v.size()));
    } else if (depth > out.shape.size() || out.shape[depth] != static_cast<int64_t>(v.size())) {
        fail(out.source, "is not rectangular: lists at level " + std::to_string(depth + 1) + " have different lengths");
    }
    for (const json& e : v) flatten(e, depth + 1, out, maxValues);
}

}  // namespace

NumericArray parseNpy(std::string_view bytes, const std::string& source, size_t maxValues) {
    const auto* u = reinterpret_cast<const unsigned char*>(bytes.data());
    if (bytes.size() < 10 || bytes.substr(0, 6) != std::string_view("\x93NUMPY", 6))
        fail(source, "is not a .npy file (no \\x93NUMPY magic); save the array with numpy.save");
    const unsigned major = u[6];
    if (major < 1 || major > 3) fail(source, "is .npy format version " + std::to_string(major) + "; versions 1 to 3 are read");
    const size_t lengthBytes = major == 1 ? 2 : 4;
    if (bytes.size() < 8 + lengthBytes) fail(source, "is truncated inside the .npy preamble");
    size_t headerLen = 0;
    for (size_t b = 0; b < lengthBytes; ++b) headerLen |= size_t(u[8 + b]) << (8 * b);
    const size_t dataStart = 8 + lengthBytes + headerLen;
    if (headerLen > kMaxNpyHeader) fail(source, "declares a " + std::to_string(headerLen) + "-byte .npy header (numpy writes under 64 KiB)");
    if (dataStart > bytes.size())
        fail(source, "is truncated: the header claims " + std::to_string(headerLen) + " bytes, the file has " +
                         std::to_string(bytes.size() - 8 - lengthBytes));
    const NpyHeader h = HeaderParser(bytes.substr(8 + lengthBytes, headerLen), source).parse();
    const Dtype t = dtypeOf(h.descr, source);
    if (h.fortran) fail(source, "is in Fortran order; save numpy.ascontiguousarray(arr) instead");
    NumericArray a;
    a.shape = h.shape, a.dtype = t.name, a.source = source;
    const size_t count = checkedCount(h.shape, maxValues, source, a.shapeText());
    const size_t have = bytes.size() - dataStart;
    if (have != count * t.size)
        fail(source, std::string(have < count * t.size ? "is truncated" : "has extra bytes") + ": shape " + a.shapeText() +
                         " of " + t.name + " needs " + std::to_string(count * t.size) + " data bytes, the file has " +
                         std::to_string(have));
    a.values.resize(count);
    for (size_t i = 0; i < count; ++i) a.values[i] = load(u + dataStart + i * t.size, t);
    requireFinite(a);
    return a;
}

NumericArray parseNumericJson(std::string_view text, const std::string& source, size_t maxValues) {
    // nlohmann's lexer ends the input at a NUL byte ("0\0[[…" would read as the number 0).
    if (const size_t nul = text.find('\0'); nul != std::string_view::npos)
        fail(source, "has a NUL byte at offset " + std::to_string(nul) + "; expected a JSON text file");
    json doc;
    try {
        doc = json::parse(text, [&source](int depth, json::parse_event_t, json&) {
            if (depth > kMaxJsonDepth) fail(source, "nests JSON deeper than " + std::to_string(kMaxJsonDepth) + " levels");
            return true;
        });
    } catch (const json::exception& e) {
        fail(source, std::string("is not valid JSON (") + e.what() + ")");
    }
    NumericArray a;
    a.dtype = "json", a.source = source;
    if (doc.is_object()) {  // `ropescope positions --json`: {"t": […], "h": […], "w": […], "streams": […]}
        json rows = json::array();
        if (doc.contains("streams")) rows = doc["streams"];
        else if (doc.contains("t") && doc.contains("h") && doc.contains("w")) rows = {doc["t"], doc["h"], doc["w"]};
        else fail(source, "is a JSON object without \"t\", \"h\", \"w\" lists; expected [[t…], [h…], [w…]]");
        flatten(rows, 0, a, maxValues);
    } else if (doc.is_array()) {
        flatten(doc, 0, a, maxValues);
    } else {
        fail(source, "is a single JSON value, not a list; expected [[t…], [h…], [w…]]");
    }
    requireFinite(a);
    return a;
}

NumericArray readNumericFile(const std::string& path, size_t maxValues) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const std::string shown = printable(path, 200);
    if (ext != ".npy" && ext != ".json") fail(shown, "must be a .npy or .json file (got extension '" + printable(ext, 20) + "')");
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (status.type() == std::filesystem::file_type::not_found) fail(shown, "does not exist");
    if (ec) fail(shown, "cannot be opened (" + ec.message() + ")");
    if (status.type() != std::filesystem::file_type::regular) fail(shown, "is not a regular file");
    const uintmax_t size = std::filesystem::file_size(path, ec);
    // JSON spends at least two bytes per number ("0,"); .npy at most 8 per value plus its header.
    const uintmax_t limit = ext == ".npy" ? maxValues * 8 + kMaxNpyHeader + 16 : uintmax_t(maxValues) * 32;
    if (ec) fail(shown, "cannot be read (" + ec.message() + ")");
    if (size > limit) fail(shown, "is " + std::to_string(size) + " bytes, more than a positions or cos/sin file can be");
    std::ifstream in(path, std::ios::binary);
    std::string bytes(static_cast<size_t>(size), '\0');
    if (!in || !in.read(bytes.data(), static_cast<std::streamsize>(size))) fail(shown, "cannot be read");
    return ext == ".npy" ? parseNpy(bytes, shown, maxValues) : parseNumericJson(bytes, shown, maxValues);
}

}  // namespace rope
