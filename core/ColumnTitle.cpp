#include "ColumnTitle.h"

#include <vector>

#include "ParamSchema.h"

namespace rope {
namespace {

/// "θ (base)" → "θ": the parenthesis explains the field in the editor, not in a title.
std::string shortLabel(const std::string& label) {
    const size_t paren = label.find(" (");
    return paren == std::string::npos ? label : label.substr(0, paren);
}

std::string joined(const std::string& name, const std::vector<std::string>& extras) {
    if (extras.empty()) return name;
    std::string out = name + " (";
    for (size_t i = 0; i < extras.size(); ++i) out += (i ? ", " : "") + extras[i];
    return out + ")";
}

bool readsDelta(const Params& p) {
    const ParamSpec& delta = requireParam("videorope.delta");
    return appliesTo(delta, variantName(p.variant));
}

std::string deltaText(const Params& p) { return "δ = " + requireParam("videorope.delta").get(p); }

}  // namespace

std::string columnTitle(const Params& p) {
    const std::string name = variantName(p.variant);
    const Params natural = paramsFor(p.variant);
    std::vector<std::string> extras;
    if (readsDelta(p)) extras.push_back(deltaText(p));
    for (const ParamSpec& s : paramSchema()) {
        if (s.scope != ParamScope::Column || s.key == "variant" || s.key == "videorope.delta") continue;
        if (!appliesTo(s, name)) continue;
        const std::string value = s.get(p);
        if (value == s.get(natural)) continue;
        const bool labelled = !s.choiceLabels.empty();
        extras.push_back(labelled ? valueLabel(s, p) : shortLabel(s.label) + " = " + value);
    }
    return joined(variantDisplayName(p.variant), extras);
}

std::string columnShortTitle(const Params& p) {
    std::vector<std::string> extras;
    if (readsDelta(p)) extras.push_back(deltaText(p));
    return joined(variantDisplayName(p.variant), extras);
}

}  // namespace rope
