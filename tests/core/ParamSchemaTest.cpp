// The parameter schema: defaults from cli.md / variants.md, string get/set, and the rules each
// parameter enforces (typed InvalidParameter naming the key and the given value).
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "core/Errors.h"
#include "core/ParamSchema.h"

namespace {

using namespace rope;

TEST(ParamSchema, DefaultsFromTheSpecs) {
    const Params p;
    // cli.md: head_dim 128, θ 1000000, sections 16,24,24, δ 2.0.
    EXPECT_EQ(getParam(p, "head_dim"), "128");
    EXPECT_EQ(std::stod(getParam(p, "theta")), 1e6);
    EXPECT_EQ(getParam(p, "sections"), "16,24,24");
    EXPECT_EQ(std::stod(getParam(p, "videorope.delta")), 2.0);
    // variants.md: options default to the reference behaviour.
    EXPECT_EQ(getParam(p, "tad.text_stride"), "reference");
    EXPECT_EQ(getParam(p, "videorope.next_start"), "t-row");
    EXPECT_EQ(getParam(p, "videorope.temporal_band"), "low");
    EXPECT_EQ(getParam(p, "videorope.spatial_order"), "interleaved");
    EXPECT_EQ(getParam(p, "videorope.diagonal"), "on");
    EXPECT_NO_THROW(validate(p));
}

TEST(ParamSchema, CliFlagsFromCliMd) {
    // cli.md common flags and the keys they set.
    const std::pair<const char*, const char*> flags[] = {{"--variant", "variant"},   {"--sequence", "sequence"},
                                                         {"--delta", "videorope.delta"}, {"--head-dim", "head_dim"},
                                                         {"--theta", "theta"},       {"--sections", "sections"}};
    for (const auto& [flag, key] : flags) {
        const ParamSpec* byFlag = findParam(std::string(flag).substr(2));
        ASSERT_NE(byFlag, nullptr) << flag;
        EXPECT_EQ(byFlag->key, key);
        EXPECT_EQ(byFlag->cliFlag, flag);
        EXPECT_EQ(findParam(key), byFlag);
        EXPECT_EQ(findParam(flag), byFlag);
    }
    EXPECT_EQ(findParam("no-such-thing"), nullptr);
}

TEST(ParamSchema, VariantNamesFromCliMd) {
    // cli.md's five plus the CLI names of variants-more.md and variants-third.md (issue 10).
    const std::set<std::string> expected{"vanilla", "tad", "rope-tie", "m-rope", "videorope", "qwen2.5-vl",
                                         "qwen3-vl", "qwen3.5", "glm-4v", "ernie-4.5-vl", "hope", "videorope++",
                                         "mrope-i", "vrope", "v2pe", "circle-rope"};
    std::set<std::string> got;
    for (VariantId v : allVariants()) {
        got.insert(variantName(v));
        EXPECT_EQ(parseVariant(variantName(v)), v);
    }
    EXPECT_EQ(got, expected);
    EXPECT_EQ(variantDisplayName(VariantId("videorope")), "VideoRoPE");
    EXPECT_EQ(variantDisplayName(VariantId("m-rope")), "M-RoPE");
    EXPECT_EQ(variantDisplayName(VariantId("rope-tie")), "RoPE-Tie");
    EXPECT_EQ(variantDisplayName(VariantId("tad")), "TAD-RoPE");
    EXPECT_EQ(variantDisplayName(VariantId("vanilla")), "Vanilla RoPE");
}

TEST(ParamSchema, SetThenGetRoundTrips) {
    Params p;
    const std::pair<const char*, const char*> values[] = {
        {"variant", "m-rope"},           {"sequence", "text:2,image:3x4"},   {"videorope.delta", "0.5"},
        {"theta", "10000"},              {"head_dim", "64"},                 {"sections", "8,12,12"},
        {"tad.text_stride", "paper"},    {"videorope.next_start", "all-rows"}, {"videorope.temporal_band", "high"},
        {"videorope.spatial_order", "sequential"}, {"videorope.diagonal", "off"}, {"memory_budget_mib", "512"}};
    for (const auto& [k, v] : values) setParam(p, k, v);
    for (const auto& [k, v] : values) {
        if (std::string(k) == "theta" || std::string(k) == "videorope.delta" || std::string(k) == "memory_budget_mib")
            EXPECT_EQ(std::stod(getParam(p, k)), std::stod(v)) << k;
        else
            EXPECT_EQ(getParam(p, k), v) << k;
    }
    EXPECT_EQ(p.variant, VariantId("m-rope"));
    EXPECT_EQ(p.delta, 0.5);
    EXPECT_EQ(p.headDim, 64);
    EXPECT_EQ(p.sections, (std::array<int, 3>{8, 12, 12}));
    EXPECT_EQ(p.options.at("tad.text_stride"), "paper");
    EXPECT_EQ(p.options.at("videorope.next_start"), "all-rows");
    EXPECT_EQ(p.options.at("videorope.temporal_band"), "high");
    EXPECT_EQ(p.options.at("videorope.spatial_order"), "sequential");
    EXPECT_EQ(p.options.at("videorope.diagonal"), "off");
    EXPECT_NO_THROW(validate(p));
}

TEST(ParamSchema, EveryParameterRoundTripsItsDefault) {
    for (const ParamSpec& s : paramSchema()) {
        Params p;
        const std::string d = defaultValue(s);
        EXPECT_NO_THROW(s.set(p, d)) << s.key << " = " << d;
        EXPECT_EQ(s.get(p), d) << s.key;
        EXPECT_FALSE(s.help.empty()) << s.key;
        EXPECT_FALSE(s.label.empty()) << s.key;
        if (s.type == ParamType::Enum || s.type == ParamType::Bool) {
            EXPECT_FALSE(s.choices.empty()) << s.key;
            for (const std::string& c : s.choices) {
                EXPECT_NO_THROW(s.set(p, c)) << s.key << " = " << c;
                EXPECT_EQ(s.get(p), c) << s.key;
            }
        }
    }
}

// A rejected value: the exception names the key and quotes the value.
void expectRejected(const char* key, const char* value, const char* expectedName) {
    Params p;
    try {
        setParam(p, key, value);
        FAIL() << key << " accepted \"" << value << "\"";
    } catch (const InvalidParameter& e) {
        EXPECT_EQ(e.name(), expectedName) << e.what();
        // The quoted value is the given text or the offending part of it ("x" of "16,24,x").
        EXPECT_NE(std::string(value).find(e.value()), std::string::npos) << e.what();
        if (*value) {
            EXPECT_FALSE(e.value().empty()) << e.what();
        }
        const std::string msg = e.what();
        EXPECT_NE(msg.find(expectedName), std::string::npos) << msg;
        if (*value) {
            EXPECT_NE(msg.find(e.value()), std::string::npos) << msg;
        }
        EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    }
}

TEST(ParamSchema, DeltaMustBePositive) {
    expectRejected("videorope.delta", "0", "videorope.delta");
    expectRejected("videorope.delta", "-1", "videorope.delta");
    expectRejected("videorope.delta", "-0.5", "videorope.delta");
    expectRejected("videorope.delta", "two", "videorope.delta");
    expectRejected("videorope.delta", "", "videorope.delta");
    expectRejected("videorope.delta", "nan", "videorope.delta");
    expectRejected("videorope.delta", "inf", "videorope.delta");
    expectRejected("delta", "0", "videorope.delta");  // by CLI flag name too
    Params p;
    EXPECT_NO_THROW(setParam(p, "videorope.delta", "0.001"));
    EXPECT_EQ(p.delta, 0.001);
}

TEST(ParamSchema, HeadDimMustBeAnEvenWholeNumber) {
    expectRejected("head_dim", "127", "head_dim");
    expectRejected("head_dim", "64.0", "head_dim");
    expectRejected("head_dim", "0", "head_dim");
    expectRejected("head_dim", "-2", "head_dim");
    expectRejected("head_dim", "wide", "head_dim");
}

TEST(ParamSchema, SectionsMustBeThreeWholeNumbers) {
    expectRejected("sections", "16,24", "sections");
    expectRejected("sections", "16,24,24,0", "sections");
    expectRejected("sections", "16,24,x", "sections");
    expectRejected("sections", "16,-24,72", "sections");
    expectRejected("sections", "", "sections");
}

TEST(ParamSchema, EnumsRejectUnknownChoices) {
    expectRejected("variant", "rope3d", "variant");
    expectRejected("variant", "VideoRoPE", "variant");
    expectRejected("videorope.next_start", "sideways", "videorope.next_start");
    expectRejected("tad.text_stride", "3", "tad.text_stride");
    expectRejected("videorope.temporal_band", "middle", "videorope.temporal_band");
    expectRejected("videorope.diagonal", "maybe", "videorope.diagonal");
}

TEST(ParamSchema, UnknownVariantMessageListsTheAllowedNames) {
    try {
        parseVariant("rope3d");
        FAIL();
    } catch (const InvalidParameter& e) {
        const std::string msg = e.what();
        for (const char* n : {"vanilla", "tad", "rope-tie", "m-rope", "videorope", "rope3d"})
            EXPECT_NE(msg.find(n), std::string::npos) << msg;
    }
}

TEST(ParamSchema, UnknownKeyIsRejected) {
    Params p;
    EXPECT_THROW(setParam(p, "videorope.speed", "2"), InvalidParameter);
    try {
        requireParam("videorope.speed");
        FAIL();
    } catch (const InvalidParameter& e) {
        EXPECT_NE(std::string(e.what()).find("videorope.speed"), std::string::npos);
    }
}

TEST(ParamSchema, MalformedSequenceThroughTheSchema) {
    expectRejected("sequence", "text:3,video:2x2", "sequence");
    Params p;
    setParam(p, "sequence", "text:3,video:2x2x3,text:2");
    EXPECT_EQ(p.sequence.tokenCount(), 17);
}

TEST(ParamSchema, ValidateSectionsSumToHalfTheHeadDim) {
    Params p;
    p.sections = {16, 24, 23};  // 63 ≠ 64
    try {
        validate(p);
        FAIL();
    } catch (const InvalidParameter& e) {
        EXPECT_EQ(e.name(), "sections");
        EXPECT_EQ(e.value(), "16,24,23");
    }
    // head_dim 64 needs sections summing to 32; the default 16,24,24 (64) is refused…
    setParam(p, "head_dim", "64");
    p.sections = {16, 24, 24};
    EXPECT_THROW(validate(p), InvalidParameter);
    // …and 8,12,12 (32) is accepted.
    setParam(p, "sections", "8,12,12");
    EXPECT_NO_THROW(validate(p));
}

TEST(ParamSchema, ValidateDeltaSetDirectly) {
    Params p;
    p.delta = -1;
    EXPECT_THROW(validate(p), InvalidParameter);
    p.delta = 0;
    EXPECT_THROW(validate(p), InvalidParameter);
    p.delta = std::nan("");
    EXPECT_THROW(validate(p), InvalidParameter);
}

TEST(ParamSchema, FormatNumberReadsBackExactly) {
    for (double v : {2.0, 0.5, 1e6, 0.1, 1.0 / 3.0, 12345.678, -2.25, 1e-9})
        EXPECT_EQ(std::stod(formatNumber(v)), v) << formatNumber(v);
    EXPECT_EQ(formatNumber(2.0), "2");
    EXPECT_EQ(formatNumber(0.5), "0.5");
}

TEST(InvalidParameter, MessageNamesInputRuleAndValue) {
    const InvalidParameter e("videorope.delta", "-1", "must be > 0");
    EXPECT_EQ(std::string(e.what()), "videorope.delta must be > 0 (got -1)");  // Errors.h contract
    EXPECT_EQ(e.name(), "videorope.delta");
    EXPECT_EQ(e.value(), "-1");
    EXPECT_EQ(e.rule(), "must be > 0");
}

}  // namespace
