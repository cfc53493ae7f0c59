// resources/: every shipped data file parses through the same reader as a user's file, and the demo
// study file is the study the app opens on start (rope::demoStudy()).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/Params.h"
#include "core/Study.h"

namespace {

std::string readResource(const std::string& relative) {
    const std::string path = std::string(ROPESCOPE_RESOURCES_DIR) + "/" + relative;
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << "cannot open " << path;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(ResourcesTest, DemoStudyFileIsTheBuiltInDemoStudy) {
    const rope::Study file = rope::studyFromJson(readResource("studies/demo.json"), "resources/studies/demo.json");
    // What the README promises: M-RoPE beside VideoRoPE with δ = 2 on text:8,video:8x6x8,text:8.
    ASSERT_EQ(file.columns.size(), 2u);
    EXPECT_EQ(file.columns[0].variant, rope::VariantId("m-rope"));
    EXPECT_EQ(file.columns[1].variant, rope::VariantId("videorope"));
    EXPECT_EQ(file.columns[1].delta, 2.0);
    EXPECT_EQ(file.columns[0].sequence.format(), "text:8,video:8x6x8,text:8");
    // And the same study, field for field, as the one compiled into core.
    EXPECT_TRUE(file == rope::demoStudy()) << rope::studyToJson(file) << "\nvs built-in\n" << rope::studyToJson(rope::demoStudy());
}

}  // namespace
