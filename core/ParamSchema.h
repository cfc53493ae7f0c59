#pragma once
// The one parameter schema. Each tunable is declared once — key, CLI flag, type, domain, default,
// help text, scope and what a change invalidates — and every face is derived from that table:
//   CLI   : `--delta 2` and `--option videorope.delta=2` both call setParam()
//   study : JSON values are turned into text and go through setParam() too
//   GUI   : the parameter panel builds one editor per spec (range, step, choices, tooltip)
// so the three cannot disagree. Field rules live in the setters; rules that tie fields together
// (sections sum to head_dim/2, memory) live in validate().
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "Params.h"

namespace rope {

enum class ParamType { Enum, Real, Integer, IntTriple, Bool, SequenceText, IntRange /* "100:3000:200" or "0,50,100" */ };
enum class ParamScope { Study, Column };  ///< shared by all columns, or one per variant column
enum class Invalidates { Positions, Frequencies, Nothing };

struct ParamSpec {
    std::string key;      ///< "videorope.delta"
    std::string cliFlag;  ///< "--delta", or empty when only `--option key=value` reaches it
    std::string label;    ///< short GUI label
    std::string help;     ///< one or two sentences, used for tooltips, --help and docs
    ParamType type = ParamType::Real;
    ParamScope scope = ParamScope::Column;
    Invalidates invalidates = Invalidates::Positions;
    double min = 0, max = 0, step = 1;  ///< numeric domain (Real, Integer); inclusive unless minExclusive
    bool minExclusive = false;
    std::vector<std::string> choices;   ///< Enum and Bool ("on"/"off")
    std::string onlyFor;                ///< variant name the option matters for, or empty
    std::function<std::string(const Params&)> get;
    std::function<void(Params&, std::string_view)> set;  ///< parses and checks one field
};

const std::vector<ParamSpec>& paramSchema();
/// Finds a spec by key ("videorope.delta") or by CLI flag without dashes ("delta", "head-dim").
const ParamSpec* findParam(std::string_view keyOrFlag);
const ParamSpec& requireParam(std::string_view keyOrFlag);  ///< throws InvalidParameter naming the keys

void setParam(Params& p, std::string_view key, std::string_view value);
std::string getParam(const Params& p, std::string_view key);
std::string defaultValue(const ParamSpec& spec);

/// Rules between fields: sections sum to head_dim/2, head_dim even, ... Throws InvalidParameter.
void validate(const Params& p);

std::string variantName(VariantId v);       ///< "videorope"
std::string variantDisplayName(VariantId v);  ///< "VideoRoPE"
VariantId parseVariant(std::string_view name);
std::vector<VariantId> allVariants();

/// Formats a double the shortest way that reads back to the same value ("2", "0.5", "1e+06").
std::string formatNumber(double v);

}  // namespace rope
