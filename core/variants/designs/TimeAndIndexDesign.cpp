// TAD-RoPE as the VideoRoPE reference implements the baseline: position = vanilla index v + time
// index τ, on all three rows. v counts every token; τ counts text tokens one each and video frames
// one each (all tokens of a frame share it). Reference consequence: text advances by 2.
//
//   text:3,video:2x2x3,text:2   (reference)
//   text      v 0 1 2        τ 0 1 2     → 0 2 4
//   frame 0   v 3…8          τ 3         → 6…11
//   frame 1   v 9…14         τ 4         → 13…18
//   text      v 15 16        τ 5 6       → 20 22
//
// Option tad.text_stride=paper (our reading of the TAD-RoPE paper): text keeps stride 1 and only a
// frame boundary inside a video adds one extra step:  0 1 2 | 3…8 | 10…15 | 16 17.
#include "Designs.h"

namespace rope {
namespace {

class TadReferenceLayout final : public PositionDesign {
    void placeText(LayoutCursor& cur, int64_t count) override {
        for (int64_t i = 0; i < count; ++i, ++m_vanilla, ++m_time) put(cur, m_vanilla + m_time);
    }
    void placeVisual(LayoutCursor& cur, const Segment& block) override {
        const int64_t perFrame = block.rows * block.cols;
        for (int64_t f = 0; f < block.frames; ++f, ++m_time)
            for (int64_t k = 0; k < perFrame; ++k, ++m_vanilla) put(cur, m_vanilla + m_time);
    }
    PositionExplanation explainText(const LayoutCursor&, int64_t, int64_t index) const override {
        const int64_t v = m_vanilla + index, tau = m_time + index;
        return {static_cast<double>(m_vanilla + m_time), {sum(v, tau, "text counts 1 on both")}};
    }
    PositionExplanation explainVisual(const LayoutCursor&, const Segment& block, int64_t f, int64_t y,
                                      int64_t x) const override {
        const int64_t v = m_vanilla + (f * block.rows + y) * block.cols + x, tau = m_time + f;
        return {static_cast<double>(m_vanilla + m_time), {sum(v, tau, "one time step per frame")}};
    }
    static std::string sum(int64_t v, int64_t tau, const char* why) {
        return "t = h = w = v + τ = " + std::to_string(v) + " + " + std::to_string(tau) + " = " + std::to_string(v + tau) +
               "  (v: vanilla index, τ: time index; " + why + ")";
    }
    static void put(LayoutCursor& cur, int64_t n) {
        const double p = static_cast<double>(n);
        cur.put(p, p, p);
    }
    int64_t m_vanilla = 0;
    int64_t m_time = 0;
};

class TadPaperLayout final : public PositionDesign {
    void placeText(LayoutCursor& cur, int64_t count) override {
        const double st = cur.maxOfAllRows() + 1;
        for (int64_t i = 0; i < count; ++i) put(cur, st + static_cast<double>(i));
    }
    void placeVisual(LayoutCursor& cur, const Segment& block) override {
        const int64_t perFrame = block.rows * block.cols;
        double p = cur.maxOfAllRows() + 1;
        for (int64_t f = 0; f < block.frames; ++f, p += 1)  // one time step between frames
            for (int64_t k = 0; k < perFrame; ++k, p += 1) put(cur, p);
    }
    PositionExplanation explainText(const LayoutCursor& cur, int64_t, int64_t index) const override {
        return explainTextRun(cur.maxOfAllRows() + 1, index);
    }
    PositionExplanation explainVisual(const LayoutCursor& cur, const Segment& block, int64_t f, int64_t y,
                                      int64_t x) const override {
        const double st = cur.maxOfAllRows() + 1;
        const int64_t perFrame = block.rows * block.cols, k = y * block.cols + x;
        return {st,
                {"t = h = w = st + f·(H·W + 1) + y·W + x = " + explainNumber(st) + " + " + std::to_string(f) + "·" +
                 std::to_string(perFrame + 1) + " + " + std::to_string(k) + " = " +
                 explainNumber(st + static_cast<double>(f * (perFrame + 1) + k))}};
    }
    static void put(LayoutCursor& cur, double p) { cur.put(p, p, p); }
};

}  // namespace

std::unique_ptr<PositionDesign> makeTimeAndIndexDesign(bool paperTextStride) {
    if (paperTextStride) return std::make_unique<TadPaperLayout>();
    return std::make_unique<TadReferenceLayout>();
}

}  // namespace rope
