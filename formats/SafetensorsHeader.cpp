// The safetensors JSON header: parsed and checked against the byte buffer (Safetensors.h lists
// every rule), plus the dtype table.
#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <map>
#include <set>
#include <vector>

#include "formats/Safetensors.h"
#include "core/text/TextParse.h"
#include "formats/SafetensorsDetail.h"

namespace rope {
namespace {

using namespace safetensors_detail;
using Json = nlohmann::json;

constexpr size_t kMaxRank = 8;
// Bounds on what the JSON parser builds, so a header of up to 100 MiB cannot make it allocate
// many times that: a model file has a few thousand tensors, a capture two.
constexpr size_t kMaxJsonItems = 1'000'000;  // keys + values in the whole header
constexpr size_t kMaxTensors = 65'536;        // a large model file has a few thousand

/// Byte size of every dtype name the safetensors format defines (0 = not a safetensors dtype).
size_t dtypeSize(const std::string& d) {
    static const std::pair<const char*, size_t> kSizes[] = {
        {"BOOL", 1}, {"U8", 1}, {"I8", 1}, {"F8_E5M2", 1}, {"F8_E4M3", 1}, {"I16", 2}, {"U16", 2}, {"F16", 2},
        {"BF16", 2}, {"I32", 4}, {"U32", 4}, {"F32", 4}, {"F64", 8}, {"I64", 8}, {"U64", 8}};
    for (const auto& [name, size] : kSizes)
        if (d == name) return size;
    return 0;
}

std::string shapeText(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

/// One JSON scalar as the header parser keeps it: a whole number >= 0, or anything else with a
/// short text for messages.
struct Scalar {
    bool isUnsigned = false;
    uint64_t value = 0;
    std::string text;  ///< bounded, for messages
};

/// A tensor entry as written, before the rules are checked.
struct RawEntry {
    std::string name;
    bool hasDtype = false, dtypeIsString = false;
    std::string dtype;
    bool hasShape = false, shapeIsArray = false;
    std::vector<Scalar> shape;
    bool hasOffsets = false, offsetsIsArray = false;
    std::vector<Scalar> offsets;
};

/// SAX handler: builds the metadata and the raw entries in one linear pass, refusing what no
/// safetensors header holds (nesting, long arrays, duplicates, too many tensors) as soon as it is
/// seen. nlohmann's DOM parser with a callback rescans the parent object after every entry
/// (quadratic: 100k entries took minutes), so the header is never built as a DOM.
class HeaderSax : public nlohmann::json_sax<Json> {
public:
    std::string error;  ///< set when a method returns false
    std::map<std::string, std::string> metadata;
    std::vector<RawEntry> entries;

    bool null() override { return scalar(Scalar{false, 0, "null"}, Kind::Null); }
    bool boolean(bool v) override { return scalar(Scalar{false, 0, v ? "true" : "false"}, Kind::Other); }
    bool number_integer(number_integer_t v) override { return scalar(Scalar{false, 0, std::to_string(v)}, Kind::Other); }
    bool number_unsigned(number_unsigned_t v) override { return scalar(Scalar{true, v, std::to_string(v)}, Kind::Other); }
    bool number_float(number_float_t, const string_t& s) override { return scalar(Scalar{false, 0, s.substr(0, 40)}, Kind::Other); }
    bool binary(binary_t&) override { return scalar(Scalar{false, 0, "binary"}, Kind::Other); }
    bool string(string_t& v) override {
        if (m_state == State::MetaValue) {
            metadata[m_key] = std::move(v);
            m_state = State::Meta;
            return count();
        }
        if (m_state == State::EntryValue && m_field == Field::Dtype) {
            entries.back().dtypeIsString = true;
            entries.back().dtype = std::move(v);
            m_state = State::Entry;
            return count();
        }
        return scalar(Scalar{false, 0, quoteBounded(v, 40)}, Kind::Other);
    }

    bool start_object(std::size_t) override {
        switch (m_state) {
            case State::Start: m_state = State::Top; return true;
            case State::TopValue:
                if (m_inMetadata) {
                    m_state = State::Meta;
                    return true;
                }
                m_state = State::Entry;
                m_entryKeys.clear();
                return true;
            case State::MetaValue: return fail("__metadata__ value " + quoteBounded(m_key) + " is not a string (safetensors metadata holds strings only)");
            case State::EntryValue: return fieldNotScalarOrArray();
            default: return fail("the JSON header nests deeper than a safetensors header can");
        }
    }
    bool start_array(std::size_t) override {
        switch (m_state) {
            case State::TopValue:
                if (m_inMetadata) return fail("__metadata__ is not an object of strings");
                return fail("tensor " + quoteBounded(entries.back().name) + " is not an object {dtype, shape, data_offsets}");
            case State::MetaValue: return fail("__metadata__ value " + quoteBounded(m_key) + " is not a string (safetensors metadata holds strings only)");
            case State::EntryValue:
                if (m_field == Field::Dtype) return fieldNotScalarOrArray();
                (m_field == Field::Shape ? entries.back().shapeIsArray : entries.back().offsetsIsArray) = true;
                m_state = State::Array;
                return true;
            default: return fail("the JSON header nests deeper than a safetensors header can");
        }
    }
    bool end_array() override {
        m_state = State::Entry;
        return true;
    }
    bool end_object() override {
        m_state = m_state == State::Top ? State::Done : State::Top;
        return true;
    }

    bool key(string_t& k) override {
        if (!count()) return false;
        if (m_state == State::Top) {
            if (!m_topKeys.insert(k).second) return fail("the JSON header names " + quoteBounded(k) + " twice");
            m_inMetadata = k == "__metadata__";
            if (!m_inMetadata) {
                if (entries.size() >= kMaxTensors)
                    return fail("the header lists more than " + std::to_string(kMaxTensors) + " tensors");
                entries.emplace_back().name = std::move(k);
            }
            m_state = State::TopValue;
            return true;
        }
        if (m_state == State::Meta) {
            if (metadata.count(k)) return fail("the JSON header names " + quoteBounded(k) + " twice inside __metadata__");
            m_key = std::move(k);
            m_state = State::MetaValue;
            return true;
        }
        // m_state == Entry
        RawEntry& e = entries.back();
        if (!m_entryKeys.insert(k).second) return fail("the JSON header names " + quoteBounded(k) + " twice inside one tensor entry");
        if (k == "dtype") m_field = Field::Dtype, e.hasDtype = true;
        else if (k == "shape") m_field = Field::Shape, e.hasShape = true;
        else if (k == "data_offsets") m_field = Field::Offsets, e.hasOffsets = true;
        else return fail("tensor " + quoteBounded(e.name) + " has an unexpected field " + quoteBounded(k));
        m_state = State::EntryValue;
        return true;
    }

    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
        // The library's message may quote a whole (huge) token: keep a bounded prefix.
        const std::string what = ex.what();
        error = "the header is not well-formed UTF-8 JSON (" + what.substr(0, 160) + (what.size() > 160 ? "…" : "") +
                ", at byte " + std::to_string(position) + ")";
        return false;
    }

private:
    enum class State { Start, Top, TopValue, Meta, MetaValue, Entry, EntryValue, Array, Done };
    enum class Field { Dtype, Shape, Offsets };
    enum class Kind { Null, Other };

    bool fail(std::string message) {
        error = std::move(message);
        return false;
    }
    bool count() {
        if (++m_items > kMaxJsonItems) return fail("the JSON header holds more than " + std::to_string(kMaxJsonItems) + " items");
        return true;
    }
    bool fieldNotScalarOrArray() {
        // dtype given as an object/array, or shape/data_offsets as an object: the rule checks below name it.
        return fail("tensor " + quoteBounded(entries.back().name) + (m_field == Field::Dtype ? " has no dtype string"
                                                                     : m_field == Field::Shape ? " has no shape array"
                                                                     : " needs data_offsets = [begin, end], two whole numbers >= 0"));
    }
    bool scalar(Scalar v, Kind kind) {
        if (!count()) return false;
        switch (m_state) {
            case State::TopValue:
                if (m_inMetadata) {
                    if (kind == Kind::Null) return (m_state = State::Top, true);
                    return fail("__metadata__ is not an object of strings");
                }
                return fail("tensor " + quoteBounded(entries.back().name) + " is not an object {dtype, shape, data_offsets}");
            case State::MetaValue:
                return fail("__metadata__ value " + quoteBounded(m_key) + " is not a string (safetensors metadata holds strings only)");
            case State::EntryValue:
                m_state = State::Entry;  // a scalar where a string or an array belongs: the checks name it
                return true;
            case State::Array: {
                std::vector<Scalar>& a = m_field == Field::Shape ? entries.back().shape : entries.back().offsets;
                if (a.size() >= kMaxRank)
                    return fail("the JSON header has an array longer than " + std::to_string(kMaxRank) + " entries");
                a.push_back(std::move(v));
                return true;
            }
            default: return fail("the JSON header is not an object");
        }
    }

    State m_state = State::Start;
    Field m_field = Field::Dtype;
    bool m_inMetadata = false;
    std::string m_key;
    std::set<std::string> m_topKeys, m_entryKeys;
    size_t m_items = 0;
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

    HeaderSax sax;
    const bool parsed = Json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json, /*strict=*/true);
    if (!parsed) fail(sax.error.empty() ? std::string("the header is not well-formed UTF-8 JSON") : sax.error);

