#include "Pitfalls.h"

#include <cmath>
#include <map>

#include "DecodePositions.h"
#include "core/Errors.h"
#include "core/PositionLayout.h"
#include "core/TextFormat.h"
#include "core/variants/Variant.h"

namespace rope {
namespace {

struct Known {
    const char* explanation;
    const char* spec;
};

/// key=value (or key=* for any value) → explanation; {V} is replaced by the value.
const std::map<std::string, Known>& knownSettings() {
    static const std::map<std::string, Known> table = {
        {"qwen2.5-vl.rounding=int-first",
         {"second_per_grid_t cast to an integer before multiplying (some transformers releases): tau = f * "
          "floor(spg) * tokens_per_second, so every temporal id collapses to 0 once fps > 2",
          "variants-more.md §6 (rounding)"}},
        {"qwen2.5-vl.rounding=int-interval",
         {"the temporal interval truncated once: tau = f * floor(spg * tokens_per_second) (the form of transformers "
          "PR #48669)",
          "variants-more.md §6 (rounding)"}},
        {"qwen2.5-vl.tokens_per_second=4",
         {"tokens_per_second = 4: transformers' vision-config class default, where the released checkpoints say 2 "
          "(a config without the key)",
          "variants-more.md §6, disagreement 1"}},
        {"qwen2.5-vl.tokens_per_second=*", {"tokens_per_second = {V} temporal ids per second of video", "variants-more.md §6"}},
        {"qwen2.5-vl.fps=*",
         {"the video sampled at {V} fps (second_per_grid_t = temporal_patch_size / fps): pass the fps the processor used",
          "variants-more.md §6"}},
        {"qwen2.5-vl.temporal_patch_size=*", {"temporal_patch_size = {V} frames per temporal grid", "variants-more.md §6"}},
        {"qwen3-vl.frame_gap=*",
         {"{V} text tokens between consecutive frames (the processor's vision-end, timestamp and vision-start tokens)",
          "variants-more.md §7"}},
        {"qwen3.5.frame_gap=*", {"{V} text tokens between consecutive frames (vision-end, timestamp, vision-start)",
                                 "variants-third.md §12"}},
        {"glm-4v.frame_gap=*", {"{V} text tokens between consecutive frames (end-of-image, timestamp, begin-of-image)",
                                "variants-third.md §13"}},
        {"mrope-i.frame_gap=*", {"{V} text tokens between consecutive frames", "variants-third.md §15"}},
        {"mrope-i.spatial_reset=off",
         {"no spatial reset: Qwen3-VL's layout (MRoPE-I's config class default is spatial_reset=False)",
          "variants-third.md §15"}},
        {"tad.text_stride=paper", {"TAD-RoPE text at stride 1 (the paper) instead of the reference code's stride 2",
                                   "variants.md §2"}},
        {"tad.text_stride=reference", {"TAD-RoPE text at stride 2 (the VideoRoPE reference code) instead of 1",
                                       "variants.md §2"}},
        {"videorope.next_start=all-rows",
         {"text after a block starts at max over t, h, w + 1 (the VideoRoPE++ vLLM copy) instead of max t + 1",
          "variants.md §5"}},
        {"videorope.next_start=t-row", {"text after a block starts at max t + 1 instead of max over all rows + 1",
                                        "variants.md §5"}},
        {"videorope.diagonal=off", {"diagonal layout off: h = st + y, w = st + x, no centring on t", "variants.md §5"}},
        {"videorope.delta=*", {"temporal spacing delta = {V} (the reference hard-codes scale_factor 2.0)", "variants.md §5"}},
        {"hope.frame_split=on", {"every frame its own block (Multimodal-RoPEs' hope) instead of one block per video",
                                 "variants-more.md §8, disagreement 1"}},
        {"hope.gamma=*", {"temporal stride gamma = {V} (training draws it from 0.5, 0.75, 1, 1.25, 1.5)",
                          "variants-more.md §8"}},
        {"v2pe.tile_tokens=block", {"delta = stride / the block's own token count (Multimodal-RoPEs) instead of stride / 256",
                                    "variants-more.md §10, disagreement 1"}},
        {"v2pe.stride=*", {"visual stride {V} (training draws it per image from 1, 2, 4, ..., 256)", "variants-more.md §10"}},
        {"circle-rope.move_to_origin=off", {"the grid not centred before the ring (Multimodal-RoPEs' default)",
                                            "variants-more.md §11, disagreement 1"}},
        {"circle-rope.index=m-rope", {"the AGE layers that use plain Qwen2.5-VL ids instead of the ring",
                                      "variants-more.md §11"}},
    };
    return table;
}

std::string fill(std::string text, const std::string& value) {
    const size_t at = text.find("{V}");
    if (at != std::string::npos) text.replace(at, 3, value);
    return text;
}

}  // namespace

DiagnosisHit optionExplanation(const Params& p, const std::string& key, const std::string& value) {
    DiagnosisHit hit;
    hit.setting = key == "videorope.delta" ? "--delta " + value : "--option " + key + "=" + value;
    const auto& table = knownSettings();
    auto it = table.find(key + "=" + value);
    if (it == table.end()) it = table.find(key + "=*");
    const VariantEntry& e = requireVariant(p.variant);
    if (it != table.end()) {
        hit.explanation = fill(it->second.explanation, value);
        hit.spec = it->second.spec;
        return hit;
    }
    for (const VariantOption& o : e.options)
        if (o.key == key) hit.explanation = o.label + " = " + value + ": " + o.help;
    hit.spec = e.reference.spec;
    return hit;
}

Positions plainIds(int64_t tokens, int axes) {
    Positions p;
    p.pos.resize(axes, tokens);
    for (int64_t k = 0; k < tokens; ++k) p.pos.col(k).setConstant(static_cast<double>(k));
    return p;
}

namespace {

Positions rewalk(const Params& p, NextStartRule rule) {
    const Sequence seq = decodeLaidOut(p);
    Positions out;
    out.pos.resize(3, seq.tokenCount());
    Eigen::Index at = 0;
    double st = 0;
    for (const Segment& s : seq.segments()) {
        if (!s.isVisual()) {
            for (int64_t k = 0; k < s.tokenCount(); ++k) out.pos.col(at++).setConstant(st + static_cast<double>(k));
            st += static_cast<double>(s.tokenCount());
            continue;
        }
        Params q = p;
        q.sequence = Sequence({s});
        q.generate = 0;
        const Positions block = computePositions(q);
        if (block.axes() != 3 || block.tokens() != s.tokenCount()) throw InvalidParameter("design", p.variant, "not re-walkable");
        out.pos.middleCols(at, block.tokens()) = block.pos + st;
        at += block.tokens();
        switch (rule) {
            case NextStartRule::AllRows: st += block.pos.maxCoeff() + 1; break;
            case NextStartRule::TRow: st += block.pos.row(0).maxCoeff() + 1; break;
            case NextStartRule::TokenCount: st += static_cast<double>(block.tokens()); break;
        }
    }
    return out;
}

}  // namespace

std::optional<Positions> withNextStart(const Params& p, NextStartRule rule) {
    const Positions own = decodePositions(p);
    if (own.axes() != 3) return std::nullopt;
    try {
        if (!samePositions(rewalk(p, NextStartRule::AllRows), own) && !samePositions(rewalk(p, NextStartRule::TRow), own))
            return std::nullopt;
        return rewalk(p, rule);
    } catch (const InvalidParameter&) {
        return std::nullopt;
    } catch (const TooLarge&) {
        return std::nullopt;
    }
}

DiagnosisHit nextStartExplanation(NextStartRule rule) {
    switch (rule) {
        case NextStartRule::AllRows:
            return {"next start = max over all rows + 1",
                    "text after a visual block starts at max over t, h, w + 1 (M-RoPE's rule) instead of this "
                    "variant's rule",
                    "variants.md §4"};
        case NextStartRule::TRow:
            return {"next start = max t + 1",
                    "text after a visual block starts at max t + 1 (VideoRoPE's t-row rule) instead of max over all "
                    "rows + 1",
                    "variants.md §5"};
        case NextStartRule::TokenCount:
            return {"next start = start + block tokens",
                    "text after a visual block continues the 1D count (start + T*H*W) instead of the variant's "
                    "next-start rule",
                    "variants.md (running rule)"};
    }
    return {};
}

std::optional<DiagnosisHit> staleDelta(const Params& p, const Positions& expected, const Positions& found,
                                       double tolerance) {
    const int64_t g = p.generate, n = expected.tokens(), prompt = n - g;
    if (g <= 0 || found.tokens() != n || found.axes() != expected.axes()) return std::nullopt;
    if (!((expected.pos.leftCols(prompt) - found.pos.leftCols(prompt)).abs() <= tolerance).all()) return std::nullopt;
    const double shift = found.pos(0, prompt) - expected.pos(0, prompt);
    if (std::abs(shift) <= tolerance) return std::nullopt;
    if (!((found.pos.rightCols(g) - expected.pos.rightCols(g) - shift).abs() <= tolerance).all()) return std::nullopt;
    const double used = expected.pos(0, prompt) + shift - static_cast<double>(prompt);  // id − cache_position
    const double qwen = ropeDelta(Positions{expected.pos.leftCols(prompt)});
    const double want = expected.pos(0, prompt) - static_cast<double>(prompt);
    DiagnosisHit hit;
    hit.setting = "rope_delta = " + formatNumber(used) + " (expected " + formatNumber(want) + ")";
    hit.spec = "docs/check.md (decode rule)";
    if (std::abs(used) <= tolerance)
        hit.explanation = "the generated tokens sit at cache_position alone: rope_deltas was never added (a forward "
                          "that drops it, or position_ids built from the attention mask at decode)";
    else if (std::abs(used - qwen) <= tolerance)
        hit.explanation = "the generated tokens use the Qwen rule rope_delta = max over all rows + 1 - prompt length, "
                          "not this variant's text rule";
    else
        hit.explanation = "a stale rope_deltas: the generated tokens are offset by " + formatNumber(shift) +
                          " (a delta kept from an earlier prompt or another batch row, e.g. model.rope_deltas reused)";
    return hit;
}

}  // namespace rope
