#include "Study.h"

#include <nlohmann/json.hpp>

#include "Errors.h"
#include "text/TextParse.h"
#include "ParamSchema.h"

namespace rope {
namespace {

using nlohmann::json;

constexpr int kMaxJsonDepth = 64;

/// An untrusted value for a message: scalars quoted and cut at 80 characters, containers by type
/// only (never dump() a structure: it recurses and may be huge).
std::string shown(const json& v) {
    if (v.is_structured()) return std::string("a JSON ") + v.type_name();
    return quoteBounded(v.dump());
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
    return doc.dump(2) + "\n";
}

Study studyFromJson(std::string_view text, const std::string& source) {
    if (text.size() > kMaxStudyFileBytes)
        throw BadFile(source + ": " + std::to_string(text.size()) + " bytes is over the " +
                      std::to_string(kMaxStudyFileBytes >> 20) + " MiB a study file may have; this is not a study file");
    json doc;
    try {
        // Depth-limited: a study nests three levels; deeper input is refused while parsing.
        doc = json::parse(text, [&source](int depth, json::parse_event_t, json&) {
            if (depth > kMaxJsonDepth)
                throw BadFile(source + ": JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                              " levels; this is not a study file");
            return true;
        });
    } catch (const json::exception& e) {  // parse errors and out-of-range numbers (1e309)
        throw BadFile(source + ": not valid JSON (" + std::string(e.what()) + ")");
    }
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
        return s;
    } catch (const BadFile& e) {
        throw BadFile(source + ": " + e.what());
    } catch (const std::exception& e) {
        throw BadFile(source + ": " + e.what());
    }
}

}  // namespace rope
