#pragma once
// Inputs of the attention-on-a-video pipeline (pipeline/AttentionPipeline.h): one field per
// `attention.*` key of the parameter schema (AttentionSchema.cpp). Scope Study: every column of a
// study sees the same video, model, layer and head; each column rotates the q/k its own way. The CLI
// (`ropescope attention --video … --frames …`), the GUI's attention tab and the study file all reach
// these fields through that schema, so they share one domain and one default.
#include <cstdint>
#include <string>

namespace rope {

struct AttentionSettings {
    std::string video;             ///< attention.video: a file OpenCV/FFmpeg decodes; empty = none chosen
    std::string model;             ///< attention.model: TorchScript (.pt) or q/k capture (.safetensors); empty = built-in
    int64_t frames = 8;            ///< attention.frames: frames sampled evenly; with fps > 0 the most kept
    double fps = 0;                ///< attention.fps: > 0 samples one frame every 1/fps s from the start; 0 = by count
    std::string grid = "auto";     ///< attention.grid: "ROWSxCOLS" LLM tokens per frame, or "auto" (≈ 144 tokens)
    int64_t layer = 0;             ///< attention.layer
    int64_t head = 0;              ///< attention.head
    bool causal = false;           ///< attention.causal: key m visible to query n only if m ≤ n
    std::string bands = "halves";  ///< attention.bands: halves | rows | none | pair ranges "0-15,16-63"
    int builtinLayers = 4;         ///< attention.builtin_layers (built-in model only)
    int builtinHeads = 4;          ///< attention.builtin_heads (built-in model only)
    double positionShare = 0.5;    ///< attention.position_share (built-in model only), sin²φ ∈ [0, 1]

    bool operator==(const AttentionSettings&) const = default;
};

}  // namespace rope
