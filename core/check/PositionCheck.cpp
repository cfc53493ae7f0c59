#include "PositionCheck.h"

#include <cmath>

#include "DecodePositions.h"
#include "Diagnosis.h"
#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "core/PositionLayout.h"
#include "core/variants/Variant.h"

namespace rope {
namespace {

std::string segmentLabel(const Segment& s) {
    switch (s.kind) {
        case SegmentKind::Text: return "text:" + std::to_string(s.cols);
        case SegmentKind::Image: return "image:" + std::to_string(s.rows) + "x" + std::to_string(s.cols);
        case SegmentKind::Video:
            return "video:" + std::to_string(s.frames) + "x" + std::to_string(s.rows) + "x" + std::to_string(s.cols);
    }
    return "?";
}

std::vector<double> column(const Positions& p, Eigen::Index n) {
    std::vector<double> v(static_cast<size_t>(p.axes()));
    for (int r = 0; r < p.axes(); ++r) v[static_cast<size_t>(r)] = p.pos(r, n);
    return v;
}

}  // namespace

int positionAxes(const Params& p) { return static_cast<int>(makeDesign(p)->axisNames().size()); }

bool positionsWithin(const Positions& a, const Positions& b, double tolerance) {
    return a.pos.rows() == b.pos.rows() && a.pos.cols() == b.pos.cols() && ((a.pos - b.pos).abs() <= tolerance).all();
}

PositionCheckReport checkPositions(const Params& p, const FoundPositions& found, const CheckOptions& options,
                                   const Progress& progress) {
    if (!(options.tolerance >= 0) || !std::isfinite(options.tolerance))
        throw InvalidParameter("tolerance", std::to_string(options.tolerance), "must be a finite number >= 0");
    const Positions expected = decodePositions(p);  // validates p, checks the memory budget
    const Sequence laidOut = decodeLaidOut(p);
    const Positions& got = found.positions;
    if (got.axes() != expected.axes() || got.tokens() != expected.tokens())
        throw BadFile("the positions file has " + std::to_string(got.axes()) + " rows of " + std::to_string(got.tokens()) +
                      " tokens; " + p.variant + " on " + laidOut.format() + " has " + std::to_string(expected.axes()) +
                      " rows of " + std::to_string(expected.tokens()));
    PositionCheckReport r;
    r.variant = p.variant;
    Params prompt = p;
    prompt.generate = 0;
    r.sequence = laidOutSequence(prompt).format() + (p.generate > 0 ? " + " + std::to_string(p.generate) + " generated" : "");
    r.tokens = expected.tokens();
    r.generated = p.generate;
    r.assumed = found.assumed;
    r.tolerance = options.tolerance;

    const auto& segments = laidOut.segments();
    const int generatedSegment = p.generate > 0 ? static_cast<int>(segments.size()) - 1 : -1;
    for (size_t s = 0; s < segments.size(); ++s) {
        SegmentTally t;
        t.segment = static_cast<int>(s);
        t.label = static_cast<int>(s) == generatedSegment ? "generated:" + std::to_string(p.generate) : segmentLabel(segments[s]);
        t.tokens = segments[s].tokenCount();
        r.perSegment.push_back(t);
    }
    for (Eigen::Index n = 0; n < expected.tokens(); ++n) {
        const double diff = (expected.pos.col(n) - got.pos.col(n)).abs().maxCoeff();
        r.largestDifference = std::max(r.largestDifference, diff);
        if (diff <= options.tolerance) continue;
        ++r.mismatches;
        r.mismatchingTokens.push_back(n);
        const TokenLocation where = laidOut.locate(n);
        ++r.perSegment[static_cast<size_t>(where.segment)].mismatches;
        if (r.first.size() < options.listed) {
            TokenMismatch m;
            m.token = n;
            m.segment = where.segment;
            m.generated = where.segment == generatedSegment;
            m.where = where;
            m.expected = column(expected, n);
            m.found = column(got, n);
            r.first.push_back(std::move(m));
        }
    }
    if (!r.match() && options.diagnose) {
        r.diagnosisSearched = true;
        r.diagnosis = diagnose(p, expected, got, options.tolerance, r.diagnosisCandidates, progress);
    }
    if (progress) progress(1.0);
    return r;
}

}  // namespace rope
