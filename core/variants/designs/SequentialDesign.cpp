// Vanilla RoPE: every token, text or visual, takes the next integer on all three axes.
//   text:3,video:2x2x3,text:2  →  0, 1, …, 16
#include "Designs.h"

namespace rope {
namespace {

class SequentialDesign final : public PositionDesign {
    void placeText(LayoutCursor& cur, int64_t count) override { placeTextRun(cur, cur.maxOfAllRows() + 1, count); }
    void placeVisual(LayoutCursor& cur, const Segment& block) override {
        placeTextRun(cur, cur.maxOfAllRows() + 1, block.tokenCount());
    }
    PositionExplanation explainText(const LayoutCursor& cur, int64_t, int64_t index) const override {
        return explainTextRun(cur.maxOfAllRows() + 1, index);
    }
    PositionExplanation explainVisual(const LayoutCursor& cur, const Segment& block, int64_t f, int64_t y,
                                      int64_t x) const override {
        const double st = cur.maxOfAllRows() + 1;
        const int64_t k = (f * block.rows + y) * block.cols + x;
        return {st,
                {"k = (f·H + y)·W + x = (" + std::to_string(f) + "·" + std::to_string(block.rows) + " + " +
                     std::to_string(y) + ")·" + std::to_string(block.cols) + " + " + std::to_string(x) + " = " +
                     std::to_string(k),
                 "t = h = w = st + k = " + explainNumber(st) + " + " + std::to_string(k) + " = " +
                     explainNumber(st + static_cast<double>(k))}};
    }
};

}  // namespace

std::unique_ptr<PositionDesign> makeSequentialDesign() { return std::make_unique<SequentialDesign>(); }

}  // namespace rope
