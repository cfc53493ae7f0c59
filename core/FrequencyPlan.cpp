#include "FrequencyPlan.h"

#include <cmath>
#include <numbers>

#include "ParamSchema.h"
#include "variants/Variant.h"

namespace rope {

double FrequencyPlan::wavelength(int i) const { return 2 * std::numbers::pi / omega(i); }

std::vector<int> FrequencyPlan::pairsOf(Row r) const {
    std::vector<int> out;
    for (int i = 0; i < pairs(); ++i)
        if (rowOfPair[static_cast<size_t>(i)] == r) out.push_back(i);
    return out;
}

int FrequencyPlan::rowsUsed() const {
    bool used[8] = {};
    for (Row r : rowOfPair)
        if (r >= 0 && r < 8) used[r] = true;
    int n = 0;
    for (bool u : used) n += u;
    return n;
}

std::vector<int> FrequencyPlan::rescaledPairs() const {
    const Eigen::VectorXd plain = inverseFrequencies(theta, rotaryDim);
    std::vector<int> out;
    for (int i = 0; i < pairs(); ++i)
        if (omega(i) != plain(i)) out.push_back(i);
    return out;
}

Eigen::VectorXd inverseFrequencies(double theta, int rotaryDim) {
    Eigen::VectorXd w(rotaryDim / 2);
    for (int i = 0; i < rotaryDim / 2; ++i) w(i) = std::pow(theta, -2.0 * i / rotaryDim);
    return w;
}

RotaryGeometry geometryOf(const Params& p) { return {p.theta, p.headDim, p.rotaryDimension(), p.sections}; }

FrequencyPlan makeFrequencyPlan(const Params& p) {
    validate(p);
    return planFor(p);
}

char rowLetter(Row r) {
    switch (r) {
        case RowT: return 't';
        case RowH: return 'h';
        case RowW: return 'w';
        case RowNone: return '-';
    }
    return static_cast<char>('0' + r);
}

std::string axisLabel(Row r) {
    switch (r) {
        case RowT: return "t (time)";
        case RowH: return "h (rows)";
        case RowW: return "w (columns)";
        case RowNone: return "none (zero frequency)";
    }
    return "stream s" + std::to_string(static_cast<int>(r));
}

}  // namespace rope
