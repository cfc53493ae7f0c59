// V2PE (variants-more.md §10), mode v2pe_fix: 1D ids, t = h = w. Text +1 per token. A visual block
// after the last id L (L = st − 1) gives its k-th token (0-based over all T·H·W tokens) the id
// L + (k+1)·δ with δ = stride / tile_tokens (tile_tokens "block": the block's own token count, so
// every block spans exactly `stride`). Next start: ⌈L + N·δ⌉ + 1.
//
//   text:3,image:16x16,text:2, stride 64 : text 0 1 2; visual 2.25, 2.5, …, 66; text 67 68
#include <cmath>

#include "Designs.h"

namespace rope {
namespace {

class FractionalDesign final : public PositionDesign {
public:
    explicit FractionalDesign(FractionalSettings s) : m_s(s) {}

private:
    void placeText(LayoutCursor& cur, int64_t count) override {
        placeTextRun(cur, m_next, count);
        m_next += static_cast<double>(count);
    }
    void placeVisual(LayoutCursor& cur, const Segment& block) override {
        const int64_t n = block.tokenCount();
        const double L = m_next - 1;
        const double step = m_s.stride / static_cast<double>(m_s.tileTokens > 0 ? m_s.tileTokens : n);
        for (int64_t k = 0; k < n; ++k) cur.putText(L + static_cast<double>(k + 1) * step);
        m_next = std::ceil(L + static_cast<double>(n) * step) + 1;
    }
    PositionExplanation explainText(const LayoutCursor&, int64_t, int64_t index) const override {
        return explainTextRun(m_next, index);
    }
    PositionExplanation explainVisual(const LayoutCursor&, const Segment& block, int64_t f, int64_t y,
                                      int64_t x) const override {
        const int64_t n = block.tokenCount(), k = (f * block.rows + y) * block.cols + x;
        const double L = m_next - 1;
        const int64_t tile = m_s.tileTokens > 0 ? m_s.tileTokens : n;
        const double step = m_s.stride / static_cast<double>(tile);
        return {m_next,
                {"k = (f·H + y)·W + x = " + std::to_string(k) + ",  L = st − 1 = " + explainNumber(L),
                 "δ = stride / tile_tokens = " + explainNumber(m_s.stride) + " / " + std::to_string(tile) + " = " +
                     explainNumber(step),
                 "t = h = w = L + (k+1)·δ = " + explainNumber(L) + " + " + std::to_string(k + 1) + "·" +
                     explainNumber(step) + " = " + explainNumber(L + static_cast<double>(k + 1) * step)}};
    }
    FractionalSettings m_s;
    double m_next = 0;
};

}  // namespace

std::unique_ptr<PositionDesign> makeFractionalDesign(FractionalSettings s) {
    return std::make_unique<FractionalDesign>(s);
}

}  // namespace rope
