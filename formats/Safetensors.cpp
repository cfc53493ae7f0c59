#include "Safetensors.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <system_error>

#include "core/Errors.h"

namespace rope {
namespace {

using Json = nlohmann::json;

constexpr uint64_t kMaxHeaderBytes = 100ull * 1024 * 1024;  // the limit the reference reader uses
constexpr size_t kMaxRank = 8;
constexpr int kMaxDepth = 3;  // top object → entry object → shape array
// Bounds on what the JSON parser builds, so a header of up to 100 MiB cannot make it allocate
// many times that: a model file has a few thousand tensors, a capture two.
constexpr size_t kMaxJsonItems = 1'000'000;  // keys + values in the whole header

[[noreturn]] void failWith(const std::string& source, const std::string& problem, const std::string& layout) {
    throw BadFile(source + ": " + problem + "; expected " + layout);
}

/// Byte size of every dtype name the safetensors format defines (0 = not a safetensors dtype).
size_t dtypeSize(const std::string& d) {
    static const std::pair<const char*, size_t> kSizes[] = {
        {"BOOL", 1}, {"U8", 1}, {"I8", 1}, {"F8_E5M2", 1}, {"F8_E4M3", 1}, {"I16", 2}, {"U16", 2}, {"F16", 2},
        {"BF16", 2}, {"I32", 4}, {"U32", 4}, {"F32", 4}, {"F64", 8}, {"I64", 8}, {"U64", 8}};
    for (const auto& [name, size] : kSizes)
        if (d == name) return size;
    return 0;
}

bool mulOverflows(uint64_t a, uint64_t b, uint64_t& out) { return __builtin_mul_overflow(a, b, &out); }

/// A non-negative JSON integer as uint64, or false (negative, fractional, too large, not a number).
bool asUnsigned(const Json& v, uint64_t& out) {
    if (v.is_number_unsigned()) {
        out = v.get<uint64_t>();
        return true;
    }
    if (v.is_number_integer()) {  // signed: only reached for negative values
        const int64_t s = v.get<int64_t>();
        if (s < 0) return false;
        out = static_cast<uint64_t>(s);
        return true;
    }
    return false;
}

std::string shapeText(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

/// Thrown from the parser callback to stop early; turned into BadFile below.
struct HeaderShapeError {
    std::string what;
};

uint16_t loadU16(const std::byte* p) {
    return static_cast<uint16_t>(std::to_integer<unsigned>(p[0]) | (std::to_integer<unsigned>(p[1]) << 8));
}
uint32_t loadU32(const std::byte* p) {
    return std::to_integer<uint32_t>(p[0]) | (std::to_integer<uint32_t>(p[1]) << 8) |
           (std::to_integer<uint32_t>(p[2]) << 16) | (std::to_integer<uint32_t>(p[3]) << 24);
}
uint64_t loadU64(const std::byte* p) { return uint64_t(loadU32(p)) | (uint64_t(loadU32(p + 4)) << 32); }

}  // namespace

const char* dtypeName(TensorDtype t) {
    switch (t) {
        case TensorDtype::F32: return "F32";
        case TensorDtype::F16: return "F16";
        case TensorDtype::BF16: return "BF16";
    }
    return "?";
}

// ---- half / bfloat16 --------------------------------------------------------------------------

float halfToFloat(uint16_t h) {
    const uint32_t sign = uint32_t(h & 0x8000u) << 16;
    const uint32_t exp = (h >> 10) & 0x1fu, mant = h & 0x3ffu;
    if (exp == 0) {  // zero or subnormal: mant · 2^−24, exact in float
        const float v = std::ldexp(static_cast<float>(mant), -24);
        return std::bit_cast<float>(std::bit_cast<uint32_t>(v) | sign);
    }
    if (exp == 31) return std::bit_cast<float>(sign | 0x7f800000u | (mant << 13));  // inf, NaN
    return std::bit_cast<float>(sign | ((exp + 112) << 23) | (mant << 13));
}

float bfloat16ToFloat(uint16_t b) { return std::bit_cast<float>(uint32_t(b) << 16); }

uint16_t floatToHalf(float f) {
    const uint32_t x = std::bit_cast<uint32_t>(f);
    const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
    uint32_t ax = x & 0x7fffffffu;
    if (ax >= 0x7f800000u) return sign | 0x7c00u | (ax > 0x7f800000u ? 0x200u : 0u);  // inf / quiet NaN
    if (ax >= 0x477ff000u) return sign | 0x7c00u;  // ≥ 65520 rounds to inf (65504 is the largest half)
    if (ax < 0x38800000u) {                        // below 2^−14: a half subnormal, units of 2^−24
        const float v = std::bit_cast<float>(ax) * 16777216.0f;  // exact (power of two)
        return sign | static_cast<uint16_t>(std::nearbyint(v));  // round to nearest even; 1024 = 2^−14
    }
    ax += 0xfffu + ((ax >> 13) & 1u);  // round to nearest even on the 13 dropped bits
    ax -= (127u - 15u) << 23;
    return sign | static_cast<uint16_t>(ax >> 13);
}

uint16_t floatToBfloat16(float f) {
    uint32_t x = std::bit_cast<uint32_t>(f);
    if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40u);  // quiet NaN
    x += 0x7fffu + ((x >> 16) & 1u);
    return static_cast<uint16_t>(x >> 16);
}

// ---- header -----------------------------------------------------------------------------------

int64_t SafetensorsEntry::elements() const {
    int64_t n = 1;
    for (int64_t s : shape) n *= s;  // checked when the header was parsed
    return n;
}

bool SafetensorsEntry::convertible() const { return dtype == "F32" || dtype == "F16" || dtype == "BF16"; }

const SafetensorsEntry* SafetensorsHeader::find(const std::string& name) const {
    auto it = std::lower_bound(entries.begin(), entries.end(), name,
                               [](const SafetensorsEntry& e, const std::string& n) { return e.name < n; });
    return it != entries.end() && it->name == name ? &*it : nullptr;
}

SafetensorsHeader parseSafetensorsHeader(std::string_view text, uint64_t bufferBytes, const std::string& source,
                                         const std::string& layout) {
    auto fail = [&](const std::string& problem) -> void { failWith(source, problem, layout); };
    if (text.empty()) fail("the JSON header is empty (header length 0)");
    // The reference writer puts the object first; leading spaces are tolerated.
    const size_t firstChar = text.find_first_not_of(" \t\r\n");
    if (firstChar == std::string_view::npos || text[firstChar] != '{')
        fail("the JSON header does not start with '{' (is this a safetensors file?)");

    // Parse with a callback that rejects deep nesting and duplicate names before they cost memory.
    std::set<std::string> topKeys, entryKeys;
    size_t items = 0, arrayItems = 0;
    auto callback = [&](int depth, Json::parse_event_t event, Json& parsed) -> bool {
        using E = Json::parse_event_t;
        if ((event == E::object_start || event == E::array_start) && depth >= kMaxDepth)
            throw HeaderShapeError{"the JSON header nests deeper than a safetensors header can"};
        if ((event == E::key || event == E::value) && ++items > kMaxJsonItems)
            throw HeaderShapeError{"the JSON header holds more than " + std::to_string(kMaxJsonItems) + " items"};
        if (event == E::array_start) arrayItems = 0;
        if (event == E::value && depth == kMaxDepth && ++arrayItems > kMaxRank)  // inside shape / data_offsets
            throw HeaderShapeError{"the JSON header has an array longer than " + std::to_string(kMaxRank) + " entries"};
        if (event == E::object_start && depth == 1) entryKeys.clear();
        if (event == E::key && (depth == 1 || depth == 2)) {
            const std::string k = parsed.get<std::string>();
            std::set<std::string>& seen = depth == 1 ? topKeys : entryKeys;
            if (!seen.insert(k).second)
                throw HeaderShapeError{"the JSON header names \"" + k + "\" twice" +
                                       (depth == 1 ? std::string() : std::string(" inside one tensor entry"))};
        }
        return true;
    };
    Json root;
    try {
        root = Json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true);
    } catch (const HeaderShapeError& e) {
        fail(e.what);
    } catch (const Json::exception& e) {
        fail(std::string("the header is not well-formed UTF-8 JSON (") + e.what() + ")");
    }
    if (!root.is_object()) fail("the JSON header is not an object");

