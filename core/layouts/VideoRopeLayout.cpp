// VideoRoPE: adjustable temporal spacing (ATS) and diagonal layout (DL). A visual block from st:
//   t = st + δ·f
//   h = t + y − ⌊(H−1)/2⌋        (DL off: h = st + y)
//   w = t + x − ⌊(W−1)/2⌋        (DL off: w = st + x)
// so each frame's grid is centred on its own t and the block runs along the (1,1,1) diagonal.
// Next start: max of the t row + 1 (reference), or max of all rows + 1 (videorope.next_start=all-rows).
//
//   text:3,video:2x2x3,text:2, δ = 2 :
//     text 0 1 2;  frame 0: t 3, h {3,4}, w {2,3,4};  frame 1: t 5, h {5,6}, w {4,5,6};  text 6 7
#include "../PositionLayout.h"

namespace rope {
namespace {

class VideoRopeLayout final : public PositionLayout {
public:
    VideoRopeLayout(double delta, bool diagonal, NextStart rule) : m_delta(delta), m_diagonal(diagonal), m_rule(rule) {}

private:
    double nextStart(const LayoutCursor& cur) const {
        return (m_rule == NextStart::TRow ? cur.maxOf(RowT) : cur.maxOfAllRows()) + 1;
    }
    void placeText(LayoutCursor& cur, int64_t count) override {
        const double st = nextStart(cur);
        for (int64_t i = 0; i < count; ++i) {
            const double n = st + static_cast<double>(i);
            cur.put(n, n, n);
        }
    }
    void placeVisual(LayoutCursor& cur, const Segment& block) override {
        const double st = nextStart(cur);
        const double centreH = static_cast<double>((block.rows - 1) / 2);
        const double centreW = static_cast<double>((block.cols - 1) / 2);
        for (int64_t f = 0; f < block.frames; ++f) {
            const double t = st + m_delta * static_cast<double>(f);
            const double baseH = m_diagonal ? t - centreH : st;
            const double baseW = m_diagonal ? t - centreW : st;
            for (int64_t y = 0; y < block.rows; ++y)
                for (int64_t x = 0; x < block.cols; ++x)
                    cur.put(t, baseH + static_cast<double>(y), baseW + static_cast<double>(x));
        }
    }
    double m_delta;
    bool m_diagonal;
    NextStart m_rule;
};

}  // namespace

std::unique_ptr<PositionLayout> makeVideoRopeLayout(double delta, bool diagonal, NextStart rule) {
    return std::make_unique<VideoRopeLayout>(delta, diagonal, rule);
}

}  // namespace rope
