#include "VariantOption.h"

#include <charconv>
#include <cmath>

#include "../Errors.h"
#include "../TextFormat.h"

namespace rope {

VariantOption realOption(std::string key, std::string label, std::string help, double def, double min, double max,
                         bool minExclusive) {
    VariantOption o;
    o.key = std::move(key), o.label = std::move(label), o.help = std::move(help);
    o.type = OptionType::Real, o.defaultValue = formatNumber(def), o.min = min, o.max = max;
    o.minExclusive = minExclusive;
    return o;
}

VariantOption integerOption(std::string key, std::string label, std::string help, long long def, long long min,
                            long long max) {
    VariantOption o;
    o.key = std::move(key), o.label = std::move(label), o.help = std::move(help);
    o.type = OptionType::Integer, o.defaultValue = std::to_string(def);
    o.min = static_cast<double>(min), o.max = static_cast<double>(max), o.step = 1;
    return o;
}

VariantOption enumOption(std::string key, std::string label, std::string help, std::vector<std::string> choices,
                         std::vector<std::string> labels) {
    VariantOption o;
    o.key = std::move(key), o.label = std::move(label), o.help = std::move(help);
    o.type = OptionType::Enum, o.defaultValue = choices.front();
    o.choices = std::move(choices), o.choiceLabels = std::move(labels);
    return o;
}

VariantOption boolOption(std::string key, std::string label, std::string help, bool def,
                         std::vector<std::string> labels) {
    VariantOption o;
    o.key = std::move(key), o.label = std::move(label), o.help = std::move(help);
    o.type = OptionType::Bool, o.defaultValue = def ? "on" : "off";
    o.choices = {"off", "on"}, o.choiceLabels = std::move(labels);
    return o;
}

namespace {

std::string domainText(const VariantOption& o) {
    std::string s = std::string("must be ") + (o.type == OptionType::Integer ? "a whole number " : "a number ") +
                    (o.minExclusive ? "> " : ">= ") + formatNumber(o.min) + " and <= " + formatNumber(o.max);
    for (const auto& v : o.specialValues) s += ", or " + v;
    return s;
}

}  // namespace

std::string checkOptionValue(const VariantOption& o, std::string_view text) {
    for (const auto& v : o.specialValues)
        if (text == v) return v;
    switch (o.type) {
        case OptionType::Bool:
            if (text == "true" || text == "1" || text == "on") return "on";
            if (text == "false" || text == "0" || text == "off") return "off";
            throw InvalidParameter(o.key, std::string(text), "must be on or off");
        case OptionType::Enum:
            for (const auto& c : o.choices)
                if (c == text) return c;
            throw InvalidParameter(o.key, std::string(text), "must be one of " + joinText(o.choices, " | "));
        case OptionType::Integer: {
            long long v = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
                static_cast<double>(v) < o.min || static_cast<double>(v) > o.max)
                throw InvalidParameter(o.key, std::string(text), domainText(o));
            return std::to_string(v);
        }
        case OptionType::Real: {
            double v = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            const bool low = o.minExclusive ? v <= o.min : v < o.min;
            if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) || low ||
                v > o.max)
                throw InvalidParameter(o.key, std::string(text), domainText(o));
            return formatNumber(v);
        }
    }
    return std::string(text);
}

const VariantOption& OptionReader::decl(const std::string& key) const {
    for (const VariantOption& o : m_decls)
        if (o.key == key) return o;
    throw std::logic_error("variant option " + key + " is not declared by its registry entry");
}

std::string OptionReader::text(const std::string& key) const {
    const VariantOption& o = decl(key);
    const auto it = m_values.find(key);
    return it == m_values.end() ? o.defaultValue : it->second;
}

double OptionReader::real(const std::string& key) const { return std::stod(text(key)); }
long long OptionReader::integer(const std::string& key) const { return std::stoll(text(key)); }
bool OptionReader::flag(const std::string& key) const { return text(key) == "on"; }

size_t OptionReader::choice(const std::string& key) const {
    const VariantOption& o = decl(key);
    const std::string v = text(key);
    for (size_t i = 0; i < o.choices.size(); ++i)
        if (o.choices[i] == v) return i;
    return 0;
}

}  // namespace rope
