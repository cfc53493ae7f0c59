#include "Study.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "Errors.h"
#include "JsonInput.h"
#include "ParamSchema.h"
#include "variants/UserVariants.h"
#include "variants/VariantJson.h"

namespace rope {
namespace {

using nlohmann::json;

std::string shown(const json& v) { return shownJson(v); }

/// The definitions of the custom variants the columns use, each once (format version 3).
json customVariantsOf(const Study& s) {
    json out = json::array();
    std::vector<std::string> seen;
    for (const Params& p : s.columns) {
        const auto def = findCustomVariant(p.variant);
        if (!def || std::find(seen.begin(), seen.end(), def->name) != seen.end()) continue;
        seen.push_back(def->name);
        out.push_back(variantDefinitionJson(*def));
    }
    return out;
}

std::vector<CustomVariant> readCustomVariants(const json& doc) {
    std::vector<CustomVariant> defs;
    if (!doc.contains("custom_variants")) return defs;
    const json& list = doc["custom_variants"];
    if (!list.is_array() || list.size() > 16)
        throw BadFile("\"custom_variants\" must be an array of at most 16 variant definitions");
    for (size_t i = 0; i < list.size(); ++i) {
        try {
            defs.push_back(variantDefinitionFromJson(list[i]));
        } catch (const std::exception& e) {
            throw BadFile("\"custom_variants\"[" + std::to_string(i) + "]: " + e.what());
        }
    }
    return defs;
}

json valueToJson(const ParamSpec& spec, const Params& p) {
    const std::string text = spec.get(p);
    switch (spec.type) {
        case ParamType::Real: return std::stod(text);
        case ParamType::Integer: return std::stoll(text);
        case ParamType::Bool: return text == "on";
        case ParamType::IntTriple: return json::array({p.sections[0], p.sections[1], p.sections[2]});
        case ParamType::Enum:
        case ParamType::SequenceText:
        case ParamType::IntRange: return text;
        default: return text;
    }
}

std::string jsonToText(const ParamSpec& spec, const json& v) {
    switch (spec.type) {
        case ParamType::Real:
            if (!v.is_number()) break;
            return formatNumber(v.get<double>());
        case ParamType::Integer:
            if (!v.is_number_integer()) break;
            return std::to_string(v.get<long long>());
        case ParamType::Bool:
            if (!v.is_boolean()) break;
            return v.get<bool>() ? "on" : "off";
        case ParamType::IntTriple: {
            if (!v.is_array() || v.size() != 3) break;
            std::string s;
            for (const json& e : v) {
                if (!e.is_number_integer()) throw InvalidParameter(spec.key, shown(v), "must be three whole numbers");
                s += (s.empty() ? "" : ",") + std::to_string(e.get<long long>());
            }
            return s;
        }
        default:
            if (!v.is_string()) break;
            return v.get<std::string>();
    }
    throw InvalidParameter(spec.key, shown(v), "has the wrong JSON type");
}

/// Geometry keys are written only where the column overrides its variant's natural value.
uint8_t geometryBit(const std::string& key) {
    if (key == "theta") return SetTheta;
    if (key == "head_dim") return SetHeadDim;
    if (key == "rotary_dim") return SetRotaryDim;
    if (key == "sections") return SetSections;
    return 0;
}

json section(const Params& p, ParamScope scope) {
    json out = json::object();
    for (const ParamSpec& spec : paramSchema()) {
        if (spec.scope != scope) continue;
        const uint8_t bit = geometryBit(spec.key);
        if (bit && !(p.overrides & bit)) continue;
        if (!appliesTo(spec, p.variant)) continue;  // another variant's option: not part of this column
        out[spec.key] = valueToJson(spec, p);
    }
    return out;
}

/// Version 1 kept θ, head_dim and sections in "study"; they now belong to each column.
bool movedToColumns(const std::string& key, long long version) { return version < 2 && geometryBit(key) != 0; }

void applySection(Params& p, const json& obj, ParamScope scope, const std::string& where, long long version) {
    if (!obj.is_object()) throw BadFile(where + " must be a JSON object");
    // The variant first, so that its natural geometry does not replace values the file sets.
    if (obj.contains("variant") && scope == ParamScope::Column)
        requireParam("variant").set(p, jsonToText(requireParam("variant"), obj["variant"]));
    for (const auto& [key, value] : obj.items()) {
        const ParamSpec* spec = findParam(key);
        if (!spec || spec->key != key) throw InvalidParameter(where + " key", key, "is not a known parameter");
        if (key == "variant" && scope == ParamScope::Column) continue;
        if (scope == ParamScope::Study && movedToColumns(key, version)) {
            spec->set(p, jsonToText(*spec, value));
            continue;
        }
        if (spec->scope != scope)
            throw InvalidParameter(key, shown(value), std::string("belongs in \"") +
                                                          (spec->scope == ParamScope::Study ? "study" : "variants") + "\"");
        spec->set(p, jsonToText(*spec, value));
    }
}

}  // namespace

void Study::set(std::string_view key, std::string_view value, int column) {
    const ParamSpec& spec = requireParam(key);
    if (spec.scope == ParamScope::Study || column == kAllColumns) {
        for (Params& p : columns) spec.set(p, value);
    } else {
        spec.set(columns.at(static_cast<size_t>(column)), value);
    }
}

bool Study::operator==(const Study& o) const { return studyToJson(*this) == studyToJson(o); }

Study demoStudy() {
    Study s;
    s.columns = {paramsFor("m-rope"), paramsFor("videorope")};
    return s;
}

std::string studyToJson(const Study& s) {
    json doc;
    doc["format"] = "ropescope-study";
    doc["version"] = kStudyFormatVersion;
    doc["study"] = section(s.shared(), ParamScope::Study);
    doc["variants"] = json::array();
    for (const Params& p : s.columns) doc["variants"].push_back(section(p, ParamScope::Column));
    if (json custom = customVariantsOf(s); !custom.empty()) doc["custom_variants"] = std::move(custom);
    return doc.dump(2) + "\n";
}

Study studyFromJson(std::string_view text, const std::string& source) {
    // Size-capped and depth-limited (a study nests a few levels; deeper input is refused while parsing).
    const json doc = parseJsonInput(text, source, "study file", kMaxStudyFileBytes);
    try {
        if (!doc.is_object() || doc.value("format", "") != "ropescope-study")
            throw BadFile("missing \"format\": \"ropescope-study\"; this is not a RoPEScope study file");
        if (!doc.contains("version") || !doc["version"].is_number_integer())
            throw BadFile("missing integer \"version\"");
        const long long version = doc["version"].get<long long>();
        if (version > kStudyFormatVersion)
            throw BadFile("written by a newer RoPEScope (format version " + std::to_string(version) +
                          "); this one reads version " + std::to_string(kStudyFormatVersion) + " — update RoPEScope");
        if (version < 1) throw BadFile("format version must be >= 1");
        // The file's own custom variants are visible while its columns are read, and registered only
        // if the whole file is accepted.
        PendingCustomVariants custom(readCustomVariants(doc));
        Params shared;
        if (doc.contains("study")) applySection(shared, doc["study"], ParamScope::Study, "\"study\"", version);
        if (!doc.contains("variants") || !doc["variants"].is_array() || doc["variants"].empty() ||
            doc["variants"].size() > static_cast<size_t>(kMaxColumns))
            throw BadFile("\"variants\" must be an array of 1 to " + std::to_string(kMaxColumns) + " objects");
        Study s;
        for (size_t i = 0; i < doc["variants"].size(); ++i) {
            Params p = shared;
            applySection(p, doc["variants"][i], ParamScope::Column, "\"variants\"[" + std::to_string(i) + "]",
                         version);
            validate(p);
            s.columns.push_back(p);
        }
        custom.commit();
        return s;
    } catch (const BadFile& e) {
        throw BadFile(source + ": " + e.what());
    } catch (const std::exception& e) {
        throw BadFile(source + ": " + e.what());
    }
}

}  // namespace rope
