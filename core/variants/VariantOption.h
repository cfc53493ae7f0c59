#pragma once
// A variant's own option, declared once in its registry entry: key, type, domain, default, help
// and human labels. The parameter schema turns every declaration into a ParamSpec (CLI
// `--option key=value`, study files, the GUI editor), and the design/allocation reads the value
// back through OptionReader, so a value is parsed and range-checked in exactly one place.
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace rope {

enum class OptionType { Real, Integer, Enum, Bool };

struct VariantOption {
    std::string key;    ///< full key, "<variant>.<name>": "hope.gamma"
    std::string label;  ///< short GUI label: "Temporal stride γ"
    std::string help;   ///< one or two sentences: what it does, where the value comes from
    OptionType type = OptionType::Real;
    std::string defaultValue;  ///< in the CLI's text form: "1", "t-row", "on"
    double min = 0, max = 0;   ///< Real/Integer domain, inclusive unless minExclusive
    bool minExclusive = false;
    double step = 0;  ///< GUI step (0: the editor picks one)
    std::vector<std::string> choices;       ///< Enum values, CLI spelling; Bool: {"off", "on"}
    std::vector<std::string> choiceLabels;  ///< human label per choice ("LTA on (temporal band low)")
    /// Extra accepted values beyond the numeric domain (V2PE's tile_tokens "block"); empty if none.
    std::vector<std::string> specialValues;
};

/// Builders for the declarations (registry entries read as a table with them).
VariantOption realOption(std::string key, std::string label, std::string help, double def, double min,
                         double max, bool minExclusive = false);
VariantOption integerOption(std::string key, std::string label, std::string help, long long def, long long min,
                            long long max);
VariantOption enumOption(std::string key, std::string label, std::string help, std::vector<std::string> choices,
                         std::vector<std::string> labels);
VariantOption boolOption(std::string key, std::string label, std::string help, bool def,
                         std::vector<std::string> labels = {});

/// Checks `text` against the declaration and returns it in canonical form ("true" → "on").
/// Throws InvalidParameter naming the key and the allowed values.
std::string checkOptionValue(const VariantOption& o, std::string_view text);

/// Typed reads of a column's option values (declared default when unset).
class OptionReader {
public:
    OptionReader(const std::vector<VariantOption>& decls, const std::map<std::string, std::string>& values)
        : m_decls(decls), m_values(values) {}
    std::string text(const std::string& key) const;
    double real(const std::string& key) const;
    long long integer(const std::string& key) const;
    bool flag(const std::string& key) const;
    /// Index of the value among the declaration's choices.
    size_t choice(const std::string& key) const;

private:
    const VariantOption& decl(const std::string& key) const;
    const std::vector<VariantOption>& m_decls;
    const std::map<std::string, std::string>& m_values;
};

}  // namespace rope
