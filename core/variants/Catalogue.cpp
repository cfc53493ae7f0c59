#include "Catalogue.h"

#include "../Errors.h"
#include "../TextFormat.h"

namespace rope {
namespace {

template <class Decl>
std::vector<std::string> namesOf(const std::vector<Decl>& all) {
    std::vector<std::string> names;
    for (const Decl& d : all) names.push_back(d.name);
    return names;
}

std::string axesText(const std::vector<std::string>& axes) { return joinText(axes, ", "); }

bool producesAxes(const DesignDecl& d, const AllocationDecl& a) {
    if (a.readsAxes.size() > d.axes.size()) return false;
    for (size_t i = 0; i < a.readsAxes.size(); ++i)
        if (a.readsAxes[i] != d.axes[i]) return false;
    return true;
}

/// Designs that produce what `a` reads, for the message that refuses a combination.
std::vector<std::string> designsFor(const AllocationDecl& a) {
    std::vector<std::string> names;
    for (const DesignDecl& d : designCatalogue())
        if (producesAxes(d, a)) names.push_back(d.name);
    return names;
}

}  // namespace

const std::vector<DesignDecl>& designCatalogue() {
    static const std::vector<DesignDecl> all = declaredDesigns();
    return all;
}

const std::vector<AllocationDecl>& allocationCatalogue() {
    static const std::vector<AllocationDecl> all = declaredAllocations();
    return all;
}

const DesignDecl* findDesign(std::string_view name) {
    for (const DesignDecl& d : designCatalogue())
        if (d.name == name) return &d;
    return nullptr;
}

const AllocationDecl* findAllocation(std::string_view name) {
    for (const AllocationDecl& a : allocationCatalogue())
        if (a.name == name) return &a;
    return nullptr;
}

const DesignDecl& requireDesign(std::string_view name) {
    if (const DesignDecl* d = findDesign(name)) return *d;
    throw InvalidParameter("design", std::string(name), "must be one of " + joinText(namesOf(designCatalogue())));
}

const AllocationDecl& requireAllocation(std::string_view name) {
    if (const AllocationDecl* a = findAllocation(name)) return *a;
    throw InvalidParameter("allocation", std::string(name),
                           "must be one of " + joinText(namesOf(allocationCatalogue())));
}

const VariantOption* findCatalogueOption(std::string_view key, std::string* owner) {
    for (const DesignDecl& d : designCatalogue())
        for (const VariantOption& o : d.options)
            if (o.key == key) return owner ? (*owner = "design " + d.name, &o) : &o;
    for (const AllocationDecl& a : allocationCatalogue())
        for (const VariantOption& o : a.options)
            if (o.key == key) return owner ? (*owner = "allocation " + a.name, &o) : &o;
    return nullptr;
}

std::vector<VariantOption> compositionOptions(const Composition& c) {
    std::vector<VariantOption> all;
    if (const DesignDecl* d = findDesign(c.design)) all = d->options;
    if (const AllocationDecl* a = findAllocation(c.allocation))
        all.insert(all.end(), a->options.begin(), a->options.end());
    return all;
}

Composition checkComposition(const Composition& c) {
    const DesignDecl& d = requireDesign(c.design);
    const AllocationDecl& a = requireAllocation(c.allocation);
    if (!producesAxes(d, a))
        throw InvalidParameter("allocation", a.name,
                               "reads axes " + axesText(a.readsAxes) + " but design " + d.name + " produces " +
                                   axesText(d.axes) + "; use design " + joinText(designsFor(a), " or ") +
                                   ", or an allocation such as single-axis");
    const std::vector<VariantOption> decls = compositionOptions(c);
    for (const auto& [key, value] : c.values) {
        bool known = false;
        for (const VariantOption& o : decls) known = known || o.key == key;
        if (!known) {
            std::vector<std::string> keys;
            for (const VariantOption& o : decls) keys.push_back(o.key);
            throw InvalidParameter("option", key,
                                   "is not an option of design " + d.name + " or allocation " + a.name +
                                       (keys.empty() ? std::string(" (they have none)") : "; they have " + joinText(keys)));
        }
    }
    Composition out = c;
    out.values.clear();
    for (const VariantOption& o : decls) {
        const auto it = c.values.find(o.key);
        out.values[o.key] = it == c.values.end() ? o.defaultValue : checkOptionValue(o, it->second);
    }
    return out;
}

std::unique_ptr<PositionDesign> buildDesign(const Composition& c, const Params& p) {
    const DesignDecl& d = requireDesign(c.design);
    return d.make(OptionReader(d.options, c.values), p);
}

FrequencyPlan buildPlan(const Composition& c, const Params& p) {
    const AllocationDecl& a = requireAllocation(c.allocation);
    FrequencyPlan plan = a.make(OptionReader(a.options, c.values), geometryOf(p));
    plan.pairLayout = c.pairLayout;
    return plan;
}

void checkFor(const Composition& c, const Params& p) {
    const AllocationDecl& a = requireAllocation(c.allocation);
    if (a.check) a.check(OptionReader(a.options, c.values), p);
}

}  // namespace rope
