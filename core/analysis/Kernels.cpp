#include "Kernels.h"

#include <cmath>

#include "core/PositionLayout.h"

namespace rope {

std::string pairBandName(PairBand b) {
    switch (b) {
        case PairBand::Temporal: return "pairs driven by t";
        case PairBand::Fastest: return "fastest quarter of pairs";
        case PairBand::Slowest: return "slowest quarter of pairs";
        case PairBand::All: return "all pairs";
    }
    return "?";
}

std::vector<int> bandPairs(const FrequencyPlan& plan, PairBand band) {
    const int n = plan.pairs(), quarter = std::max(1, n / 4);
    std::vector<int> out;
    switch (band) {
        case PairBand::Temporal: return plan.pairsOf(RowT);
        case PairBand::Fastest:
            for (int i = 0; i < quarter; ++i) out.push_back(i);
            break;
        case PairBand::Slowest:
            for (int i = n - quarter; i < n; ++i) out.push_back(i);
            break;
        case PairBand::All:
            for (int i = 0; i < n; ++i) out.push_back(i);
            break;
    }
    return out;
}

Curve rowKernel(const FrequencyPlan& plan, Row r, double maxDelta, int samples) {
    const std::vector<int> pairs = plan.pairsOf(r);
    Curve c;
    if (pairs.empty() || samples < 2) return c;
    c.x.push_back(0);
    c.y.push_back(1);
    for (int s = 0; s < samples; ++s) {
        const double delta = std::pow(maxDelta, static_cast<double>(s) / (samples - 1));
        double sum = 0;
        for (int i : pairs) sum += std::cos(delta * plan.omega(i));
        c.x.push_back(delta);
        c.y.push_back(sum / static_cast<double>(pairs.size()));
    }
    return c;
}

namespace {

Segment probeGrid(const Sequence& seq, int frames) {
    Segment g{SegmentKind::Video, frames, 9, 16};
    for (const Segment& s : seq.segments())
        if (s.isVisual()) {
            g.rows = s.rows, g.cols = s.cols;
            break;
        }
    return g;
}

}  // namespace

Curve temporalSimilarity(const Params& p, PairBand band, int maxFrames) {
    Params probe = p;
    const Segment grid = probeGrid(p.sequence, maxFrames + 1);
    probe.sequence = Sequence({grid});
    const Positions pos = computePositions(probe);
    const FrequencyPlan plan = makeFrequencyPlan(probe);
    const std::vector<int> pairs = bandPairs(plan, band);
    const Eigen::Index perFrame = grid.rows * grid.cols;
    const Eigen::Index patch = (grid.rows / 2) * grid.cols + grid.cols / 2;
    Curve c;
    if (pairs.empty()) return c;
    for (int k = 0; k <= maxFrames; ++k) {
        const Eigen::Index a = patch, b = k * perFrame + patch;
        double sum = 0;
        for (int i : pairs) {
            const Row r = plan.rowOfPair[static_cast<size_t>(i)];
            sum += std::cos((pos.pos(r, b) - pos.pos(r, a)) * plan.omega(i));
        }
        c.x.push_back(k);
        c.y.push_back(sum / static_cast<double>(pairs.size()));
    }
    return c;
}

}  // namespace rope