    SafetensorsHeader h;
    h.source = source;
    h.bufferBytes = bufferBytes;
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string& name = it.key();
        const Json& v = it.value();
        if (name == "__metadata__") {
            if (v.is_null()) continue;
            if (!v.is_object()) fail("__metadata__ is not an object of strings");
            for (auto m = v.begin(); m != v.end(); ++m) {
                if (!m.value().is_string())
                    fail("__metadata__ value \"" + m.key() + "\" is not a string (safetensors metadata holds strings only)");
                h.metadata[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        const std::string what = "tensor \"" + name + "\"";
        if (!v.is_object()) fail(what + " is not an object {dtype, shape, data_offsets}");
        for (auto f = v.begin(); f != v.end(); ++f)
            if (f.key() != "dtype" && f.key() != "shape" && f.key() != "data_offsets")
                fail(what + " has an unexpected field \"" + f.key() + "\"");
        SafetensorsEntry e;
        e.name = name;

        const auto dt = v.find("dtype");
        if (dt == v.end() || !dt->is_string()) fail(what + " has no dtype string");
        e.dtype = dt->get<std::string>();
        const size_t size = dtypeSize(e.dtype);
        if (size == 0) fail(what + " has unknown dtype \"" + e.dtype + "\"");

        const auto sh = v.find("shape");
        if (sh == v.end() || !sh->is_array()) fail(what + " has no shape array");
        if (sh->size() > kMaxRank)
            fail(what + " has rank " + std::to_string(sh->size()) + ", more than the " + std::to_string(kMaxRank) +
                 " this reader accepts");
        uint64_t elements = 1;
        for (const Json& s : *sh) {
            uint64_t n = 0;
            if (!asUnsigned(s, n) || n > uint64_t(std::numeric_limits<int64_t>::max()))
                fail(what + " has shape entry " + s.dump() + "; shape entries must be whole numbers >= 0");
            if (mulOverflows(elements, n, elements) || elements > uint64_t(std::numeric_limits<int64_t>::max()))
                fail(what + " has a shape whose element count overflows 64 bits");
            e.shape.push_back(static_cast<int64_t>(n));
        }
        uint64_t bytes = 0;
        if (mulOverflows(elements, size, bytes))
            fail(what + " has a shape whose byte count overflows 64 bits");

        const auto off = v.find("data_offsets");
        if (off == v.end() || !off->is_array() || off->size() != 2 || !asUnsigned((*off)[0], e.begin) ||
            !asUnsigned((*off)[1], e.end))
            fail(what + " needs data_offsets = [begin, end], two whole numbers >= 0");
        if (e.end < e.begin)
            fail(what + " has data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                 "] with end < begin");
        if (e.end > bufferBytes)
            fail(what + " has data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                 "] past the end of the byte buffer (" + std::to_string(bufferBytes) + " bytes; file truncated?)");
        if (e.end - e.begin != bytes)
            fail(what + " (" + e.dtype + ", shape " + shapeText(e.shape) + ") needs " + std::to_string(bytes) +
                 " bytes but data_offsets span " + std::to_string(e.end - e.begin));
        h.entries.push_back(std::move(e));
    }
    std::sort(h.entries.begin(), h.entries.end(),
              [](const SafetensorsEntry& a, const SafetensorsEntry& b) { return a.name < b.name; });

    // Overlap: sort the non-empty byte ranges by start; each must end before the next starts.
    std::vector<const SafetensorsEntry*> byOffset;
    for (const auto& e : h.entries)
        if (e.end > e.begin) byOffset.push_back(&e);
    std::sort(byOffset.begin(), byOffset.end(), [](auto* a, auto* b) { return a->begin < b->begin; });
    for (size_t i = 1; i < byOffset.size(); ++i)
        if (byOffset[i]->begin < byOffset[i - 1]->end)
            fail("tensors \"" + byOffset[i - 1]->name + "\" and \"" + byOffset[i]->name + "\" overlap in the byte buffer");
    return h;
}

void convertToFloat(const SafetensorsEntry& e, std::span<const std::byte> bytes, float* out, const std::string& source,
                    const std::string& layout) {
    if (!e.convertible())
        failWith(source, "tensor \"" + e.name + "\" has dtype " + e.dtype + "; supported: F32, F16, BF16", layout);
    const size_t size = e.dtype == "F32" ? 4 : 2;
    if (bytes.size() % size != 0) failWith(source, "tensor \"" + e.name + "\": partial element in a read", layout);
    const size_t n = bytes.size() / size;
    const std::byte* p = bytes.data();
    if (e.dtype == "F32") {
        if constexpr (std::endian::native == std::endian::little)
            std::memcpy(out, p, n * 4);
        else
            for (size_t i = 0; i < n; ++i) out[i] = std::bit_cast<float>(loadU32(p + 4 * i));
    } else if (e.dtype == "F16") {
        for (size_t i = 0; i < n; ++i) out[i] = halfToFloat(loadU16(p + 2 * i));
    } else {
        for (size_t i = 0; i < n; ++i) out[i] = bfloat16ToFloat(loadU16(p + 2 * i));
    }
}

SafetensorsContents parseSafetensors(std::span<const std::byte> file, const std::string& source,
                                     const std::string& layout) {
    if (file.size() < 8)
        failWith(source, "the file is " + std::to_string(file.size()) + " bytes, too short for the 8-byte header length",
                 layout);
    const uint64_t n = loadU64(file.data());
    const uint64_t rest = file.size() - 8;
    if (n > rest)
        failWith(source, "the header length says " + std::to_string(n) + " bytes but only " + std::to_string(rest) +
                             " follow (file truncated or not safetensors)", layout);
    if (n > kMaxHeaderBytes)
        failWith(source, "the header length " + std::to_string(n) + " exceeds the 100 MiB limit", layout);
    const std::string_view text(reinterpret_cast<const char*>(file.data() + 8), static_cast<size_t>(n));
    SafetensorsContents c;
    c.header = parseSafetensorsHeader(text, rest - n, source, layout);
    c.header.dataStart = 8 + n;
    const std::byte* buffer = file.data() + 8 + n;
    for (const SafetensorsEntry& e : c.header.entries) {
        SafetensorsTensor t;
        t.entry = e;
        if (!e.convertible())
            failWith(source, "tensor \"" + e.name + "\" has dtype " + e.dtype + "; supported: F32, F16, BF16", layout);
        t.data.resize(static_cast<size_t>(e.elements()));
        convertToFloat(e, std::span<const std::byte>(buffer + e.begin, e.end - e.begin), t.data.data(), source, layout);
        c.tensors.push_back(std::move(t));
    }
    return c;
}

// ---- file reader ------------------------------------------------------------------------------

SafetensorsReader::SafetensorsReader(const std::string& path, std::string layout) : m_layout(std::move(layout)) {
    m_header.source = path;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) fail(ec ? "cannot open it (" + ec.message() + ")" : "not a regular file");
    const uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec) fail("cannot read its size (" + ec.message() + ")");
    m_in.open(path, std::ios::binary);
    if (!m_in) fail("cannot open it for reading");
    if (size < 8) fail("the file is " + std::to_string(size) + " bytes, too short for the 8-byte header length");
    std::byte lenBytes[8];
    if (!m_in.read(reinterpret_cast<char*>(lenBytes), 8)) fail("cannot read the 8-byte header length");
    const uint64_t n = loadU64(lenBytes);
    const uint64_t rest = static_cast<uint64_t>(size) - 8;
    if (n > rest)
        fail("the header length says " + std::to_string(n) + " bytes but only " + std::to_string(rest) +
             " follow (file truncated or not safetensors)");
    if (n > kMaxHeaderBytes) fail("the header length " + std::to_string(n) + " exceeds the 100 MiB limit");
    std::string text(static_cast<size_t>(n), '\0');
    if (!m_in.read(text.data(), static_cast<std::streamsize>(n))) fail("cannot read the JSON header (file truncated?)");
    m_header = parseSafetensorsHeader(text, rest - n, path, m_layout);
    m_header.dataStart = 8 + n;
}

