#pragma once
// The five variants of the VideoRoPE paper (variants.md), for tests whose hand derivations assume
// their full-width rotary (R = head_dim) and section rule. Registry-wide checks live in
// tests/core/RegistryTest.cpp.
#include <string>
#include <vector>

namespace rope {
inline std::vector<std::string> paperVariantNames() { return {"vanilla", "tad", "rope-tie", "m-rope", "videorope"}; }
}  // namespace rope
