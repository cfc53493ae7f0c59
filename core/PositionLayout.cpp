#include "PositionLayout.h"

#include <algorithm>

#include "MemoryBudget.h"
#include "ParamSchema.h"

namespace rope {

void LayoutCursor::put(double t, double h, double w) {
    m_out.pos(0, m_next) = t;
    m_out.pos(1, m_next) = h;
    m_out.pos(2, m_next) = w;
    ++m_next;
    m_max[0] = std::max(m_max[0], t);
    m_max[1] = std::max(m_max[1], h);
    m_max[2] = std::max(m_max[2], w);
}

double LayoutCursor::maxOfAllRows() const { return std::max({m_max[0], m_max[1], m_max[2]}); }

Positions PositionLayout::layout(const Sequence& seq) {
    Positions out;
    out.pos.resize(3, seq.tokenCount());
    LayoutCursor cur(out);
    for (const Segment& s : seq.segments()) {
        if (s.isVisual())
            placeVisual(cur, s);
        else
            placeText(cur, s.cols);
    }
    return out;
}

std::unique_ptr<PositionLayout> makeLayout(const Params& p) {
    switch (p.variant) {
        case VariantId::Vanilla: return makeVanillaLayout();
        case VariantId::Tad: return makeTadLayout(p.tadTextStride);
        case VariantId::RopeTie: return makeRopeTieLayout();
        case VariantId::MRope: return makeMRopeLayout();
        case VariantId::VideoRope: return makeVideoRopeLayout(p.delta, p.videoropeDiagonal, p.videoropeNextStart);
    }
    return makeVanillaLayout();
}

Positions computePositions(const Params& p) {
    validate(p);
    requireMemory(positionsBytes(p.sequence.tokenCount()), p.memoryBudgetMiB,
                  "positions for sequence " + p.sequence.format() + " (" + std::to_string(p.sequence.tokenCount()) + " tokens)");
    return makeLayout(p)->layout(p.sequence);
}

}  // namespace rope
