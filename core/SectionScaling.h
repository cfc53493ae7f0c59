#pragma once
// Sections rescaled to a new pair count, keeping their proportions: what the GUI offers when a
// head_dim or rotary_dim edit leaves the sections summing to the old rotary_dim/2.
#include <array>

namespace rope {

/// Sections in the proportions of `from`, summing to `pairs` (largest remainder: each section gets
/// ⌊s_i·pairs/Σs⌋, the pairs left over go to the largest fractional parts, earlier axes first on a
/// tie). from = (16, 24, 24), pairs = 32 → (8, 12, 12). An all-zero `from` splits evenly.
std::array<int, 3> scaledSections(const std::array<int, 3>& from, int pairs);

}  // namespace rope
