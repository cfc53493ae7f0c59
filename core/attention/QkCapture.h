#pragma once
// Pre-rotation queries and keys of a vision model over the visual tokens of one video, as the
// attention views need them: RoPEScope applies each variant's rotation itself, so one capture
// compares all variants.
//
//   q, k : [layers, heads, tokens, head_dim] float32, tokens in raster order frame → row → column
//   grid : T × H × W visual tokens (LLM token grid after the spatial merge); tokens = T·H·W
//
// A capture comes from the built-in model (model/), a user's TorchScript model, or a capture
// file (safetensors, read by formats/CaptureFile.h).
#include <cstdint>
#include <string>
#include <vector>

namespace rope {

struct QkTensor {
    int64_t layers = 0, heads = 0, tokens = 0, headDim = 0;
    std::vector<float> data;  ///< row-major [layers][heads][tokens][headDim]

    int64_t size() const { return layers * heads * tokens * headDim; }
    const float* token(int64_t layer, int64_t head, int64_t n) const {
        return data.data() + ((layer * heads + head) * tokens + n) * headDim;
    }
    float* token(int64_t layer, int64_t head, int64_t n) {
        return data.data() + ((layer * heads + head) * tokens + n) * headDim;
    }
};

struct QkCapture {
    QkTensor q, k;
    int64_t frames = 0, rows = 0, cols = 0;  ///< token grid T, H, W
    std::vector<double> frameTimes;          ///< seconds, one per temporal token frame (may be empty)
    std::string sourceModel;                 ///< e.g. "built-in PCA model", "Qwen/Qwen2-VL-7B-Instruct"

    int64_t tokens() const { return frames * rows * cols; }
};

/// Checks the rules a capture must satisfy in memory (equal q/k shapes, all sizes ≥ 1,
/// data sizes = product of the shape, tokens = T·H·W, frameTimes empty or T long).
/// Throws InvalidParameter("capture", ...) naming the broken rule. Used by writeCapture
/// (formats/CaptureFile.h) and computeAttention.
void validateCapture(const QkCapture& c);

}  // namespace rope
