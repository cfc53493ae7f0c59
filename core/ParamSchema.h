#pragma once
// The one parameter schema. Each tunable is declared once — key, CLI flag, type, domain, default,
// help text, human labels, scope, GUI hints — and every face is derived from that table:
//   CLI   : `--delta 2` and `--option videorope.delta=2` both call setParam()
//   study : JSON values are turned into text and go through setParam() too
//   GUI   : the parameter panel builds one editor per spec (range, step, choices, tooltip)
// so the three cannot disagree. A variant's own options are declared in its registry entry
// (core/variants/) and appear here generated from it. Field rules live in the setters; rules that
// tie fields together (sections sum to rotary_dim/2, rotary_dim ≤ head_dim, the variant's own
// checks, memory) live in validate().
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "Params.h"
#include "TextFormat.h"

namespace rope {

enum class ParamType { Enum, Real, Integer, IntTriple, Bool, SequenceText, IntRange /* "100:3000:200" or "0,50,100" */,
                       Text /* free text such as a file path; validated by its setter */ };
/// Study: shared by all columns (sequence, memory, V-NIAH); Column: one value per variant column.
enum class ParamScope { Study, Column };

struct ParamSpec {
    std::string key;      ///< "videorope.delta"
    std::string cliFlag;  ///< "--delta", or empty when only `--option key=value` reaches it
    std::string label;    ///< short GUI label
    std::string help;     ///< one or two sentences, used for tooltips, --help and docs
    ParamType type = ParamType::Real;
    ParamScope scope = ParamScope::Column;
    double min = 0, max = 0, step = 1;  ///< numeric domain (Real, Integer); inclusive unless minExclusive
    bool minExclusive = false;
    std::vector<std::string> choices;       ///< Enum and Bool ("off"/"on")
    std::vector<std::string> choiceLabels;  ///< human label per choice, shown to people; may be empty
    std::vector<std::string> appliesTo;     ///< variants the option matters for; empty = every variant
    /// GUI hint: edit with a slider over [min, sliderMax] (δ: drag it and watch every view). 0 = no slider.
    double sliderMax = 0;
    std::function<std::string(const Params&)> get;
    std::function<void(Params&, std::string_view)> set;  ///< parses and checks one field
};

const std::vector<ParamSpec>& paramSchema();
/// Finds a spec by key ("videorope.delta") or by CLI flag without dashes ("delta", "head-dim").
const ParamSpec* findParam(std::string_view keyOrFlag);
const ParamSpec& requireParam(std::string_view keyOrFlag);  ///< throws InvalidParameter naming the keys
bool appliesTo(const ParamSpec& spec, const VariantId& variant);
/// The human label of the spec's current value ("LTA off (temporal band high)"), or the value.
std::string valueLabel(const ParamSpec& spec, const Params& p);

void setParam(Params& p, std::string_view key, std::string_view value);
std::string getParam(const Params& p, std::string_view key);
std::string defaultValue(const ParamSpec& spec);

/// Rules between fields: head_dim even, 2 ≤ rotary_dim ≤ head_dim and even, sections sum to
/// rotary_dim/2 (variants that use sections), δ > 0, the variant's own checks, the sequence is one
/// the variant's design can lay out. Throws InvalidParameter.
void validate(const Params& p);

std::string variantName(const VariantId& v);         ///< "videorope"
std::string variantDisplayName(const VariantId& v);  ///< "VideoRoPE"
VariantId parseVariant(std::string_view name);       ///< throws InvalidParameter listing the names
std::vector<VariantId> allVariants();                ///< every registry name, display order

}  // namespace rope
