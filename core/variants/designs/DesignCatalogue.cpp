// Every position design of designs/ as a catalogue entry: its options and how they become the
// design's settings. Registry entries and custom variants both build designs through these.
#include "../Catalogue.h"
#include "Designs.h"

namespace rope {
namespace {

const std::vector<std::string> kThw{"t", "h", "w"};

DesignDecl decl(std::string name, std::string label, std::string summary) {
    DesignDecl d;
    d.name = std::move(name), d.label = std::move(label), d.summary = std::move(summary);
    d.axes = kThw;
    return d;
}

DesignDecl sequential() {
    DesignDecl d = decl("sequential", "Sequential (1D)", "Every token takes the next integer on every axis (Vanilla RoPE).");
    d.make = [](const OptionReader&, const Params&) { return makeSequentialDesign(); };
    return d;
}

DesignDecl timeAndIndex() {
    DesignDecl d = decl("time-and-index", "1D index + time index",
                        "Vanilla index plus a time index that advances once per frame (TAD-RoPE).");
    d.options = {enumOption("time-and-index.text_stride", "Text stride",
                            "reference: text advances by 2 per token (VideoRoPE's code); paper: text keeps stride 1 "
                            "and only frame boundaries add a time step.",
                            {"reference", "paper"}, {"text stride 2 (reference code)", "text stride 1 (paper)"})};
    d.make = [](const OptionReader& o, const Params&) {
        return makeTimeAndIndexDesign(o.choice("time-and-index.text_stride") == 1);
    };
    return d;
}

DesignDecl tie() {
    DesignDecl d = decl("tie", "2D blocks (RoPE-Tie)", "Each frame an H×W block with symmetric entry and exit steps.");
    d.make = [](const OptionReader&, const Params&) { return makeTieDesign(); };
    return d;
}

DesignDecl grid() {
    DesignDecl d = decl("grid", "3D grid", "One t/h/w block per visual segment from its start; next start after the "
                        "max of every axis (M-RoPE, ERNIE-4.5-VL; Qwen2.5-VL time-aligned).");
    d.options = {
        enumOption("grid.time", "Frame time",
                   "frame-index: frame f at t offset f (M-RoPE); time-aligned: at its timestamp in "
                   "tokens_per_second units (Qwen2.5-VL).",
                   {"frame-index", "time-aligned"}, {"t offset = frame index", "t offset = timestamp × tps"}),
        realOption("grid.fps", "Sampling fps", "Frames per second the video was sampled at (time-aligned only).", 2, 0,
                   1000, true),
        integerOption("grid.temporal_patch_size", "Temporal patch size",
                      "Frames merged into one temporal grid (time-aligned only).", 2, 1, 64),
        realOption("grid.tokens_per_second", "tokens_per_second", "Temporal ids per second of video (time-aligned only).",
                   2, 0, 1000, true),
        enumOption("grid.rounding", "Temporal rounding",
                   "float: τ = ⌊f·spg·tps⌋ (reference); int-first: spg cast to an integer first; int-interval: "
                   "f·⌊spg·tps⌋ (time-aligned only).",
                   {"float", "int-first", "int-interval"},
                   {"τ = ⌊f·spg·tps⌋ (reference)", "τ = f·⌊spg⌋·tps (int cast first)", "τ = f·⌊spg·tps⌋"}),
    };
    d.make = [](const OptionReader& o, const Params&) {
        GridTime time;
        if (o.choice("grid.time") == 1) {
            time.kind = GridTime::Kind::TimeAligned;
            time.secondsPerGrid = static_cast<double>(o.integer("grid.temporal_patch_size")) / o.real("grid.fps");
            time.tokensPerSecond = o.real("grid.tokens_per_second");
            time.rounding = static_cast<GridTime::Rounding>(o.choice("grid.rounding"));
        }
        return makeGridDesign(time);
    };
    return d;
}

DesignDecl perFrame() {
    DesignDecl d = decl("per-frame", "Per-frame blocks",
                        "Every video frame its own one-frame block; next start s + max(H, W) (Qwen3-VL, GLM-4V, MRoPE-I).");
    d.options = {integerOption("per-frame.frame_gap", "Tokens between frames",
                               "Text tokens between consecutive video frames (vision-end, timestamp, vision-start); "
                               "they take ids like any text.",
                               0, 0, 1'000'000),
                 boolOption("per-frame.spatial_reset", "Spatial reset",
                            "on: h and w local to each block (h = y, w = x), t global (MRoPE-I); off: h = s + y, "
                            "w = s + x (Qwen3-VL).",
                            false, {"no reset (Qwen3-VL)", "spatial reset (MRoPE-I)"})};
    d.make = [](const OptionReader& o, const Params&) {
        PerFrameSettings s;
        s.frameGap = o.integer("per-frame.frame_gap");
        s.spatialReset = o.flag("per-frame.spatial_reset");
        return makePerFrameDesign(s);
    };
    return d;
}

DesignDecl diagonal() {
    DesignDecl d = decl("diagonal", "Diagonal layout",
                        "Frame f at t = st + stride·f, its grid centred on t along the (1,1,1) diagonal (VideoRoPE, "
                        "HoPE, VideoRoPE++).");
    VariantOption stride = realOption("diagonal.stride", "Temporal stride",
                                      "Frame f sits at t = st + stride·f. delta: follow the column's δ (--delta), as "
                                      "VideoRoPE does; a number fixes it (HoPE's γ).",
                                      2, 0, 64, true);
    stride.specialValues = {"delta"};
    stride.defaultValue = "delta";
    d.options = {stride,
                 boolOption("diagonal.centred", "Diagonal layout (DL)",
                            "on: each frame's grid is centred on its t (DL); off: h = st + y, w = st + x.", true,
                            {"DL off", "DL on"}),
                 enumOption("diagonal.next_start", "Next start rule",
                            "t-row: text after a block starts at max t + 1 (VideoRoPE); all-rows: max over every "
                            "axis + 1 (VideoRoPE++).",
                            {"t-row", "all-rows"}, {"next start after max t", "next start after max of all axes"}),
                 boolOption("diagonal.frame_split", "Split video into frames",
                            "on: every frame its own block (Multimodal-RoPEs' HoPE); off: the whole video one block.",
                            false, {"whole video one block", "one block per frame"})};
    d.make = [](const OptionReader& o, const Params& p) {
        DiagonalSettings s;
        const std::string stride = o.text("diagonal.stride");
        s.stride = stride == "delta" ? p.delta : o.real("diagonal.stride");
        s.strideName = stride == "delta" ? "δ" : "stride";  // explanations: "t = st + stride·f" (HoPE's γ)
        s.centred = o.flag("diagonal.centred");
        s.nextStart = o.choice("diagonal.next_start") == 0 ? DiagonalSettings::NextStart::TRow
                                                           : DiagonalSettings::NextStart::AllRows;
        s.frameSplit = o.flag("diagonal.frame_split");
        return makeDiagonalDesign(s);
    };
    return d;
}

DesignDecl fourStreams() {
    DesignDecl d = decl("four-streams", "Four streams (VRoPE)",
                        "Four position streams per token, the four corner orders of a frame; no t/h/w triple.");
    d.axes = {"s0", "s1", "s2", "s3"};
    d.make = [](const OptionReader&, const Params&) { return makeFourStreamDesign(); };
    return d;
}

DesignDecl fractional() {
    DesignDecl d = decl("fractional", "Fractional 1D (V2PE)",
                        "1D ids whose visual tokens advance by δ = stride / tile_tokens.");
    VariantOption tile = integerOption("fractional.tile_tokens", "Tokens per tile",
                                       "δ = stride / tile_tokens; block = the block's own token count.", 256, 1,
                                       1'000'000);
    tile.specialValues = {"block"};
    d.options = {realOption("fractional.stride", "Visual stride", "Id span of one tile.", 64, 0, 1e6, true), tile};
    d.make = [](const OptionReader& o, const Params&) {
        FractionalSettings s;
        s.stride = o.real("fractional.stride");
        const std::string t = o.text("fractional.tile_tokens");
        s.tileTokens = t == "block" ? 0 : std::stoll(t);
        return makeFractionalDesign(s);
    };
    return d;
}

DesignDecl ring() {
    DesignDecl d = decl("ring", "Ring (Circle-RoPE)",
                        "Image tokens on a ring ⟂ (1,1,1), all equally far from the text axis; images only.");
    d.options = {realOption("ring.radius", "Ring radius R", "Distance of every image token from (st, st, st).", 10, 0,
                            1e6, true),
                 realOption("ring.alpha", "Angle blend α",
                            "θ_k = α·φ_k + (1−α)·ψ_k: 1 keeps the patch's geometric angle, 0 its raster index.", 0.5,
                            0, 1),
                 boolOption("ring.move_to_origin", "Centre the grid",
                            "on: angles measured from the image centre; off: from patch (0, 0).", true,
                            {"angles from patch (0,0)", "angles from the image centre"})};
    d.make = [](const OptionReader& o, const Params&) {
        RingSettings s;
        s.radius = o.real("ring.radius");
        s.alpha = o.real("ring.alpha");
        s.moveToOrigin = o.flag("ring.move_to_origin");
        return makeRingDesign(s);
    };
    return d;
}

}  // namespace

std::vector<DesignDecl> declaredDesigns() {
    return {sequential(), timeAndIndex(), tie(), grid(), perFrame(), diagonal(), fourStreams(), fractional(), ring()};
}

}  // namespace rope
