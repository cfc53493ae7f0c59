#include "PositionDesign.h"

#include <algorithm>

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
