// core/text/TextParse: the strict number readers every core parser uses. Each case is the rule
// written in TextParse.h, checked on the edge it names.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "core/text/TextParse.h"

namespace {

using rope::parseFinite;
using rope::parseWhole;
using rope::trimBlanks;

TEST(TextParse, TrimRemovesSpacesAndTabsAtBothEndsOnly) {
    EXPECT_EQ(trimBlanks(" \t8x6 \t"), "8x6");
    EXPECT_EQ(trimBlanks("a b"), "a b");
    EXPECT_EQ(trimBlanks(" \t "), "");
    EXPECT_EQ(trimBlanks("\n8"), "\n8");  // only blanks: a newline is not silently dropped
}

TEST(TextParse, WholeNumberIsTheWholeText) {
    int64_t v = -1;
    EXPECT_TRUE(parseWhole("42", v));
    EXPECT_EQ(v, 42);
    EXPECT_TRUE(parseWhole("-3", v));
    EXPECT_EQ(v, -3);
    EXPECT_TRUE(parseWhole("9223372036854775807", v));
    EXPECT_EQ(v, std::numeric_limits<int64_t>::max());
    v = 7;
    for (const char* bad : {"", " 4", "4 ", "4x", "+4", "4.0", "0x10", "9223372036854775808", "-"})
        EXPECT_FALSE(parseWhole(bad, v)) << '"' << bad << '"';
    EXPECT_EQ(v, 7) << "a refused text leaves the output alone";
}

TEST(TextParse, FiniteNumberRefusesInfinityNanAndOverflow) {
    double v = 0;
    EXPECT_TRUE(parseFinite("0.5", v));
    EXPECT_EQ(v, 0.5);
    EXPECT_TRUE(parseFinite("-2", v));
    EXPECT_EQ(v, -2.0);
    EXPECT_TRUE(parseFinite("1e3", v));
    EXPECT_EQ(v, 1000.0);
    for (const char* bad : {"", "inf", "-inf", "nan", "1e999", " 1", "1 ", "1,5", "0.5s"})
        EXPECT_FALSE(parseFinite(bad, v)) << '"' << bad << '"';
}

}  // namespace

namespace {

TEST(TextParse, QuoteBoundedEscapesAndCuts) {
    EXPECT_EQ(rope::quoteBounded("abc"), "\"abc\"");
    EXPECT_EQ(rope::quoteBounded("2\n\x1b[31mred"), "\"2\\n\\x1b[31mred\"");  // issue 13 item 13's input
    EXPECT_EQ(rope::quoteBounded("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
    EXPECT_EQ(rope::quoteBounded(std::string(1000, 'x'), 5), "\"xxxxx\"…");
    // "é" is two bytes (C3 A9): a cut after its first byte drops it rather than split it.
    EXPECT_EQ(rope::quoteBounded("ab\xC3\xA9", 3), "\"ab\"…");
    EXPECT_EQ(rope::quoteBounded("a\xC3\xA9z", 3), "\"a\xC3\xA9\"…");
}

}  // namespace
