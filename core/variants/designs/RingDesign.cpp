// Circle-RoPE (variants-more.md §11): an H×W image laid out from st (k = y·W + x):
//   1. centre: w' = x − (W−1)/2, h' = y − (H−1)/2   (move_to_origin off: w' = x, h' = y)
//   2. φ_k = atan2(h', w') rescaled linearly so the block's smallest φ maps to 0 and the largest to
//      2π (unscaled if all equal); ψ_k = 2π·k/(H·W); θ_k = α·φ_k + (1−α)·ψ_k
//   3. X = R cos θ_k, Y = R sin θ_k
//   4. (w, h, t) = st + X·u + Y·v, u = (−1, 1, 0)/√2, v = (−1, −1, 2)/√6
// so w + h + t = 3·st and every image token is R from (st, st, st). Next start = max of every axis
// + 1 (a real number: text after the image is fractional). Images only: a video is refused.
//
//   text:3,image:2x3,text:2 : k = 0 at (t, h, w) = (3, 3 + 5√2, 3 − 5√2); text resumes at 11.5275
#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

#include "../../Errors.h"
#include "Designs.h"

namespace rope {
namespace {

class RingDesign final : public PositionDesign {
public:
    explicit RingDesign(RingSettings s) : m_s(s) {}

    void checkSequence(const Sequence& seq) const override {
        for (const Segment& s : seq.segments())
            if (s.kind == SegmentKind::Video)
                throw InvalidParameter("sequence", Sequence({s}).format(),
                                       "is a video segment; the ring design (Circle-RoPE) lays out images only (use image:HxW)");
    }

private:
    void placeText(LayoutCursor& cur, int64_t count) override { placeTextRun(cur, cur.maxOfAllRows() + 1, count); }
    void placeVisual(LayoutCursor& cur, const Segment& block) override {
        const double st = cur.maxOfAllRows() + 1;
        const int64_t H = block.rows, W = block.cols, n = H * W;
        std::vector<double> phi(static_cast<size_t>(n));
        for (int64_t k = 0; k < n; ++k) {
            const double x = static_cast<double>(k % W), y = static_cast<double>(k / W);
            const double wc = m_s.moveToOrigin ? x - static_cast<double>(W - 1) / 2 : x;
            const double hc = m_s.moveToOrigin ? y - static_cast<double>(H - 1) / 2 : y;
            phi[static_cast<size_t>(k)] = std::atan2(hc, wc);
        }
        const auto [lo, hi] = std::minmax_element(phi.begin(), phi.end());
        const double phiMin = *lo, phiSpan = *hi - *lo;
        const double twoPi = 2 * std::numbers::pi;
        const double s2 = std::sqrt(2.0), s6 = std::sqrt(6.0);
        for (int64_t k = 0; k < n; ++k) {
            double p = phi[static_cast<size_t>(k)];
            if (phiSpan > 0) p = (p - phiMin) / phiSpan * twoPi;
            const double psi = twoPi * static_cast<double>(k) / static_cast<double>(n);
            const double angle = m_s.alpha * p + (1 - m_s.alpha) * psi;
            const double X = m_s.radius * std::cos(angle), Y = m_s.radius * std::sin(angle);
            cur.put(st + 2 * Y / s6, st + X / s2 - Y / s6, st - X / s2 - Y / s6);
        }
    }
    PositionExplanation explainText(const LayoutCursor& cur, int64_t, int64_t index) const override {
        return explainTextRun(cur.maxOfAllRows() + 1, index);
    }
    PositionExplanation explainVisual(const LayoutCursor& cur, const Segment& block, int64_t, int64_t y,
                                      int64_t x) const override {
        const double st = cur.maxOfAllRows() + 1;
        const int64_t H = block.rows, W = block.cols, n = H * W, k = y * W + x;
        auto centred = [&](int64_t j) {
            const double xj = static_cast<double>(j % W), yj = static_cast<double>(j / W);
            return std::pair{m_s.moveToOrigin ? xj - static_cast<double>(W - 1) / 2 : xj,
                             m_s.moveToOrigin ? yj - static_cast<double>(H - 1) / 2 : yj};
        };
        double phiMin = 1e300, phiMax = -1e300;
        for (int64_t j = 0; j < n; ++j) {
            const auto [wc, hc] = centred(j);
            phiMin = std::min(phiMin, std::atan2(hc, wc)), phiMax = std::max(phiMax, std::atan2(hc, wc));
        }
        const auto [wc, hc] = centred(k);
        const double twoPi = 2 * std::numbers::pi, raw = std::atan2(hc, wc);
        const double phi = phiMax > phiMin ? (raw - phiMin) / (phiMax - phiMin) * twoPi : raw;
        const double psi = twoPi * static_cast<double>(k) / static_cast<double>(n);
        const double angle = m_s.alpha * phi + (1 - m_s.alpha) * psi;
        const double X = m_s.radius * std::cos(angle), Y = m_s.radius * std::sin(angle);
        const double s2 = std::sqrt(2.0), s6 = std::sqrt(6.0);
        const std::string S = explainNumber(st), Xs = explainNumber(X, true), Ys = explainNumber(Y, true);
        return {st,
                {std::string(m_s.moveToOrigin ? "w′ = x − (W−1)/2 = " : "w′ = x = ") + explainNumber(wc) +
                     (m_s.moveToOrigin ? ",  h′ = y − (H−1)/2 = " : ",  h′ = y = ") + explainNumber(hc),
                 "φ = atan2(h′, w′) = " + explainNumber(raw) + ", rescaled to [0, 2π] over the image: " + explainNumber(phi),
                 "ψ = 2π·k/(H·W) = 2π·" + std::to_string(k) + "/" + std::to_string(n) + " = " + explainNumber(psi),
                 "θ = α·φ + (1−α)·ψ = " + explainNumber(m_s.alpha) + "·" + explainNumber(phi) + " + " +
                     explainNumber(1 - m_s.alpha) + "·" + explainNumber(psi) + " = " + explainNumber(angle),
                 "(X, Y) = R·(cos θ, sin θ) = " + explainNumber(m_s.radius) + "·(…) = (" + explainNumber(X) + ", " +
                     explainNumber(Y) + ")",
                 "t = st + 2Y/√6 = " + S + " + 2·" + Ys + "/√6 = " + explainNumber(st + 2 * Y / s6),
                 "h = st + X/√2 − Y/√6 = " + S + " + " + Xs + "/√2 − " + Ys + "/√6 = " +
                     explainNumber(st + X / s2 - Y / s6),
                 "w = st − X/√2 − Y/√6 = " + S + " − " + Xs + "/√2 − " + Ys + "/√6 = " +
                     explainNumber(st - X / s2 - Y / s6)}};
    }
    RingSettings m_s;
};

}  // namespace

std::unique_ptr<PositionDesign> makeRingDesign(RingSettings s) { return std::make_unique<RingDesign>(s); }

}  // namespace rope
