#pragma once
// Per-token cos/sin of every rotary pair, and the rotation of q/k. Canonical listing (the CLI's):
// rotate-half over the R rotated channels — channel c < R/2 and channel c + R/2 form pair c, so the
// R-wide cos row is the pair row written twice, and
//   rotate(x) = x·cos + rotate_half(x)·sin,   rotate_half([a, b]) = [−b, a].
// Channels R … head_dim−1 pass through. A plan with PairLayout::Adjacent (GLM-4.1V, ERNIE) pairs
// channels (2c, 2c+1) instead; rotate() honours that. Zero-frequency pairs get cos 1, sin 0.
// Tables keep only the R/2 pair columns; expandRow() writes the R-wide row the CLI prints.
#include <Eigen/Core>

#include "FrequencyPlan.h"
#include "Positions.h"

namespace rope {

using RowMajorArray = Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct RotaryTable {
    RowMajorArray cos;  ///< tokens × R/2: cos(position[axis(i)] · ω_i)
    RowMajorArray sin;  ///< tokens × R/2
    PairLayout pairLayout = PairLayout::Half;
    Eigen::Index tokens() const { return cos.rows(); }
    int rotaryDim() const { return static_cast<int>(cos.cols() * 2); }
};

/// cos/sin for every token. Positions repeat a lot (a frame shares t, a row shares h), so each
/// distinct value of each row is turned into angles once and the table is gathered from those.
RotaryTable computeRotary(const Positions& positions, const FrequencyPlan& plan);

/// The same table by the direct formula, one angle at a time (the reference for tests).
RotaryTable computeRotaryDirect(const Positions& positions, const FrequencyPlan& plan);

/// Writes the R-wide rotate-half row of token n (pair row twice) into out[0..R).
void expandRow(const RowMajorArray& half, Eigen::Index n, double* out);

/// Rotates every row of x (tokens × head_dim, one token per row, head_dim ≥ R) by that token's
/// angles, pairing channels as the table's layout says; channels ≥ R are copied unchanged.
RowMajorMatrix rotate(const RowMajorMatrix& x, const RotaryTable& table);

}  // namespace rope
