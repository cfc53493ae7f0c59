#include "Properties.h"

#include <Eigen/LU>
#include <cmath>

#include "FrequencyPlan.h"
#include "ParamSchema.h"
#include "PositionLayout.h"

namespace rope {
namespace {

constexpr int64_t kFrames = 4, kRows = 3, kCols = 5;
constexpr Eigen::Index kBlockStart = 1, kPerFrame = kRows * kCols, kBlockEnd = kBlockStart + kFrames * kPerFrame;

std::string num(double v) { return formatNumber(std::round(v * 1e6) / 1e6); }

std::string rowList(const FrequencyPlan& plan) {
    std::string s;
    for (int r = 0; r < 3; ++r)
        if (!plan.pairsOf(static_cast<Row>(r)).empty()) s += std::string(s.empty() ? "" : ", ") + rowLetter(static_cast<Row>(r));
    return s;
}

PropertyVerdict structure(const Positions& pos, const FrequencyPlan& plan) {
    std::vector<int> used;
    for (int r = 0; r < 3; ++r)
        if (!plan.pairsOf(static_cast<Row>(r)).empty()) used.push_back(r);
    Eigen::MatrixXd diff(static_cast<Eigen::Index>(used.size()), kPerFrame - 1);
    for (Eigen::Index k = 1; k < kPerFrame; ++k)
        for (size_t u = 0; u < used.size(); ++u)
            diff(static_cast<Eigen::Index>(u), k - 1) = pos.pos(used[u], kBlockStart + k) - pos.pos(used[u], kBlockStart);
    const auto rank = Eigen::FullPivLU<Eigen::MatrixXd>(diff).rank();
    return {rank >= 2, "the tokens of one frame spread along " + std::to_string(rank) +
                           " independent direction(s) on the rows that drive pairs (" + rowList(plan) + ")"};
}

PropertyVerdict allocation(const FrequencyPlan& plan) {
    const auto t = plan.pairsOf(RowT);
    if (plan.rowsUsed() < 2) return {false, "every pair reads the same row, so there is nothing to allocate"};
    if (t.empty()) return {false, "no pair reads t: time gets no frequencies at all"};
    int slowestSpatial = -1;  // pairs turn slower as i grows
    for (int i = 0; i < plan.pairs(); ++i)
        if (plan.rowOfPair[static_cast<size_t>(i)] != RowT) slowestSpatial = i;
    const bool low = t.front() > slowestSpatial;
    return {low, "t reads pairs " + std::to_string(t.front()) + "–" + std::to_string(t.back()) + " (wavelength " +
                     num(plan.wavelength(t.front())) + "–" + num(plan.wavelength(t.back())) + "); " +
                     (low ? "all slower than every h/w pair" : "some h/w pair turns slower than a t pair")};
}

PropertyVerdict symmetry(const Positions& pos, const FrequencyPlan& plan) {
    if (plan.pairsOf(RowH).empty() && plan.pairsOf(RowW).empty())
        return {false, "no pair reads h or w, so there is no spatial position to be symmetric"};
    std::string why;
    bool holds = true;
    for (Row r : {RowH, RowW}) {
        if (plan.pairsOf(r).empty()) continue;
        const double centre = pos.pos.row(r).segment(kBlockStart, kBlockEnd - kBlockStart).mean();
        const double before = centre - pos.pos(r, 0);
        const double after = pos.pos(r, kBlockEnd) - centre;
        holds = holds && std::abs(before - after) < 1e-9;
        why += std::string(why.empty() ? "" : "; ") + rowLetter(r) + ": text before is " + num(before) +
               " from the block centre, text after " + num(after);
    }
    return {holds, why};
}

PropertyVerdict scaling(const Positions& pos, const FrequencyPlan& plan) {
    if (plan.pairsOf(RowT).empty()) return {false, "no pair reads t, so the temporal index has no effect"};
    const double frameStep = pos.t(kBlockStart + kPerFrame) - pos.t(kBlockStart);
    const double inFrameStep = pos.t(kBlockStart + 1) - pos.t(kBlockStart);
    const double counting = inFrameStep == 0 ? 1.0 : static_cast<double>(kPerFrame) * inFrameStep;
    const bool holds = std::abs(frameStep - counting) > 1e-9;
    return {holds, "consecutive frames are " + num(frameStep) + " apart on t; plain counting gives " + num(counting)};
}

}  // namespace

std::string propertyKey(Property p) {
    static const char* k[] = {"structure", "frequency_allocation", "spatial_symmetry", "temporal_scaling"};
    return k[static_cast<int>(p)];
}

std::string propertyTitle(Property p) {
    static const char* k[] = {"2D/3D structure", "Frequency allocation", "Spatial symmetry", "Temporal index scaling"};
    return k[static_cast<int>(p)];
}

Properties deriveProperties(const Params& p) {
    Params probe = p;
    probe.sequence = Sequence({Segment{SegmentKind::Text, 1, 1, 1},
                               Segment{SegmentKind::Video, kFrames, kRows, kCols},
                               Segment{SegmentKind::Text, 1, 1, 1}});
    const Positions pos = computePositions(probe);
    const FrequencyPlan plan = makeFrequencyPlan(probe);
    Properties out;
    out.verdicts = {structure(pos, plan), allocation(plan), symmetry(pos, plan), scaling(pos, plan)};
    return out;
}

}  // namespace rope
