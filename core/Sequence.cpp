#include "Sequence.h"

#include <limits>

#include "Errors.h"
#include "core/text/TextParse.h"

namespace rope {
namespace {

constexpr const char* kForms = "must be comma-separated text:N, image:HxW or video:TxHxW with sizes >= 1";

[[noreturn]] void fail(std::string_view segment, const std::string& why) {
    throw InvalidParameter("sequence", std::string(segment), why.empty() ? kForms : why);
}

std::vector<int64_t> parseDims(std::string_view whole, std::string_view dims, size_t expected) {
    std::vector<int64_t> out;
    size_t pos = 0;
    while (pos <= dims.size()) {
        const size_t x = dims.find('x', pos);
        const std::string_view part = dims.substr(pos, x == std::string_view::npos ? dims.npos : x - pos);
        int64_t v = 0;
        if (!parseWhole(part, v))
            fail(whole, "segment \"" + std::string(whole) + "\": sizes must be whole numbers; " + kForms);
        if (v < 1) fail(whole, "segment \"" + std::string(whole) + "\": sizes must be >= 1");
        out.push_back(v);
        if (x == std::string_view::npos) break;
        pos = x + 1;
    }
    if (out.size() != expected) fail(whole, kForms);
    return out;
}

Segment parseSegment(std::string_view s) {
    const size_t colon = s.find(':');
    if (colon == std::string_view::npos) fail(s, kForms);
    const std::string_view kind = trimBlanks(s.substr(0, colon));
    const std::string_view dims = trimBlanks(s.substr(colon + 1));
    Segment seg;
    if (kind == "text") {
        seg.kind = SegmentKind::Text;
        seg.cols = parseDims(s, dims, 1)[0];
    } else if (kind == "image") {
        seg.kind = SegmentKind::Image;
        const auto d = parseDims(s, dims, 2);
        seg.rows = d[0], seg.cols = d[1];
    } else if (kind == "video") {
        seg.kind = SegmentKind::Video;
        const auto d = parseDims(s, dims, 3);
        seg.frames = d[0], seg.rows = d[1], seg.cols = d[2];
    } else {
        fail(s, kForms);
    }
    return seg;
}

bool mulOverflows(int64_t a, int64_t b) { return b != 0 && a > std::numeric_limits<int64_t>::max() / b; }

int64_t checkedTokenCount(const Segment& s) {
    if (mulOverflows(s.frames, s.rows) || mulOverflows(s.frames * s.rows, s.cols))
        throw InvalidParameter("sequence", std::to_string(s.frames) + "x" + std::to_string(s.rows) + "x" +
                                               std::to_string(s.cols), "token count must fit in 64 bits");
    return s.tokenCount();
}

}  // namespace

Sequence::Sequence(std::vector<Segment> segments) : m_segments(std::move(segments)) {
    for (const Segment& s : m_segments) {
        const int64_t n = checkedTokenCount(s);
        if (m_tokens > std::numeric_limits<int64_t>::max() - n)
            throw InvalidParameter("sequence", format(), "total token count must fit in 64 bits");
        m_tokens += n;
    }
}

Sequence Sequence::parse(std::string_view text) {
    text = trimBlanks(text);
    if (text.empty()) fail(text, "must not be empty; " + std::string(kForms));
    std::vector<Segment> segs;
    size_t pos = 0;
    while (pos <= text.size()) {
        const size_t comma = text.find(',', pos);
        const std::string_view part = trimBlanks(text.substr(pos, comma == text.npos ? text.npos : comma - pos));
        if (part.empty()) fail(text, "has an empty segment; " + std::string(kForms));
        segs.push_back(parseSegment(part));
        if (comma == text.npos) break;
        pos = comma + 1;
    }
    return Sequence(std::move(segs));
}

std::string Sequence::format() const {
    std::string out;
    for (const Segment& s : m_segments) {
        if (!out.empty()) out += ',';
        switch (s.kind) {
            case SegmentKind::Text: out += "text:" + std::to_string(s.cols); break;
            case SegmentKind::Image: out += "image:" + std::to_string(s.rows) + "x" + std::to_string(s.cols); break;
            case SegmentKind::Video:
                out += "video:" + std::to_string(s.frames) + "x" + std::to_string(s.rows) + "x" + std::to_string(s.cols);
                break;
        }
    }
    return out;
}

int64_t Sequence::visualTokenCount() const {
    int64_t n = 0;
    for (const Segment& s : m_segments)
        if (s.isVisual()) n += s.tokenCount();
    return n;
}

std::vector<int64_t> Sequence::segmentStarts() const {
    std::vector<int64_t> starts;
    int64_t at = 0;
    for (const Segment& s : m_segments) {
        starts.push_back(at);
        at += s.tokenCount();
    }
    return starts;
}

TokenLocation Sequence::locate(int64_t token) const {
    TokenLocation loc;
    int64_t at = 0;
    for (size_t i = 0; i < m_segments.size(); ++i) {
        const Segment& s = m_segments[i];
        if (token < at + s.tokenCount()) {
            const int64_t k = token - at;
            loc.segment = static_cast<int>(i);
            loc.kind = s.kind;
            loc.frame = k / (s.rows * s.cols);
            loc.row = (k / s.cols) % s.rows;
            loc.col = k % s.cols;
            return loc;
        }
        at += s.tokenCount();
    }
    throw InvalidParameter("token", std::to_string(token), "must be < the sequence's token count " + std::to_string(m_tokens));
}

}  // namespace rope
