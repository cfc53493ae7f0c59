#pragma once
// The name people see for a variant column, in every view, table, figure and CLI listing.
#include <string>

#include "Params.h"

namespace rope {

/// The variant's display name, then δ when the variant reads it, then every option or geometry
/// field whose value differs from the variant's natural one, by its human label:
/// "VideoRoPE (δ = 3, LTA off (temporal band high))", "M-RoPE (θ = 10000, head_dim=64)".
std::string columnTitle(const Params& p);

/// The display name and δ only ("VideoRoPE (δ = 3)"): for narrow headers, with columnTitle() as
/// the tooltip.
std::string columnShortTitle(const Params& p);

}  // namespace rope
