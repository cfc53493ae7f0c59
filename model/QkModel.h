#pragma once
// Models that turn sampled video frames into pre-rotation queries and keys (QkCapture), behind a
// plain-C++ interface: LibTorch appears only in this folder's .cpp files, so including this header
// costs nothing and needs no torch include path.
//
// Three sources of q/k, one output type (core/attention/QkCapture.h):
//   built-in   makeBuiltinModel()      content-aware, deterministic, no download (maths below)
//   TorchScript loadTorchScriptModel() a user's torch.jit.save file following kTorchScriptSignature
//   capture    readCapture()           formats/CaptureFile.h (a safetensors q/k capture)
// detectModelFile() tells the two file kinds apart by their first bytes, not their extension.
//
// ─── The built-in model ───────────────────────────────────────────────────────────────────────
// Frames arrive resized so that H = R·s and W = C·s, s = tokenPixels (28 = a 14-px ViT patch after
// Qwen2-VL's 2 × 2 merge), giving a token grid T × R × C in raster order frame → row → column.
//
//   1. patch pixels   x_n ∈ ℝ^F : the s × s × RGB block of token n in [0, 1], average-pooled by
//                     `pool` (28 → 7 px), F = (s/pool)²·3 = 147 by default. (pool 2 keeps 14 px,
//                     F = 588, but the F × F covariance then costs ~16× more: Debian's LibTorch
//                     uses the reference BLAS, see docs/benchmarks.md)
//   2. per-video PCA  μ = mean_n x_n,  Σ = (1/(N−1)) Σ_n (x_n − μ)(x_n − μ)ᵀ  (float64, eigh;
//                     with N < F the N × N Gram matrix instead, same non-zero spectrum)
//                     V = top-K eigenvectors (K = components), each sign-fixed so its largest-
//                     magnitude entry is positive (LAPACK builds may return either sign)
//                     z_n = Vᵀ(x_n − μ) / √λ₁   (λ₁ the largest eigenvalue: the spectrum's shape
//                     is kept, so coarse appearance outweighs fine texture)
//   3. per layer l    only the first K_l = max(1, ⌊K / 2^l⌋) components: deeper layers see
//                     coarser appearance (64, 32, 16, 8 components for 4 layers)
//   4. per head h     c = P_{l,h}ᵀ z_n[0:K_l],   P_{l,h} ∈ {−1, +1}^{K_l × d} / √K_l
//                     a = cos φ · c/‖c‖ + sin φ · u_{l,h},   u_{l,h} ∈ {−1, +1}^d / √d
//                     q_n = k_n = √(β·√d) · a/‖a‖
//      P and u come from SplitMix64 keyed by (seed, layer, head): integer arithmetic only, so the
//      projections are bit-identical on every machine and every LibTorch version (torch's RNG is
//      not promised to be stable across versions). sin²φ = positionShare, β = sharpness. Steps 3–4
//      run in float32, one [N × K_l]·[K_l × heads·d] product per layer.
//
// Why this shape. Before rotation, q_n·k_m/√d = β·â_n·â_m with â = a/‖a‖:
//   • the content term cos²φ·ĉ_n·ĉ_m is the cosine similarity of two patches' appearance in a
//     random (Johnson–Lindenstrauss) view of the PCA space — real visual similarity, so a patch of
//     the same object in another frame gets weight, and a patch compared with itself has the top
//     similarity (â_n·â_n = 1 ≥ â_n·â_m);
//   • the shared direction u is the same for every token, so after each variant rotates q and k,
//     uᵀR(p_m − p_n)u is exactly that variant's relative-position kernel: the attention map mixes
//     what the video shows with where each variant puts the tokens. A uniform (e.g. black) video has
//     ĉ = 0 and shows the pure positional term.
//   • q = k makes every head symmetric and similarity-only; heads of one layer differ only by
//     their random view. This is a probe for positional behaviour on real content, not a trained
//     model: real q/k come from a TorchScript file or a capture.
//
// ─── The TorchScript contract ─────────────────────────────────────────────────────────────────
//   forward(frames: Tensor[T,3,H,W]) -> Tuple[Tensor[L,Hd,N,D] q, Tensor[L,Hd,N,D] k, Tensor[3] grid]
//   frames: float32, RGB, values in [0, 1], H and W the size the caller resized to (the CLI uses
//   grid·28); q, k: pre-rotation, floating point, equal shapes; grid: 3 integers (T', H', W') of the
//   model's token grid with T'·H'·W' = N (T' may be smaller than T, e.g. Qwen2-VL's temporal patch
//   of 2 frames). A file saved by a newer PyTorch than LibTorch 1.13 is detected and reported, with
//   the capture-file route as the way out.
//
// Threads: run() is synchronous and may take seconds; call it off the GUI thread. Progress is
// called on that thread; returning false makes run() throw Cancelled. Errors: BadFile (file
// unusable, wrong signature, wrong output layout — naming kTorchScriptSignature), InvalidParameter
// (frames the model cannot take).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/attention/QkCapture.h"
#include "media/Frames.h"

namespace rope {

inline constexpr const char* kTorchScriptSignature =
    "forward(frames: Tensor[T,3,H,W]) -> Tuple[Tensor[L,Hd,N,D] q, Tensor[L,Hd,N,D] k, Tensor[3] grid]";

struct BuiltinModelOptions {
    int layers = 4;
    int heads = 4;
    int headDim = 128;           ///< d; must match the variant's head_dim
    int components = 64;         ///< K, PCA components kept
    int tokenPixels = 28;        ///< s, frame pixels per token side (14-px patch × 2 × 2 merge)
    int pool = 4;                ///< average-pool factor inside a token before PCA; divides s
    double positionShare = 0.5;  ///< sin²φ ∈ [0, 1]: weight of the shared positional direction
    double sharpness = 8.0;      ///< β: pre-rotation logits are β·cos(â_n, â_m)
    uint64_t seed = 0x524f50455343ULL;  ///< "ROPESC"
};

/// Throws InvalidParameter naming the option when a value is out of its domain.
void validateBuiltinOptions(const BuiltinModelOptions& o);

class QkModel {
public:
    virtual ~QkModel() = default;
    /// "built-in PCA model (4 layers × 4 heads, d = 128)", "TorchScript model.pt", ...
    virtual std::string name() const = 0;
    /// q/k of the frames' visual tokens. Frames must be RGB with H and W multiples of
    /// pixelsPerToken() for the built-in model (TorchScript models decide for themselves).
    virtual QkCapture run(const Frames& frames, const Progress& progress = {}) = 0;
    /// Frame pixels per token side the caller should resize to (28 for both model kinds).
    virtual int pixelsPerToken() const = 0;
};

std::unique_ptr<QkModel> makeBuiltinModel(const BuiltinModelOptions& options = {});

/// Loads and checks the signature of forward (throws BadFile naming kTorchScriptSignature, or
/// saying the file needs a newer PyTorch than LibTorch 1.13).
std::unique_ptr<QkModel> loadTorchScriptModel(const std::string& path);

enum class ModelFileKind { TorchScript, Capture };

/// By content: a zip archive (torch.jit.save) or a safetensors file. Throws BadFile naming both
/// accepted kinds otherwise (and recognising a torch.save pickle, which is weights, not a model).
ModelFileKind detectModelFile(const std::string& path);

/// The SplitMix64 sign stream the built-in model draws P and u from (exposed for tests):
/// `count` values of ±1 for stream (seed, layer, head, which), which = 0 for P, 1 for u.
std::vector<int8_t> builtinSigns(uint64_t seed, int layer, int head, int which, int64_t count);

}  // namespace rope
