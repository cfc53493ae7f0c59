#pragma once
// Refuse work whose memory would not fit, with the estimate in the message, instead of swapping.
#include <cstdint>
#include <string>

namespace rope {

/// Throws TooLarge("<what> needs about X MiB, over the memory budget of Y MiB; ...") if bytes > budget.
void requireMemory(double bytes, double budgetMiB, const std::string& what);

/// Bytes of the 3 × N position array.
double positionsBytes(int64_t tokens);
/// Bytes of the cos + sin tables (N × d/2 each, double).
double rotaryBytes(int64_t tokens, int headDim);

}  // namespace rope
