#pragma once
// The catalogue of position designs and frequency allocations, as data: each design and each
// allocation is declared once (name, label, summary, the axes it produces or reads, its options,
// a factory). A variant is a Composition — design name + allocation name + option values — and
// every built-in registry entry says which composition it is (VariantEntry::compose), so a custom
// variant "derived from" a built-in is built by the very same factories and is exact.
//
//   videorope  = diagonal {stride = δ, centred on, next start t-row}  ×  section-bands {low, interleaved}
//   hope       = diagonal {stride = γ}                               ×  zero-temporal-band {low, interleaved}
//   qwen3-vl   = per-frame {frame_gap}                               ×  interleaved-by-3
//
// Option keys are "<design or allocation>.<name>" ("diagonal.stride"); a composition holds one
// value map for both parts. A key that is not set takes the option's declared default.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "../FrequencyPlan.h"
#include "../Params.h"
#include "PositionDesign.h"
#include "VariantOption.h"

namespace rope {

struct Composition {
    std::string design;      ///< catalogue name: "diagonal"
    std::string allocation;  ///< catalogue name: "section-bands"
    std::map<std::string, std::string> values;  ///< "diagonal.stride" → "delta"; unset = default
    PairLayout pairLayout = PairLayout::Half;   ///< physical channel pairing of captured q/k
    bool operator==(const Composition&) const = default;
};

struct DesignDecl {
    std::string name;     ///< "diagonal"
    std::string label;    ///< "Diagonal layout"
    std::string summary;  ///< one line: what it does and who uses it
    std::vector<std::string> axes;  ///< axes it produces: {"t","h","w"}; VRoPE's {"s0",…,"s3"}
    std::vector<VariantOption> options;
    std::function<std::unique_ptr<PositionDesign>(const OptionReader&, const Params&)> make;
};

struct AllocationDecl {
    std::string name, label, summary;
    /// Axes the allocation reads, by position (pair → axis index): {"t","h","w"} needs a design whose
    /// axes start t, h, w. Empty: it reads axis 0 only, so any design will do.
    std::vector<std::string> readsAxes;
    bool usesSections = true;  ///< reads [s_t, s_h, s_w] (validated to sum to R/2)
    std::vector<VariantOption> options;
    std::function<FrequencyPlan(const OptionReader&, const RotaryGeometry&)> make;
    /// Rules between options and geometry (the rescale needs R ≥ 4); throws InvalidParameter. May be empty.
    std::function<void(const OptionReader&, const Params&)> check;
};

/// Every design and allocation, in the order the composer lists them.
const std::vector<DesignDecl>& designCatalogue();
const std::vector<AllocationDecl>& allocationCatalogue();
const DesignDecl* findDesign(std::string_view name);
const AllocationDecl* findAllocation(std::string_view name);
/// Throw InvalidParameter("design" / "allocation", name, "must be one of …").
const DesignDecl& requireDesign(std::string_view name);
const AllocationDecl& requireAllocation(std::string_view name);

/// The option of any design or allocation with this key ("diagonal.stride"), the part that declares
/// it in `owner`; nullptr if none.
const VariantOption* findCatalogueOption(std::string_view key, std::string* owner = nullptr);

/// The declarations of a design, an allocation, or both (design first).
std::vector<VariantOption> compositionOptions(const Composition& c);

/// Checks a composition and returns it canonical, with every option's value spelled out: names
/// known, every key an option of the design or the allocation, every value in its domain, and the
/// allocation's axes produced by the design. Throws InvalidParameter naming the conflict.
Composition checkComposition(const Composition& c);

/// Built from the catalogue's factories (no validation: see checkComposition and checkFor).
std::unique_ptr<PositionDesign> buildDesign(const Composition& c, const Params& p);
FrequencyPlan buildPlan(const Composition& c, const Params& p);
/// The allocation's own rules against a column's geometry. Throws InvalidParameter.
void checkFor(const Composition& c, const Params& p);

/// Catalogue parts (designs/DesignCatalogue.cpp, allocations/AllocationCatalogue.cpp).
std::vector<DesignDecl> declaredDesigns();
std::vector<AllocationDecl> declaredAllocations();

}  // namespace rope
