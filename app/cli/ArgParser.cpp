#include "ArgParser.h"

#include <cctype>

#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "core/attention/AttentionSchema.h"

namespace rope::cli {
namespace {

std::string flagList(const std::set<std::string>& switches, const std::set<std::string>& valueFlags = {}) {
    std::string s;
    for (const ParamSpec& spec : paramSchema())
        if (!spec.cliFlag.empty() && !isAttentionKey(spec.key)) s += spec.cliFlag + ", ";
    for (const auto& v : valueFlags) s += "--" + v + ", ";
    for (const auto& sw : switches) s += "--" + sw + ", ";
    return s + "--option key=value";
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

ParsedArgs parseArgs(const std::vector<std::string>& args, const std::set<std::string>& allowedSwitches,
                     const std::set<std::string>& valueFlags) {
    ParsedArgs out;
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
