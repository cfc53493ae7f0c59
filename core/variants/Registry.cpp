#include <algorithm>
#include <stdexcept>

#include "../Errors.h"
#include "../TextFormat.h"
#include "UserVariants.h"
#include "Variant.h"

namespace rope {

void completeEntry(VariantEntry& e) {
    if (!e.compose) throw std::logic_error("registry entry " + e.name + " declares no composition (VariantEntry::compose)");
    const auto compose = e.compose;
    e.makeDesign = [compose](const VariantInputs& in) { return buildDesign(compose(in.options), in.params); };
    e.makePlan = [compose](const VariantInputs& in) { return buildPlan(compose(in.options), in.params); };
    e.pairLayoutFor = [compose](const VariantInputs& in) { return compose(in.options).pairLayout; };
    const std::map<std::string, std::string> none;
    e.pairLayout = compose(OptionReader(e.options, none)).pairLayout;
    const auto own = e.check;
    e.check = [compose, own](const VariantInputs& in) {
        if (own) own(in);
        checkFor(compose(in.options), in.params);
    };
}

const std::vector<VariantEntry>& variantRegistry() {
    static const std::vector<VariantEntry> all = [] {
        std::vector<VariantEntry> v;
        for (auto part : {paperVariants, deployedVariants, researchVariants})
            for (VariantEntry& e : part()) {
                completeEntry(e);
                v.push_back(std::move(e));
            }
        return v;
    }();
    return all;
}

const VariantEntry* findBuiltinVariant(std::string_view name) {
    for (const VariantEntry& e : variantRegistry())
        if (e.name == name) return &e;
    return nullptr;
}

const VariantEntry* findVariant(std::string_view name) {
    if (const VariantEntry* e = findBuiltinVariant(name)) return e;
    return findCustomVariantEntry(name);
}

const VariantEntry& requireVariant(std::string_view name) {
    if (const VariantEntry* e = findVariant(name)) return *e;
    std::vector<std::string> names;
    for (const VariantEntry& e : variantRegistry()) names.push_back(e.name);
    for (const CustomVariant& c : customVariants()) names.push_back(c.name);
    throw InvalidParameter("variant", std::string(name), "must be one of " + joinText(names));
}

std::string variantGroupName(VariantGroup g) {
    switch (g) {
        case VariantGroup::Paper: return "Paper variants";
        case VariantGroup::Deployed: return "Deployed models";
        case VariantGroup::Research: return "Research";
        case VariantGroup::User: return "My variants";
    }
    return "?";
}

std::vector<VariantId> videoVariantNames() {
    std::vector<VariantId> names;
    const Sequence video = Sequence::parse("video:2x2x2");
    for (const VariantEntry& e : variantRegistry()) {
        Params p = paramsFor(e.name);
        p.sequence = video;
        try {
            if (e.check) e.check(VariantInputs{p, optionsOf(e, p)});
            e.makeDesign(VariantInputs{p, optionsOf(e, p)})->checkSequence(video);
            names.push_back(e.name);
        } catch (const InvalidParameter&) {
        }
    }
    return names;
}

OptionReader optionsOf(const VariantEntry& e, const Params& p) { return OptionReader(e.options, p.options); }

std::unique_ptr<PositionDesign> makeDesign(const Params& p) {
    const VariantEntry& e = requireVariant(p.variant);
    return e.makeDesign(VariantInputs{p, optionsOf(e, p)});
}

PairLayout pairLayoutOf(const Params& p) {
    const VariantEntry& e = requireVariant(p.variant);
    return e.pairLayoutFor ? e.pairLayoutFor(VariantInputs{p, optionsOf(e, p)}) : e.pairLayout;
}

FrequencyPlan planFor(const Params& p) {
    const VariantEntry& e = requireVariant(p.variant);
    FrequencyPlan plan = e.makePlan(VariantInputs{p, optionsOf(e, p)});
    plan.pairLayout = pairLayoutOf(p);
    return plan;
}

int Params::rotaryDimension() const {
    if (rotaryDim > 0) return rotaryDim;
    const VariantEntry* e = findVariant(variant);
    const double share = e ? e->rotaryShare : 1.0;
    const int r = static_cast<int>(static_cast<double>(headDim) * share);
    return std::max(2, r - r % 2);
}

Params paramsFor(const VariantId& variant) {
    const VariantEntry& e = requireVariant(variant);
    Params p;
    p.variant = e.name;
    p.theta = e.theta;
    p.headDim = e.headDim;
    p.sections = e.sections;
    return p;
}

}  // namespace rope
