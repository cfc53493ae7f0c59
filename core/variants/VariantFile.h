#pragma once
// The variant file: one custom variant as small versioned JSON, exported and imported by the
// composer, read by `--variant-file` and kept in the per-user library.
//
//   { "ropescope_variant": 1, "name": "videorope-nope", "label": "VideoRoPE, no DL, NoPE band",
//     "derived_from": "videorope", "design": "diagonal", "allocation": "zero-temporal-band",
//     "options": { "diagonal.centred": false, "diagonal.stride": "delta", ... },
//     "pair_layout": "half",
//     "geometry": { "theta": 1000000, "head_dim": 128, "rotary_share": 1, "sections": [16, 24, 24] } }
//
// Only ropescope_variant, name, design and allocation are required; an option not given takes its
// default, geometry fields not given take 1e6 / 128 / 1 / [16,24,24]. Unknown keys are refused.
#include <cstddef>
#include <string>
#include <string_view>

#include "UserVariants.h"

namespace rope {

constexpr int kVariantFileVersion = 1;
/// Largest variant file read (one is under 2 KiB).
constexpr size_t kMaxVariantFileBytes = size_t(256) << 10;

/// The file text (every option value spelled out).
std::string variantFileText(const CustomVariant& v);
/// Reads and checks (checkCustomVariant) a variant file; registers nothing. Throws BadFile
/// "<source>: …" for malformed, too deep, too big, newer or invalid content (naming the conflict).
CustomVariant readVariantFile(std::string_view text, const std::string& source);
/// Reads the variant file at `path` (a regular file of at most kMaxVariantFileBytes). Throws BadFile
/// naming the path.
CustomVariant readVariantFileAt(const std::string& path);

}  // namespace rope
