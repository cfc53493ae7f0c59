#include "Rotary.h"

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
    for (Eigen::Index k = 0; k < n; ++k) {
        const double v = pos(row, k);
        if (k > 0 && v == pos(row, k - 1)) {
            d.idOfToken[static_cast<size_t>(k)] = d.idOfToken[static_cast<size_t>(k - 1)];
            continue;
        }
        const uint64_t b = bitsOf(v);
        size_t s = static_cast<size_t>((b * 0x9E3779B97F4A7C15ull) >> 20) & mask;
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
    RotaryTable out;
    out.cos.setZero(n, half);
    out.sin.setZero(n, half);
    for (int r = 0; r < 3; ++r) {
        const std::vector<int> pairs = plan.pairsOf(static_cast<Row>(r));
        if (pairs.empty()) continue;
        const DistinctValues d = distinctValues(positions.pos, r);
        // Angles of this row's pairs for each distinct value; zero in the other rows' pairs, so
        // the three rows' contributions simply add up.
        RowMajorArray c = RowMajorArray::Zero(static_cast<Eigen::Index>(d.values.size()), half);
        RowMajorArray s = RowMajorArray::Zero(c.rows(), half);
        for (Eigen::Index u = 0; u < c.rows(); ++u)
            for (int i : pairs) {
                const double a = d.values[static_cast<size_t>(u)] * plan.omega(i);
                c(u, i) = std::cos(a);
                s(u, i) = std::sin(a);
            }
        for (Eigen::Index k = 0; k < n; ++k) {
            const Eigen::Index u = d.idOfToken[static_cast<size_t>(k)];
            out.cos.row(k) += c.row(u);
            out.sin.row(k) += s.row(u);
        }
    }
    return out;
}

RotaryTable computeRotaryDirect(const Positions& positions, const FrequencyPlan& plan) {
    const Eigen::Index n = positions.tokens();
    const int half = plan.pairs();
    RotaryTable out;
    out.cos.resize(n, half);
    out.sin.resize(n, half);
    for (Eigen::Index k = 0; k < n; ++k)
        for (int i = 0; i < half; ++i) {
            const double a = positions.pos(plan.rowOfPair[static_cast<size_t>(i)], k) * plan.omega(i);
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
    RowMajorMatrix y(x.rows(), x.cols());
    for (Eigen::Index k = 0; k < x.rows(); ++k)
        for (Eigen::Index i = 0; i < h; ++i) {
            const double c = table.cos(k, i), s = table.sin(k, i);
            const double a = x(k, i), b = x(k, i + h);
            y(k, i) = a * c - b * s;
            y(k, i + h) = b * c + a * s;
        }
    return y;
}

}  // namespace rope
