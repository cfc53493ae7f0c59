#pragma once
// Positions of every token: a 3 × N array, row 0 = t, row 1 = h, row 2 = w, column n = token n.
// Real numbers, not integers: δ may be fractional and VideoRoPE's centring can go negative.
#include <Eigen/Core>

namespace rope {

using PositionArray = Eigen::Array<double, 3, Eigen::Dynamic>;

struct Positions {
    PositionArray pos;  ///< pos(row, token)
    Eigen::Index tokens() const { return pos.cols(); }
    double t(Eigen::Index n) const { return pos(0, n); }
    double h(Eigen::Index n) const { return pos(1, n); }
    double w(Eigen::Index n) const { return pos(2, n); }
};

/// Same token count and every coordinate equal (exactly: a copy, not a tolerance).
inline bool samePositions(const Positions& a, const Positions& b) {
    return a.pos.cols() == b.pos.cols() && (a.pos == b.pos).all();
}

}  // namespace rope
