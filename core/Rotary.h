#pragma once
// Per-token cos/sin of every rotary pair, and the rotation of q/k, in the rotate-half layout that
// Qwen / transformers use: channel c < d/2 and channel c + d/2 form pair c, so the full cos row is
// the pair row written twice, and
//   rotate(x) = x·cos + rotate_half(x)·sin,   rotate_half([a, b]) = [−b, a].
// Tables keep only the d/2 pair columns; expandRow() writes the d-wide row the CLI prints.
#include <Eigen/Core>

#include "FrequencyPlan.h"
#include "Positions.h"

namespace rope {

using RowMajorArray = Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct RotaryTable {
    RowMajorArray cos;  ///< tokens × d/2: cos(position[row(i)] · ω_i)
    RowMajorArray sin;  ///< tokens × d/2
    Eigen::Index tokens() const { return cos.rows(); }
    int headDim() const { return static_cast<int>(cos.cols() * 2); }
};

/// cos/sin for every token. Positions repeat a lot (a frame shares t, a row shares h), so each
/// distinct value of each row is turned into angles once and the table is gathered from those.
RotaryTable computeRotary(const Positions& positions, const FrequencyPlan& plan);

/// The same table by the direct formula, one angle at a time (the reference for tests).
RotaryTable computeRotaryDirect(const Positions& positions, const FrequencyPlan& plan);

/// Writes the d-wide rotate-half row of token n (pair row twice) into out[0..d).
void expandRow(const RowMajorArray& half, Eigen::Index n, double* out);

/// Rotates every row of x (tokens × d, one token per row) by that token's angles.
RowMajorMatrix rotate(const RowMajorMatrix& x, const RotaryTable& table);

}  // namespace rope
