// Sequence parsing and bookkeeping (variants.md "Vocabulary"; cli.md "--sequence").
#include <gtest/gtest.h>

#include <string>

#include "core/Errors.h"
#include "core/Sequence.h"

namespace {

using rope::InvalidParameter;
using rope::Segment;
using rope::SegmentKind;
using rope::Sequence;

TEST(Sequence, ParsesTheSpecExampleIntoThreeSegments) {
    const Sequence s = Sequence::parse("text:3,video:2x2x3,text:2");
    ASSERT_EQ(s.segments().size(), 3u);
    EXPECT_EQ(s.segments()[0], (Segment{SegmentKind::Text, 1, 1, 3}));
    EXPECT_EQ(s.segments()[1], (Segment{SegmentKind::Video, 2, 2, 3}));
    EXPECT_EQ(s.segments()[2], (Segment{SegmentKind::Text, 1, 1, 2}));
    // 3 + 2·2·3 + 2 = 3 + 12 + 2 = 17 tokens, 12 of them visual.
    EXPECT_EQ(s.tokenCount(), 17);
    EXPECT_EQ(s.visualTokenCount(), 12);
}

TEST(Sequence, ImageIsAOneFrameVideo) {
    const Sequence s = Sequence::parse("image:4x5");
    ASSERT_EQ(s.segments().size(), 1u);
    const Segment& g = s.segments()[0];
    EXPECT_EQ(g.kind, SegmentKind::Image);
    EXPECT_EQ(g.frames, 1);
    EXPECT_EQ(g.rows, 4);
    EXPECT_EQ(g.cols, 5);
    EXPECT_EQ(s.tokenCount(), 20);  // 1·4·5
    EXPECT_TRUE(g.isVisual());
}

TEST(Sequence, FormatRoundTrips) {
    for (const char* text : {"text:3,video:2x2x3,text:2", "image:4x5", "video:8x6x8,text:1,image:1x1", "text:1"}) {
        const Sequence s = Sequence::parse(text);
        EXPECT_EQ(s.format(), text);
        EXPECT_EQ(Sequence::parse(s.format()), s);
    }
}

TEST(Sequence, ToleratesSpacesAroundSegments) {
    EXPECT_EQ(Sequence::parse(" text:3 , video:2x2x3 ,text:2 "), Sequence::parse("text:3,video:2x2x3,text:2"));
}

TEST(Sequence, SegmentStartsAreRunningTokenCounts) {
    // text:3 starts at 0, the video at 3, the last text at 3 + 12 = 15.
    const Sequence s = Sequence::parse("text:3,video:2x2x3,text:2");
    EXPECT_EQ(s.segmentStarts(), (std::vector<int64_t>{0, 3, 15}));
}

TEST(Sequence, LocateFollowsRasterOrderFrameRowColumn) {
    const Sequence s = Sequence::parse("text:3,video:2x2x3,text:2");
    // Token 2: third text token.
    auto a = s.locate(2);
    EXPECT_EQ(a.segment, 0);
    EXPECT_EQ(a.kind, SegmentKind::Text);
    EXPECT_EQ(a.col, 2);
    // Token 3 + 6 + 3 + 2 = 14: frame 1 (6 tokens per frame), row 1 (3 per row), column 2.
    auto b = s.locate(14);
    EXPECT_EQ(b.segment, 1);
    EXPECT_EQ(b.kind, SegmentKind::Video);
    EXPECT_EQ(b.frame, 1);
    EXPECT_EQ(b.row, 1);
    EXPECT_EQ(b.col, 2);
    // Token 3 + 4 = 7: frame 0, row 1, column 1.
    auto c = s.locate(7);
    EXPECT_EQ(c.frame, 0);
    EXPECT_EQ(c.row, 1);
    EXPECT_EQ(c.col, 1);
    // Token 16: second token of the final text.
    auto d = s.locate(16);
    EXPECT_EQ(d.segment, 2);
    EXPECT_EQ(d.col, 1);
    EXPECT_THROW(s.locate(17), InvalidParameter);
}

// Every malformed sequence is an InvalidParameter named "sequence" whose message quotes the bad part.
struct BadSequence {
    const char* text;
    const char* mustMention;
};

class SequenceRejects : public ::testing::TestWithParam<BadSequence> {};

TEST_P(SequenceRejects, WithMessageNamingTheBadPart) {
    const BadSequence b = GetParam();
    try {
        Sequence::parse(b.text);
        FAIL() << "parsed \"" << b.text << "\" without complaint";
    } catch (const InvalidParameter& e) {
        EXPECT_EQ(e.name(), "sequence");
        EXPECT_NE(std::string(e.what()).find(b.mustMention), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "message must be one line";
    }
}

INSTANTIATE_TEST_SUITE_P(Malformed, SequenceRejects,
                         ::testing::Values(BadSequence{"text:3,video:2x2", "video:2x2"},      // too few dims
                                           BadSequence{"video:2x2x3x4", "video:2x2x3x4"},  // too many
                                           BadSequence{"image:3", "image:3"},
                                           BadSequence{"text:0", "text:0"},                // size < 1
                                           BadSequence{"video:2x0x3", "video:2x0x3"},
                                           BadSequence{"text:-1", "text:-1"},
                                           BadSequence{"text:abc", "text:abc"},
                                           BadSequence{"text:2.5", "text:2.5"},
                                           BadSequence{"audio:3", "audio:3"},              // unknown kind
                                           BadSequence{"text3", "text3"},                  // no colon
                                           BadSequence{"text:3,,text:2", "text:3,,text:2"},  // empty segment
                                           BadSequence{"text:3,", "text:3,"},
                                           BadSequence{"video:2xx3", "video:2xx3"},
                                           BadSequence{"", "empty"}));

TEST(Sequence, RejectsTokenCountsBeyond64Bits) {
    // 10^10 · 10^10 = 10^20 > 2^63 − 1 ≈ 9.22·10^18.
    EXPECT_THROW(Sequence::parse("video:10000000000x10000000000x1"), InvalidParameter);
    // Two segments of 2^62 tokens each: 2^63 overflows the total.
    EXPECT_THROW(Sequence::parse("text:4611686018427387904,text:4611686018427387904"), InvalidParameter);
    // A big but representable grid is accepted (nothing is allocated by parsing): 10^5·10^3·10^3 = 10^11.
    EXPECT_EQ(Sequence::parse("video:100000x1000x1000").tokenCount(), 100000000000LL);
}

}  // namespace
