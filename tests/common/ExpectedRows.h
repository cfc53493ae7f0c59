#pragma once
// Builders for expected position rows written the way the spec's worked examples read:
//   concat({range(0, 3), repeat(3, 6), range(6, 2)})  →  0 1 2 3 3 3 3 3 3 6 7
// Shared by the core layout tests and the CLI tests so both spell expectations alike.
#include <initializer_list>
#include <vector>

namespace rope::testing {

using Vec = std::vector<double>;

/// from, from + step, … (count values).
inline Vec range(double from, int count, double step = 1) {
    Vec v;
    for (int i = 0; i < count; ++i) v.push_back(from + step * i);
    return v;
}

inline Vec concat(std::initializer_list<Vec> parts) {
    Vec v;
    for (const Vec& p : parts) v.insert(v.end(), p.begin(), p.end());
    return v;
}

inline Vec repeat(double x, int count) { return Vec(static_cast<size_t>(count), x); }

}  // namespace rope::testing
