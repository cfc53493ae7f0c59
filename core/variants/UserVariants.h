#pragma once
// Custom variants: a name, a composition (a catalogue design × allocation with option values) and
// natural geometry. Once registered they behave as built-ins everywhere, because findVariant()
// (and so requireVariant, the schema's variant setter, validate, positions, plans, Table 1, V-NIAH,
// attention, figures, CLI and GUI) consults this process-wide layer after the built-in registry.
//
// The layer is thread-safe and append-only: an entry is never changed or freed once registered, so
// a pointer from findVariant() stays valid on any thread, and a name always means one definition
// for the life of the process (results are cached by Params, which name the variant). Registering
// the same definition again is a no-op; a different definition under a registered name is refused.
//
// A custom variant has no column options of its own: its option values are part of its definition
// (edit them in the composer and save under a new name). It reads the column's δ when its design's
// stride is "delta", and θ, head_dim, rotary_dim and sections like any variant.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "Catalogue.h"

namespace rope {

struct Params;
struct VariantEntry;

struct CustomVariant {
    std::string name;         ///< CLI name: lowercase letters, digits, '.', '_', '+', '-'; not a built-in's
    std::string displayName;  ///< shown in the picker; empty = name
    std::string derivedFrom;  ///< the built-in it started from, if any (informational)
    Composition composition;
    // Natural geometry (as a registry entry's): followed by a column unless it overrides a field.
    double theta = 1e6;
    int headDim = 128;
    double rotaryShare = 1.0;  ///< rotary_dim = head_dim × share
    std::array<int, 3> sections{16, 24, 24};
    bool operator==(const CustomVariant&) const = default;
};

/// Checks a definition and returns it canonical (every option value spelled out): the name, the
/// composition (checkComposition: unknown design/allocation, foreign option keys, values out of
/// range, an allocation reading axes the design does not produce) and the geometry (θ > 0, head_dim
/// even in 2..1024, share in (0, 1], sections 0..512, summing to R/2 when the allocation uses
/// sections). Throws InvalidParameter naming the field and the conflict.
CustomVariant checkCustomVariant(const CustomVariant& v);

/// A custom variant equal to column p's variant at p's option values: the built-in's composition
/// and natural geometry. `name` must be free (checked by checkCustomVariant, not here).
CustomVariant deriveCustomVariant(const Params& p, std::string name);

/// Checks and registers `v` for the process; returns its entry. Throws InvalidParameter if v is
/// invalid, names a built-in, or its name is registered with a different definition.
const VariantEntry& registerCustomVariant(const CustomVariant& v);

/// The registered definition of `name`, if any.
std::optional<CustomVariant> findCustomVariant(std::string_view name);
/// Every registered custom variant, in registration order (a copy).
std::vector<CustomVariant> customVariants();
/// The entry of a registered custom variant (or one pending on this thread, see below); nullptr if none.
const VariantEntry* findCustomVariantEntry(std::string_view name);

/// Custom variants visible to findVariant() on this thread only, until commit() registers them for
/// everyone (or the object goes away and they vanish): a study file is read against its own
/// variants and changes nothing if any part of it is refused.
class PendingCustomVariants {
public:
    /// Checks every definition (and that none conflicts with a registered one). Throws InvalidParameter.
    explicit PendingCustomVariants(const std::vector<CustomVariant>& vs);
    ~PendingCustomVariants();
    PendingCustomVariants(const PendingCustomVariants&) = delete;
    PendingCustomVariants& operator=(const PendingCustomVariants&) = delete;
    void commit();

private:
    std::vector<CustomVariant> m_defs;
    bool m_active = false;
};

}  // namespace rope
