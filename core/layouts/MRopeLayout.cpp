// M-RoPE (Qwen2-VL): a visual block from st puts frame f, row y, column x at
//   t = st + f,  h = st + y,  w = st + x
// and the next segment starts at (max over all three rows so far) + 1, i.e. st + max(T, H, W)
// after one block.
//
//   text:3,video:2x2x3,text:2 :  text 0 1 2;  t ∈ {3,4}, h ∈ {3,4}, w ∈ {3,4,5};  text 6 7
#include "../PositionLayout.h"

namespace rope {
namespace {

class MRopeLayout final : public PositionLayout {
    void placeText(LayoutCursor& cur, int64_t count) override {
        const double st = cur.maxOfAllRows() + 1;
        for (int64_t i = 0; i < count; ++i) {
            const double n = st + static_cast<double>(i);
            cur.put(n, n, n);
        }
    }
    void placeVisual(LayoutCursor& cur, const Segment& block) override {
        const double st = cur.maxOfAllRows() + 1;
        for (int64_t f = 0; f < block.frames; ++f)
            for (int64_t y = 0; y < block.rows; ++y)
                for (int64_t x = 0; x < block.cols; ++x)
                    cur.put(st + static_cast<double>(f), st + static_cast<double>(y), st + static_cast<double>(x));
    }
};

}  // namespace

std::unique_ptr<PositionLayout> makeMRopeLayout() { return std::make_unique<MRopeLayout>(); }

}  // namespace rope
