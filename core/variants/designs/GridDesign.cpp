// One 3D block per visual segment, every axis counting from the block's start st:
//   t = st + τ(f),  h = st + y,  w = st + x;   next start = max over all axes + 1.
// M-RoPE (Qwen2-VL, variants.md §4) and ERNIE-4.5-VL (variants-third.md §14): τ(f) = f.
// Qwen2.5-VL (variants-more.md §6): τ(f) = ⌊f · spg · tps⌋ (spg = temporal_patch_size / fps).
//   text:3,video:2x2x3,text:2 :
//     M-RoPE     frame 0 t 3, frame 1 t 4, h {3,4}, w {3,4,5}; text 6 7
//     Qwen2.5-VL (fps 2)   frame 0 t 3, frame 1 t 5;           text 6 7
#include <cmath>

#include "Designs.h"

namespace rope {

double GridTime::offset(int64_t f) const {
    const double fd = static_cast<double>(f);
    if (kind == Kind::FrameIndex) return fd;
    switch (rounding) {
        case Rounding::IntFirst: return fd * std::floor(secondsPerGrid) * tokensPerSecond;
        case Rounding::IntInterval: return fd * std::floor(secondsPerGrid * tokensPerSecond);
        case Rounding::Float: break;
    }
    return std::floor(fd * secondsPerGrid * tokensPerSecond);
}

namespace {

class GridDesign final : public PositionDesign {
public:
    explicit GridDesign(GridTime time) : m_time(time) {}

private:
    void placeText(LayoutCursor& cur, int64_t count) override { placeTextRun(cur, cur.maxOfAllRows() + 1, count); }
    void placeVisual(LayoutCursor& cur, const Segment& block) override {
        const double st = cur.maxOfAllRows() + 1;
        // An image has no duration: τ = 0 (the reference uses spg = 0 for images).
        for (int64_t f = 0; f < block.frames; ++f) {
            const double t = st + (block.kind == SegmentKind::Image ? 0.0 : m_time.offset(f));
            for (int64_t y = 0; y < block.rows; ++y)
                for (int64_t x = 0; x < block.cols; ++x)
                    cur.put(t, st + static_cast<double>(y), st + static_cast<double>(x));
        }
    }
    PositionExplanation explainText(const LayoutCursor& cur, int64_t, int64_t index) const override {
        return explainTextRun(cur.maxOfAllRows() + 1, index);
    }
    PositionExplanation explainVisual(const LayoutCursor& cur, const Segment& block, int64_t f, int64_t y,
                                      int64_t x) const override {
        const double st = cur.maxOfAllRows() + 1;
        const std::string S = explainNumber(st), F = std::to_string(f);
        std::string t;
        if (block.kind == SegmentKind::Image) {
            t = "t = st = " + S + " (an image has no duration)";
        } else if (m_time.kind == GridTime::Kind::FrameIndex) {
            t = "t = st + f = " + S + " + " + F + " = " + explainNumber(st + m_time.offset(f));
        } else {
            const std::string spg = explainNumber(m_time.secondsPerGrid), tps = explainNumber(m_time.tokensPerSecond);
            const char* rule = m_time.rounding == GridTime::Rounding::IntFirst      ? "f·⌊spg⌋·tps"
                               : m_time.rounding == GridTime::Rounding::IntInterval ? "f·⌊spg·tps⌋"
                                                                                    : "⌊f·spg·tps⌋";
            t = std::string("t = st + ") + rule + " = " + S + " + τ(" + F + "), spg " + spg + " s, tps " + tps +
                " → " + S + " + " + explainNumber(m_time.offset(f)) + " = " + explainNumber(st + m_time.offset(f));
        }
        return {st,
                {"st = 1 + max over all axes so far = " + S, t,
                 "h = st + y = " + S + " + " + std::to_string(y) + " = " + explainNumber(st + static_cast<double>(y)),
                 "w = st + x = " + S + " + " + std::to_string(x) + " = " + explainNumber(st + static_cast<double>(x))}};
    }
    GridTime m_time;
};

}  // namespace

std::unique_ptr<PositionDesign> makeGridDesign(GridTime time) { return std::make_unique<GridDesign>(time); }

}  // namespace rope
