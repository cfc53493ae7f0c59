#include <algorithm>

#include "../Errors.h"
#include "../TextFormat.h"
#include "Variant.h"

namespace rope {

const std::vector<VariantEntry>& variantRegistry() {
    static const std::vector<VariantEntry> all = [] {
        std::vector<VariantEntry> v;
        for (auto part : {paperVariants, deployedVariants, researchVariants})
            for (VariantEntry& e : part()) v.push_back(std::move(e));
        return v;
    }();
    return all;
}

const VariantEntry* findVariant(std::string_view name) {
    for (const VariantEntry& e : variantRegistry())
        if (e.name == name) return &e;
    return nullptr;
}

const VariantEntry& requireVariant(std::string_view name) {
    if (const VariantEntry* e = findVariant(name)) return *e;
    std::vector<std::string> names;
    for (const VariantEntry& e : variantRegistry()) names.push_back(e.name);
    throw InvalidParameter("variant", std::string(name), "must be one of " + joinText(names));
}

std::string variantGroupName(VariantGroup g) {
    switch (g) {
        case VariantGroup::Paper: return "Paper variants";
        case VariantGroup::Deployed: return "Deployed models";
        case VariantGroup::Research: return "Research";
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
