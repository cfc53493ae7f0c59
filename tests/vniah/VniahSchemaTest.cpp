// The vniah.* parameters go through the one schema: flags, keys, ranges and their errors.
#include <gtest/gtest.h>

#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "core/vniah/VniahSchema.h"

using namespace rope;

namespace {

InvalidParameter rejection(const char* key, const char* value) {
    Params p;
    try {
        setParam(p, key, value);
    } catch (const InvalidParameter& e) {
        return e;
    }
    ADD_FAILURE() << key << " accepted \"" << value << "\"";
    return InvalidParameter("", "", "");
}

}  // namespace

TEST(VniahSchema, DefaultsAreThePapersGrid) {
    const Params p;
    EXPECT_EQ(getParam(p, "vniah.lengths"), "100:3000:200");
    EXPECT_EQ(getParam(p, "vniah.depths"), "0:100:20");
    EXPECT_EQ(p.vniah.tokensPerFrame(), 144);  // 9 × 16
    EXPECT_EQ(getParam(p, "vniah.distractor_offset"), "200");
    EXPECT_EQ(getParam(p, "vniah.task"), "v-niah");
}

TEST(VniahSchema, FlagsReachTheirKeys) {
    EXPECT_EQ(requireParam("lengths").key, "vniah.lengths");
    EXPECT_EQ(requireParam("depths").key, "vniah.depths");
    EXPECT_EQ(requireParam("seeds").key, "vniah.seeds");
    EXPECT_EQ(requireParam("heads").key, "vniah.heads");
    for (const ParamSpec& s : paramSchema())
        if (s.key.rfind("vniah.", 0) == 0) {
            EXPECT_EQ(s.scope, ParamScope::Study) << s.key;
        }
}

TEST(VniahSchema, RangesIncludeBothEndsAndListsAreKept) {
    Params p;
    setParam(p, "vniah.depths", "0:100:25");
    EXPECT_EQ(p.vniah.depths, (std::vector<int64_t>{0, 25, 50, 75, 100}));
    setParam(p, "vniah.depths", "0:100:30");  // 0, 30, 60, 90 and the end 100
    EXPECT_EQ(p.vniah.depths, (std::vector<int64_t>{0, 30, 60, 90, 100}));
    setParam(p, "vniah.lengths", " 7 ");
    EXPECT_EQ(p.vniah.lengths, (std::vector<int64_t>{7}));
    setParam(p, "vniah.lengths", "10,40,20");
    EXPECT_EQ(p.vniah.lengths, (std::vector<int64_t>{10, 40, 20}));
}

TEST(VniahSchema, FormattedRangesReadBackToTheSameList) {
    for (const std::vector<int64_t>& v : std::vector<std::vector<int64_t>>{
             {0, 50, 100}, {7}, {1, 2, 5}, {100, 3000}, {0, 30, 60, 90, 100}, {3, 2, 1}}) {
        const std::string text = formatIntRange(v);
        EXPECT_EQ(parseIntRange("k", text, 0, 10000), v) << text;
    }
    EXPECT_EQ(formatIntRange({0, 50, 100}), "0:100:50");
    EXPECT_EQ(formatIntRange({1, 2, 5}), "1,2,5");
}

TEST(VniahSchema, EmptyGridIsRejectedWithTheKey) {
    const InvalidParameter e = rejection("vniah.lengths", "");
    EXPECT_EQ(e.name(), "vniah.lengths");
    EXPECT_NE(std::string(e.what()).find("at least one"), std::string::npos) << e.what();
    const InvalidParameter r = rejection("vniah.lengths", "3000:100:200");
    EXPECT_NE(std::string(r.what()).find("empty range"), std::string::npos) << r.what();
}

TEST(VniahSchema, DepthsOutside0To100AreRejected) {
    for (const char* bad : {"0:120:20", "-10,50", "101"}) {
        const InvalidParameter e = rejection("vniah.depths", bad);
        EXPECT_EQ(e.name(), "vniah.depths") << bad;
        EXPECT_NE(std::string(e.what()).find("0..100"), std::string::npos) << e.what();
    }
}

TEST(VniahSchema, MalformedValuesAreRejected) {
    EXPECT_EQ(rejection("vniah.lengths", "100:3000:0").name(), "vniah.lengths");
    EXPECT_EQ(rejection("vniah.lengths", "100:3000").name(), "vniah.lengths");
    EXPECT_EQ(rejection("vniah.lengths", "10,x").name(), "vniah.lengths");
    EXPECT_EQ(rejection("vniah.lengths", "0").name(), "vniah.lengths");  // a video has >= 1 frame
    EXPECT_EQ(rejection("vniah.seeds", "0").name(), "vniah.seeds");
    EXPECT_EQ(rejection("vniah.content_gap", "1.5").name(), "vniah.content_gap");
    EXPECT_EQ(rejection("vniah.logit_scale", "0").name(), "vniah.logit_scale");
    EXPECT_EQ(rejection("vniah.task", "niah").name(), "vniah.task");
}
