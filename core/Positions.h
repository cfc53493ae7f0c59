#pragma once
// Positions of every token: K axes × N tokens, column n = token n. Most variants have the three
// axes t, h, w (rows 0, 1, 2); VRoPE has four streams s0…s3 (one real position per token and
// stream, variants-more.md §9). Real numbers, not integers: δ may be fractional, VideoRoPE's
// centring can go negative, Circle-RoPE's ring is irrational.
//
// t(n), h(n), w(n) are the triple shown and printed: the axes themselves for a 3-axis design, and
// stream s0 on all three for a design without a (t, h, w) triple (the CLI contract, cli.md).
#include <Eigen/Core>

namespace rope {

using PositionArray = Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic>;

struct Positions {
    PositionArray pos;  ///< pos(axis, token), axes() rows
    Eigen::Index tokens() const { return pos.cols(); }
    int axes() const { return static_cast<int>(pos.rows()); }
    bool hasTriple() const { return pos.rows() == 3; }
    double t(Eigen::Index n) const { return pos(0, n); }
    double h(Eigen::Index n) const { return pos(hasTriple() ? 1 : 0, n); }
    double w(Eigen::Index n) const { return pos(hasTriple() ? 2 : 0, n); }
};

/// Same shape and every coordinate equal (exactly: a copy, not a tolerance).
inline bool samePositions(const Positions& a, const Positions& b) {
    return a.pos.rows() == b.pos.rows() && a.pos.cols() == b.pos.cols() && (a.pos == b.pos).all();
}

}  // namespace rope
