#pragma once
// How a variant places tokens on its axes. Every design shares one walk (variants.md, "running
// rule"): segments in order, the first starts at st = 0, a text segment takes st, st+1, … on every
// axis, a visual block is laid out by the design from st, and after each segment st becomes the
// design's "next start". A design supplies the two placement steps and may refuse a sequence
// (Circle-RoPE lays out images only).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../Positions.h"
#include "../Sequence.h"

namespace rope {

/// Writes tokens in order and remembers what the next-start rules need.
class LayoutCursor {
public:
    LayoutCursor(Positions& out, int axes);
    void put(double t, double h, double w);
    /// One token on every axis (designs with more than three axes).
    void putAll(const double* values);
    /// Same value on every axis (text).
    void putText(double n);
    double maxOf(int axis) const { return m_max[static_cast<size_t>(axis)]; }
    double maxOfAllRows() const;
    Eigen::Index written() const { return m_next; }

private:
    Positions& m_out;
    Eigen::Index m_next = 0;
    std::vector<double> m_max;  // "max + 1" of nothing is 0: the first segment starts at st = 0
};

class PositionDesign {
public:
    virtual ~PositionDesign() = default;
    /// Positions of every token of the sequence, in sequence order.
    Positions layout(const Sequence& seq);
    /// Axes of the positions: {"t","h","w"} for most designs.
    virtual std::vector<std::string> axisNames() const { return {"t", "h", "w"}; }
    /// Throws InvalidParameter("sequence", …) if the design cannot lay out seq. Default: accepts all.
    virtual void checkSequence(const Sequence& seq) const;
    /// The sequence actually laid out: designs that insert tokens (Qwen3-VL's frame_gap text between
    /// frames, real tokens with their own ids) return the sequence with those tokens as segments.
    virtual Sequence expand(const Sequence& seq) const { return seq; }

protected:
    virtual void placeText(LayoutCursor& cur, int64_t count) = 0;
    virtual void placeVisual(LayoutCursor& cur, const Segment& block) = 0;
};

/// Text run of `count` tokens from st on every axis.
void placeTextRun(LayoutCursor& cur, double st, int64_t count);

}  // namespace rope
