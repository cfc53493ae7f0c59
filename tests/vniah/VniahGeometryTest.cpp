// Where the needle and the distractors go (the rules in VniahGeometry.h, checked by hand).
#include <gtest/gtest.h>

#include "core/vniah/VniahGeometry.h"

using namespace rope;

TEST(VniahGeometry, NeedleFrameRoundsDepthTimesLastFrame) {
    // f_n = round(p/100 · (F − 1)), halves up.
    EXPECT_EQ(needleFrame(100, 0), 0);
    EXPECT_EQ(needleFrame(100, 20), 20);    // 19.8 → 20
    EXPECT_EQ(needleFrame(100, 50), 50);    // 49.5 → 50
    EXPECT_EQ(needleFrame(100, 100), 99);   // the last frame
    EXPECT_EQ(needleFrame(3000, 40), 1200); // 1199.6 → 1200
    EXPECT_EQ(needleFrame(1, 60), 0);
}

TEST(VniahGeometry, DistractorsSitAtNeedlePlusMinusOffsetInsideTheVideo) {
    VniahSettings s;  // offset 200, no period
    EXPECT_TRUE(distractorFrames(s, VniahTask::Plain, 3000, 1500).empty());
    EXPECT_EQ(distractorFrames(s, VniahTask::Distractors, 3000, 1500), (std::vector<int64_t>{1300, 1700}));
    EXPECT_EQ(distractorFrames(s, VniahTask::Distractors, 3000, 0), (std::vector<int64_t>{200}));
    EXPECT_EQ(distractorFrames(s, VniahTask::Distractors, 3000, 2999), (std::vector<int64_t>{2799}));
    // 300 frames, needle at 120: 120 − 200 < 0 and 120 + 200 ≥ 300, so none fits.
    EXPECT_TRUE(distractorFrames(s, VniahTask::Distractors, 300, 120).empty());
}

TEST(VniahGeometry, PeriodicDistractorsRepeatEveryPeriodBeyondTheOffset) {
    VniahSettings s;
    s.distractorOffset = 200;
    s.distractorPeriod = 300;
    // Needle 500 of 1000: distances 200, 500, 800, … → frames 300, 700; 0 (1000 is outside); −300 stops it.
    EXPECT_EQ(distractorFrames(s, VniahTask::Distractors, 1000, 500), (std::vector<int64_t>{0, 300, 700}));
}

TEST(VniahGeometry, SequenceIsTheVideoThenTheQuestion) {
    VniahSettings s;
    s.questionTokens = 16;
    const VniahGeometry g = VniahGeometry::of(s, 3);
    EXPECT_EQ(g.sequence().format(), "video:3x9x16,text:16");
    EXPECT_EQ(g.tokensPerFrame(), 144);
    EXPECT_EQ(g.tokens(), 3 * 144 + 16);
    EXPECT_EQ(g.queryToken(), 3 * 144 + 15);  // the last question token
    EXPECT_EQ(g.firstToken(2), 288);
}

TEST(VniahGeometry, InclusiveRangeKeepsBothEnds) {
    const std::vector<int64_t> lengths = inclusiveRange(100, 3000, 200);
    ASSERT_EQ(lengths.size(), 16u);  // 100, 300, …, 2900 (15 values) and 3000
    EXPECT_EQ(lengths[1], 300);
    EXPECT_EQ(lengths[14], 2900);
    EXPECT_EQ(lengths[15], 3000);
    EXPECT_EQ(inclusiveRange(0, 100, 20), (std::vector<int64_t>{0, 20, 40, 60, 80, 100}));
    EXPECT_EQ(inclusiveRange(5, 5, 3), (std::vector<int64_t>{5}));
}