void SafetensorsReader::fail(const std::string& problem) const { failWith(m_header.source, problem, m_layout); }

void SafetensorsReader::read(const std::string& name, int64_t first, int64_t count, float* out) {
    const SafetensorsEntry* e = m_header.find(name);
    if (!e) fail("tensor \"" + name + "\" is missing");
    if (!e->convertible()) fail("tensor \"" + name + "\" has dtype " + e->dtype + "; supported: F32, F16, BF16");
    const int64_t total = e->elements();
    if (first < 0 || count < 0 || first > total || count > total - first)
        throw std::out_of_range("SafetensorsReader::read: elements [" + std::to_string(first) + ", +" +
                                std::to_string(count) + ") outside tensor \"" + name + "\" of " + std::to_string(total));
    const uint64_t size = e->dtype == "F32" ? 4 : 2;
    constexpr int64_t kChunk = 1 << 18;  // elements per read: 1 MiB of F32
    std::vector<std::byte> buf;
    m_in.clear();
    m_in.seekg(static_cast<std::streamoff>(m_header.dataStart + e->begin + uint64_t(first) * size));
    for (int64_t done = 0; done < count;) {
        const int64_t m = std::min(kChunk, count - done);
        buf.resize(static_cast<size_t>(m) * size);
        if (!m_in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size())))
            fail("tensor \"" + name + "\" ends early: the file is shorter than its header says (changed while reading?)");
        convertToFloat(*e, buf, out + done, m_header.source, m_layout);
        done += m;
    }
}

