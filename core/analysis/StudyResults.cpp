#include "StudyResults.h"

#include <algorithm>

#include "core/Errors.h"
#include "core/PositionLayout.h"
#include "core/check/DecodePositions.h"
#include "core/variants/Variant.h"

namespace rope {
namespace {

/// Whether this column's design lays out a video (asked of the design, so custom variants answer
/// too; Circle-RoPE's ring refuses one).
bool laysOutVideo(const Params& p) {
    try {
        makeDesign(p)->checkSequence(Sequence::parse("video:2x2x2"));
        return true;
    } catch (const InvalidParameter&) {
        return false;
    }
}

ColumnResult computeColumn(const Params& p) {
    ColumnResult c;
    c.params = p;
    c.positions = decodePositions(p);  // = computePositions(p) when p.generate is 0
    c.laidOut = decodeLaidOut(p);
    c.generated = p.generate;
    c.plan = makeFrequencyPlan(p);
    c.properties = deriveProperties(p);
    for (int r = 0; r < 3; ++r) c.rowKernels[r] = rowKernel(c.plan, static_cast<Row>(r), kKernelMaxDelta, kKernelSamples);
    // Temporal similarity is measured on a probe video: a design that lays out images only
    // (Circle-RoPE) has none, and its column is still shown (empty curves).
    if (laysOutVideo(p))
        for (int b = 0; b < 4; ++b) c.similarity[b] = temporalSimilarity(p, static_cast<PairBand>(b), kSimilarityFrames);
    if (c.positions.tokens() > 0) c.positionSpan = c.positions.pos.maxCoeff() - c.positions.pos.minCoeff();
    return c;
}

}  // namespace

StudyResults computeStudyResults(const Study& study) { return computeStudyResults(study, StudyResults{}); }

StudyResults computeStudyResults(const Study& study, const StudyResults& previous) {
    StudyResults r;
    r.sequence = study.shared().sequence;
    for (const Params& p : study.columns) {
        const auto same = std::find_if(previous.columns.begin(), previous.columns.end(),
                                       [&p](const ColumnResult& c) { return c.params == p; });
        r.columns.push_back(same != previous.columns.end() ? *same : computeColumn(p));
    }
    return r;
}

}  // namespace rope
