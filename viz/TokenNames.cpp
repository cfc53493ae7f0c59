#include "TokenNames.h"

#include "core/PositionLayout.h"

namespace rope::viz {
namespace {

const char* kindName(SegmentKind k) {
    switch (k) {
        case SegmentKind::Text: return "text";
        case SegmentKind::Image: return "image";
        case SegmentKind::Video: return "video";
    }
    return "segment";
}

}  // namespace

TokenNames::TokenNames(const Sequence& original, const Sequence& laidOut) : m_original(original), m_laidOut(laidOut) {
    if (original == laidOut) {
        m_toLaidOut.resize(static_cast<size_t>(original.tokenCount()));
        for (int64_t i = 0; i < original.tokenCount(); ++i) m_toLaidOut[static_cast<size_t>(i)] = i;
    } else {
        const auto cols = originalTokenColumns(original, laidOut);
        m_toLaidOut.assign(cols.begin(), cols.end());
    }
    m_toOriginal.assign(static_cast<size_t>(laidOut.tokenCount()), -1);
    for (size_t o = 0; o < m_toLaidOut.size(); ++o)
        if (m_toLaidOut[o] >= 0 && m_toLaidOut[o] < laidOut.tokenCount())
            m_toOriginal[static_cast<size_t>(m_toLaidOut[o])] = static_cast<int64_t>(o);
    int counts[3] = {0, 0, 0};
    for (const Segment& s : original.segments()) {
        m_ordinalInKind.push_back(++counts[static_cast<int>(s.kind)]);
        m_firstFrame.push_back(s.isVisual() ? m_frames : -1);
        if (s.isVisual()) m_frames += static_cast<int>(s.frames);
    }
}

std::string TokenNames::segmentName(int s) const {
    if (s < 0 || s >= static_cast<int>(m_original.segments().size())) return {};
    return std::string(kindName(m_original.segments()[static_cast<size_t>(s)].kind)) + " " +
           std::to_string(m_ordinalInKind[static_cast<size_t>(s)]);
}

int64_t TokenNames::originalToken(int64_t t) const {
    return t >= 0 && t < static_cast<int64_t>(m_toOriginal.size()) ? m_toOriginal[static_cast<size_t>(t)] : -1;
}

int64_t TokenNames::laidOutToken(int64_t o) const {
    return o >= 0 && o < static_cast<int64_t>(m_toLaidOut.size()) ? m_toLaidOut[static_cast<size_t>(o)] : -1;
}

int TokenNames::frameOrdinal(int64_t t) const {
    const int64_t o = originalToken(t);
    if (o < 0) return -1;
    const TokenLocation loc = m_original.locate(o);
    const int first = m_firstFrame[static_cast<size_t>(loc.segment)];
    return first < 0 ? -1 : first + static_cast<int>(loc.frame);
}

std::string TokenNames::tokenName(int64_t t) const {
    if (t < 0 || t >= m_laidOut.tokenCount()) return {};
    const int64_t o = originalToken(t);
    if (o < 0) {
        // Inserted by the design: name it after the original token just before it.
        int64_t before = t - 1;
        while (before >= 0 && originalToken(before) < 0) --before;
        const TokenLocation here = m_laidOut.locate(t);
        const std::string at = " · token " + std::to_string(here.col);
        return before < 0 ? "inserted text" + at : "frame gap after " + tokenName(before).substr(0, tokenName(before).find(" · row")) + at;
    }
    const TokenLocation loc = m_original.locate(o);
    const Segment& s = m_original.segments()[static_cast<size_t>(loc.segment)];
    std::string name = segmentName(loc.segment);
    if (!s.isVisual()) return name + " · token " + std::to_string(loc.col);
    if (s.kind == SegmentKind::Video) name += " · frame " + std::to_string(loc.frame);
    return name + " · row " + std::to_string(loc.row) + ", col " + std::to_string(loc.col);
}

}  // namespace rope::viz
