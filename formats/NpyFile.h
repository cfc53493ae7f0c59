#pragma once
// NumPy .npy files (format version 1.0), so scripts can load what the CLI computed with
// numpy.load(path) — float32, C order:
//
//   bytes 0–5  "\x93NUMPY"        6–7  version 1, 0        8–9  header length H (uint16, little-endian)
//   10 … 10+H  "{'descr': '<f4', 'fortran_order': False, 'shape': (N, M), }" padded with spaces and
//              ending in '\n', so that 10 + H is a multiple of 64 (the data starts aligned)
//   then       the values, little-endian float32, row-major
#include <cstdint>
#include <string>
#include <vector>

namespace rope {

/// The .npy bytes of a float32 array of `shape` (C order). Throws InvalidParameter when
/// values.size() ≠ product(shape).
std::string npyBytes(const float* values, size_t count, const std::vector<int64_t>& shape);

/// Writes npyBytes() to `path` (writeWholeFile: flushed, closed, checked). Throws BadFile naming the path.
void writeNpy(const std::string& path, const float* values, size_t count, const std::vector<int64_t>& shape);

}  // namespace rope
