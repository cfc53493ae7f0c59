#include "ParamSchema.h"

#include <charconv>
#include <cmath>

#include "Errors.h"
#include "vniah/VniahSchema.h"

namespace rope {
namespace {

std::string joined(const std::vector<std::string>& v, const char* sep = ", ") {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

double parseReal(std::string_view key, std::string_view text) {
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
        throw InvalidParameter(std::string(key), std::string(text), "must be a finite number");
    return v;
}

long long parseInteger(std::string_view key, std::string_view text) {
    long long v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        throw InvalidParameter(std::string(key), std::string(text), "must be a whole number");
    return v;
}

void checkRange(const ParamSpec& s, std::string_view text, double v) {
    const bool low = s.minExclusive ? v <= s.min : v < s.min;
    if (low || v > s.max)
        throw InvalidParameter(s.key, std::string(text),
                               std::string("must be ") + (s.minExclusive ? "> " : ">= ") + formatNumber(s.min) +
                                   " and <= " + formatNumber(s.max));
}

size_t choiceIndex(const ParamSpec& s, std::string_view text) {
    for (size_t i = 0; i < s.choices.size(); ++i)
        if (s.choices[i] == text) return i;
    throw InvalidParameter(s.key, std::string(text), "must be one of " + joined(s.choices, " | "));
}

// --- builders: one per parameter type, each returns a complete spec ---

ParamSpec realSpec(std::string key, std::string flag, std::string label, std::string help, double min, double max,
                   double step, bool minExclusive, double Params::*field, ParamScope scope, Invalidates inv,
                   std::string onlyFor = {}) {
    ParamSpec s;
    s.key = std::move(key), s.cliFlag = std::move(flag), s.label = std::move(label), s.help = std::move(help);
    s.type = ParamType::Real, s.scope = scope, s.invalidates = inv, s.onlyFor = std::move(onlyFor);
    s.min = min, s.max = max, s.step = step, s.minExclusive = minExclusive;
    s.get = [field](const Params& p) { return formatNumber(p.*field); };
    s.set = [s, field](Params& p, std::string_view text) {
        const double v = parseReal(s.key, text);
        checkRange(s, text, v);
        p.*field = v;
    };
    return s;
}

template <typename E>
ParamSpec enumSpec(std::string key, std::string label, std::string help, std::vector<std::string> choices,
                   E Params::*field, Invalidates inv, std::string onlyFor) {
    ParamSpec s;
    s.key = std::move(key), s.label = std::move(label), s.help = std::move(help);
    s.type = ParamType::Enum, s.scope = ParamScope::Column, s.invalidates = inv, s.onlyFor = std::move(onlyFor);
    s.choices = std::move(choices);
    s.get = [field, c = s.choices](const Params& p) { return c[static_cast<size_t>(p.*field)]; };
    s.set = [s, field](Params& p, std::string_view text) { p.*field = static_cast<E>(choiceIndex(s, text)); };
    return s;
}

ParamSpec boolSpec(std::string key, std::string label, std::string help, bool Params::*field, Invalidates inv,
                   std::string onlyFor) {
    ParamSpec s;
    s.key = std::move(key), s.label = std::move(label), s.help = std::move(help);
    s.type = ParamType::Bool, s.scope = ParamScope::Column, s.invalidates = inv, s.onlyFor = std::move(onlyFor);
    s.choices = {"off", "on"};
    s.get = [field](const Params& p) { return std::string(p.*field ? "on" : "off"); };
    s.set = [s, field](Params& p, std::string_view text) {
        if (text == "true" || text == "1") text = "on";
        if (text == "false" || text == "0") text = "off";
        p.*field = choiceIndex(s, text) == 1;
    };
    return s;
}

ParamSpec variantSpec() {
    ParamSpec s;
    s.key = "variant", s.cliFlag = "--variant", s.label = "Variant";
    s.help = "RoPE variant: how positions are laid out and which row drives each frequency pair.";
    s.type = ParamType::Enum, s.scope = ParamScope::Column, s.invalidates = Invalidates::Positions;
    for (VariantId v : allVariants()) s.choices.push_back(variantName(v));
    s.get = [](const Params& p) { return variantName(p.variant); };
    s.set = [](Params& p, std::string_view text) { p.variant = parseVariant(text); };
    return s;
}

ParamSpec sequenceSpec() {
    ParamSpec s;
    s.key = "sequence", s.cliFlag = "--sequence", s.label = "Sequence";
    s.help = "Comma-separated segments text:N, image:HxW, video:TxHxW (LLM token grid after the 2x2 merge).";
    s.type = ParamType::SequenceText, s.scope = ParamScope::Study, s.invalidates = Invalidates::Positions;
    s.get = [](const Params& p) { return p.sequence.format(); };
    s.set = [](Params& p, std::string_view text) { p.sequence = Sequence::parse(text); };
    return s;
}

ParamSpec headDimSpec() {
    ParamSpec s;
    s.key = "head_dim", s.cliFlag = "--head-dim", s.label = "head_dim";
    s.help = "Channels per attention head; d/2 rotary pairs. Must be even; sections must sum to d/2.";
    s.type = ParamType::Integer, s.scope = ParamScope::Study, s.invalidates = Invalidates::Frequencies;
    s.min = 2, s.max = 1024, s.step = 2;
    s.get = [](const Params& p) { return std::to_string(p.headDim); };
    s.set = [s](Params& p, std::string_view text) {
        const long long v = parseInteger(s.key, text);
        checkRange(s, text, static_cast<double>(v));
        if (v % 2 != 0) throw InvalidParameter(s.key, std::string(text), "must be even");
        p.headDim = static_cast<int>(v);
    };
    return s;
}

ParamSpec sectionsSpec() {
    ParamSpec s;
    s.key = "sections", s.cliFlag = "--sections", s.label = "Sections t,h,w";
    s.help = "Rotary pairs given to t, h and w (mrope_section); must sum to head_dim/2. Qwen2-VL: 16,24,24.";
    s.type = ParamType::IntTriple, s.scope = ParamScope::Study, s.invalidates = Invalidates::Frequencies;
    s.min = 0, s.max = 512;
    s.get = [](const Params& p) {
        return std::to_string(p.sections[0]) + "," + std::to_string(p.sections[1]) + "," + std::to_string(p.sections[2]);
    };
    s.set = [s](Params& p, std::string_view text) {
        std::array<int, 3> v{};
        size_t pos = 0;
        for (int i = 0; i < 3; ++i) {
            const size_t comma = text.find(',', pos);
            if ((i < 2) == (comma == text.npos))
                throw InvalidParameter(s.key, std::string(text), "must be three whole numbers T,H,W such as 16,24,24");
            const std::string_view part = text.substr(pos, i < 2 ? comma - pos : text.npos);
            const long long n = parseInteger(s.key, part);
            if (n < 0 || n > 512) throw InvalidParameter(s.key, std::string(text), "must be whole numbers in 0..512");
            v[i] = static_cast<int>(n);
            pos = comma + 1;
        }
        p.sections = v;
    };
    return s;
}

std::vector<ParamSpec> buildSchema() {
    const auto S = ParamScope::Study;
    const auto C = ParamScope::Column;
    const auto P = Invalidates::Positions;
    const auto F = Invalidates::Frequencies;
    std::vector<ParamSpec> v;
    v.push_back(variantSpec());
    v.push_back(sequenceSpec());
    v.push_back(realSpec("videorope.delta", "--delta", "Temporal spacing δ",
                         "VideoRoPE's adjustable temporal spacing: frame f sits at t = st + δ·f. Must be > 0; "
                         "the paper's best is 2.",
                         0, 64, 0.05, true, &Params::delta, C, P, "videorope"));
    v.push_back(realSpec("theta", "--theta", "θ (base)",
                         "RoPE base: pair i turns at ω_i = θ^(-2i/d). Qwen2-VL uses 1e6.", 1, 1e12, 0, true,
                         &Params::theta, S, F));
    v.push_back(headDimSpec());
    v.push_back(sectionsSpec());
    v.push_back(enumSpec("tad.text_stride", "TAD text stride",
                         "reference: text advances by 2 per token, as the VideoRoPE code does; paper: text keeps "
                         "stride 1 and only frame boundaries add a time step.",
                         {"reference", "paper"}, &Params::tadTextStride, P, "tad"));
    v.push_back(enumSpec("videorope.next_start", "Next start rule",
                         "Where text after a visual block starts: t-row = max t + 1 (reference); all-rows = max "
                         "over t, h, w + 1 (the VideoRoPE++ vLLM copy).",
                         {"t-row", "all-rows"}, &Params::videoropeNextStart, P, "videorope"));
    v.push_back(enumSpec("videorope.temporal_band", "Temporal band",
                         "low: t is driven by the lowest-frequency pairs (LTA, VideoRoPE); high: by the highest "
                         "(as M-RoPE does; the paper's ablation).",
                         {"low", "high"}, &Params::videoropeTemporalBand, F, "videorope"));
    v.push_back(enumSpec("videorope.spatial_order", "h/w order",
                         "interleaved: spatial pairs alternate h (even) / w (odd), VideoRoPE; sequential: all h "
                         "pairs then all w pairs (paper's Table 7 ablation).",
                         {"interleaved", "sequential"}, &Params::videoropeSpatialOrder, F, "videorope"));
    v.push_back(boolSpec("videorope.diagonal", "Diagonal layout",
                         "on: each frame's spatial grid is centred on its t, so visual tokens lie along the "
                         "(1,1,1) diagonal (DL); off: h = st + y, w = st + x.",
                         &Params::videoropeDiagonal, P, "videorope"));
    v.push_back(realSpec("memory_budget_mib", "", "Memory budget (MiB)",
                         "Largest working memory a computation may use; larger requests are refused with an "
                         "estimate instead of swapping.",
                         16, 1 << 20, 256, false, &Params::memoryBudgetMiB, S, Invalidates::Nothing));
    for (ParamSpec& spec : vniahParamSpecs()) v.push_back(std::move(spec));  // vniah.*, scope Study
    return v;
}

std::string flagName(const ParamSpec& s) { return s.cliFlag.size() > 2 ? s.cliFlag.substr(2) : std::string(); }

}  // namespace

const std::vector<ParamSpec>& paramSchema() {
    static const std::vector<ParamSpec> schema = buildSchema();
    return schema;
}

const ParamSpec* findParam(std::string_view keyOrFlag) {
    if (keyOrFlag.rfind("--", 0) == 0) keyOrFlag.remove_prefix(2);
    for (const ParamSpec& s : paramSchema())
        if (s.key == keyOrFlag || (!s.cliFlag.empty() && flagName(s) == keyOrFlag)) return &s;
    return nullptr;
}

const ParamSpec& requireParam(std::string_view keyOrFlag) {
    if (const ParamSpec* s = findParam(keyOrFlag)) return *s;
    std::vector<std::string> keys;
    for (const ParamSpec& s : paramSchema()) keys.push_back(s.key);
    throw InvalidParameter("option", std::string(keyOrFlag), "must be one of " + joined(keys));
}

void setParam(Params& p, std::string_view key, std::string_view value) { requireParam(key).set(p, value); }

std::string getParam(const Params& p, std::string_view key) { return requireParam(key).get(p); }

std::string defaultValue(const ParamSpec& spec) { return spec.get(Params{}); }

void validate(const Params& p) {
    const int sum = p.sections[0] + p.sections[1] + p.sections[2];
    if (sum != p.headDim / 2)
        throw InvalidParameter("sections", getParam(p, "sections"),
                               "must sum to head_dim/2 = " + std::to_string(p.headDim / 2) + " (they sum to " +
                                   std::to_string(sum) + ")");
    if (!(p.delta > 0)) throw InvalidParameter("videorope.delta", formatNumber(p.delta), "must be > 0");
}

std::string variantName(VariantId v) {
    switch (v) {
        case VariantId::Vanilla: return "vanilla";
        case VariantId::Tad: return "tad";
        case VariantId::RopeTie: return "rope-tie";
        case VariantId::MRope: return "m-rope";
        case VariantId::VideoRope: return "videorope";
    }
    return "?";
}

std::string variantDisplayName(VariantId v) {
    switch (v) {
        case VariantId::Vanilla: return "Vanilla RoPE";
        case VariantId::Tad: return "TAD-RoPE";
        case VariantId::RopeTie: return "RoPE-Tie";
        case VariantId::MRope: return "M-RoPE";
        case VariantId::VideoRope: return "VideoRoPE";
    }
    return "?";
}

std::vector<VariantId> allVariants() {
    return {VariantId::Vanilla, VariantId::Tad, VariantId::RopeTie, VariantId::MRope, VariantId::VideoRope};
}

VariantId parseVariant(std::string_view name) {
    std::vector<std::string> names;
    for (VariantId v : allVariants()) {
        if (variantName(v) == name) return v;
        names.push_back(variantName(v));
    }
    throw InvalidParameter("variant", std::string(name), "must be one of " + joined(names));
}

std::string formatNumber(double v) {
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : std::to_string(v);
}

}  // namespace rope
