#pragma once
// A custom variant's definition as a JSON object: the body of a variant file and of a study file's
// "custom_variants" entries. Core-internal (nlohmann-json).
#include <nlohmann/json.hpp>

#include "UserVariants.h"

namespace rope {

/// The definition without the "ropescope_variant" version key.
nlohmann::json variantDefinitionJson(const CustomVariant& v);
/// Reads a definition object (a "ropescope_variant" key is allowed and ignored here) and checks it
/// (checkCustomVariant). Throws InvalidParameter or BadFile without a file name.
CustomVariant variantDefinitionFromJson(const nlohmann::json& obj);

}  // namespace rope
