#include "CaptureFile.h"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/Errors.h"
#include "core/MemoryBudget.h"
#include "core/text/TextParse.h"

namespace rope {
namespace {

std::string shapeText(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

/// "T,H,W" → three whole numbers ≥ 1, or false.
bool parseGrid(std::string_view text, int64_t out[3]) {
    for (int i = 0; i < 3; ++i) {
        const size_t comma = text.find(',');
        if ((i < 2) != (comma != std::string_view::npos)) return false;
        if (!parseWhole(trimBlanks(text.substr(0, comma)), out[i]) || out[i] < 1) return false;
        if (i < 2) text.remove_prefix(comma + 1);
    }
    return true;
}

bool mulOverflows(int64_t a, int64_t b, int64_t& out) { return __builtin_mul_overflow(a, b, &out); }

/// ropescope.frame_times is untrusted text: read as a flat array of numbers by a SAX handler — no
/// DOM, no recursion, nothing dumped back — so a value nested 100k deep is refused at its second '['.
class FrameTimesSax : public nlohmann::json_sax<nlohmann::json> {
public:
    explicit FrameTimesSax(int64_t frames) : m_frames(frames) {}
    std::vector<double> times;
    std::string problem;  ///< why a method returned false

    bool null() override { return notNumber("null"); }
    bool boolean(bool) override { return notNumber("a boolean"); }
    bool number_integer(number_integer_t v) override { return number(static_cast<double>(v)); }
    bool number_unsigned(number_unsigned_t v) override { return number(static_cast<double>(v)); }
    bool number_float(number_float_t v, const string_t&) override { return number(v); }
    bool string(string_t&) override { return notNumber("a string"); }
    bool binary(binary_t&) override { return notNumber("binary data"); }
    bool start_object(std::size_t) override { return notNumber("an object"); }
    bool key(string_t&) override { return notNumber("an object"); }
    bool end_object() override { return notNumber("an object"); }
    bool start_array(std::size_t) override {
        if (m_open) return fail("it nests an array inside the array");
        m_open = true;
        return true;
    }
    bool end_array() override {
        if (m_count != 0 && m_count != m_frames) return fail("it has " + std::to_string(m_count) + " entries");
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
        return fail("it is not valid JSON (at byte " + std::to_string(position) + ")");
    }

private:
    bool fail(std::string why) {
        problem = std::move(why);
        return false;
    }
    bool notNumber(const char* what) { return fail(m_open ? std::string("it holds ") + what : "it is not a JSON array"); }
    bool number(double v) {
        if (!m_open) return fail("it is not a JSON array");
        if (!std::isfinite(v)) return fail("it holds a non-finite number");
        if (++m_count <= m_frames) times.push_back(v);  // beyond T only counted, for the message
        return true;
    }

    int64_t m_frames, m_count = 0;
    bool m_open = false;
};

/// The capture rules on a validated safetensors header.
CaptureInfo infoFromHeader(const SafetensorsReader& r) {
    const SafetensorsHeader& h = r.header();
    CaptureInfo info;
    info.path = r.path();

    const SafetensorsEntry* q = h.find("q");
    const SafetensorsEntry* k = h.find("k");
    if (!q || !k) {
        std::string present;
        for (const auto& e : h.entries) present += (present.empty() ? "" : ", ") + e.name;
        r.fail(std::string("tensor \"") + (!q ? "q" : "k") + "\" is missing (tensors present: " +
               (present.empty() ? "none" : present) + ")");
    }
    for (const SafetensorsEntry* e : {q, k}) {
        if (!e->convertible()) r.fail("tensor \"" + e->name + "\" has dtype " + e->dtype + "; supported: F32, F16, BF16");
        if (e->shape.size() != 4)
            r.fail("tensor \"" + e->name + "\" has shape " + shapeText(e->shape) + " (rank " +
                   std::to_string(e->shape.size()) + "), not rank 4 [layers, heads, tokens, head_dim]");
        for (int64_t s : e->shape)
            if (s < 1) r.fail("tensor \"" + e->name + "\" has shape " + shapeText(e->shape) + " with an empty dimension");
    }
    if (q->shape != k->shape)
        r.fail("q has shape " + shapeText(q->shape) + " but k has shape " + shapeText(k->shape) + "; they must be equal");
    info.layers = q->shape[0], info.heads = q->shape[1], info.tokens = q->shape[2], info.headDim = q->shape[3];
    if (info.headDim % 2 != 0)
        r.fail("head_dim is " + std::to_string(info.headDim) + "; rotary pairs need an even head_dim");
    info.qDtype = q->dtype, info.kDtype = k->dtype;

    const auto meta = [&](const char* key) -> const std::string* {
        auto it = h.metadata.find(key);
        return it == h.metadata.end() ? nullptr : &it->second;
    };
    if (const std::string* f = meta(kCaptureKeyFormat); f && *f != kCaptureFormat)
        r.fail(std::string(kCaptureKeyFormat) + " is " + quoteBounded(*f) + "; this version reads \"" + kCaptureFormat + "\"");

    const std::string* grid = meta(kCaptureKeyGrid);
    if (!grid) r.fail(std::string("metadata ") + kCaptureKeyGrid + " (the token grid \"T,H,W\") is missing");
    int64_t g[3];
    if (!parseGrid(*grid, g))
        r.fail(std::string("metadata ") + kCaptureKeyGrid + " is " + quoteBounded(*grid) + "; expected three whole numbers >= 1 \"T,H,W\"");
    int64_t th = 0, thw = 0;
    if (mulOverflows(g[0], g[1], th) || mulOverflows(th, g[2], thw) || thw != info.tokens)
        r.fail(std::string("metadata ") + kCaptureKeyGrid + " is " + quoteBounded(*grid) + " (T*H*W = " +
               (mulOverflows(g[0], g[1], th) || mulOverflows(th, g[2], thw) ? std::string("overflow") : std::to_string(thw)) +
               ") but q/k hold " + std::to_string(info.tokens) + " tokens");
    info.frames = g[0], info.rows = g[1], info.cols = g[2];

    if (const std::string* times = meta(kCaptureKeyFrameTimes)) {
        const std::string bad = std::string("metadata ") + kCaptureKeyFrameTimes + " must be a JSON array of T = " +
                                std::to_string(info.frames) + " finite numbers (seconds)";
        FrameTimesSax sax(info.frames);
        const bool ok = nlohmann::json::sax_parse(times->begin(), times->end(), &sax);
        if (!ok) r.fail(bad + "; " + sax.problem + " in " + quoteBounded(*times, 60));
        info.frameTimes = std::move(sax.times);
    }
    if (const std::string* m = meta(kCaptureKeySourceModel)) info.sourceModel = *m;
    return info;
}

void requireFinite(const SafetensorsReader& r, const QkTensor& t, const char* name, int64_t layerOffset, int64_t headOffset,
                   const std::vector<int64_t>& fileShape) {
    for (size_t i = 0; i < t.data.size(); ++i)
        if (!std::isfinite(t.data[i])) {
            // Index in the file: [layer, head, token, channel].
            const int64_t c = static_cast<int64_t>(i) % t.headDim, rest = static_cast<int64_t>(i) / t.headDim;
            const int64_t n = rest % t.tokens, lh = rest / t.tokens;
            const int64_t hd = lh % t.heads + headOffset, l = lh / t.heads + layerOffset;
            r.fail(std::string("tensor \"") + name + "\" " + shapeText(fileShape) + " holds a non-finite value (" +
                   std::to_string(t.data[i]) + ") at [" + std::to_string(l) + ", " + std::to_string(hd) + ", " +
                   std::to_string(n) + ", " + std::to_string(c) + "]");
        }
}

QkCapture emptyCapture(const CaptureInfo& info, int64_t layers, int64_t heads) {
    QkCapture c;
    for (QkTensor* t : {&c.q, &c.k}) {
        t->layers = layers, t->heads = heads, t->tokens = info.tokens, t->headDim = info.headDim;
        t->data.resize(static_cast<size_t>(t->size()));
    }
    c.frames = info.frames, c.rows = info.rows, c.cols = info.cols;
    c.frameTimes = info.frameTimes;
    c.sourceModel = info.sourceModel;
    return c;
}

}  // namespace

CaptureInfo readCaptureInfo(const std::string& path) {
    SafetensorsReader r(path, kCaptureLayout);
    return infoFromHeader(r);
}

QkCapture readCapture(const std::string& path, double memoryBudgetMiB) {
    SafetensorsReader r(path, kCaptureLayout);
    const CaptureInfo info = infoFromHeader(r);
    requireMemory(info.floatBytes(), memoryBudgetMiB,
                  "reading capture " + path + " as float32 (q and k " + std::to_string(info.layers) + "x" +
                      std::to_string(info.heads) + "x" + std::to_string(info.tokens) + "x" + std::to_string(info.headDim) +
                      "; readCaptureHead reads one head)");
    QkCapture c = emptyCapture(info, info.layers, info.heads);
    r.read("q", 0, c.q.size(), c.q.data.data());
    r.read("k", 0, c.k.size(), c.k.data.data());
    const std::vector<int64_t> shape{info.layers, info.heads, info.tokens, info.headDim};
    requireFinite(r, c.q, "q", 0, 0, shape);
    requireFinite(r, c.k, "k", 0, 0, shape);
    return c;
}

QkCapture readCaptureHead(const std::string& path, int64_t layer, int64_t head, double memoryBudgetMiB) {
    SafetensorsReader r(path, kCaptureLayout);
    const CaptureInfo info = infoFromHeader(r);
    if (layer < 0 || layer >= info.layers)
        throw InvalidParameter("layer", std::to_string(layer),
                               "must be in [0, " + std::to_string(info.layers - 1) + "] for capture " + path);
    if (head < 0 || head >= info.heads)
        throw InvalidParameter("head", std::to_string(head),
                               "must be in [0, " + std::to_string(info.heads - 1) + "] for capture " + path);
    requireMemory(2.0 * 4.0 * double(info.tokens) * double(info.headDim), memoryBudgetMiB,
                  "reading one head of capture " + path + " as float32");
    QkCapture c = emptyCapture(info, 1, 1);
    const int64_t slice = info.tokens * info.headDim;
    const int64_t first = (layer * info.heads + head) * slice;
    r.read("q", first, slice, c.q.data.data());
    r.read("k", first, slice, c.k.data.data());
    const std::vector<int64_t> shape{info.layers, info.heads, info.tokens, info.headDim};
    requireFinite(r, c.q, "q", layer, head, shape);
    requireFinite(r, c.k, "k", layer, head, shape);
    return c;
}

void writeCapture(const std::string& path, const QkCapture& c, TensorDtype dtype) {
    validateCapture(c);
    std::map<std::string, std::string> meta;
    meta[kCaptureKeyFormat] = kCaptureFormat;
    meta[kCaptureKeyGrid] = std::to_string(c.frames) + "," + std::to_string(c.rows) + "," + std::to_string(c.cols);
    if (!c.frameTimes.empty()) meta[kCaptureKeyFrameTimes] = nlohmann::json(c.frameTimes).dump();
    if (!c.sourceModel.empty()) meta[kCaptureKeySourceModel] = c.sourceModel;
    const std::vector<int64_t> shape{c.q.layers, c.q.heads, c.q.tokens, c.q.headDim};
    writeSafetensors(path, meta, {{"q", shape, c.q.data.data(), dtype}, {"k", shape, c.k.data.data(), dtype}});
}

}  // namespace rope
