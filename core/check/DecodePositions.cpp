#include "DecodePositions.h"

#include <vector>

#include "core/PositionLayout.h"

namespace rope {
namespace {

Params withPromptAndGenerated(const Params& p) {
    Params q = p;
    q.sequence = promptAndGenerated(p);
    q.generate = 0;
    return q;
}

}  // namespace

Sequence promptAndGenerated(const Params& p) {
    if (p.generate <= 0) return p.sequence;
    std::vector<Segment> segments = p.sequence.segments();
    Segment text;
    text.kind = SegmentKind::Text;
    text.cols = p.generate;
    segments.push_back(text);
    return Sequence(std::move(segments));
}

Sequence decodeLaidOut(const Params& p) { return laidOutSequence(withPromptAndGenerated(p)); }

int64_t decodeTokenCount(const Params& p) { return decodeLaidOut(p).tokenCount(); }

Positions decodePositions(const Params& p) { return computePositions(withPromptAndGenerated(p)); }

double ropeDelta(const Positions& prompt) {
    if (prompt.tokens() == 0) return 0;
    return prompt.pos.maxCoeff() + 1 - static_cast<double>(prompt.tokens());
}

Positions ropeDeltaContinuation(const Positions& prompt, int64_t generated, double delta) {
    Positions out;
    const Eigen::Index n = prompt.tokens();
    out.pos.resize(prompt.pos.rows(), n + generated);
    out.pos.leftCols(n) = prompt.pos;
    for (int64_t k = 0; k < generated; ++k)
        out.pos.col(n + k).setConstant(static_cast<double>(n + k) + delta);  // cache_position = n + k
    return out;
}

}  // namespace rope
