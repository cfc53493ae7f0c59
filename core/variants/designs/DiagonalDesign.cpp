// VideoRoPE's diagonal layout (DL) with adjustable temporal spacing (ATS), variants.md §5; also
// HoPE (stride γ, variants-more.md §8) and VideoRoPE++ (all-rows next start, variants-third §16).
// A visual block from st:
//   t = st + stride·f
//   h = t + y − ⌊(H−1)/2⌋        (centring off: h = st + y)
//   w = t + x − ⌊(W−1)/2⌋        (centring off: w = st + x)
// so each frame's grid is centred on its own t and the block runs along the (1,1,1) diagonal.
// Next start: max of the t axis + 1 (VideoRoPE, HoPE), or max of every axis + 1 (VideoRoPE++).
// Frame split (Multimodal-RoPEs' HoPE): every frame is its own block with its own next start.
//
//   text:3,video:2x2x3,text:2, δ = 2 :
//     text 0 1 2;  frame 0: t 3, h {3,4}, w {2,3,4};  frame 1: t 5, h {5,6}, w {4,5,6};  text 6 7
#include "Designs.h"

namespace rope {
namespace {

class DiagonalDesign final : public PositionDesign {
public:
    explicit DiagonalDesign(DiagonalSettings s) : m_s(s) {}

private:
    double nextStart(const LayoutCursor& cur) const {
        return (m_s.nextStart == DiagonalSettings::NextStart::TRow ? cur.maxOf(0) : cur.maxOfAllRows()) + 1;
    }
    void placeText(LayoutCursor& cur, int64_t count) override { placeTextRun(cur, nextStart(cur), count); }
    void placeFrames(LayoutCursor& cur, const Segment& block, int64_t first, int64_t last) {
        const double st = nextStart(cur);
        const double centreH = static_cast<double>((block.rows - 1) / 2);
        const double centreW = static_cast<double>((block.cols - 1) / 2);
        for (int64_t f = first; f < last; ++f) {
            const double t = st + m_s.stride * static_cast<double>(f - first);
            const double baseH = m_s.centred ? t - centreH : st;
            const double baseW = m_s.centred ? t - centreW : st;
            for (int64_t y = 0; y < block.rows; ++y)
                for (int64_t x = 0; x < block.cols; ++x)
                    cur.put(t, baseH + static_cast<double>(y), baseW + static_cast<double>(x));
        }
    }
    void placeVisual(LayoutCursor& cur, const Segment& block) override {
        if (!m_s.frameSplit) return placeFrames(cur, block, 0, block.frames);
        for (int64_t f = 0; f < block.frames; ++f) placeFrames(cur, block, f, f + 1);
    }
    DiagonalSettings m_s;
};

}  // namespace

std::unique_ptr<PositionDesign> makeDiagonalDesign(DiagonalSettings s) { return std::make_unique<DiagonalDesign>(s); }

}  // namespace rope
