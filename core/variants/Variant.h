#pragma once
// A variant = a position design × a frequency allocation × options (the decomposition the
// Multimodal-RoPEs package uses). Each design lives in one file under designs/, each allocation in
// one file under allocations/, and each named variant is ONE registry entry (entries/*.cpp): its
// design, allocation, natural defaults, declared options, the reference it follows and where
// implementations disagree. Nothing else in the program names a variant: the CLI, the parameter
// schema, the GUI picker, Table 1, V-NIAH and the attention pipeline all read this registry.
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "../FrequencyPlan.h"
#include "../Params.h"
#include "Catalogue.h"
#include "PositionDesign.h"
#include "VariantOption.h"

namespace rope {

/// User: a custom variant (a composition from a variant file, a study file or the composer).
enum class VariantGroup { Paper, Deployed, Research, User };

struct VariantReference {
    std::string repo;      ///< "QwenLM/Qwen3-VL"
    std::string file;      ///< "qwen-vl-finetune/qwenvl/data/rope2d.py"
    std::string function;  ///< "get_rope_index_25"
    std::string spec;      ///< where RoPEScope states the rules: "variants-more.md §6"
};

/// What a design or allocation is given to build itself for one column.
struct VariantInputs {
    const Params& params;
    OptionReader options;
};

struct VariantEntry {
    VariantId name;           ///< CLI name: "qwen2.5-vl"
    std::string displayName;  ///< "Qwen2.5-VL"
    VariantGroup group = VariantGroup::Research;
    std::string summary;      ///< one line for `variants` and the picker's tooltip
    std::string design;       ///< name of the position design ("per-frame blocks")
    std::string allocation;   ///< name of the frequency allocation ("interleaved by 3")

    // Natural defaults.
    double theta = 1e6;
    int headDim = 128;
    double rotaryShare = 1.0;  ///< rotary_dim = head_dim × share (Qwen3.5: 0.25, GLM-4V: 0.5)
    std::array<int, 3> sections{16, 24, 24};
    bool usesSections = true;  ///< false: sections are ignored and not validated
    bool usesDelta = false;    ///< reads videorope.delta (δ)
    PairLayout pairLayout = PairLayout::Half;

    std::vector<VariantOption> options;
    VariantReference reference;
    std::vector<std::string> disagreements;  ///< documented differences between implementations
    /// The paper's V-NIAH / V-NIAH-D accuracy in % (Table 3), when the paper reports this variant.
    std::optional<std::pair<double, double>> paperVniah;

    /// What the variant is made of at the column's option values: a design and an allocation of the
    /// catalogue (Catalogue.h) with their option values and the pair layout. The one description of
    /// how the variant computes; "Derive from" reads it, so a derived custom variant is exact.
    std::function<Composition(const OptionReader&)> compose;
    /// Rules between options and geometry beyond each option's own domain and the catalogue's own
    /// rules (ERNIE: s_h = s_w). Throws InvalidParameter. May be empty.
    std::function<void(const VariantInputs&)> check;

    // Filled by the registry from `compose` (and the catalogue's rules added to `check`).
    std::function<std::unique_ptr<PositionDesign>(const VariantInputs&)> makeDesign;
    std::function<FrequencyPlan(const VariantInputs&)> makePlan;
    std::function<PairLayout(const VariantInputs&)> pairLayoutFor;
};

/// Fills makeDesign, makePlan, pairLayoutFor and pairLayout from e.compose and adds the catalogue's
/// rules to e.check (Registry.cpp; custom variants go through it too).
void completeEntry(VariantEntry& e);

/// Every built-in variant in display order (paper variants first). Custom variants are not in it:
/// they live in a process-wide layer (UserVariants.h) that findVariant() also consults.
const std::vector<VariantEntry>& variantRegistry();
/// A built-in or a registered custom variant; nullptr if neither.
const VariantEntry* findVariant(std::string_view name);
const VariantEntry* findBuiltinVariant(std::string_view name);
/// Throws InvalidParameter("variant", name, "must be one of …").
const VariantEntry& requireVariant(std::string_view name);
std::string variantGroupName(VariantGroup g);  ///< "Paper variants", "Deployed models", "Research", "My variants"

/// Position design and frequency plan of a column (validates nothing; see validate()).
std::unique_ptr<PositionDesign> makeDesign(const Params& p);
FrequencyPlan planFor(const Params& p);
PairLayout pairLayoutOf(const Params& p);
/// Variants whose design lays out a video (every one but Circle-RoPE, which lays out images only).
std::vector<VariantId> videoVariantNames();

/// The entry's option declarations read against the column's values.
OptionReader optionsOf(const VariantEntry& e, const Params& p);

// Registry parts, one per group (entries/*.cpp).
std::vector<VariantEntry> paperVariants();
std::vector<VariantEntry> deployedVariants();
std::vector<VariantEntry> researchVariants();

}  // namespace rope
