// PositionDesign::explain — the rule that placed a token, with its numbers. Expected lines are the
// worked examples of shared/specs/variants*.md (cited) with the arithmetic derived by hand in the
// comment next to each check; the invariant test holds every registry variant's explanation to
// its own layout (the number an explanation ends on is the position the layout wrote).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/ParamSchema.h"
#include "core/PositionLayout.h"
#include "core/variants/Variant.h"

namespace {

using namespace rope;
using Options = std::vector<std::pair<std::string, std::string>>;

Params params(const std::string& variant, const std::string& seq, const Options& opts = {}) {
    Params p;
    setParam(p, "variant", variant);
    setParam(p, "sequence", seq);
    for (const auto& [k, v] : opts) setParam(p, k, v);
    return p;
}

PositionExplanation explain(const Params& p, int64_t token) {
    return makeDesign(p)->explain(laidOutSequence(p), token);
}

bool hasLine(const PositionExplanation& e, const std::string& line) {
    return std::find(e.lines.begin(), e.lines.end(), line) != e.lines.end();
}

std::string joined(const PositionExplanation& e) {
    std::string s;
    for (const auto& l : e.lines) s += l + "\n";
    return s;
}

// "t = h = w = st + i = 3 + 1 = 4  (…)" → axes {t, h, w}, value 4 (the number after the last "= ",
// a remark after it ignored). Lines that do not start with an axis name give no axes.
std::pair<std::vector<std::string>, double> axisValue(const std::string& line, const std::vector<std::string>& names) {
    std::vector<std::string> axes;
    size_t at = 0;
    for (;;) {
        const size_t eq = line.find(" = ", at);
        if (eq == std::string::npos) break;
        const std::string head = line.substr(at, eq - at);
        if (std::find(names.begin(), names.end(), head) == names.end()) break;
        axes.push_back(head);
        at = eq + 3;
    }
    if (axes.empty()) return {axes, 0};
    std::string tail = line.substr(line.rfind("= ") + 2);
    if (tail.rfind("\u2212", 0) == 0) tail = "-" + tail.substr(3);
    try {
        return {axes, std::stod(tail)};
    } catch (const std::exception&) {
        ADD_FAILURE() << "no number at the end of \"" << line << "\"";
        return {{}, 0};
    }
}

TEST(Explain, VideoRopeWorkedExample) {
    // variants.md §5, text:3,video:2x2x3,text:2, δ = 2: frame 1 has t = 5, h ∈ {5,6}, w ∈ {4,5,6}.
    // Token 12 = 3 text + 6 of frame 0 + 3: frame 1, y = 1, x = 0.
    // t = 3 + 2·1 = 5; h = 5 + 1 − ⌊1/2⌋ = 6; w = 5 + 0 − ⌊2/2⌋ = 4.
    const auto e = explain(params("videorope", "text:3,video:2x2x3,text:2", {{"videorope.delta", "2"}}), 12);
    EXPECT_EQ(e.start, 3);
    EXPECT_TRUE(hasLine(e, "t = st + δ·f = 3 + 2·1 = 5")) << joined(e);
    EXPECT_TRUE(hasLine(e, "h = t + y − ⌊(H−1)/2⌋ = 5 + 1 − ⌊(2−1)/2⌋ = 5 + 1 − 0 = 6")) << joined(e);
    EXPECT_TRUE(hasLine(e, "w = t + x − ⌊(W−1)/2⌋ = 5 + 0 − ⌊(3−1)/2⌋ = 5 + 0 − 1 = 4")) << joined(e);
    // Trailing text: next start = max t (5) + 1 = 6, token 15 is its first.
    const auto text = explain(params("videorope", "text:3,video:2x2x3,text:2"), 15);
    EXPECT_TRUE(hasLine(text, "t = h = w = st + i = 6 + 0 = 6")) << joined(text);
}

TEST(Explain, HopeNamesItsStrideGamma) {
    // variants-more.md §8: HoPE is the diagonal layout with stride γ (default 1): frame 1 at t = 3 + 1·1 = 4.
    // (The catalogue's diagonal design names a fixed stride "stride"; δ when it follows the column's δ.)
    const auto e = explain(params("hope", "text:3,video:2x2x3,text:2"), 9);
    EXPECT_TRUE(hasLine(e, "t = st + stride·f = 3 + 1·1 = 4")) << joined(e);
}

TEST(Explain, MRopeAndQwen25Time) {
    // variants.md §4: M-RoPE frame 1 at t = st + f = 3 + 1 = 4 (token 9 = frame 1, y 0, x 0).
    const auto m = explain(params("m-rope", "text:3,video:2x2x3,text:2"), 9);
    EXPECT_TRUE(hasLine(m, "t = st + f = 3 + 1 = 4")) << joined(m);
    EXPECT_TRUE(hasLine(m, "h = st + y = 3 + 0 = 3")) << joined(m);
    // variants-more.md §6, fps 2: frame 1 at t = 5 (τ(1) = ⌊1·(2/2)·2⌋ = 2, so 3 + 2).
    const auto q = explain(params("qwen2.5-vl", "text:3,video:2x2x3,text:2", {{"qwen2.5-vl.fps", "2"}}), 9);
    EXPECT_NE(joined(q).find("→ 3 + 2 = 5"), std::string::npos) << joined(q);
}

TEST(Explain, PerFrameBlocksWithGap) {
    // variants-more.md §7, G = 0: frame 1 starts at 3 + max(2,3) = 6, so token 9 (frame 1, y 0, x 0)
    // has t = 6; G = 2: gap tokens 6, 7, frame 1 at t = 8 (laid-out token 3 + 6 + 2 = 11).
    const auto g0 = explain(params("qwen3-vl", "text:3,video:2x2x3,text:2"), 9);
    EXPECT_TRUE(hasLine(g0, "s = st + f·max(H, W) = 3 + 1·3 = 6 (every frame its own block)")) << joined(g0);
    EXPECT_TRUE(hasLine(g0, "t = s = 6")) << joined(g0);
    const auto g2 = explain(params("qwen3-vl", "text:3,video:2x2x3,text:2", {{"qwen3-vl.frame_gap", "2"}}), 11);
    EXPECT_EQ(g2.start, 8);
    EXPECT_TRUE(hasLine(g2, "w = s + x = 8 + 0 = 8")) << joined(g2);
    // A gap token is text: token 9 is the first gap token, id 6.
    const auto gap = explain(params("qwen3-vl", "text:3,video:2x2x3,text:2", {{"qwen3-vl.frame_gap", "2"}}), 9);
    EXPECT_TRUE(hasLine(gap, "t = h = w = st + i = 6 + 0 = 6")) << joined(gap);
    // variants-third.md §15, MRoPE-I with spatial reset: h = y, w = x.
    const auto r = explain(params("mrope-i", "text:3,video:2x2x3,text:2", {{"mrope-i.spatial_reset", "on"}}), 14);
    EXPECT_TRUE(hasLine(r, "h = y = 1 (spatial reset)")) << joined(r);  // token 14 = frame 1, y 1, x 2
    EXPECT_TRUE(hasLine(r, "w = x = 2 (spatial reset)")) << joined(r);
}

TEST(Explain, TadVanillaPlusTime) {
    // variants.md §2 worked example: frame 1 tokens 13…18, text 20, 22. Token 9 (first of frame 1):
    // v = 9, τ = 3 text + 1 frame = 4 → 13. Token 16 (last text): v = 16, τ = 6 → 22.
    const Params p = params("tad", "text:3,video:2x2x3,text:2");
    EXPECT_NE(joined(explain(p, 9)).find("v + τ = 9 + 4 = 13"), std::string::npos) << joined(explain(p, 9));
    EXPECT_NE(joined(explain(p, 16)).find("v + τ = 16 + 6 = 22"), std::string::npos) << joined(explain(p, 16));
}

TEST(Explain, RopeTieEntryAndExit) {
    // variants.md §3, text:1,image:2x3: L = 0, h ∈ {4, 8}, w ∈ {3, 6, 9}. Token 6 = y 1, x 2:
    // h = 0 + 2·4 = 8, w = 0 + 3·3 = 9.
    const auto e = explain(params("rope-tie", "text:1,image:2x3"), 6);
    EXPECT_TRUE(hasLine(e, "h = L + (y+1)(W+1) = 0 + 2·4 = 8")) << joined(e);
    EXPECT_TRUE(hasLine(e, "w = L + (x+1)(H+1) = 0 + 3·3 = 9")) << joined(e);
}

TEST(Explain, VRopeFourStreams) {
    // variants-more.md §9: S = 4; frame 1 has b = 7 and s0 = frame 0's + 4. Token 9 = frame 1, y 0, x 0:
    // s0 = 7 + 0 + 0 = 7, s1 = 7 + 0 + 2 = 9, s2 = 7 + 1 + 0 = 8, s3 = 7 + 1 + 2 = 10.
    const auto e = explain(params("vrope", "text:3,video:2x2x3,text:2"), 9);
    EXPECT_TRUE(hasLine(e, "b = st + f·S = 3 + 1·4 = 7")) << joined(e);
    EXPECT_TRUE(hasLine(e, "s3 = b + (H−1−y) + (W−1−x) = 7 + 1 + 2 = 10")) << joined(e);
}

TEST(Explain, V2peFractionalStep) {
    // variants-more.md §10, text:3,image:16x16, stride 64: δ = 0.25, first visual id 2 + 1·0.25 = 2.25.
    const auto e = explain(params("v2pe", "text:3,image:16x16,text:2", {{"v2pe.stride", "64"}}), 3);
    EXPECT_TRUE(hasLine(e, "t = h = w = L + (k+1)·δ = 2 + 1·0.25 = 2.25")) << joined(e);
}

TEST(Explain, CircleRopeRing) {
    // variants-more.md §11, text:3,image:2x3: k = 0 at θ = 0 → (t, h, w) = (3, 3 + 5√2, 3 − 5√2)
    // = (3, 10.0711, −4.07107) to 6 significant digits.
    const auto e = explain(params("circle-rope", "text:3,image:2x3,text:2"), 3);
    const std::string all = joined(e);
    EXPECT_NE(all.find("ψ = 2π·k/(H·W) = 2π·0/6 = 0\n"), std::string::npos) << all;
    EXPECT_NE(all.find("= 10.0711\n"), std::string::npos) << all;
    EXPECT_NE(all.find("= −4.07107\n"), std::string::npos) << all;
}

TEST(Explain, EveryVariantExplainsEveryTokenAsLaidOut) {
    // Invariant: for every registry variant and every token, each axis is named by some line and the
    // number that line ends on is the position computePositions wrote.
    for (const VariantEntry& v : variantRegistry()) {
        const std::string seq = v.name == "circle-rope" ? "text:3,image:2x3,text:2,image:3x3" : "text:3,video:2x2x3,text:2,image:2x2";
        const Params p = params(v.name, seq);
        const Positions pos = computePositions(p);
        const Sequence laid = laidOutSequence(p);
        const auto names = makeDesign(p)->axisNames();
        for (int64_t n = 0; n < pos.tokens(); ++n) {
            const auto e = explain(p, n);
            std::vector<bool> seen(names.size(), false);
            for (const auto& line : e.lines) {
                const auto [axes, value] = axisValue(line, names);
                for (const auto& a : axes) {
                    const auto r = std::find(names.begin(), names.end(), a) - names.begin();
                    seen[static_cast<size_t>(r)] = true;
                    EXPECT_NEAR(value, pos.pos(r, n), 1e-4 * std::max(1.0, std::abs(pos.pos(r, n))))
                        << v.name << " token " << n << ": " << line;
                }
            }
            for (size_t r = 0; r < names.size(); ++r)
                EXPECT_TRUE(seen[r]) << v.name << " token " << n << " never explains " << names[r] << ":\n" << joined(e);
        }
    }
}

TEST(Explain, TokenOutsideTheSequenceIsRefused) {
    const Params p = params("m-rope", "text:3");
    EXPECT_THROW(explain(p, 3), std::out_of_range);
    EXPECT_THROW(explain(p, -1), std::out_of_range);
}

}  // namespace
