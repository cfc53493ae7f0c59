#include "FrequencyPlan.h"

#include <cmath>
#include <numbers>

#include "ParamSchema.h"

namespace rope {

double FrequencyPlan::wavelength(int i) const { return 2 * std::numbers::pi / omega(i); }

std::vector<int> FrequencyPlan::pairsOf(Row r) const {
    std::vector<int> out;
    for (int i = 0; i < pairs(); ++i)
        if (rowOfPair[static_cast<size_t>(i)] == r) out.push_back(i);
    return out;
}

int FrequencyPlan::rowsUsed() const {
    bool used[3] = {false, false, false};
    for (Row r : rowOfPair) used[r] = true;
    return int(used[0]) + int(used[1]) + int(used[2]);
}

Eigen::VectorXd inverseFrequencies(double theta, int headDim) {
    Eigen::VectorXd w(headDim / 2);
    for (int i = 0; i < headDim / 2; ++i) w(i) = std::pow(theta, -2.0 * i / headDim);
    return w;
}

namespace {

FrequencyPlan emptyPlan(double theta, int headDim) {
    FrequencyPlan p;
    p.theta = theta;
    p.headDim = headDim;
    p.omega = inverseFrequencies(theta, headDim);
    p.rowOfPair.assign(static_cast<size_t>(headDim / 2), RowT);
    return p;
}

}  // namespace

FrequencyPlan uniformPlan(double theta, int headDim, Row row) {
    FrequencyPlan p = emptyPlan(theta, headDim);
    p.rowOfPair.assign(p.rowOfPair.size(), row);
    return p;
}

FrequencyPlan alternatingSpatialPlan(double theta, int headDim) {
    FrequencyPlan p = emptyPlan(theta, headDim);
    for (size_t i = 0; i < p.rowOfPair.size(); ++i) p.rowOfPair[i] = (i % 2 == 0) ? RowH : RowW;
    return p;
}

FrequencyPlan sectionPlan(double theta, int headDim, std::array<int, 3> sections, TemporalBand band,
                          SpatialOrder order) {
    FrequencyPlan p = emptyPlan(theta, headDim);
    const int st = sections[0], sh = sections[1], spatial = sections[1] + sections[2];
    const int spatialStart = band == TemporalBand::High ? st : 0;
    const int temporalStart = band == TemporalBand::High ? 0 : spatial;
    for (int k = 0; k < st; ++k) p.rowOfPair[static_cast<size_t>(temporalStart + k)] = RowT;
    for (int k = 0; k < spatial; ++k) {
        const bool isH = order == SpatialOrder::Interleaved ? (k % 2 == 0) : (k < sh);
        p.rowOfPair[static_cast<size_t>(spatialStart + k)] = isH ? RowH : RowW;
    }
    return p;
}

FrequencyPlan makeFrequencyPlan(const Params& p) {
    validate(p);
    switch (p.variant) {
        case VariantId::Vanilla:
        case VariantId::Tad: return uniformPlan(p.theta, p.headDim);
        case VariantId::RopeTie: return alternatingSpatialPlan(p.theta, p.headDim);
        case VariantId::MRope:
            return sectionPlan(p.theta, p.headDim, p.sections, TemporalBand::High, SpatialOrder::Sequential);
        case VariantId::VideoRope:
            return sectionPlan(p.theta, p.headDim, p.sections, p.videoropeTemporalBand, p.videoropeSpatialOrder);
    }
    return uniformPlan(p.theta, p.headDim);
}

char rowLetter(Row r) { return r == RowT ? 't' : r == RowH ? 'h' : 'w'; }

}  // namespace rope
