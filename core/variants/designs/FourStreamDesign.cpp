// VRoPE (variants-more.md §9): one real position per token and stream s0…s3, no (t, h, w) triple.
// Text at running index c: every stream = c. A visual block from c, span S = H + W − 1, frame f,
// row y, column x, b = c + f·S:
//   s0 = b + y + x            s1 = b + y + (W−1−x)
//   s2 = b + (H−1−y) + x      s3 = b + (H−1−y) + (W−1−x)
// A frame occupies ids b … b+S−1; text resumes at c + T·S.
//
//   text:3,video:2x2x3,text:2 : text 0 1 2; S = 4; frame 0 (b = 3) s0 = 3,4,5 / 4,5,6,
//   s1 = 5,4,3 / 6,5,4, s2 = 4,5,6 / 3,4,5, s3 = 6,5,4 / 5,4,3; frame 1 (b = 7) the same + 4; text 11 12
#include "Designs.h"

namespace rope {
namespace {

class FourStreamDesign final : public PositionDesign {
public:
    std::vector<std::string> axisNames() const override { return {"s0", "s1", "s2", "s3"}; }

private:
    void placeText(LayoutCursor& cur, int64_t count) override {
        placeTextRun(cur, m_c, count);
        m_c += static_cast<double>(count);
    }
    void placeVisual(LayoutCursor& cur, const Segment& block) override {
        const int64_t H = block.rows, W = block.cols;
        const double span = static_cast<double>(H + W - 1);
        for (int64_t f = 0; f < block.frames; ++f) {
            const double b = m_c + static_cast<double>(f) * span;
            for (int64_t y = 0; y < H; ++y)
                for (int64_t x = 0; x < W; ++x) {
                    const double up = static_cast<double>(y), down = static_cast<double>(H - 1 - y);
                    const double left = static_cast<double>(x), right = static_cast<double>(W - 1 - x);
                    const double s[4] = {b + up + left, b + up + right, b + down + left, b + down + right};
                    cur.putAll(s);
                }
        }
        m_c += static_cast<double>(block.frames) * span;
    }
    PositionExplanation explainText(const LayoutCursor&, int64_t, int64_t index) const override {
        return explainTextRun(m_c, index, "s0 = s1 = s2 = s3");
    }
    PositionExplanation explainVisual(const LayoutCursor&, const Segment& block, int64_t f, int64_t y,
                                      int64_t x) const override {
        const int64_t H = block.rows, W = block.cols, S = H + W - 1;
        const double b = m_c + static_cast<double>(f * S);
        const std::string B = explainNumber(b);
        auto stream = [&](int k, const char* rule, int64_t a, int64_t c) {
            return "s" + std::to_string(k) + " = b + " + rule + " = " + B + " + " + std::to_string(a) + " + " +
                   std::to_string(c) + " = " + explainNumber(b + static_cast<double>(a + c));
        };
        return {m_c,
                {"S = H + W − 1 = " + std::to_string(H) + " + " + std::to_string(W) + " − 1 = " + std::to_string(S),
                 "b = st + f·S = " + explainNumber(m_c) + " + " + std::to_string(f) + "·" + std::to_string(S) + " = " + B,
                 stream(0, "y + x", y, x), stream(1, "y + (W−1−x)", y, W - 1 - x), stream(2, "(H−1−y) + x", H - 1 - y, x),
                 stream(3, "(H−1−y) + (W−1−x)", H - 1 - y, W - 1 - x)}};
    }
    double m_c = 0;
};

}  // namespace

std::unique_ptr<PositionDesign> makeFourStreamDesign() { return std::make_unique<FourStreamDesign>(); }

}  // namespace rope
