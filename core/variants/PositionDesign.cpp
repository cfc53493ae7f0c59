#include "PositionDesign.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace rope {

LayoutCursor::LayoutCursor(Positions& out, int axes) : m_out(out), m_max(static_cast<size_t>(axes), -1.0) {}

void LayoutCursor::put(double t, double h, double w) {
    m_out.pos(0, m_next) = t;
    m_out.pos(1, m_next) = h;
    m_out.pos(2, m_next) = w;
    ++m_next;
    m_max[0] = std::max(m_max[0], t);
    m_max[1] = std::max(m_max[1], h);
    m_max[2] = std::max(m_max[2], w);
}

void LayoutCursor::putAll(const double* values) {
    for (size_t a = 0; a < m_max.size(); ++a) {
        m_out.pos(static_cast<Eigen::Index>(a), m_next) = values[a];
        m_max[a] = std::max(m_max[a], values[a]);
    }
    ++m_next;
}

void LayoutCursor::putText(double n) {
    for (size_t a = 0; a < m_max.size(); ++a) {
        m_out.pos(static_cast<Eigen::Index>(a), m_next) = n;
        m_max[a] = std::max(m_max[a], n);
    }
    ++m_next;
}

double LayoutCursor::maxOfAllRows() const { return *std::max_element(m_max.begin(), m_max.end()); }

void placeTextRun(LayoutCursor& cur, double st, int64_t count) {
    for (int64_t i = 0; i < count; ++i) cur.putText(st + static_cast<double>(i));
}

std::string explainNumber(double v, bool wrap) {
    if (v == 0) v = 0;  // no "−0"
    char buf[40];
    if (std::abs(v - std::round(v)) < 1e-9 && std::abs(v) < 1e15)
        std::snprintf(buf, sizeof buf, "%.0f", std::round(v));
    else
        std::snprintf(buf, sizeof buf, "%.6g", v);
    std::string s = buf;
    if (!s.empty() && s[0] == '-') s = "\u2212" + s.substr(1);
    return wrap && v < 0 ? "(" + s + ")" : s;
}

PositionExplanation explainTextRun(double st, int64_t index, const std::string& axes) {
    const double i = static_cast<double>(index);
    return {st, {axes + " = st + i = " + explainNumber(st) + " + " + explainNumber(i) + " = " + explainNumber(st + i)}};
}

PositionExplanation PositionDesign::explain(const Sequence& laidOut, int64_t token) {
    if (token < 0 || token >= laidOut.tokenCount())
        throw std::out_of_range("explain: token " + std::to_string(token) + " is not in " + laidOut.format());
    // The token's segment and its first token; only the segments before it are laid out.
    const auto& segs = laidOut.segments();
    size_t seg = 0;
    int64_t first = 0;
    while (token >= first + segs[seg].tokenCount()) first += segs[seg++].tokenCount();
    Positions out;
    const int axes = static_cast<int>(axisNames().size());
    out.pos.resize(axes, first);
    LayoutCursor cur(out, axes);
    for (size_t j = 0; j < seg; ++j) {
        if (segs[j].isVisual())
            placeVisual(cur, segs[j]);
        else
            placeText(cur, segs[j].cols);
    }
    const Segment& s = segs[seg];
    const int64_t k = token - first;
    if (!s.isVisual()) return explainText(cur, s.cols, k);
    const int64_t perFrame = s.rows * s.cols;
    return explainVisual(cur, s, k / perFrame, (k % perFrame) / s.cols, k % s.cols);
}

PositionExplanation PositionDesign::explainText(const LayoutCursor&, int64_t, int64_t) const {
    return {0, {"(this design states no rule for its text tokens)"}};
}

PositionExplanation PositionDesign::explainVisual(const LayoutCursor&, const Segment&, int64_t, int64_t, int64_t) const {
    return {0, {"(this design states no rule for its visual tokens)"}};
}

void PositionDesign::checkSequence(const Sequence&) const {}

Positions PositionDesign::layout(const Sequence& seq) {
    Positions out;
    const int axes = static_cast<int>(axisNames().size());
    out.pos.resize(axes, seq.tokenCount());
    LayoutCursor cur(out, axes);
    for (const Segment& s : seq.segments()) {
        if (s.isVisual())
            placeVisual(cur, s);
        else
            placeText(cur, s.cols);
    }
    return out;
}

}  // namespace rope
