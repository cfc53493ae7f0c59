// Every frequency allocation of allocations/ as a catalogue entry: the axes it reads, whether it
// uses sections, its options and how they become a plan.
#include "../../Errors.h"
#include "../Catalogue.h"
#include "Allocations.h"

namespace rope {
namespace {

const std::vector<std::string> kThw{"t", "h", "w"};

AllocationDecl decl(std::string name, std::string label, std::string summary) {
    AllocationDecl a;
    a.name = std::move(name), a.label = std::move(label), a.summary = std::move(summary);
    a.readsAxes = kThw;
    return a;
}

/// Where the temporal band sits and how the spatial pairs are ordered; `prefix` is the allocation.
std::vector<VariantOption> bandOptions(const std::string& prefix, bool ltaFirst) {
    VariantOption band = enumOption(prefix + ".temporal_band", "Temporal band",
                                    "low: t on the lowest-frequency pairs (LTA, VideoRoPE); high: t on the highest "
                                    "(chunked, M-RoPE).",
                                    {"high", "low"}, {"t highest (chunked)", "t lowest (LTA)"});
    VariantOption order = enumOption(prefix + ".spatial_order", "h/w order",
                                     "sequential: all h pairs then all w pairs (M-RoPE); interleaved: h (even) / w "
                                     "(odd) alternate (VideoRoPE).",
                                     {"sequential", "interleaved"}, {"h then w (sequential)", "h/w interleaved"});
    if (ltaFirst) band.defaultValue = "low", order.defaultValue = "interleaved";
    return {band, order};
}

FrequencyPlan bands(const OptionReader& o, const std::string& prefix, const RotaryGeometry& g) {
    return sectionPlan(g, o.choice(prefix + ".temporal_band") == 1 ? TemporalBand::Low : TemporalBand::High,
                       o.choice(prefix + ".spatial_order") == 1 ? SpatialOrder::Interleaved : SpatialOrder::Sequential);
}

AllocationDecl singleAxis() {
    AllocationDecl a = decl("single-axis", "Single axis (1D)",
                            "Every pair reads the design's first axis (Vanilla, TAD-RoPE, V2PE).");
    a.readsAxes = {}, a.usesSections = false;
    a.make = [](const OptionReader&, const RotaryGeometry& g) { return singleAxisPlan(g); };
    return a;
}

AllocationDecl alternating() {
    AllocationDecl a = decl("alternating-hw", "Alternating h/w", "Even pairs h, odd pairs w, none for t (RoPE-Tie).");
    a.usesSections = false;
    a.make = [](const OptionReader&, const RotaryGeometry& g) { return alternatingSpatialPlan(g); };
    return a;
}

AllocationDecl sectionBands() {
    AllocationDecl a = decl("section-bands", "Section bands (chunked / LTA)",
                            "Sections [s_t, s_h, s_w] as bands: chunked = t highest, h then w (M-RoPE); LTA = t "
                            "lowest, h/w interleaved (VideoRoPE).");
    a.options = bandOptions("section-bands", false);
    a.make = [](const OptionReader& o, const RotaryGeometry& g) { return bands(o, "section-bands", g); };
    return a;
}

AllocationDecl interleavedByThree() {
    AllocationDecl a = decl("interleaved-by-3", "Interleaved by 3",
                            "t/h/w interleaved over the spectrum: pair j → h if j mod 3 = 1, w if j mod 3 = 2, within "
                            "the sections (Qwen3-VL).");
    a.make = [](const OptionReader&, const RotaryGeometry& g) { return interleavedByThreePlan(g); };
    return a;
}

AllocationDecl zeroBand() {
    AllocationDecl a = decl("zero-temporal-band", "Zero-frequency temporal band",
                            "Section bands whose temporal pairs get zero frequency: cos 1, sin 0 (HoPE's NoPE band).");
    a.options = bandOptions("zero-temporal-band", true);
    a.make = [](const OptionReader& o, const RotaryGeometry& g) {
        return zeroTemporalBand(bands(o, "zero-temporal-band", g));
    };
    return a;
}

AllocationDecl rescaledBand() {
    AllocationDecl a = decl("rescaled-temporal-band", "Rescaled temporal band",
                            "Section bands whose temporal pairs' base is rescaled for extrapolation (VideoRoPE++'s "
                            "YaRN-V).");
    a.options = bandOptions("rescaled-temporal-band", true);
    a.options.push_back(realOption("rescaled-temporal-band.factor", "Extrapolation factor s",
                                   "κ = ((L·s − 1)/(L − 1))^(R/(R−2)) rescales the temporal pairs' base; 1 = none.", 4,
                                   0, 1e6, true));
    a.options.push_back(integerOption("rescaled-temporal-band.original_length", "Original length L",
                                      "Training context length (32768 in the reference).", 32768, 2, 1'000'000'000));
    a.make = [](const OptionReader& o, const RotaryGeometry& g) {
        return rescaleTemporalBand(bands(o, "rescaled-temporal-band", g), o.real("rescaled-temporal-band.factor"),
                                   static_cast<double>(o.integer("rescaled-temporal-band.original_length")));
    };
    a.check = [](const OptionReader&, const Params& p) {
        if (p.rotaryDimension() < 4)
            throw InvalidParameter("rotary_dim", std::to_string(p.rotaryDimension()),
                                   "must be >= 4 for a rescaled temporal band (κ's exponent is R/(R−2))");
    };
    return a;
}

AllocationDecl perStream() {
    AllocationDecl a = decl("per-stream", "Per stream (VRoPE)", "Pair i reads stream i mod 4; sections are ignored.");
    a.readsAxes = {"s0", "s1", "s2", "s3"}, a.usesSections = false;
    a.make = [](const OptionReader&, const RotaryGeometry& g) { return perStreamPlan(g, 4); };
    return a;
}

}  // namespace

std::vector<AllocationDecl> declaredAllocations() {
    return {singleAxis(), alternating(), sectionBands(), interleavedByThree(), zeroBand(), rescaledBand(), perStream()};
}

}  // namespace rope
