// Regression tests for what scripts/fuzz found (docs/reliability.md, "Fuzzing"). Inputs are built
// here; the expectation is the project's rule for bad input: a RoPEScope error type (BadFile for a
// study file) carrying one line — never another exception, a crash or an abort.
#include <gtest/gtest.h>

#include <string>

#include "core/Errors.h"
#include "core/Study.h"

namespace {

// F1 (fuzz_study): a JSON number beyond double's range. nlohmann::json::parse throws
// out_of_range.406 ("number overflow parsing '1e309'"), not parse_error, and studyFromJson catches
// only parse_error around the parse, so the exception leaves studyFromJson and the GUI's study
// loader terminates. Fix (core/Study.cpp, studyFromJson): catch json::exception around parse.
TEST(FuzzFindings, StudyWithHugeNumberIsBadFile) {
    const std::string huge = "1e" + std::to_string(309);  // > DBL_MAX ≈ 1.8e308
    EXPECT_THROW(rope::studyFromJson(huge, "huge.json"), rope::BadFile);
    const std::string study = R"({"format": "ropescope-study", "version": 1, "study": {"theta": )" + huge +
                              R"(}, "variants": [{"variant": "vanilla"}]})";
    try {
        rope::studyFromJson(study, "huge.json");
        FAIL() << "a theta of " << huge << " was accepted";
    } catch (const rope::BadFile& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("huge.json"), std::string::npos) << msg;
        EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    } catch (const std::exception& e) {
        FAIL() << "escaped as another exception: " << e.what();
    }
}

}  // namespace
