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
#include <algorithm>

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
    PositionExplanation explainText(const LayoutCursor& cur, int64_t, int64_t index) const override {
        return explainTextRun(nextStart(cur), index);
    }
    PositionExplanation explainVisual(const LayoutCursor& cur, const Segment& block, int64_t f, int64_t y,
                                      int64_t x) const override {
        const int64_t cH = (block.rows - 1) / 2, cW = (block.cols - 1) / 2;
        double st = nextStart(cur);
        const bool tRow = m_s.nextStart == DiagonalSettings::NextStart::TRow;
        std::vector<std::string> lines{std::string(tRow ? "st = 1 + max t so far = " : "st = 1 + max over all axes so far = ") +
                                       explainNumber(st)};
        if (m_s.frameSplit) {
            // Frames 0 … f−1 were blocks of their own: replay their next starts.
            double maxT = cur.maxOf(0), maxAll = cur.maxOfAllRows();
            for (int64_t g = 0; g < f; ++g) {
                const double s = (tRow ? maxT : maxAll) + 1;
                const double hiH = (m_s.centred ? s - static_cast<double>(cH) : s) + static_cast<double>(block.rows - 1);
                const double hiW = (m_s.centred ? s - static_cast<double>(cW) : s) + static_cast<double>(block.cols - 1);
                maxT = std::max(maxT, s);
                maxAll = std::max({maxAll, s, hiH, hiW});
            }
            st = (tRow ? maxT : maxAll) + 1;
            lines.push_back("each frame is its own block: st = " + explainNumber(st) + " for frame " + std::to_string(f));
        }
        const int64_t fl = m_s.frameSplit ? 0 : f;
        const std::string& d = m_s.strideName;
        const double t = st + m_s.stride * static_cast<double>(fl);
        lines.push_back("t = st + " + d + "·f = " + explainNumber(st) + " + " + explainNumber(m_s.stride) + "·" +
                        std::to_string(fl) + " = " + explainNumber(t));
        auto spatial = [&](const char* axis, const char* v, int64_t value, int64_t size, int64_t centre) {
            const double r = (m_s.centred ? t - static_cast<double>(centre) : st) + static_cast<double>(value);
            if (!m_s.centred)
                return std::string(axis) + " = st + " + v + " = " + explainNumber(st) + " + " + std::to_string(value) +
                       " = " + explainNumber(r);
            const char* n = axis[0] == 'h' ? "H" : "W";
            return std::string(axis) + " = t + " + v + " − ⌊(" + n + "−1)/2⌋ = " + explainNumber(t) + " + " +
                   std::to_string(value) + " − ⌊(" + std::to_string(size) + "−1)/2⌋ = " + explainNumber(t) + " + " +
                   std::to_string(value) + " − " + std::to_string(centre) + " = " + explainNumber(r);
        };
        lines.push_back(spatial("h", "y", y, block.rows, cH));
        lines.push_back(spatial("w", "x", x, block.cols, cW));
        return {st, lines};
    }
    DiagonalSettings m_s;
};

}  // namespace

std::unique_ptr<PositionDesign> makeDiagonalDesign(DiagonalSettings s) { return std::make_unique<DiagonalDesign>(s); }

}  // namespace rope