std::vector<float> SafetensorsReader::read(const std::string& name) {
    const SafetensorsEntry* e = m_header.find(name);
    if (!e) fail("tensor \"" + name + "\" is missing");
    std::vector<float> out(static_cast<size_t>(e->elements()));
    read(name, 0, e->elements(), out.data());
    return out;
}

// ---- writer -----------------------------------------------------------------------------------

void writeSafetensors(const std::string& path, const std::map<std::string, std::string>& metadata,
                      const std::vector<SafetensorsOutput>& tensors) {
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) {
        nlohmann::ordered_json m = nlohmann::ordered_json::object();
        for (const auto& [k, v] : metadata) m[k] = v;
        header["__metadata__"] = std::move(m);
    }
    uint64_t offset = 0;
    std::vector<uint64_t> counts;
    for (const SafetensorsOutput& t : tensors) {
        if (t.name.empty() || t.name == "__metadata__" || header.contains(t.name))
            throw std::invalid_argument("writeSafetensors: bad or repeated tensor name \"" + t.name + "\"");
        uint64_t n = 1;
        for (int64_t s : t.shape)
            if (s < 0 || mulOverflows(n, uint64_t(s), n))
                throw std::invalid_argument("writeSafetensors: bad shape for tensor \"" + t.name + "\"");
        if (n > 0 && !t.data) throw std::invalid_argument("writeSafetensors: no data for tensor \"" + t.name + "\"");
        const uint64_t bytes = n * (t.dtype == TensorDtype::F32 ? 4 : 2);
        header[t.name] = {{"dtype", dtypeName(t.dtype)}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        counts.push_back(n);
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');  // the buffer then starts 8-byte aligned

    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw BadFile("cannot write " + tmp + " (directory missing or not writable?)");
        char len[8];
        uint64_t n = text.size();
        for (int i = 0; i < 8; ++i) len[i] = static_cast<char>((n >> (8 * i)) & 0xff);
        out.write(len, 8);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        std::vector<char> buf;
        for (size_t t = 0; t < tensors.size() && out; ++t) {
            constexpr uint64_t kChunk = 1 << 18;
            for (uint64_t a = 0; a < counts[t] && out; a += kChunk) {
                const uint64_t m = std::min(kChunk, counts[t] - a);
                const float* src = tensors[t].data + a;
                buf.clear();
                for (uint64_t i = 0; i < m; ++i) {
                    uint32_t bits = 0;
                    int width = 2;
                    switch (tensors[t].dtype) {
                        case TensorDtype::F32: bits = std::bit_cast<uint32_t>(src[i]), width = 4; break;
                        case TensorDtype::F16: bits = floatToHalf(src[i]); break;
                        case TensorDtype::BF16: bits = floatToBfloat16(src[i]); break;
                    }
                    for (int b = 0; b < width; ++b) buf.push_back(static_cast<char>((bits >> (8 * b)) & 0xff));
                }
                out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
            }
        }
        out.flush();
        if (!out) {
            out.close();
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            throw BadFile("cannot write " + tmp + " (disk full?)");
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::error_code ignore;
        std::filesystem::remove(tmp, ignore);
        throw BadFile("cannot rename " + tmp + " to " + path + ": " + ec.message());
    }
}

}  // namespace rope
