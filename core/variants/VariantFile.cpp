#include "VariantFile.h"

#include <filesystem>
#include <fstream>

#include "../Errors.h"
#include "../JsonInput.h"
#include "../TextFormat.h"
#include "VariantJson.h"

namespace rope {
namespace {

using nlohmann::json;

const VariantOption* declOf(const std::vector<VariantOption>& decls, const std::string& key) {
    for (const VariantOption& o : decls)
        if (o.key == key) return &o;
    return nullptr;
}

bool isSpecial(const VariantOption& o, const std::string& text) {
    for (const std::string& s : o.specialValues)
        if (s == text) return true;
    return false;
}

json optionToJson(const VariantOption& o, const std::string& text) {
    if (isSpecial(o, text)) return text;
    switch (o.type) {
        case OptionType::Real: return std::stod(text);
        case OptionType::Integer: return std::stoll(text);
        case OptionType::Bool: return text == "on";
        case OptionType::Enum: break;
    }
    return text;
}

std::string optionText(const std::string& key, const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? "on" : "off";
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    if (v.is_number_float()) return formatNumber(v.get<double>());
    throw InvalidParameter(key, shownJson(v), "must be a JSON string, number or boolean");
}

const json& member(const json& obj, const char* key) {
    if (!obj.contains(key)) throw BadFile(std::string("missing \"") + key + "\"");
    return obj[key];
}

std::string stringMember(const json& obj, const char* key) {
    const json& v = member(obj, key);
    if (!v.is_string()) throw InvalidParameter(key, shownJson(v), "must be a JSON string");
    return v.get<std::string>();
}

void refuseUnknownKeys(const json& obj, std::initializer_list<const char*> known, const std::string& where) {
    for (const auto& [key, value] : obj.items()) {
        bool ok = false;
        for (const char* k : known) ok = ok || key == k;
        if (!ok) throw InvalidParameter(where + " key", key, "is not part of a variant definition");
    }
}

double realMember(const json& g, const char* key, double def) {
    if (!g.contains(key)) return def;
    if (!g[key].is_number()) throw InvalidParameter(key, shownJson(g[key]), "must be a JSON number");
    return g[key].get<double>();
}

int intMember(const json& g, const char* key, int def) {
    if (!g.contains(key)) return def;
    const json& v = g[key];
    if (!v.is_number_integer() || v.get<long long>() < -1'000'000 || v.get<long long>() > 1'000'000)
        throw InvalidParameter(key, shownJson(v), "must be a whole number");
    return static_cast<int>(v.get<long long>());
}

void readGeometry(const json& g, CustomVariant& v) {
    if (!g.is_object()) throw InvalidParameter("geometry", shownJson(g), "must be a JSON object");
    refuseUnknownKeys(g, {"theta", "head_dim", "rotary_share", "sections"}, "\"geometry\"");
    v.theta = realMember(g, "theta", v.theta);
    v.headDim = intMember(g, "head_dim", v.headDim);
    v.rotaryShare = realMember(g, "rotary_share", v.rotaryShare);
    if (g.contains("sections")) {
        const json& s = g["sections"];
        if (!s.is_array() || s.size() != 3) throw InvalidParameter("sections", shownJson(s), "must be [T, H, W]");
        for (size_t i = 0; i < 3; ++i) {
            if (!s[i].is_number_integer()) throw InvalidParameter("sections", shownJson(s[i]), "must be whole numbers");
            const long long n = s[i].get<long long>();
            if (n < 0 || n > 512) throw InvalidParameter("sections", std::to_string(n), "must be whole numbers in 0..512");
            v.sections[i] = static_cast<int>(n);
        }
    }
}

}  // namespace

json variantDefinitionJson(const CustomVariant& given) {
    const CustomVariant v = checkCustomVariant(given);
    json out;
    out["name"] = v.name;
    if (!v.displayName.empty()) out["label"] = v.displayName;
    if (!v.derivedFrom.empty()) out["derived_from"] = v.derivedFrom;
    out["design"] = v.composition.design;
    out["allocation"] = v.composition.allocation;
    json options = json::object();
    for (const VariantOption& o : compositionOptions(v.composition))
        options[o.key] = optionToJson(o, v.composition.values.at(o.key));
    out["options"] = options;
    out["pair_layout"] = v.composition.pairLayout == PairLayout::Adjacent ? "adjacent" : "half";
    out["geometry"] = {{"theta", v.theta},
                       {"head_dim", v.headDim},
                       {"rotary_share", v.rotaryShare},
                       {"sections", json::array({v.sections[0], v.sections[1], v.sections[2]})}};
    return out;
}

CustomVariant variantDefinitionFromJson(const json& obj) {
    if (!obj.is_object()) throw BadFile("a variant definition must be a JSON object");
    refuseUnknownKeys(obj,
                      {"ropescope_variant", "name", "label", "derived_from", "design", "allocation", "options",
                       "pair_layout", "geometry"},
                      "variant");
    CustomVariant v;
    v.name = stringMember(obj, "name");
    if (obj.contains("label")) v.displayName = stringMember(obj, "label");
    if (obj.contains("derived_from")) v.derivedFrom = stringMember(obj, "derived_from");
    if (v.displayName.size() > 80) throw InvalidParameter("label", v.displayName, "must be at most 80 characters");
    if (v.derivedFrom.size() > 80) throw InvalidParameter("derived_from", v.derivedFrom, "must be at most 80 characters");
    v.composition.design = requireDesign(stringMember(obj, "design")).name;
    v.composition.allocation = requireAllocation(stringMember(obj, "allocation")).name;
    if (obj.contains("options")) {
        const json& opts = obj["options"];
        if (!opts.is_object()) throw InvalidParameter("options", shownJson(opts), "must be a JSON object");
        const std::vector<VariantOption> decls = compositionOptions(v.composition);
        for (const auto& [key, value] : opts.items()) {
            const std::string text = optionText(key, value);
            if (const VariantOption* o = declOf(decls, key)) v.composition.values[key] = checkOptionValue(*o, text);
            else v.composition.values[key] = text;  // checkComposition names the foreign key
        }
    }
    if (obj.contains("pair_layout")) {
        const std::string layout = stringMember(obj, "pair_layout");
        if (layout != "half" && layout != "adjacent")
            throw InvalidParameter("pair_layout", layout, "must be half or adjacent");
        v.composition.pairLayout = layout == "adjacent" ? PairLayout::Adjacent : PairLayout::Half;
    }
    if (obj.contains("geometry")) readGeometry(obj["geometry"], v);
    return checkCustomVariant(v);
}

std::string variantFileText(const CustomVariant& v) {
    json doc;
    doc["ropescope_variant"] = kVariantFileVersion;
    const json body = variantDefinitionJson(v);
    for (const auto& [key, value] : body.items()) doc[key] = value;
    return doc.dump(2) + "\n";
}

CustomVariant readVariantFile(std::string_view text, const std::string& source) {
    const json doc = parseJsonInput(text, source, "variant file", kMaxVariantFileBytes, 16);
    try {
        if (!doc.is_object() || !doc.contains("ropescope_variant"))
            throw BadFile("missing \"ropescope_variant\": 1; this is not a RoPEScope variant file");
        const json& version = doc["ropescope_variant"];
        if (!version.is_number_integer()) throw BadFile("\"ropescope_variant\" must be an integer version");
        const long long n = version.get<long long>();
        if (n > kVariantFileVersion)
            throw BadFile("written by a newer RoPEScope (variant file version " + std::to_string(n) +
                          "); this one reads version " + std::to_string(kVariantFileVersion) + " — update RoPEScope");
        if (n < 1) throw BadFile("variant file version must be >= 1");
        return variantDefinitionFromJson(doc);
    } catch (const std::exception& e) {
        throw BadFile(source + ": " + e.what());
    }
}

CustomVariant readVariantFileAt(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw BadFile(path + ": not found or not a regular file; give a variant file (.json)");
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxVariantFileBytes)
        throw BadFile(path + ": " + std::to_string(size) + " bytes is over the " +
                      std::to_string(kMaxVariantFileBytes >> 10) + " KiB a variant file may have; this is not a variant file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw BadFile(path + ": cannot be read (not permitted?)");
    std::string text(kMaxVariantFileBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
    return readVariantFile(text, path);
}

}  // namespace rope
