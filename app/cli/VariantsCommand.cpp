#include "VariantsCommand.h"

#include "ArgParser.h"
#include "Cli.h"
#include "JsonWriter.h"
#include "core/Errors.h"
#include "core/ParamSchema.h"
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
            << "      design " << e.design << "; allocation " << e.allocation << "; θ " << formatNumber(e.theta)
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

}  // namespace

int variantsCommand(const std::vector<std::string>& args, std::ostream& out) {
    for (const auto& a : args)
        if (a != "--json") throw InvalidParameter("flag", a, "is unknown; variants takes only --json");
    if (args.empty()) {
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
