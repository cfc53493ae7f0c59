// Vanilla RoPE: every token, text or visual, takes the next integer on all three rows.
//   text:2,video:1x2x2  →  0 1 | 2 3 4 5
#include "../PositionLayout.h"

namespace rope {
namespace {

class VanillaLayout final : public PositionLayout {
    void placeText(LayoutCursor& cur, int64_t count) override { placeRun(cur, count); }
    void placeVisual(LayoutCursor& cur, const Segment& block) override { placeRun(cur, block.tokenCount()); }

    static void placeRun(LayoutCursor& cur, int64_t count) {
        const double st = cur.maxOfAllRows() + 1;
        for (int64_t i = 0; i < count; ++i) {
            const double n = st + static_cast<double>(i);
            cur.put(n, n, n);
        }
    }
};

}  // namespace

std::unique_ptr<PositionLayout> makeVanillaLayout() { return std::make_unique<VanillaLayout>(); }

}  // namespace rope
