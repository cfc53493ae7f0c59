#pragma once
// The position designs, one file each. Registry entries build them with the settings below.
#include <memory>
#include <string>

#include "../PositionDesign.h"

namespace rope {

/// Every token takes the next integer on every axis (Vanilla RoPE, variants.md §1).
std::unique_ptr<PositionDesign> makeSequentialDesign();

/// Vanilla index + time index on every axis (TAD-RoPE, variants.md §2). paperTextStride: text keeps
/// stride 1, only frame boundaries add a time step.
std::unique_ptr<PositionDesign> makeTimeAndIndexDesign(bool paperTextStride);

/// RoPE-Tie's 2D scheme: each frame an H×W block with symmetric entry/exit steps (variants.md §3).
std::unique_ptr<PositionDesign> makeTieDesign();

/// One 3D block per visual segment: t = st + τ(f), h = st + y, w = st + x; next start = max over
/// all axes + 1 (M-RoPE, ERNIE-4.5-VL; Qwen2.5-VL with a time-aligned τ).
struct GridTime {
    enum class Kind { FrameIndex, TimeAligned } kind = Kind::FrameIndex;
    enum class Rounding { Float, IntFirst, IntInterval } rounding = Rounding::Float;
    double secondsPerGrid = 1.0;  ///< temporal_patch_size / fps
    double tokensPerSecond = 2.0;
    /// τ(f): frame index, or ⌊f·spg·tps⌋ (float), f·⌊spg⌋·tps (int-first), f·⌊spg·tps⌋ (int-interval).
    double offset(int64_t f) const;
};
std::unique_ptr<PositionDesign> makeGridDesign(GridTime time);

/// Every video frame is its own one-frame block (Qwen3-VL, Qwen3.5, GLM-4V, MRoPE-I): t = s,
/// h = s + y, w = s + x (spatial reset: h = y, w = x); next start s + max(H, W); frameGap text
/// tokens between consecutive frames.
struct PerFrameSettings {
    int64_t frameGap = 0;
    bool spatialReset = false;
};
std::unique_ptr<PositionDesign> makePerFrameDesign(PerFrameSettings s);

/// VideoRoPE's diagonal layout with temporal stride (δ or HoPE's γ): t = st + stride·f,
/// h = t + y − ⌊(H−1)/2⌋, w = t + x − ⌊(W−1)/2⌋ (centred = false: h = st + y, w = st + x).
struct DiagonalSettings {
    double stride = 2.0;
    bool centred = true;
    enum class NextStart { TRow, AllRows } nextStart = NextStart::TRow;
    bool frameSplit = false;  ///< each frame its own block (Multimodal-RoPEs' HoPE)
    std::string strideName = "δ";  ///< how explanations name the stride (HoPE: "γ")
};
std::unique_ptr<PositionDesign> makeDiagonalDesign(DiagonalSettings s);

/// VRoPE's four streams s0…s3 (variants-more.md §9).
std::unique_ptr<PositionDesign> makeFourStreamDesign();

/// V2PE's fractional 1D ids: visual token k of a block after last id L at L + (k+1)·δ,
/// δ = stride / tileTokens (tileTokens 0: the block's own token count).
struct FractionalSettings {
    double stride = 64;
    int64_t tileTokens = 256;
};
std::unique_ptr<PositionDesign> makeFractionalDesign(FractionalSettings s);

/// Circle-RoPE's ring: every image token on a circle of radius R around (st, st, st) in the plane
/// ⟂ (1, 1, 1) (variants-more.md §11). Images only.
struct RingSettings {
    double radius = 10;
    double alpha = 0.5;
    bool moveToOrigin = true;
};
std::unique_ptr<PositionDesign> makeRingDesign(RingSettings s);

}  // namespace rope
