// RoPEs of the video LLMs people run (variants-more.md §6–7, variants-third.md §12–14).
#include "../../Errors.h"
#include "../../TextFormat.h"
#include "../Variant.h"

namespace rope {
namespace {

VariantOption frameGapOption(const std::string& variant) {
    return integerOption(variant + ".frame_gap", "Tokens between frames",
                         "Text tokens between consecutive video frames (the processor's vision-end, timestamp and "
                         "vision-start tokens); they take ids like any text. 0 = frames back to back.",
                         0, 0, 1'000'000);
}

/// Per-frame blocks with the variant's frame_gap, under `allocation`.
Composition perFrame(const OptionReader& o, const std::string& variant, std::string allocation) {
    Composition c{"per-frame", std::move(allocation), {{"per-frame.frame_gap", o.text(variant + ".frame_gap")}}};
    if (c.allocation == "section-bands")
        c.values.insert({{"section-bands.temporal_band", "high"}, {"section-bands.spatial_order", "sequential"}});
    return c;
}

VariantEntry qwen25vl() {
    VariantEntry e;
    e.name = "qwen2.5-vl", e.displayName = "Qwen2.5-VL", e.group = VariantGroup::Deployed;
    e.summary = "Time-aligned M-RoPE: a frame's t offset is its timestamp in tokens_per_second units.";
    e.design = "3D grid, time-aligned", e.allocation = "chunked sections";
    e.options = {
        realOption("qwen2.5-vl.fps", "Sampling fps", "Frames per second the video was sampled at; spg = "
                   "temporal_patch_size / fps seconds per temporal grid.", 2, 0, 1000, true),
        integerOption("qwen2.5-vl.temporal_patch_size", "Temporal patch size",
                      "Frames merged into one temporal grid by the vision encoder.", 2, 1, 64),
        realOption("qwen2.5-vl.tokens_per_second", "tokens_per_second",
                   "Temporal ids per second of video. Released checkpoints say 2; transformers' config class "
                   "default is 4.", 2, 0, 1000, true),
        enumOption("qwen2.5-vl.rounding", "Temporal rounding",
                   "float: τ = ⌊f·spg·tps⌋ (reference); int-first: spg cast to an integer before multiplying (some "
                   "transformers releases; τ collapses to 0 once fps > 2); int-interval: f·⌊spg·tps⌋.",
                   {"float", "int-first", "int-interval"},
                   {"τ = ⌊f·spg·tps⌋ (reference)", "τ = f·⌊spg⌋·tps (int cast first)", "τ = f·⌊spg·tps⌋"}),
    };
    e.reference = {"QwenLM/Qwen3-VL", "qwen-vl-finetune/qwenvl/data/rope2d.py", "get_rope_index_25",
                   "variants-more.md §6"};
    e.disagreements = {
        "tokens_per_second: the Qwen reference hard-codes 2; transformers reads the vision config, whose class default "
        "is 4 (released checkpoints say 2).",
        "Rounding: only float is the reference; int-first reproduces transformers releases that cast "
        "second_per_grid_t to an integer; int-interval is the form discussed in transformers PR #48669.",
        "A video with no seconds-per-grid supplied: the reference uses 1.0 s (our fps 2 default).",
    };
    e.compose = [](const OptionReader& o) {
        return Composition{"grid",
                           "section-bands",
                           {{"grid.time", "time-aligned"},
                            {"grid.fps", o.text("qwen2.5-vl.fps")},
                            {"grid.temporal_patch_size", o.text("qwen2.5-vl.temporal_patch_size")},
                            {"grid.tokens_per_second", o.text("qwen2.5-vl.tokens_per_second")},
                            {"grid.rounding", o.text("qwen2.5-vl.rounding")},
                            {"section-bands.temporal_band", "high"},
                            {"section-bands.spatial_order", "sequential"}}};
    };
    return e;
}

VariantEntry qwen3vl() {
    VariantEntry e;
    e.name = "qwen3-vl", e.displayName = "Qwen3-VL", e.group = VariantGroup::Deployed;
    e.summary = "Interleaved MRoPE: every frame its own block, t/h/w interleaved by 3 over the spectrum.";
    e.design = "per-frame blocks", e.allocation = "interleaved by 3";
    e.theta = 5e6, e.sections = {24, 20, 20};
    e.options = {frameGapOption("qwen3-vl")};
    e.reference = {"QwenLM/Qwen3-VL", "qwen-vl-finetune/qwenvl/data/rope2d.py", "get_rope_index_3",
                   "variants-more.md §7"};
    e.disagreements = {"None found. The reference needs a vision-start token before each frame (frame_gap ≥ 1); "
                       "frame_gap = 0 follows the same rule, checked at 1, 2, 3."};
    e.compose = [](const OptionReader& o) { return perFrame(o, "qwen3-vl", "interleaved-by-3"); };
    return e;
}

VariantEntry qwen35() {
    VariantEntry e;
    e.name = "qwen3.5", e.displayName = "Qwen3.5", e.group = VariantGroup::Deployed;
    e.summary = "Qwen3-VL's per-frame positions and interleave on a partial rotary (R = head_dim/4).";
    e.design = "per-frame blocks", e.allocation = "interleaved by 3";
    e.theta = 1e7, e.headDim = 256, e.rotaryShare = 0.25, e.sections = {11, 11, 10};
    e.options = {frameGapOption("qwen3.5")};
    e.reference = {"huggingface/transformers", "src/transformers/models/qwen3_5/modeling_qwen3_5.py",
                   "Qwen3_5Model.get_rope_index", "variants-third.md §12"};
    e.disagreements = {
        "Two transformers versions of get_rope_index (vision_start-driven and mm_token_type_ids-driven) give the same "
        "positions; they differ in what they accept.",
        "θ = 1e7 is the released checkpoints' rope_theta as quoted by downstream ports, not the config class.",
        "The interleave docstring says [THWTHW…TT]; for [11,11,10] on 32 pairs the layout ends …T,H.",
    };
    e.compose = [](const OptionReader& o) { return perFrame(o, "qwen3.5", "interleaved-by-3"); };
    return e;
}

VariantEntry glm4v() {
    VariantEntry e;
    e.name = "glm-4v", e.displayName = "GLM-4.1V / 4.5V", e.group = VariantGroup::Deployed;
    e.summary = "Per-frame blocks (as Qwen3-VL) with chunked sections on a half-width rotary (R = head_dim/2).";
    e.design = "per-frame blocks", e.allocation = "chunked sections";
    e.theta = 10000, e.rotaryShare = 0.5, e.sections = {8, 12, 12};
    e.options = {frameGapOption("glm-4v"),
                 enumOption("glm-4v.model", "Model",
                            "GLM-4.1V rotates adjacent channel pairs (2c, 2c+1); GLM-4.5V rotate-half within the "
                            "rotated part (c, c+R/2). Same angles; only captured q/k rotation differs.",
                            {"4.1v", "4.5v"}, {"GLM-4.1V (adjacent pairs)", "GLM-4.5V (rotate-half)"})};
    e.reference = {"huggingface/transformers", "src/transformers/models/glm4v/modeling_glm4v.py",
                   "Glm4vModel.get_rope_index", "variants-third.md §13"};
    e.disagreements = {
        "The video loop's frame counter looks temporal but is reset by every text group, so every frame gets t offset "
        "0; the docstring's tokens_per_second interval is not in the code.",
        "partial_rotary_factor 0.5 and mrope_section [8,12,12] are the checkpoints' values, not the config class.",
    };
    e.compose = [](const OptionReader& o) {
        Composition c = perFrame(o, "glm-4v", "section-bands");
        c.pairLayout = o.choice("glm-4v.model") == 0 ? PairLayout::Adjacent : PairLayout::Half;
        return c;
    };
    return e;
}

VariantEntry ernie() {
    VariantEntry e;
    e.name = "ernie-4.5-vl", e.displayName = "ERNIE-4.5-VL", e.group = VariantGroup::Deployed;
    e.summary = "M-RoPE positions on the whole block with VideoRoPE's LTA allocation (t on the lowest frequencies).";
    e.design = "3D grid", e.allocation = "LTA (interleaved h/w, t lowest)";
    e.theta = 500000, e.sections = {20, 22, 22};
    e.reference = {"huggingface/transformers", "src/transformers/models/ernie4_5_vl_moe/modeling_ernie4_5_vl_moe.py",
                   "Ernie4_5_VL_MoeModel.get_rope_index", "variants-third.md §14"};
    e.disagreements = {
        "HF stores mrope_section in h,w,t order [22,22,20]; RoPEScope's sections are t,h,w = 20,22,22.",
        "T counts LLM temporal positions (after the 2-frame temporal merge); the docstring's tokens_per_second "
        "interval is not in the code.",
    };
    e.compose = [](const OptionReader&) {
        Composition c{"grid", "section-bands", {{"grid.time", "frame-index"}, {"section-bands.temporal_band", "low"},
                                                {"section-bands.spatial_order", "interleaved"}}};
        c.pairLayout = PairLayout::Adjacent;
        return c;
    };
    e.check = [](const VariantInputs& in) {
        const auto& s = in.params.sections;
        if (s[1] != s[2])
            throw InvalidParameter("sections", std::to_string(s[0]) + "," + std::to_string(s[1]) + "," +
                                                   std::to_string(s[2]),
                                   "must have equal h and w parts for ernie-4.5-vl (it splits even/odd pairs into "
                                   "bands of those sizes), e.g. 20,22,22");
    };
    return e;
}

}  // namespace

std::vector<VariantEntry> deployedVariants() { return {qwen25vl(), qwen3vl(), qwen35(), glm4v(), ernie()}; }

}  // namespace rope
