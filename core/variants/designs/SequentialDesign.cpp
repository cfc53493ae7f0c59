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
};

}  // namespace

std::unique_ptr<PositionDesign> makeSequentialDesign() { return std::make_unique<SequentialDesign>(); }

}  // namespace rope
