#include "ArgParser.h"

#include <cctype>

#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "core/attention/AttentionSchema.h"
#include "core/variants/UserVariants.h"
#include "core/variants/Variant.h"
#include "core/variants/VariantFile.h"

namespace rope::cli {
namespace {

std::string flagList(const std::set<std::string>& switches, const std::set<std::string>& valueFlags = {}) {
    std::string s;
    for (const ParamSpec& spec : paramSchema())
        if (!spec.cliFlag.empty() && !isAttentionKey(spec.key)) s += spec.cliFlag + ", ";
    for (const auto& v : valueFlags) s += "--" + v + ", ";
    for (const auto& sw : switches) s += "--" + sw + ", ";
    return s + "--variant-file FILE, --design NAME, --allocation NAME, --variant-name NAME, --option key=value";
}

/// The flags that describe a custom variant, taken out of the argument list before the schema
/// flags are applied: --variant-file FILE, or --design D --allocation A [--variant-name N] with the
/// catalogue's own `--option design.key=value`s.
struct CustomVariantArgs {
    std::map<std::string, std::string> flags;   ///< "variant-file", "design", "allocation", "variant-name"
    std::map<std::string, std::string> values;  ///< catalogue option key → value
    std::vector<std::string> rest;               ///< every other argument, in order
    bool variantGiven = false;
};

CustomVariantArgs takeCustomVariantArgs(const std::vector<std::string>& args, const std::set<std::string>& switches) {
    static const std::set<std::string> kFlags{"variant-file", "design", "allocation", "variant-name"};
    CustomVariantArgs out;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        const std::string name = a.rfind("--", 0) == 0 ? a.substr(2) : std::string();
        if (name.empty() || switches.count(name) || i + 1 >= args.size()) {
            out.rest.push_back(a);
            continue;
        }
        const std::string& value = args[i + 1];
        const size_t eq = value.find('=');
        if (kFlags.count(name)) {
            out.flags[name] = checkedValue(a, value);
        } else if (name == "option" && eq != std::string::npos && findCatalogueOption(value.substr(0, eq))) {
            out.values[value.substr(0, eq)] = value.substr(eq + 1);
        } else {
            out.variantGiven = out.variantGiven || name == "variant";
            out.rest.push_back(a);
            out.rest.push_back(value);
        }
        ++i;
    }
    return out;
}

/// Registers the custom variant the flags describe and returns its name, or "" when there is none.
std::string registerFromArgs(const CustomVariantArgs& c) {
    const bool composed = c.flags.count("design") || c.flags.count("allocation");
    if (c.flags.count("variant-file") && composed)
        throw InvalidParameter("--variant-file", c.flags.at("variant-file"),
                               "cannot be combined with --design/--allocation (both describe the variant); give one");
    if ((c.flags.count("variant-file") || composed) && c.variantGiven)
        throw InvalidParameter("--variant", "", "cannot be combined with --variant-file or --design/--allocation; give one");
    if (!composed) {
        if (!c.values.empty()) {
            std::string owner;
            findCatalogueOption(c.values.begin()->first, &owner);
            throw InvalidParameter(c.values.begin()->first, c.values.begin()->second,
                                   "is an option of " + owner + "; pass --design NAME --allocation NAME with it");
        }
        if (c.flags.count("variant-name"))
            throw InvalidParameter("--variant-name", c.flags.at("variant-name"), "names a variant composed with --design/--allocation");
        if (!c.flags.count("variant-file")) return {};
        return registerCustomVariant(readVariantFileAt(c.flags.at("variant-file"))).name;
    }
    if (!c.flags.count("design") || !c.flags.count("allocation"))
        throw InvalidParameter(c.flags.count("design") ? "--allocation" : "--design", "",
                               "is needed too: a variant is a design and an allocation (ropescope variants --designs lists them)");
    CustomVariant v;
    v.composition.design = requireDesign(c.flags.at("design")).name;
    v.composition.allocation = requireAllocation(c.flags.at("allocation")).name;
    v.composition.values = c.values;
    v.name = c.flags.count("variant-name") ? c.flags.at("variant-name") : v.composition.design + "+" + v.composition.allocation;
    return registerCustomVariant(v).name;
}

void applyOption(ParsedArgs& out, const std::string& kv) {
    const size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
        throw InvalidParameter("--option", kv, "must be key=value, e.g. videorope.next_start=all-rows");
    const std::string key = kv.substr(0, eq);
    setParam(out.params, key, kv.substr(eq + 1));
    out.given.push_back(requireParam(key).key);
}

/// A variant option given for another variant would be silently ignored: refuse it. (δ is exempt:
/// cli.md documents --delta as a common flag.)
void refuseOptionsOfOtherVariants(const ParsedArgs& out) {
    for (const std::string& key : out.given) {
        const ParamSpec& spec = requireParam(key);
        if (key == "videorope.delta" || appliesTo(spec, out.params.variant)) continue;
        throw InvalidParameter(key, spec.get(out.params),
                               "applies to variant " + joinText(spec.appliesTo, " | ") + ", not " + out.params.variant +
                                   "; pass --variant " + spec.appliesTo.front() + " or drop the option");
    }
}

}  // namespace

const std::string& checkedValue(const std::string& flag, const std::string& value) {
    if (value.empty()) throw InvalidParameter(flag, value, "needs a value");
    const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    if (space(value.front()) || space(value.back()))
        throw InvalidParameter(flag, value, "must not start or end with white space");
    return value;
}

ParsedArgs parseArgs(const std::vector<std::string>& args, const std::set<std::string>& allowedSwitches) {
    return parseArgs(args, allowedSwitches, {});
}

ParsedArgs parseArgs(const std::vector<std::string>& allArgs, const std::set<std::string>& allowedSwitches,
                     const std::set<std::string>& valueFlags) {
    ParsedArgs out;
    const CustomVariantArgs custom = takeCustomVariantArgs(allArgs, allowedSwitches);
    if (const std::string name = registerFromArgs(custom); !name.empty()) setParam(out.params, "variant", name);
    const std::vector<std::string>& args = custom.rest;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.rfind("--", 0) != 0)
            throw InvalidParameter("argument", a, "is not a flag; flags are " + flagList(allowedSwitches, valueFlags));
        const std::string name = a.substr(2);
        if (allowedSwitches.count(name)) {
            out.switches.insert(name);
            continue;
        }
        if (i + 1 >= args.size()) throw InvalidParameter(a, "", "needs a value");
        const std::string& value = args[++i];
        // An empty schema value gets the schema's own rule (it names the key); every other value
        // must be non-empty and unpadded.
        if (!value.empty() || name == "option" || valueFlags.count(name)) checkedValue(a, value);
        if (name == "option") {
            applyOption(out, value);
            continue;
        }
        if (valueFlags.count(name)) {
            out.values[name] = value;
            continue;
        }
        // attention.* flags belong to `ropescope attention`, which passes them as its value flags.
        const ParamSpec* spec = findParam(name);
        if (!spec || spec->cliFlag != a || isAttentionKey(spec->key))
            throw InvalidParameter("flag", a, "is unknown; flags are " + flagList(allowedSwitches, valueFlags));
        spec->set(out.params, value);
        out.given.push_back(spec->key);
    }
    refuseOptionsOfOtherVariants(out);
    return out;
}

}  // namespace rope::cli
