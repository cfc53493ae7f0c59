#pragma once
// Reading a user's array file — position ids or cos/sin dumped from a model — into a NumericArray
// (core/check/NumericArray.h). Untrusted input: every size is checked before anything is
// allocated, and every problem is a BadFile whose message starts with the file name.
//
//   .npy  NumPy format 1.0, 2.0 or 3.0; dtype float16/32/64 or int16/32/64 (little-endian or
//         native '='/'|'), C order, at most 4 dimensions. Fortran order, big-endian, bool, object
//         and structured dtypes are refused with the numpy call that fixes them.
//   .json a nested list of numbers (rectangular: [[t…], [h…], [w…]]), or an object with "t", "h",
//         "w" lists (what `ropescope positions --json` prints; with "streams" for VRoPE).
#include <cstddef>
#include <string>
#include <string_view>

#include "core/check/NumericArray.h"

namespace rope {

/// Largest array read (values): 64 Mi numbers, 512 MiB as doubles.
inline constexpr size_t kMaxNumericFileValues = size_t(64) << 20;

/// By extension (.npy, .json; case-insensitive). Throws BadFile naming `path`.
NumericArray readNumericFile(const std::string& path, size_t maxValues = kMaxNumericFileValues);

/// The parsers on bytes in memory (`source` names the input in messages).
NumericArray parseNpy(std::string_view bytes, const std::string& source, size_t maxValues = kMaxNumericFileValues);
NumericArray parseNumericJson(std::string_view text, const std::string& source,
                              size_t maxValues = kMaxNumericFileValues);

}  // namespace rope
