#include "VariantsCommand.h"

#include "ArgParser.h"
#include "Cli.h"
#include "JsonWriter.h"
#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "core/TextFormat.h"
#include "core/variants/Variant.h"

namespace rope::cli {
namespace {

std::string sectionsText(const std::array<int, 3>& s) {
    return std::to_string(s[0]) + "," + std::to_string(s[1]) + "," + std::to_string(s[2]);
}

const char* layoutName(PairLayout l) { return l == PairLayout::Adjacent ? "adjacent" : "half"; }

const char* typeName(OptionType t) {
    switch (t) {
        case OptionType::Real: return "real";
        case OptionType::Integer: return "integer";
        case OptionType::Enum: return "enum";
        case OptionType::Bool: return "bool";
    }
    return "?";
}

void writeOption(JsonWriter& j, const VariantOption& o) {
    j.beginObject();
    j.field("key", o.key);
    j.field("label", o.label);
    j.field("type", std::string(typeName(o.type)));
    j.field("default", o.defaultValue);
    if (o.type == OptionType::Real || o.type == OptionType::Integer) {
        j.field("min", o.min);
        j.field("min_exclusive", o.minExclusive);
        j.field("max", o.max);
    }
    if (!o.choices.empty()) {
        j.key("choices");
        j.beginArray();
        for (const auto& c : o.choices) j.value(c);
        j.endArray();
    }
    if (!o.specialValues.empty()) {
        j.key("special_values");
        j.beginArray();
        for (const auto& c : o.specialValues) j.value(c);
        j.endArray();
    }
    j.field("help", o.help);
    j.endObject();
}

void writeEntry(JsonWriter& j, const VariantEntry& e) {
    const Params natural = paramsFor(e.name);
    j.beginObject();
    j.field("name", e.name);
    j.field("display_name", e.displayName);
    j.field("group", variantGroupName(e.group));
    j.field("summary", e.summary);
    j.field("design", e.design);
    j.field("allocation", e.allocation);
    const Composition c = checkComposition(e.compose(optionsOf(e, natural)));
    j.key("composition");
    j.beginObject();
    j.field("design", c.design);
    j.field("allocation", c.allocation);
    j.endObject();
    j.key("defaults");
    j.beginObject();
    j.field("theta", e.theta);
    j.field("head_dim", static_cast<long long>(e.headDim));
    j.field("rotary_dim", static_cast<long long>(natural.rotaryDimension()));
    if (e.usesSections) j.field("sections", sectionsText(e.sections));
    j.endObject();
    j.field("uses_sections", e.usesSections);
    j.field("uses_delta", e.usesDelta);
    j.field("pair_layout", std::string(layoutName(pairLayoutOf(natural))));
    j.key("options");
    j.beginArray();
    for (const VariantOption& o : e.options) writeOption(j, o);
    j.endArray();
    j.key("reference");
    j.beginObject();
    j.field("repo", e.reference.repo);
    j.field("file", e.reference.file);
    j.field("function", e.reference.function);
    j.field("spec", e.reference.spec);
    j.endObject();
    j.key("disagreements");
    j.beginArray();
    for (const auto& d : e.disagreements) j.value(d);
    j.endArray();
    j.endObject();
}

void writeText(std::ostream& out) {
    VariantGroup group = VariantGroup::Research;
    bool first = true;
    for (const VariantEntry& e : variantRegistry()) {
        if (first || e.group != group) out << (first ? "" : "\n") << variantGroupName(e.group) << ":\n";
        group = e.group, first = false;
        const Params natural = paramsFor(e.name);
        out << "  " << e.name << " — " << e.displayName << ": " << e.summary << "\n"
            << "      design " << e.design << "; allocation " << e.allocation << " (composition "
            << checkComposition(e.compose(optionsOf(e, natural))).design << " × "
            << checkComposition(e.compose(optionsOf(e, natural))).allocation << ")\n      θ " << formatNumber(e.theta)
            << ", head_dim " << e.headDim << ", rotary_dim " << natural.rotaryDimension();
        if (e.usesSections) out << ", sections " << sectionsText(e.sections);
        out << ", pairs " << layoutName(pairLayoutOf(natural)) << "\n";
        for (const VariantOption& o : e.options) out << "      --option " << o.key << " (default " << o.defaultValue << ")\n";
        out << "      reference: " << e.reference.repo;
        if (!e.reference.file.empty()) out << " " << e.reference.file;
        if (!e.reference.function.empty()) out << " " << e.reference.function;
        out << " (" << e.reference.spec << ")\n";
    }
}

void writeOptionsText(std::ostream& out, const std::vector<VariantOption>& options) {
    for (const VariantOption& o : options) {
        out << "      --option " << o.key << " (default " << o.defaultValue;
        if (!o.choices.empty()) out << "; " << joinText(o.choices, " | ");
        for (const auto& v : o.specialValues) out << "; or " << v;
        out << ")\n";
    }
}

void writeCatalogueText(std::ostream& out) {
    out << "Position designs (--design NAME):\n";
    for (const DesignDecl& d : designCatalogue()) {
        out << "  " << d.name << " — " << d.label << ": " << d.summary << "\n      axes " << joinText(d.axes, ", ") << "\n";
        writeOptionsText(out, d.options);
    }
    out << "\nFrequency allocations (--allocation NAME):\n";
    for (const AllocationDecl& a : allocationCatalogue()) {
        out << "  " << a.name << " — " << a.label << ": " << a.summary << "\n      reads axes "
            << (a.readsAxes.empty() ? std::string("the first (any design)") : joinText(a.readsAxes, ", "))
            << (a.usesSections ? "; uses sections" : "; ignores sections") << "\n";
        writeOptionsText(out, a.options);
    }
}

template <class Decl>
void writeDecl(JsonWriter& j, const Decl& d, const char* axesKey, const std::vector<std::string>& axes) {
    j.beginObject();
    j.field("name", d.name);
    j.field("label", d.label);
    j.field("summary", d.summary);
    j.key(axesKey);
    j.beginArray();
    for (const auto& a : axes) j.value(a);
    j.endArray();
    j.key("options");
    j.beginArray();
    for (const VariantOption& o : d.options) writeOption(j, o);
    j.endArray();
    j.endObject();
}

void writeCatalogueJson(JsonWriter& j) {
    j.key("designs");
    j.beginArray();
    for (const DesignDecl& d : designCatalogue()) writeDecl(j, d, "axes", d.axes);
    j.endArray();
    j.key("allocations");
    j.beginArray();
    for (const AllocationDecl& a : allocationCatalogue()) writeDecl(j, a, "reads_axes", a.readsAxes);
    j.endArray();
}

}  // namespace

int variantsCommand(const std::vector<std::string>& args, std::ostream& out) {
    bool json = false, designs = false;
    for (const auto& a : args) {
        if (a == "--json") json = true;
        else if (a == "--designs") designs = true;
        else throw InvalidParameter("flag", a, "is unknown; variants takes --json and --designs");
    }
    if (designs && !json) {
        writeCatalogueText(out);
        return kExitOk;
    }
    if (designs) {
        JsonWriter j(out);
        j.beginObject();
        writeCatalogueJson(j);
        j.endObject();
        out << '\n';
        return kExitOk;
    }
    if (!json) {
        writeText(out);
        return kExitOk;
    }
    JsonWriter j(out);
    j.beginObject();
    j.key("variants");
    j.beginArray();
    for (const VariantEntry& e : variantRegistry()) writeEntry(j, e);
    j.endArray();
    j.endObject();
    out << '\n';
    return kExitOk;
}

}  // namespace rope::cli
