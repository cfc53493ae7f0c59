#pragma once
// How a variant places tokens in (t, h, w). All five seed variants share one walk (variants.md,
// "running rule"): segments in order, the first starts at st = 0, a text segment takes
// st, st+1, … on all three rows, a visual block is laid out by the variant from st, and after each
// segment st becomes the variant's "next start". A layout only supplies the two placement steps.
#include <memory>

#include "Params.h"
#include "Positions.h"

namespace rope {

/// Writes tokens in order and remembers what the next-start rules need.
class LayoutCursor {
public:
    explicit LayoutCursor(Positions& out) : m_out(out) {}
    void put(double t, double h, double w);
    double maxOf(Row r) const { return m_max[r]; }
    double maxOfAllRows() const;
    bool empty() const { return m_next == 0; }

private:
    Positions& m_out;
    Eigen::Index m_next = 0;
    double m_max[3] = {-1, -1, -1};  // "max + 1" of nothing is 0: the first segment starts at st = 0
};

class PositionLayout {
public:
    virtual ~PositionLayout() = default;
    /// Positions of every token of the sequence, in sequence order.
    Positions layout(const Sequence& seq);

protected:
    virtual void placeText(LayoutCursor& cur, int64_t count) = 0;
    virtual void placeVisual(LayoutCursor& cur, const Segment& block) = 0;
};

/// The layout a parameter set asks for (variant + its layout options).
std::unique_ptr<PositionLayout> makeLayout(const Params& p);

/// Validates p, checks the memory budget, and lays out p.sequence.
Positions computePositions(const Params& p);

// One factory per variant (layouts/*.cpp).
std::unique_ptr<PositionLayout> makeVanillaLayout();
std::unique_ptr<PositionLayout> makeTadLayout(TadTextStride stride);
std::unique_ptr<PositionLayout> makeRopeTieLayout();
std::unique_ptr<PositionLayout> makeMRopeLayout();
std::unique_ptr<PositionLayout> makeVideoRopeLayout(double delta, bool diagonal, NextStart rule);

}  // namespace rope
