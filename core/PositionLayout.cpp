#include "PositionLayout.h"

#include "MemoryBudget.h"
#include "ParamSchema.h"
#include "variants/Variant.h"

namespace rope {

Sequence laidOutSequence(const Params& p) { return makeDesign(p)->expand(p.sequence); }

std::vector<Eigen::Index> originalTokenColumns(const Sequence& original, const Sequence& laidOut) {
    std::vector<Eigen::Index> cols;
    cols.reserve(static_cast<size_t>(original.tokenCount()));
    const auto& out = laidOut.segments();
    const auto starts = laidOut.segmentStarts();
    size_t j = 0;
    for (const Segment& s : original.segments()) {
        int64_t frames = s.isVisual() ? s.frames : 1;
        while (frames > 0 && j < out.size()) {
            const Segment& e = out[j];
            const bool inserted = s.isVisual() && !e.isVisual();
            if (!inserted) {
                for (int64_t k = 0; k < e.tokenCount(); ++k) cols.push_back(starts[j] + k);
                frames -= s.isVisual() ? e.frames : 1;
            }
            ++j;
        }
    }
    return cols;
}

Positions computePositions(const Params& p) {
    validate(p);
    auto design = makeDesign(p);
    const Sequence seq = design->expand(p.sequence);
    const int axes = static_cast<int>(design->axisNames().size());
    requireMemory(positionsBytes(seq.tokenCount()) * axes / 3.0, p.memoryBudgetMiB,
                  "positions for sequence " + seq.format() + " (" + std::to_string(seq.tokenCount()) + " tokens)");
    return design->layout(seq);
}

}  // namespace rope
