#include "Properties.h"

#include <Eigen/LU>
#include <cmath>

#include "FrequencyPlan.h"
#include "ParamSchema.h"
#include "Errors.h"
#include "PositionLayout.h"

namespace rope {
namespace {

constexpr int64_t kFrames = 4, kRows = 3, kCols = 5;
constexpr Eigen::Index kBlockStart = 1, kPerFrame = kRows * kCols, kBlockEnd = kBlockStart + kFrames * kPerFrame;

std::string num(double v) { return formatNumber(std::round(v * 1e6) / 1e6); }

std::string axisName(const Positions& pos, int r) {
    return pos.hasTriple() ? std::string(1, rowLetter(static_cast<Row>(r))) : "s" + std::to_string(r);
}

std::string rowList(const Positions& pos, const FrequencyPlan& plan) {
    std::string s;
    for (int r = 0; r < pos.axes(); ++r)
        if (!plan.pairsOf(static_cast<Row>(r)).empty()) s += std::string(s.empty() ? "" : ", ") + axisName(pos, r);
    return s;
}

PropertyVerdict structure(const Positions& pos, const FrequencyPlan& plan) {
    std::vector<int> used;
    for (int r = 0; r < pos.axes(); ++r)
        if (!plan.pairsOf(static_cast<Row>(r)).empty()) used.push_back(r);
    Eigen::MatrixXd diff(static_cast<Eigen::Index>(used.size()), kPerFrame - 1);
    for (Eigen::Index k = 1; k < kPerFrame; ++k)
        for (size_t u = 0; u < used.size(); ++u)
            diff(static_cast<Eigen::Index>(u), k - 1) = pos.pos(used[u], kBlockStart + k) - pos.pos(used[u], kBlockStart);
    const auto rank = Eigen::FullPivLU<Eigen::MatrixXd>(diff).rank();
    return {rank >= 2, "the tokens of one frame spread along " + std::to_string(rank) +
                           " independent direction(s) on the axes that drive pairs (" + rowList(pos, plan) + ")"};
}

PropertyVerdict allocation(const Positions& pos, const FrequencyPlan& plan) {
    const auto t = pos.hasTriple() ? plan.pairsOf(RowT) : std::vector<int>{};
    const auto none = plan.pairsOf(RowNone);
    if (t.empty() && !none.empty() && none.front() > plan.pairs() - 1 - static_cast<int>(none.size()) &&
        plan.rowsUsed() >= 2)
        return {true, "the temporal band (pairs " + std::to_string(none.front()) + "–" + std::to_string(none.back()) +
                          ") has zero frequency (NoPE): slower than every spatial pair"};
    if (plan.rowsUsed() < 2) return {false, "every pair reads the same axis, so there is nothing to allocate"};
    if (t.empty()) return {false, "no pair reads t: time gets no frequencies at all"};
    int slowestSpatial = -1;  // pairs turn slower as i grows
    for (int i = 0; i < plan.pairs(); ++i)
        if (plan.rowOfPair[static_cast<size_t>(i)] != RowT && plan.rowOfPair[static_cast<size_t>(i)] != RowNone)
            slowestSpatial = i;
    const bool low = t.front() > slowestSpatial;
    return {low, "t reads pairs " + std::to_string(t.front()) + "–" + std::to_string(t.back()) + " (wavelength " +
                     num(plan.wavelength(t.front())) + "–" + num(plan.wavelength(t.back())) + "); " +
                     (low ? "all slower than every h/w pair" : "some h/w pair turns slower than a t pair")};
}

PropertyVerdict symmetry(const Positions& pos, const FrequencyPlan& plan, Eigen::Index blockEnd = kBlockEnd) {
    // Spatial axes: h and w of a (t, h, w) design; every stream of a design without a triple.
    std::vector<Row> spatial;
    for (int r = pos.hasTriple() ? 1 : 0; r < pos.axes(); ++r)
        if (!plan.pairsOf(static_cast<Row>(r)).empty()) spatial.push_back(static_cast<Row>(r));
    if (spatial.empty()) return {false, "no pair reads a spatial axis, so there is no spatial position to be symmetric"};
    std::string why;
    bool holds = true;
    for (Row r : spatial) {
        const double centre = pos.pos.row(r).segment(kBlockStart, blockEnd - kBlockStart).mean();
        const double before = centre - pos.pos(r, 0);
        const double after = pos.pos(r, blockEnd) - centre;
        holds = holds && std::abs(before - after) < 1e-9;
        why += std::string(why.empty() ? "" : "; ") + axisName(pos, r) + ": text before is " + num(before) +
               " from the block centre, text after " + num(after);
    }
    return {holds, why};
}

PropertyVerdict scaling(const Positions& pos, const FrequencyPlan& plan) {
    if (!pos.hasTriple() || plan.pairsOf(RowT).empty())
        return {false, "no pair reads t, so the temporal index has no effect"};
    const double frameStep = pos.t(kBlockStart + kPerFrame) - pos.t(kBlockStart);
    const double inFrameStep = pos.t(kBlockStart + 1) - pos.t(kBlockStart);
    const double counting = inFrameStep == 0 ? 1.0 : static_cast<double>(kPerFrame) * inFrameStep;
    const bool holds = std::abs(frameStep - counting) > 1e-9;
    return {holds, "consecutive frames are " + num(frameStep) + " apart on t; plain counting gives " + num(counting)};
}

/// Positions of the probe's own tokens (without tokens the design inserts, e.g. frame_gap text).
Positions originalTokensOnly(const Params& probe) {
    const Positions all = computePositions(probe);
    const auto cols = originalTokenColumns(probe.sequence, laidOutSequence(probe));
    Positions out;
    out.pos.resize(all.pos.rows(), static_cast<Eigen::Index>(cols.size()));
    for (size_t k = 0; k < cols.size(); ++k) out.pos.col(static_cast<Eigen::Index>(k)) = all.pos.col(cols[k]);
    return out;
}

std::string probeText() { return "text:1,video:" + std::to_string(kFrames) + "x" + std::to_string(kRows) + "x" + std::to_string(kCols) + ",text:1"; }

/// Adds the probe that decided a verdict to its reason.
PropertyVerdict decidedOn(PropertyVerdict v, const std::string& probe) {
    v.why += " [probe " + probe + "]";
    return v;
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

std::string propertyProbeRule() {
    return "Each cell is decided on the probe sequence " + probeText() +
           " laid out with the column's own parameters: odd H and W, so the reference's ⌊(H−1)/2⌋ centring is exact "
           "(an even grid such as 9×16 leaves VideoRoPE's block half a step off-centre and would flip its symmetry "
           "cell). A variant that lays out images only is probed with text:1,image:3x5,text:1 and has no temporal "
           "properties.";
}

Properties deriveProperties(const Params& p) {
    Params probe = p;
    probe.sequence = Sequence({Segment{SegmentKind::Text, 1, 1, 1},
                               Segment{SegmentKind::Video, kFrames, kRows, kCols},
                               Segment{SegmentKind::Text, 1, 1, 1}});
    Properties out;
    try {
        validate(probe);
    } catch (const InvalidParameter& e) {
        if (e.name() != "sequence") throw;
        // Images only (Circle-RoPE): spatial properties from one image; no time to allocate or scale.
        probe.sequence = Sequence({Segment{SegmentKind::Text, 1, 1, 1}, Segment{SegmentKind::Image, 1, kRows, kCols},
                                   Segment{SegmentKind::Text, 1, 1, 1}});
        const Positions pos = computePositions(probe);
        const FrequencyPlan plan = makeFrequencyPlan(probe);
        const std::string used = probe.sequence.format();
        const PropertyVerdict noTime{false, "the variant lays out images only, so it has no temporal axis"};
        out.verdicts = {decidedOn(structure(pos, plan), used), decidedOn(noTime, used),
                        decidedOn(symmetry(pos, plan, kBlockStart + kPerFrame), used), decidedOn(noTime, used)};
        return out;
    }
    const Positions pos = originalTokensOnly(probe);
    const FrequencyPlan plan = makeFrequencyPlan(probe);
    const std::string used = probeText();
    out.verdicts = {decidedOn(structure(pos, plan), used), decidedOn(allocation(pos, plan), used),
                    decidedOn(symmetry(pos, plan), used), decidedOn(scaling(pos, plan), used)};
    return out;
}

}  // namespace rope