    SafetensorsHeader h;
    h.source = source;
    h.bufferBytes = bufferBytes;
    h.metadata = std::move(sax.metadata);
    h.entries.reserve(sax.entries.size());
    for (const RawEntry& raw : sax.entries) {
        const std::string what = "tensor " + quoteBounded(raw.name);
        SafetensorsEntry e;
        e.name = raw.name;
        if (!raw.hasDtype || !raw.dtypeIsString) fail(what + " has no dtype string");
        e.dtype = raw.dtype;
        const size_t size = dtypeSize(e.dtype);
        if (size == 0) fail(what + " has unknown dtype " + quoteBounded(e.dtype, 20));

        if (!raw.hasShape || !raw.shapeIsArray) fail(what + " has no shape array");
        uint64_t elements = 1;
        for (const Scalar& sc : raw.shape) {
            if (!sc.isUnsigned || sc.value > uint64_t(std::numeric_limits<int64_t>::max()))
                fail(what + " has shape entry " + sc.text + "; shape entries must be whole numbers >= 0");
            if (mulOverflows(elements, sc.value, elements) || elements > uint64_t(std::numeric_limits<int64_t>::max()))
                fail(what + " has a shape whose element count overflows 64 bits");
            e.shape.push_back(static_cast<int64_t>(sc.value));
        }
        uint64_t bytes = 0;
        if (mulOverflows(elements, size, bytes)) fail(what + " has a shape whose byte count overflows 64 bits");

        if (!raw.hasOffsets || !raw.offsetsIsArray || raw.offsets.size() != 2 || !raw.offsets[0].isUnsigned ||
            !raw.offsets[1].isUnsigned)
            fail(what + " needs data_offsets = [begin, end], two whole numbers >= 0");
        e.begin = raw.offsets[0].value, e.end = raw.offsets[1].value;
        if (e.end < e.begin)
            fail(what + " has data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) + "] with end < begin");
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
            fail("tensors " + quoteBounded(byOffset[i - 1]->name) + " and " + quoteBounded(byOffset[i]->name) + " overlap in the byte buffer");
    return h;
}

}  // namespace rope
