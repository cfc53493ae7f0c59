// RoPE-Tie (Su, 2024): a 2D scheme with symmetric entry and exit steps.
// An H×W block after last position L:  patch (y, x) → h = L + (y+1)(W+1), w = L + (x+1)(H+1), t = L;
// the token after the block sits at L + (W+1)(H+1). L = start − 1 (the last text position, or
// start − 1 when no text precedes). A video is one block per frame; frame f+1 takes frame f's exit as
// its L, and every token of frame f has t = that frame's L.
//
//   text:1,image:2x3 :  text 0;  L = 0,  h ∈ {4, 8},  w ∈ {3, 6, 9},  next token at 12
#include "Designs.h"

namespace rope {
namespace {

class RopeTieLayout final : public PositionDesign {
    void placeText(LayoutCursor& cur, int64_t count) override {
        for (int64_t i = 0; i < count; ++i, m_next += 1) cur.put(m_next, m_next, m_next);
    }
    void placeVisual(LayoutCursor& cur, const Segment& block) override {
        const double H = static_cast<double>(block.rows), W = static_cast<double>(block.cols);
        const double exitStep = (W + 1) * (H + 1);
        double L = m_next - 1;
        for (int64_t f = 0; f < block.frames; ++f, L += exitStep)
            for (int64_t y = 0; y < block.rows; ++y)
                for (int64_t x = 0; x < block.cols; ++x)
                    cur.put(L, L + static_cast<double>(y + 1) * (W + 1), L + static_cast<double>(x + 1) * (H + 1));
        m_next = L;  // the exit of the last frame
    }
    PositionExplanation explainText(const LayoutCursor&, int64_t, int64_t index) const override {
        return explainTextRun(m_next, index);
    }
    PositionExplanation explainVisual(const LayoutCursor&, const Segment& block, int64_t f, int64_t y,
                                      int64_t x) const override {
        const int64_t H = block.rows, W = block.cols, exitStep = (W + 1) * (H + 1);
        const double L = m_next - 1 + static_cast<double>(f * exitStep);
        const std::string Ls = explainNumber(L);
        std::string l = "L = st − 1 = " + explainNumber(m_next) + " − 1 = " + Ls;
        if (f > 0)
            l = "L = st − 1 + f·(W+1)(H+1) = " + explainNumber(m_next) + " − 1 + " + std::to_string(f) + "·" +
                std::to_string(exitStep) + " = " + Ls;
        return {m_next,
                {l, "t = L = " + Ls,
                 "h = L + (y+1)(W+1) = " + Ls + " + " + std::to_string(y + 1) + "·" + std::to_string(W + 1) + " = " +
                     explainNumber(L + static_cast<double>((y + 1) * (W + 1))),
                 "w = L + (x+1)(H+1) = " + Ls + " + " + std::to_string(x + 1) + "·" + std::to_string(H + 1) + " = " +
                     explainNumber(L + static_cast<double>((x + 1) * (H + 1)))}};
    }
    double m_next = 0;
};

}  // namespace

std::unique_ptr<PositionDesign> makeTieDesign() { return std::make_unique<RopeTieLayout>(); }

}  // namespace rope
