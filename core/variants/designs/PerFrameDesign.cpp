// Per-frame blocks (Qwen3-VL variants-more §7, Qwen3.5 / GLM-4V / MRoPE-I variants-third §12, 13,
// 15). Every video frame is its own one-frame block; an image is one block. A block from s:
//   t = s,  h = s + y,  w = s + x          (spatial reset: h = y, w = x — local to the block)
//   next start = s + max(H, W)
// frame_gap = G puts G text tokens (the processor's vision-end / timestamp / vision-start tokens)
// between consecutive frames; they are real tokens with ids st … st+G−1 (expand() inserts them).
//
//   text:3,video:2x2x3,text:2, G = 0 : text 0 1 2; frame 0 t 3, h {3,4}, w {3,4,5};
//                                      frame 1 t 6, h {6,7}, w {6,7,8}; text 9 10
//                              G = 2 : gap 6 7; frame 1 t 8, h {8,9}, w {8,9,10}; text 11 12
#include <algorithm>

#include "../../Errors.h"
#include "Designs.h"

namespace rope {
namespace {

constexpr int64_t kMaxSegments = 4'000'000;

class PerFrameDesign final : public PositionDesign {
public:
    explicit PerFrameDesign(PerFrameSettings s) : m_s(s) {}

    Sequence expand(const Sequence& seq) const override {
        if (m_s.frameGap == 0) return seq;
        int64_t pieces = 0;
        for (const Segment& s : seq.segments()) pieces += s.kind == SegmentKind::Video ? 2 * s.frames : 1;
        if (pieces > kMaxSegments)
            throw TooLarge("frame_gap splits the sequence into " + std::to_string(pieces) + " segments (over " +
                           std::to_string(kMaxSegments) + "); use fewer frames or frame_gap 0");
        std::vector<Segment> out;
        for (const Segment& s : seq.segments()) {
            if (s.kind != SegmentKind::Video || s.frames == 1) {
                out.push_back(s);
                continue;
            }
            for (int64_t f = 0; f < s.frames; ++f) {
                if (f > 0) out.push_back(Segment{SegmentKind::Text, 1, 1, m_s.frameGap});
                out.push_back(Segment{SegmentKind::Video, 1, s.rows, s.cols});
            }
        }
        return Sequence(std::move(out));
    }

private:
    void placeText(LayoutCursor& cur, int64_t count) override {
        placeTextRun(cur, m_st, count);
        m_st += static_cast<double>(count);
    }
    void placeVisual(LayoutCursor& cur, const Segment& block) override {
        for (int64_t f = 0; f < block.frames; ++f) {
            const double s = m_st;
            const double baseSpatial = m_s.spatialReset ? 0.0 : s;
            for (int64_t y = 0; y < block.rows; ++y)
                for (int64_t x = 0; x < block.cols; ++x)
                    cur.put(s, baseSpatial + static_cast<double>(y), baseSpatial + static_cast<double>(x));
            m_st = s + static_cast<double>(std::max(block.rows, block.cols));
        }
    }
    PositionExplanation explainText(const LayoutCursor&, int64_t, int64_t index) const override {
        return explainTextRun(m_st, index);
    }
    PositionExplanation explainVisual(const LayoutCursor&, const Segment& block, int64_t f, int64_t y,
                                      int64_t x) const override {
        const int64_t side = std::max(block.rows, block.cols);
        const double s = m_st + static_cast<double>(f * side);
        const std::string S = explainNumber(s);
        std::vector<std::string> lines;
        if (f > 0)
            lines.push_back("s = st + f·max(H, W) = " + explainNumber(m_st) + " + " + std::to_string(f) + "·" +
                            std::to_string(side) + " = " + S + " (every frame its own block)");
        lines.push_back("t = s = " + S);
        if (m_s.spatialReset) {
            lines.push_back("h = y = " + std::to_string(y) + " (spatial reset)");
            lines.push_back("w = x = " + std::to_string(x) + " (spatial reset)");
        } else {
            lines.push_back("h = s + y = " + S + " + " + std::to_string(y) + " = " + explainNumber(s + static_cast<double>(y)));
            lines.push_back("w = s + x = " + S + " + " + std::to_string(x) + " = " + explainNumber(s + static_cast<double>(x)));
        }
        lines.push_back("next block starts at s + max(H, W) = " + S + " + " + std::to_string(side));
        return {s, lines};
    }
    PerFrameSettings m_s;
    double m_st = 0;
};

}  // namespace

std::unique_ptr<PositionDesign> makePerFrameDesign(PerFrameSettings s) { return std::make_unique<PerFrameDesign>(s); }

}  // namespace rope
