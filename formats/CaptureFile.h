#pragma once
// q/k capture files: a safetensors file (Safetensors.h) that any PyTorch version can write, holding
// pre-rotation queries and keys of a vision model over the visual tokens of one video
// (docs/capture-format.md has the full schema and a Python snippet).
//
//   tensors   q, k : [layers, heads, tokens, head_dim], F32 / F16 / BF16, equal shapes,
//                    tokens in raster order frame → row → column, tokens = T·H·W
//   metadata  ropescope.format       = "qk-capture/1"       (optional; if present must match)
//             ropescope.grid         = "T,H,W"              (required, each ≥ 1)
//             ropescope.frame_times  = "[0.0, 0.5, ...]"    (optional JSON array of T numbers, seconds)
//             ropescope.source_model = "Qwen/Qwen2-VL-7B"   (optional text)
//
// Reading checks every bound (Safetensors.h), then the capture rules above; q and k must hold
// finite values. Any failure is a rope::BadFile naming the file, the problem and this layout.
#include <cstdint>
#include <string>
#include <vector>

#include "core/attention/QkCapture.h"
#include "formats/Safetensors.h"

namespace rope {

inline constexpr const char* kCaptureFormat = "qk-capture/1";
inline constexpr const char* kCaptureKeyFormat = "ropescope.format";
inline constexpr const char* kCaptureKeyGrid = "ropescope.grid";
inline constexpr const char* kCaptureKeyFrameTimes = "ropescope.frame_times";
inline constexpr const char* kCaptureKeySourceModel = "ropescope.source_model";

/// The layout every capture BadFile message names.
inline constexpr const char* kCaptureLayout =
    "a q/k capture (qk-capture/1): safetensors with tensors q and k of equal shape "
    "[layers, heads, tokens, head_dim] (F32, F16 or BF16) and metadata ropescope.grid = \"T,H,W\" "
    "with T*H*W = tokens (optional: ropescope.frame_times = JSON array of T numbers, "
    "ropescope.source_model, ropescope.format = \"qk-capture/1\"); see docs/capture-format.md";

/// What a capture file holds, from its header alone (no tensor data read).
struct CaptureInfo {
    std::string path;
    int64_t layers = 0, heads = 0, tokens = 0, headDim = 0;
    int64_t frames = 0, rows = 0, cols = 0;  ///< token grid T, H, W
    std::vector<double> frameTimes;          ///< empty or T values
    std::string sourceModel;
    std::string qDtype, kDtype;              ///< "F32", "F16", "BF16"
    /// Bytes q and k take once converted to float32 (what readCapture allocates).
    double floatBytes() const { return 2.0 * 4.0 * double(layers) * double(heads) * double(tokens) * double(headDim); }
};

/// Validates the header and metadata of a capture file. Throws BadFile.
CaptureInfo readCaptureInfo(const std::string& path);

/// Reads the whole capture (all layers and heads) as float32. Refuses with TooLarge (estimate in
/// MiB in the message) when q + k as float32 would exceed memoryBudgetMiB. Throws BadFile.
QkCapture readCapture(const std::string& path, double memoryBudgetMiB = 4096);

/// Reads one layer and one head only (the slices are contiguous in the file, so a capture far
/// larger than memory can still be inspected). The result has layers = heads = 1: its q/k hold
/// layer `layer`, head `head` of the file at index (0, 0). Throws BadFile for a bad file,
/// InvalidParameter("layer" / "head") giving the valid range, and TooLarge over the budget.
QkCapture readCaptureHead(const std::string& path, int64_t layer, int64_t head, double memoryBudgetMiB = 4096);

/// Writes `c` as a capture file (q and k stored as `dtype`), atomically: path + ".tmp" is
/// written, then renamed over path. Throws InvalidParameter if validateCapture fails, BadFile if
/// the file cannot be written.
void writeCapture(const std::string& path, const QkCapture& c, TensorDtype dtype = TensorDtype::F32);

}  // namespace rope
