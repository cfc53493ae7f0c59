// The five variants of the VideoRoPE paper (variants.md). Reference: the VideoRoPE authors'
// Qwen2-VL code for four of them, Hugging Face transformers' Qwen2-VL for M-RoPE.
#include "../Variant.h"

namespace rope {
namespace {

const VariantReference kVideoRopeCode{"Wiselnn570/VideoRoPE", "videorope-transformer/modeling_videorope.py",
                                      "get_rope_index", ""};

VariantEntry vanilla() {
    VariantEntry e;
    e.name = "vanilla", e.displayName = "Vanilla RoPE", e.group = VariantGroup::Paper;
    e.summary = "1D RoPE: every token takes the next integer on every axis.";
    e.design = "sequential", e.allocation = "single axis";
    e.usesSections = false;
    e.reference = kVideoRopeCode, e.reference.spec = "variants.md §1";
    e.paperVniah = std::pair{31.78, 30.22};
    e.compose = [](const OptionReader&) { return Composition{"sequential", "single-axis", {}}; };
    return e;
}

VariantEntry tad() {
    VariantEntry e;
    e.name = "tad", e.displayName = "TAD-RoPE", e.group = VariantGroup::Paper;
    e.summary = "1D index plus a time index that advances once per frame (and per text token).";
    e.design = "time and index", e.allocation = "single axis";
    e.usesSections = false;
    e.options = {enumOption("tad.text_stride", "TAD text stride",
                            "reference: text advances by 2 per token, as the VideoRoPE code does; paper: text keeps "
                            "stride 1 and only frame boundaries add a time step.",
                            {"reference", "paper"}, {"text stride 2 (reference code)", "text stride 1 (paper)"})};
    e.reference = kVideoRopeCode, e.reference.spec = "variants.md §2";
    e.disagreements = {"The reference counts text in both the vanilla and the time index, so text advances by 2 per "
                       "token; the TAD-RoPE paper keeps text at stride 1 (tad.text_stride=paper)."};
    e.paperVniah = std::pair{29.33, 29.56};
    e.compose = [](const OptionReader& o) {
        return Composition{"time-and-index", "single-axis", {{"time-and-index.text_stride", o.text("tad.text_stride")}}};
    };
    return e;
}

VariantEntry ropeTie() {
    VariantEntry e;
    e.name = "rope-tie", e.displayName = "RoPE-Tie", e.group = VariantGroup::Paper;
    e.summary = "Su's 2D scheme: each frame an H×W block with symmetric entry and exit steps.";
    e.design = "2D blocks (tie)", e.allocation = "alternating h/w";
    e.usesSections = false;
    e.reference = {"(none: blog 'Transformer升级之路：17')", "", "", "variants.md §3"};
    e.disagreements = {"No official code; the frame-after-frame video rule is the VideoRoPE paper's reading."};
    e.compose = [](const OptionReader&) { return Composition{"tie", "alternating-hw", {}}; };
    return e;
}

VariantEntry mrope() {
    VariantEntry e;
    e.name = "m-rope", e.displayName = "M-RoPE", e.group = VariantGroup::Paper;
    e.summary = "Qwen2-VL: a 3D block per visual segment, t on the highest frequencies (chunked sections).";
    e.design = "3D grid", e.allocation = "chunked sections";
    e.reference = {"huggingface/transformers", "src/transformers/models/qwen2_vl/modeling_qwen2_vl.py",
                   "get_rope_index", "variants.md §4"};
    e.paperVniah = std::pair{78.67, 74.67};
    e.compose = [](const OptionReader&) {
        return Composition{"grid", "section-bands", {{"grid.time", "frame-index"}, {"section-bands.temporal_band", "high"},
                                                     {"section-bands.spatial_order", "sequential"}}};
    };
    return e;
}

VariantEntry videorope() {
    VariantEntry e;
    e.name = "videorope", e.displayName = "VideoRoPE", e.group = VariantGroup::Paper;
    e.summary = "LTA + diagonal layout + adjustable temporal spacing δ (the paper's method).";
    e.design = "diagonal", e.allocation = "LTA (interleaved h/w, t lowest)";
    e.usesDelta = true;
    e.options = {
        enumOption("videorope.next_start", "Next start rule",
                   "Where text after a visual block starts: t-row = max t + 1 (reference); all-rows = max over t, h, "
                   "w + 1 (the VideoRoPE++ vLLM copy).",
                   {"t-row", "all-rows"}, {"next start after max t", "next start after max of all axes"}),
        enumOption("videorope.temporal_band", "Temporal band",
                   "low: t is driven by the lowest-frequency pairs (LTA, VideoRoPE); high: by the highest (as M-RoPE "
                   "does; the paper's ablation).",
                   {"low", "high"}, {"LTA on (temporal band low)", "LTA off (temporal band high)"}),
        enumOption("videorope.spatial_order", "h/w order",
                   "interleaved: spatial pairs alternate h (even) / w (odd), VideoRoPE; sequential: all h pairs then "
                   "all w pairs (paper's Table 7 ablation).",
                   {"interleaved", "sequential"}, {"h/w interleaved", "h then w (sequential)"}),
        boolOption("videorope.diagonal", "Diagonal layout",
                   "on: each frame's spatial grid is centred on its t, so visual tokens lie along the (1,1,1) "
                   "diagonal (DL); off: h = st + y, w = st + x.",
                   true, {"DL off", "DL on"}),
    };
    e.reference = kVideoRopeCode, e.reference.spec = "variants.md §5";
    e.disagreements = {"Next start after a block: max of the t axis + 1 here; the VideoRoPE++ vLLM copy uses the max "
                       "over all axes (videorope.next_start=all-rows)."};
    e.paperVniah = std::pair{91.11, 87.11};
    e.compose = [](const OptionReader& o) {
        return Composition{"diagonal",
                           "section-bands",
                           {{"diagonal.stride", "delta"},
                            {"diagonal.centred", o.text("videorope.diagonal")},
                            {"diagonal.next_start", o.text("videorope.next_start")},
                            {"section-bands.temporal_band", o.text("videorope.temporal_band")},
                            {"section-bands.spatial_order", o.text("videorope.spatial_order")}}};
    };
    return e;
}

}  // namespace

std::vector<VariantEntry> paperVariants() { return {vanilla(), tad(), ropeTie(), mrope(), videorope()}; }

}  // namespace rope
