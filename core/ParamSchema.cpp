#include "ParamSchema.h"

#include <charconv>
#include <cmath>

#include "Errors.h"
#include "variants/Variant.h"
#include "attention/AttentionSchema.h"
#include "vniah/VniahSchema.h"

namespace rope {
namespace {

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

ParamSpec base(std::string key, std::string flag, std::string label, std::string help, ParamType type,
               ParamScope scope) {
    ParamSpec s;
    s.key = std::move(key), s.cliFlag = std::move(flag), s.label = std::move(label), s.help = std::move(help);
    s.type = type, s.scope = scope;
    return s;
}

/// Applies the variant's natural θ, head_dim, rotary_dim and sections to the fields not overridden.
void applyNaturalGeometry(Params& p, const VariantEntry& e) {
    if (!(p.overrides & SetTheta)) p.theta = e.theta;
    if (!(p.overrides & SetHeadDim)) p.headDim = e.headDim;
    if (!(p.overrides & SetRotaryDim)) p.rotaryDim = 0;
    if (!(p.overrides & SetSections)) p.sections = e.sections;
}

ParamSpec variantSpec() {
    ParamSpec s = base("variant", "--variant", "Variant",
                       "RoPE variant: how positions are laid out and which axis drives each frequency pair "
                       "(`ropescope variants` lists them with their references).",
                       ParamType::Enum, ParamScope::Column);
    for (const VariantEntry& e : variantRegistry()) {
        s.choices.push_back(e.name);
        s.choiceLabels.push_back(e.displayName);
    }
    s.get = [](const Params& p) { return p.variant; };
    s.set = [](Params& p, std::string_view text) {
        const VariantEntry& e = requireVariant(text);
        p.variant = e.name;
        applyNaturalGeometry(p, e);
    };
    return s;
}

ParamSpec sequenceSpec() {
    ParamSpec s = base("sequence", "--sequence", "Sequence",
                       "Comma-separated segments text:N, image:HxW, video:TxHxW (LLM token grid after the 2x2 merge).",
                       ParamType::SequenceText, ParamScope::Study);
    s.get = [](const Params& p) { return p.sequence.format(); };
    s.set = [](Params& p, std::string_view text) { p.sequence = Sequence::parse(text); };
    return s;
}

ParamSpec realField(std::string key, std::string flag, std::string label, std::string help, double min, double max,
                    double step, bool minExclusive, double Params::*field, ParamScope scope, uint8_t overrideBit = 0) {
    ParamSpec s = base(std::move(key), std::move(flag), std::move(label), std::move(help), ParamType::Real, scope);
    s.min = min, s.max = max, s.step = step, s.minExclusive = minExclusive;
    s.get = [field](const Params& p) { return formatNumber(p.*field); };
    s.set = [s, field, overrideBit](Params& p, std::string_view text) {
        const double v = parseReal(s.key, text);
        checkRange(s, text, v);
        p.*field = v;
        p.overrides |= overrideBit;
    };
    return s;
}

ParamSpec evenIntegerField(std::string key, std::string flag, std::string label, std::string help,
                           int Params::*field, uint8_t overrideBit, int (Params::*current)() const = nullptr) {
    ParamSpec s = base(std::move(key), std::move(flag), std::move(label), std::move(help), ParamType::Integer,
                       ParamScope::Column);
    s.min = 2, s.max = 1024, s.step = 2;
    s.get = [field, current](const Params& p) { return std::to_string(current ? (p.*current)() : p.*field); };
    s.set = [s, field, overrideBit](Params& p, std::string_view text) {
        const long long v = parseInteger(s.key, text);
        checkRange(s, text, static_cast<double>(v));
        if (v % 2 != 0) throw InvalidParameter(s.key, std::string(text), "must be even");
        p.*field = static_cast<int>(v);
        p.overrides |= overrideBit;
    };
    return s;
}

ParamSpec sectionsSpec() {
    ParamSpec s = base("sections", "--sections", "Sections t,h,w",
                       "Rotary pairs given to t, h and w (mrope_section, in t,h,w order); must sum to rotary_dim/2 "
                       "for variants that use sections. Default: the variant's (Qwen2-VL 16,24,24).",
                       ParamType::IntTriple, ParamScope::Column);
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
        p.overrides |= SetSections;
    };
    return s;
}

/// Decode-time tokens after the prompt (issue 15): study-wide, so every column generates the same count.
ParamSpec generateSpec() {
    ParamSpec s = base("generate", "--generate", "Generated tokens",
                       "Tokens generated after the prompt, placed by the variant's decode rule (Qwen family: "
                       "cache_position + rope_delta, rope_delta = max id + 1 - prompt length; others: their text rule). "
                       "0 = the prompt only.",
                       ParamType::Integer, ParamScope::Study);
    s.min = 0, s.max = kMaxGeneratedTokens, s.step = 1;
    s.get = [](const Params& p) { return std::to_string(p.generate); };
    s.set = [s](Params& p, std::string_view text) {
        const long long v = parseInteger(s.key, text);
        checkRange(s, text, static_cast<double>(v));
        p.generate = v;
    };
    return s;
}

ParamType typeOf(OptionType t) {
    switch (t) {
        case OptionType::Real: return ParamType::Real;
        case OptionType::Integer: return ParamType::Integer;
        case OptionType::Enum: return ParamType::Enum;
        case OptionType::Bool: return ParamType::Bool;
    }
    return ParamType::Enum;
}

/// A registry entry's declared option as a schema entry: one parser (checkOptionValue) for all faces.
ParamSpec optionSpec(const VariantEntry& e, const VariantOption& o) {
    ParamSpec s = base(o.key, "", o.label, o.help, typeOf(o.type), ParamScope::Column);
    s.min = o.min, s.max = o.max, s.minExclusive = o.minExclusive;
    s.step = o.step > 0 ? o.step : (o.type == OptionType::Integer ? 1 : 0);
    s.choices = o.choices, s.choiceLabels = o.choiceLabels;
    s.appliesTo = {e.name};
    s.get = [o](const Params& p) {
        const auto it = p.options.find(o.key);
        return it == p.options.end() ? o.defaultValue : it->second;
    };
    s.set = [o](Params& p, std::string_view text) { p.options[o.key] = checkOptionValue(o, text); };
    return s;
}

std::vector<ParamSpec> buildSchema() {
    const auto S = ParamScope::Study;
    const auto C = ParamScope::Column;
    std::vector<ParamSpec> v;
    v.push_back(variantSpec());
    v.push_back(sequenceSpec());
    ParamSpec delta = realField("videorope.delta", "--delta", "Temporal spacing δ",
                                "Adjustable temporal spacing: frame f sits at t = st + δ·f (VideoRoPE, VideoRoPE++). "
                                "Must be > 0; the paper's best is 2.",
                                0, 64, 0.05, true, &Params::delta, C);
    for (const VariantEntry& e : variantRegistry())
        if (e.usesDelta) delta.appliesTo.push_back(e.name);
    delta.sliderMax = 8;
    v.push_back(delta);
    v.push_back(realField("theta", "--theta", "θ (base)",
                          "RoPE base: pair i turns at ω_i = θ^(-2i/R). Default: the variant's (Qwen2-VL 1e6, Qwen3-VL "
                          "5e6).",
                          1, 1e12, 0, true, &Params::theta, C, SetTheta));
    v.push_back(evenIntegerField("head_dim", "--head-dim", "head_dim",
                                 "Channels per attention head. Must be even. Default: the variant's (128; Qwen3.5 256).",
                                 &Params::headDim, SetHeadDim));
    v.push_back(evenIntegerField("rotary_dim", "--rotary-dim", "rotary_dim",
                                 "Channels that rotate (partial rotary): even, 2..head_dim; ω over R, channels ≥ R pass "
                                 "through. Default: the variant's share of head_dim (Qwen3.5 1/4, GLM-4V 1/2, else all).",
                                 &Params::rotaryDim, SetRotaryDim, &Params::rotaryDimension));
    v.push_back(sectionsSpec());
    for (const VariantEntry& e : variantRegistry())
        for (const VariantOption& o : e.options) v.push_back(optionSpec(e, o));
    v.push_back(realField("memory_budget_mib", "", "Memory budget (MiB)",
                          "Largest working memory a computation may use; larger requests are refused with an estimate "
                          "instead of swapping.",
                          16, 1 << 20, 256, false, &Params::memoryBudgetMiB, S));
    v.push_back(generateSpec());
    for (ParamSpec& spec : vniahParamSpecs()) v.push_back(std::move(spec));  // vniah.*, scope Study
    for (ParamSpec& spec : attentionParamSpecs()) v.push_back(std::move(spec));  // attention.*, scope Study
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
    for (const ParamSpec& s : paramSchema())
        if (!isAttentionKey(s.key)) keys.push_back(s.key);
    // The attention.* inputs by name only: the one-line message must keep the key it quotes.
    keys.push_back("attention.* (ropescope attention --help)");
    throw InvalidParameter("option", std::string(keyOrFlag), "must be one of " + joinText(keys));
}

bool appliesTo(const ParamSpec& spec, const VariantId& variant) {
    if (spec.appliesTo.empty()) return true;
    for (const auto& v : spec.appliesTo)
        if (v == variant) return true;
    // δ applies to every variant whose design follows the column's δ, custom variants included.
    if (spec.key == "videorope.delta") {
        const VariantEntry* e = findVariant(variant);
        return e && e->usesDelta;
    }
    return false;
}

std::string valueLabel(const ParamSpec& spec, const Params& p) {
    const std::string v = spec.get(p);
    for (size_t i = 0; i < spec.choices.size() && i < spec.choiceLabels.size(); ++i)
        if (spec.choices[i] == v) return spec.choiceLabels[i];
    return v;
}

void setParam(Params& p, std::string_view key, std::string_view value) { requireParam(key).set(p, value); }

std::string getParam(const Params& p, std::string_view key) { return requireParam(key).get(p); }

std::string defaultValue(const ParamSpec& spec) { return spec.get(Params{}); }

void validate(const Params& p) {
    const VariantEntry& e = requireVariant(p.variant);
    if (!(p.delta > 0)) throw InvalidParameter("videorope.delta", formatNumber(p.delta), "must be > 0");
    if (p.headDim < 2 || p.headDim % 2 != 0)
        throw InvalidParameter("head_dim", std::to_string(p.headDim), "must be even and >= 2");
    const int R = p.rotaryDimension();
    if (R < 2 || R % 2 != 0 || R > p.headDim)
        throw InvalidParameter("rotary_dim", std::to_string(R),
                               "must be even and in 2..head_dim = " + std::to_string(p.headDim));
    if (e.usesSections) {
        const int sum = p.sections[0] + p.sections[1] + p.sections[2];
        const std::string what = R == p.headDim ? "head_dim/2 = " : "rotary_dim/2 = ";
        if (sum != R / 2)
            throw InvalidParameter("sections", getParam(p, "sections"),
                                   "must sum to " + what + std::to_string(R / 2) + " (they sum to " +
                                       std::to_string(sum) + ")");
    }
    const VariantInputs in{p, optionsOf(e, p)};
    if (e.check) e.check(in);
    const auto design = e.makeDesign(in);
    design->checkSequence(p.sequence);
}

std::string variantName(const VariantId& v) { return requireVariant(v).name; }

std::string variantDisplayName(const VariantId& v) {
    const VariantEntry* e = findVariant(v);
    return e ? e->displayName : v;
}

std::vector<VariantId> allVariants() {
    std::vector<VariantId> out;
    for (const VariantEntry& e : variantRegistry()) out.push_back(e.name);
    return out;
}

VariantId parseVariant(std::string_view name) { return requireVariant(name).name; }

}  // namespace rope
