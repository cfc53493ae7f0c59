#include "Rotary.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <vector>

namespace rope {
namespace {

/// Maps each token's value on one row to a dense id of its distinct value (open addressing on the
/// bit pattern; consecutive equal values skip the lookup).
struct DistinctValues {
    std::vector<double> values;        // id → value
    std::vector<int32_t> idOfToken;    // token → id
};

uint64_t bitsOf(double v) {
    if (v == 0) v = 0;  // fold −0 into +0
    uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    return b;
}

DistinctValues distinctValues(const PositionArray& pos, int row) {
    const Eigen::Index n = pos.cols();
    DistinctValues d;
    d.idOfToken.resize(static_cast<size_t>(n));
    size_t cap = 64;
    while (cap < static_cast<size_t>(n) * 2) cap *= 2;
    std::vector<int32_t> slots(cap, -1);
    const size_t mask = cap - 1;
    // Fibonacci hashing: the slot is the top log2(cap) bits of the product. (Lower bits would
    // all be 0 for small integer positions, whose low mantissa bits are 0, and every value would
    // probe the same chain.)
    const int shift = 64 - std::countr_zero(cap);
    for (Eigen::Index k = 0; k < n; ++k) {
        const double v = pos(row, k);
        if (k > 0 && v == pos(row, k - 1)) {
            d.idOfToken[static_cast<size_t>(k)] = d.idOfToken[static_cast<size_t>(k - 1)];
            continue;
        }
        const uint64_t b = bitsOf(v);
        size_t s = static_cast<size_t>((b * 0x9E3779B97F4A7C15ull) >> shift);
        while (slots[s] >= 0 && bitsOf(d.values[static_cast<size_t>(slots[s])]) != b) s = (s + 1) & mask;
        if (slots[s] < 0) {
            slots[s] = static_cast<int32_t>(d.values.size());
            d.values.push_back(v);
        }
        d.idOfToken[static_cast<size_t>(k)] = slots[s];
    }
    return d;
}

}  // namespace

RotaryTable computeRotary(const Positions& positions, const FrequencyPlan& plan) {
    const Eigen::Index n = positions.tokens();
    const int half = plan.pairs();

    // 1. For each row (t, h, w) that drives at least one pair: the distinct values of that row and
    //    cos/sin of value · ω_i for that row's pairs only, packed value-major (entry u·m + j is pair
    //    pairs[j] at distinct value u, m = pairs.size()). These tables are small: a frame shares one
    //    t, a frame row one h, so a 64k-token video has a few hundred distinct values per row.
    //    The angle is the same product as in computeRotaryDirect, so the values are bit-identical.
    struct RowTable {
        std::vector<int> pairs;   // pair indices driven by this row, increasing
        DistinctValues distinct;  // token → id of its value on this row
        std::vector<double> cos, sin;
    };
    std::vector<RowTable> rows;
    for (int r = 0; r < positions.axes(); ++r) {
        RowTable t;
        t.pairs = plan.pairsOf(static_cast<Row>(r));
        if (t.pairs.empty()) continue;
        t.distinct = distinctValues(positions.pos, r);
        const size_t m = t.pairs.size();
        t.cos.resize(t.distinct.values.size() * m);
        t.sin.resize(t.cos.size());
        for (size_t u = 0; u < t.distinct.values.size(); ++u)
            for (size_t j = 0; j < m; ++j) {
                const double a = t.distinct.values[u] * plan.omega(t.pairs[j]);
                t.cos[u * m + j] = std::cos(a);
                t.sin[u * m + j] = std::sin(a);
            }
        rows.push_back(std::move(t));
    }

    // 2. One pass over the tokens. Every pair belongs to exactly one row, so copying each row's
    //    entries to that row's pair columns writes every output entry exactly once: no zero fill,
    //    no additions, and each output row is touched while it is in cache.
    //    Zero-frequency pairs (no axis) are cos 1, sin 0 for every token.
    const std::vector<int> none = plan.pairsOf(RowNone);
    RotaryTable out;
    out.pairLayout = plan.pairLayout;
    out.cos.resize(n, half);
    out.sin.resize(n, half);
    for (Eigen::Index k = 0; k < n; ++k) {
        for (int i : none) out.cos(k, i) = 1, out.sin(k, i) = 0;
        double* cosRow = &out.cos(k, 0);
        double* sinRow = &out.sin(k, 0);
        for (const RowTable& t : rows) {
            const size_t m = t.pairs.size();
            const size_t at = static_cast<size_t>(t.distinct.idOfToken[static_cast<size_t>(k)]) * m;
            for (size_t j = 0; j < m; ++j) {
                cosRow[t.pairs[j]] = t.cos[at + j];
                sinRow[t.pairs[j]] = t.sin[at + j];
            }
        }
    }
    return out;
}

RotaryTable computeRotaryDirect(const Positions& positions, const FrequencyPlan& plan) {
    const Eigen::Index n = positions.tokens();
    const int half = plan.pairs();
    RotaryTable out;
    out.pairLayout = plan.pairLayout;
    out.cos.resize(n, half);
    out.sin.resize(n, half);
    for (Eigen::Index k = 0; k < n; ++k)
        for (int i = 0; i < half; ++i) {
            const Row axis = plan.rowOfPair[static_cast<size_t>(i)];
            const double a = axis == RowNone ? 0.0 : positions.pos(axis, k) * plan.omega(i);
            out.cos(k, i) = std::cos(a);
            out.sin(k, i) = std::sin(a);
        }
    return out;
}

void expandRow(const RowMajorArray& half, Eigen::Index n, double* out) {
    const Eigen::Index h = half.cols();
    for (Eigen::Index i = 0; i < h; ++i) out[i] = out[i + h] = half(n, i);
}

RowMajorMatrix rotate(const RowMajorMatrix& x, const RotaryTable& table) {
    const Eigen::Index h = table.cos.cols();
    const bool adjacent = table.pairLayout == PairLayout::Adjacent;
    RowMajorMatrix y = x;  // channels ≥ R pass through
    for (Eigen::Index k = 0; k < x.rows(); ++k)
        for (Eigen::Index i = 0; i < h; ++i) {
            const double c = table.cos(k, i), s = table.sin(k, i);
            const Eigen::Index ca = adjacent ? 2 * i : i, cb = adjacent ? 2 * i + 1 : i + h;
            const double a = x(k, ca), b = x(k, cb);
            y(k, ca) = a * c - b * s;
            y(k, cb) = b * c + a * s;
        }
    return y;
}

}  // namespace rope
