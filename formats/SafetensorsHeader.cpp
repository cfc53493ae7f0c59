// The safetensors JSON header: parsed and checked against the byte buffer (Safetensors.h lists
// every rule), plus the dtype table.
#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "formats/Safetensors.h"
#include "formats/SafetensorsDetail.h"

namespace rope {
namespace {

using namespace safetensors_detail;
using Json = nlohmann::json;

constexpr size_t kMaxRank = 8;
constexpr int kMaxDepth = 3;  // top object → entry object → shape array
// Bounds on what the JSON parser builds, so a header of up to 100 MiB cannot make it allocate
// many times that: a model file has a few thousand tensors, a capture two.
constexpr size_t kMaxJsonItems = 1'000'000;  // keys + values in the whole header

/// Byte size of every dtype name the safetensors format defines (0 = not a safetensors dtype).
size_t dtypeSize(const std::string& d) {
    static const std::pair<const char*, size_t> kSizes[] = {
        {"BOOL", 1}, {"U8", 1}, {"I8", 1}, {"F8_E5M2", 1}, {"F8_E4M3", 1}, {"I16", 2}, {"U16", 2}, {"F16", 2},
        {"BF16", 2}, {"I32", 4}, {"U32", 4}, {"F32", 4}, {"F64", 8}, {"I64", 8}, {"U64", 8}};
    for (const auto& [name, size] : kSizes)
        if (d == name) return size;
    return 0;
}

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

}  // namespace

const char* dtypeName(TensorDtype t) {
    switch (t) {
        case TensorDtype::F32: return "F32";
        case TensorDtype::F16: return "F16";
        case TensorDtype::BF16: return "BF16";
    }
    return "?";
}

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

}  // namespace rope
