// Research variants that followed VideoRoPE (variants-more.md §8–11, variants-third.md §15–16).
#include "../../Errors.h"
#include "../Variant.h"

namespace rope {
namespace {

VariantEntry hope() {
    VariantEntry e;
    e.name = "hope", e.displayName = "HoPE", e.group = VariantGroup::Research;
    e.summary = "VideoRoPE's diagonal layout with temporal stride γ; the temporal band gets zero frequency (NoPE).";
    e.design = "diagonal", e.allocation = "zero-frequency temporal band";
    e.options = {realOption("hope.gamma", "Temporal stride γ",
                            "Frame f sits at t = st + γ·f. Our default 1: the official inference path has none; "
                            "training draws γ from {0.5, 0.75, 1, 1.25, 1.5}.", 1, 0, 64, true),
                 boolOption("hope.frame_split", "Split video into frames",
                            "on: every frame its own block (Multimodal-RoPEs' hope); off: the whole video one block "
                            "(official).", false, {"whole video one block (official)", "one block per frame"})};
    e.reference = {"hrlics/HoPE", "modeling_hope.py", "get_dynamic_rope_index", "variants-more.md §8"};
    e.disagreements = {
        "Multimodal-RoPEs splits a video into one-frame blocks (hope.frame_split=on); official lays it out as one.",
        "Multimodal-RoPEs always draws γ at random; its documented temporal_stride 2.0 is unused by its positions.",
        "NoPE: official writes cos 1 / sin 0; Multimodal-RoPEs zeroes t positions instead — same numbers for t ≥ 0.",
        "Base: 10 000 in Multimodal-RoPEs' config class vs 1e6 (Qwen2-VL) in the official model.",
    };
    e.compose = [](const OptionReader& o) {
        return Composition{"diagonal",
                           "zero-temporal-band",
                           {{"diagonal.stride", o.text("hope.gamma")},
                            {"diagonal.centred", "on"},
                            {"diagonal.next_start", "t-row"},
                            {"diagonal.frame_split", o.text("hope.frame_split")},
                            {"zero-temporal-band.temporal_band", "low"},
                            {"zero-temporal-band.spatial_order", "interleaved"}}};
    };
    return e;
}

VariantEntry videoropePlus() {
    VariantEntry e;
    e.name = "videorope++", e.displayName = "VideoRoPE++", e.group = VariantGroup::Research;
    e.summary = "VideoRoPE (all-rows next start) with the temporal band's base rescaled for extrapolation (YaRN-V).";
    e.design = "diagonal", e.allocation = "LTA with rescaled temporal band";
    e.usesDelta = true;
    e.options = {realOption("videorope++.factor", "Extrapolation factor s",
                            "Context extension factor; κ = ((L·s − 1)/(L − 1))^(R/(R−2)) rescales the temporal pairs' "
                            "base. 1 = plain VideoRoPE.", 4, 0, 1e6, true),
                 integerOption("videorope++.original_length", "Original length L",
                               "Training context length; hard-coded 32768 in the reference.", 32768, 2,
                               1'000'000'000)};
    e.reference = {"Wiselnn570/VideoRoPE",
                   "videorope_plus/videorope_plus_extrapolation_impl/vllm/model_executor/layers/rotary_embedding.py",
                   "MRotaryEmbedding.post_init (videorope++_v1)", "variants-third.md §16"};
    e.disagreements = {
        "Paper and README call it YaRN-V; the code is an NTK-aware base change of the temporal band with no YaRN ramp "
        "and no temperature.",
        "The shipped V-RULER script runs factor 1.0 (κ = 1): no scaling at all.",
        "Next start: all axes here (vLLM copy) vs the t axis in the transformers VideoRoPE.",
    };
    e.compose = [](const OptionReader& o) {
        return Composition{"diagonal",
                           "rescaled-temporal-band",
                           {{"diagonal.stride", "delta"},
                            {"diagonal.centred", "on"},
                            {"diagonal.next_start", "all-rows"},
                            {"rescaled-temporal-band.temporal_band", "low"},
                            {"rescaled-temporal-band.spatial_order", "interleaved"},
                            {"rescaled-temporal-band.factor", o.text("videorope++.factor")},
                            {"rescaled-temporal-band.original_length", o.text("videorope++.original_length")}}};
    };
    return e;
}

VariantEntry mropeI() {
    VariantEntry e;
    e.name = "mrope-i", e.displayName = "MRoPE-I", e.group = VariantGroup::Research;
    e.summary = "Qwen3-VL's per-frame blocks and interleave, with spatial ids reset per block.";
    e.design = "per-frame blocks", e.allocation = "interleaved by 3";
    e.theta = 5e6, e.sections = {24, 20, 20};
    e.options = {boolOption("mrope-i.spatial_reset", "Spatial reset",
                            "on: h and w are local to each block (h = y, w = x), t stays global (MRoPE-I); off: "
                            "Qwen3-VL's h = s + y, w = s + x.", true, {"no reset (= Qwen3-VL)", "spatial reset"}),
                 realOption("mrope-i.temporal_stride", "Temporal stride",
                            "Multiplies the in-block frame index, which is always 0 after the per-frame split: no "
                            "effect (reference behaviour).", 1, 0, 64, true),
                 integerOption("mrope-i.frame_gap", "Tokens between frames",
                               "Text tokens between consecutive video frames (vision-end, timestamp, vision-start).",
                               0, 0, 1'000'000)};
    e.reference = {"JJJYmmm/Multimodal-RoPEs", "multimodal_ropes/pos_design/mrope_i.py", "get_mrope_interleave_index",
                   "variants-third.md §15"};
    e.disagreements = {
        "MRopeInterleaveConfig defaults to spatial_reset=False (= Qwen3-VL) while the README presents MRoPE-I with "
        "the reset; RoPEScope defaults to on.",
        "temporal_stride has no effect (every block has one frame); the config's base is stored but unused.",
        "θ and R come from the model config; RoPEScope uses Qwen3-VL's (5e6, [24,20,20]).",
    };
    // mrope-i.temporal_stride has no effect (every block has one frame): not part of the composition.
    e.compose = [](const OptionReader& o) {
        return Composition{"per-frame",
                           "interleaved-by-3",
                           {{"per-frame.frame_gap", o.text("mrope-i.frame_gap")},
                            {"per-frame.spatial_reset", o.text("mrope-i.spatial_reset")}}};
    };
    return e;
}

VariantEntry vrope() {
    VariantEntry e;
    e.name = "vrope", e.displayName = "VRoPE", e.group = VariantGroup::Research;
    e.summary = "Four position streams per token (the four corner orders of a frame); pair i reads stream i mod 4.";
    e.design = "four streams", e.allocation = "per stream";
    e.usesSections = false;
    e.reference = {"johncaged/VRoPE", "vrope.py", "VRoPE.generate_nd_positions", "variants-more.md §9"};
    e.disagreements = {"None between implementations. The constructor's temporal pair count is forced to 0; the "
                       "disabled temporal path is not offered."};
    e.compose = [](const OptionReader&) { return Composition{"four-streams", "per-stream", {}}; };
    return e;
}

VariantEntry v2pe() {
    VariantEntry e;
    e.name = "v2pe", e.displayName = "V2PE", e.group = VariantGroup::Research;
    e.summary = "1D RoPE whose visual tokens advance by a fraction δ = stride / tile_tokens.";
    e.design = "fractional 1D", e.allocation = "single axis";
    e.usesSections = false;
    VariantOption tile = integerOption("v2pe.tile_tokens", "Tokens per tile",
                                       "δ = stride / tile_tokens; 256 = InternVL's tokens per tile (reference); block "
                                       "= the block's own token count (Multimodal-RoPEs).", 256, 1, 1'000'000);
    tile.specialValues = {"block"};
    e.options = {realOption("v2pe.stride", "Visual stride",
                            "Id span of one tile; 64 in every README evaluation example (the fixed mode has no "
                            "default; training draws it from {1, 2, 4, …, 256}).", 64, 0, 1e6, true),
                 tile};
    e.reference = {"OpenGVLab/V2PE", "internvl/model/internvl_chat/modeling_internvl_chat.py",
                   "get_rope_pos_id (v2pe_fix)", "variants-more.md §10"};
    e.disagreements = {
        "Step: official δ = stride/256 per token; Multimodal-RoPEs δ = visual_stride/N, every block spans exactly the "
        "stride (v2pe.tile_tokens=block).",
        "Multimodal-RoPEs splits videos into one-frame blocks.",
        "The reference casts ids to float32; RoPEScope computes in double.",
    };
    e.compose = [](const OptionReader& o) {
        return Composition{"fractional",
                           "single-axis",
                           {{"fractional.stride", o.text("v2pe.stride")},
                            {"fractional.tile_tokens", o.text("v2pe.tile_tokens")}}};
    };
    return e;
}

VariantEntry circleRope() {
    VariantEntry e;
    e.name = "circle-rope", e.displayName = "Circle-RoPE", e.group = VariantGroup::Research;
    e.summary = "Image tokens on a ring ⟂ (1,1,1), all equally far from the text axis (images only).";
    e.design = "ring", e.allocation = "chunked sections";
    e.options = {realOption("circle-rope.radius", "Ring radius R", "Distance of every image token from "
                            "(st, st, st); the released config's 10.", 10, 0, 1e6, true),
                 realOption("circle-rope.alpha", "Angle blend α",
                            "θ_k = α·φ_k + (1−α)·ψ_k: α = 1 keeps the patch's geometric angle, 0 its raster index.",
                            0.5, 0, 1),
                 boolOption("circle-rope.move_to_origin", "Centre the grid",
                            "on: angles measured from the image centre (released config); off: from patch (0, 0).",
                            true, {"angles from patch (0,0)", "angles from the image centre"}),
                 enumOption("circle-rope.index", "Layer ids",
                            "AGE gives even layers the ring ids and odd layers plain Qwen2.5-VL ids; circle shows the "
                            "ring, m-rope the other layers.", {"circle", "m-rope"},
                            {"ring ids (even layers)", "Qwen2.5-VL ids (odd layers)"})};
    e.reference = {"lose4578/CircleRoPE", "code/circle_rope.py", "get_circle_rope_index", "variants-more.md §11"};
    e.disagreements = {
        "Multimodal-RoPEs: move_to_origin default false, radius/alpha −1, and videos as stacked rings (not offered: "
        "the official code has no video path, so a video segment is refused).",
        "The reference works in float32; compare positions to 1e-4.",
    };
    // The one entry whose design depends on an option: circle-rope.index picks the ring or the
    // Qwen2.5-VL grid (images have τ = 0). A variant derived from it takes the design of the index
    // it was derived at; the switch itself is not a catalogue option.
    e.compose = [](const OptionReader& o) {
        Composition c{"ring", "section-bands",
                      {{"section-bands.temporal_band", "high"}, {"section-bands.spatial_order", "sequential"}}};
        if (o.choice("circle-rope.index") == 1) {
            c.design = "grid";
            c.values["grid.time"] = "time-aligned";
            return c;
        }
        c.values["ring.radius"] = o.text("circle-rope.radius");
        c.values["ring.alpha"] = o.text("circle-rope.alpha");
        c.values["ring.move_to_origin"] = o.text("circle-rope.move_to_origin");
        return c;
    };
    e.check = [](const VariantInputs& in) {
        for (const Segment& s : in.params.sequence.segments())
            if (s.kind == SegmentKind::Video)
                throw InvalidParameter("sequence", Sequence({s}).format(),
                                       "is a video segment; circle-rope lays out images only (use image:HxW)");
    };
    return e;
}

}  // namespace

std::vector<VariantEntry> researchVariants() {
    return {hope(), videoropePlus(), mropeI(), vrope(), v2pe(), circleRope()};
}

}  // namespace rope
