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

/// Why one token sits where it does (PositionDesign::explain): the start st of its block and the
/// design's rule with the token's numbers filled in, one line per equation, e.g. for VideoRoPE
///   "t = st + δ·f = 3 + 2·1 = 5"
///   "h = t + y − ⌊(H−1)/2⌋ = 5 + 1 − ⌊(2−1)/2⌋ = 6"
struct PositionExplanation {
    double start = 0;                 ///< st of the token's block (text: of its run)
    std::vector<std::string> lines;  ///< the rule with numbers, one equation per line
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
    /// The rule that placed token `token` of `laidOut` (= expand(original)), with its numbers.
    /// Walks the segments before the token's segment like layout(), so call it on a fresh design,
    /// as layout(). Throws std::out_of_range for a token outside the sequence.
    PositionExplanation explain(const Sequence& laidOut, int64_t token);

protected:
    virtual void placeText(LayoutCursor& cur, int64_t count) = 0;
    virtual void placeVisual(LayoutCursor& cur, const Segment& block) = 0;
    /// Explanations, called with the cursor as placeText / placeVisual would see it for the
    /// token's segment: token `index` of a text run of `count`, or (f, y, x) of a visual block.
    /// The defaults say that the design states no rule (every built-in design overrides both).
    virtual PositionExplanation explainText(const LayoutCursor& cur, int64_t count, int64_t index) const;
    virtual PositionExplanation explainVisual(const LayoutCursor& cur, const Segment& block, int64_t f, int64_t y,
                                              int64_t x) const;
};

/// Text run of `count` tokens from st on every axis.
void placeTextRun(LayoutCursor& cur, double st, int64_t count);
/// Its explanation: "t = h = w = st + i = 3 + 1 = 4" (axes: "t = h = w" or "s0 = … = s3").
PositionExplanation explainTextRun(double st, int64_t index, const std::string& axes = "t = h = w");
/// Numbers as the explanations print them: integers without a decimal point, else up to 6
/// significant digits; negatives in parentheses when `wrap` ("3 + (−1)").
std::string explainNumber(double v, bool wrap = false);

}  // namespace rope
