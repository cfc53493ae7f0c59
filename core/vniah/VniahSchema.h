#pragma once
// The `vniah.*` declarations of the parameter schema (scope Study): ParamSchema.cpp appends them,
// so the CLI (--lengths, --depths, --seeds, --heads, --option vniah.key=value), the study file and
// the GUI panel all reach VniahSettings through the same setters.
//
// Integer ranges (ParamType::IntRange) are written START:STOP:STEP — both ends included, so
// 100:3000:200 is 100, 300, …, 2900, 3000 — or as a comma-separated list (0,50,100) or one number.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/ParamSchema.h"

namespace rope {

std::vector<ParamSpec> vniahParamSpecs();

/// Parses an IntRange value; throws InvalidParameter(key, text, rule) for malformed text, an empty
/// list, START > STOP, STEP < 1, more than 10 000 values or a value outside [min, max].
std::vector<int64_t> parseIntRange(std::string_view key, std::string_view text, int64_t min, int64_t max);
/// The shortest text parseIntRange() reads back to the same list ("100:3000:200", "0,50,100", "7").
std::string formatIntRange(const std::vector<int64_t>& values);

}  // namespace rope
