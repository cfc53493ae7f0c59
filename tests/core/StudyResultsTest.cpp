// computeStudyResults with a previous result: unchanged columns are copied, changed ones are
// recomputed, and either way the result equals a fresh computation.
#include <gtest/gtest.h>

#include "core/ParamSchema.h"
#include "core/PositionLayout.h"
#include "core/Study.h"
#include "core/analysis/StudyResults.h"

using namespace rope;

namespace {

void expectSameAsFresh(const StudyResults& reused, const Study& study) {
    const StudyResults fresh = computeStudyResults(study);
    ASSERT_EQ(reused.columns.size(), fresh.columns.size());
    for (size_t c = 0; c < fresh.columns.size(); ++c) {
        EXPECT_TRUE(reused.columns[c].params == fresh.columns[c].params) << "column " << c;
        EXPECT_TRUE(samePositions(reused.columns[c].positions, fresh.columns[c].positions)) << "column " << c;
        EXPECT_EQ(reused.columns[c].plan.rowOfPair, fresh.columns[c].plan.rowOfPair) << "column " << c;
        EXPECT_DOUBLE_EQ(reused.columns[c].positionSpan, fresh.columns[c].positionSpan) << "column " << c;
    }
}

}  // namespace

TEST(StudyResultsReuse, UnchangedColumnIsCopiedFromPrevious) {
    const Study study = demoStudy();
    StudyResults previous = computeStudyResults(study);
    // Poison column 0 (M-RoPE): if it is copied, the poison shows; a recomputation would not.
    previous.columns[0].positionSpan = -42.0;
    const StudyResults next = computeStudyResults(study, previous);
    EXPECT_EQ(next.columns[0].positionSpan, -42.0);
}

TEST(StudyResultsReuse, ChangedDeltaRecomputesOnlyThatColumnAndMatchesFresh) {
    Study study = demoStudy();  // M-RoPE | VideoRoPE δ = 2
    const StudyResults previous = computeStudyResults(study);
    setParam(study.columns[1], "videorope.delta", "3");
    const StudyResults next = computeStudyResults(study, previous);
    // δ = 3 spreads the 8 frames of text:8,video:8x6x8,text:8 further apart in t than δ = 2.
    EXPECT_GT(next.columns[1].positionSpan, previous.columns[1].positionSpan);
    EXPECT_FALSE(samePositions(next.columns[1].positions, previous.columns[1].positions));
    expectSameAsFresh(next, study);
}

TEST(StudyResultsReuse, StudyScopeChangeRecomputesEveryColumn) {
    Study study = demoStudy();
    StudyResults previous = computeStudyResults(study);
    for (ColumnResult& c : previous.columns) c.positionSpan = -1.0;  // poison: must not survive
    setParam(study.columns[0], "sequence", "text:4,video:4x2x2");
    for (size_t c = 1; c < study.columns.size(); ++c) study.columns[c].sequence = study.columns[0].sequence;
    const StudyResults next = computeStudyResults(study, previous);
    for (const ColumnResult& c : next.columns) EXPECT_GT(c.positionSpan, 0.0);
    expectSameAsFresh(next, study);
}

TEST(StudyResultsReuse, ParamsEqualityCoversEveryField) {
    // Each schema key, changed on its own, must make the parameters unequal; otherwise a stale
    // column could be reused after that change.
    const Params base;
    for (const ParamSpec& s : paramSchema()) {
        Params changed = base;
        std::string other;
        if (s.key == "variant") other = "m-rope";
        else if (s.key == "sequence") other = "text:3";
        else if (!s.choices.empty()) other = s.choices.front() == s.get(base) ? s.choices.back() : s.choices.front();
        else continue;  // numeric and range keys: covered below
        s.set(changed, other);
        EXPECT_FALSE(changed == base) << s.key;
    }
    Params delta = base;
    delta.delta = base.delta + 0.5;
    EXPECT_FALSE(delta == base);
    Params theta = base;
    theta.theta = base.theta * 2;
    EXPECT_FALSE(theta == base);
    Params copy = base;
    EXPECT_TRUE(copy == base);
}

TEST(StudyResultsImagesOnly, CircleRopeColumnIsComputedWithoutTemporalSimilarity) {
    // Circle-RoPE lays out images only (variants-more.md §11); the temporal-similarity probe is a
    // 65-frame video, which used to fail the whole study ("got video:65x8x8") so the ring was never shown.
    Study study = demoStudy();
    for (Params& p : study.columns) setParam(p, "sequence", "text:4,image:8x8,text:4");
    setParam(study.columns[0], "variant", "circle-rope");
    const StudyResults r = computeStudyResults(study);
    ASSERT_EQ(r.columns.size(), size_t{2});
    EXPECT_EQ(r.columns[0].positions.tokens(), 4 + 64 + 4);
    for (const Curve& c : r.columns[0].similarity) EXPECT_TRUE(c.x.empty());
    for (const Curve& c : r.columns[1].similarity) EXPECT_FALSE(c.x.empty());  // VideoRoPE keeps its curves
}
