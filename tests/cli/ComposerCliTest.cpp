// The composer on the command line (issue 15): `--variant-file FILE` and `--design/--allocation/
// --option` stand in for --variant in every command; `variants --designs` lists the catalogue; bad
// combinations and bad files exit 2 with one line naming the conflict and nothing on stdout.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "app/cli/Cli.h"
#include "tests/common/CliRun.h"
#include "core/ParamSchema.h"
#include "core/variants/Catalogue.h"
#include "core/variants/UserVariants.h"
#include "core/variants/Variant.h"
#include "core/variants/VariantFile.h"

namespace {

using nlohmann::json;
using Args = std::vector<std::string>;

using Result = rope::testing::CliResult;
Result run(const Args& args) { return rope::testing::runCli(args); }

json runJson(const Args& args) {
    const Result r = run(args);
    EXPECT_EQ(r.code, 0) << r.err;
    try {
        return json::parse(r.out);
    } catch (const std::exception& e) {
        ADD_FAILURE() << e.what() << ": " << r.out.substr(0, 300);
        return json::object();
    }
}

void expectBadInput(const Args& args, const std::string& words) {
    const Result r = run(args);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out.substr(0, 200);
    EXPECT_NE(r.err.find(words), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
}

std::string tempFile(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / ("ropescope-composer-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
}

// Hand derivation (DL off, NoPE band; see tests/core/ComposerTest.cpp): st = 3, frame f at
// t = 3 + 2f, h = 3 + y, w = 3 + x; text after the block at max t + 1 = 6.
TEST(ComposerCli, DesignAndAllocationOnTheCommandLine) {
    const json j = runJson({"positions", "--design", "diagonal", "--allocation", "zero-temporal-band", "--option",
                            "diagonal.centred=off", "--variant-name", "cli-nodl-nope", "--sequence",
                            "text:3,video:2x2x3,text:2", "--json"});
    EXPECT_EQ(j.at("variant"), "cli-nodl-nope");
    EXPECT_EQ(j.at("t"), json({0, 1, 2, 3, 3, 3, 3, 3, 3, 5, 5, 5, 5, 5, 5, 6, 7}));
    EXPECT_EQ(j.at("h"), json({0, 1, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4, 6, 7}));
    EXPECT_EQ(j.at("w"), json({0, 1, 2, 3, 4, 5, 3, 4, 5, 3, 4, 5, 3, 4, 5, 6, 7}));
    const json r = runJson({"rotary", "--design", "diagonal", "--allocation", "zero-temporal-band", "--option",
                            "diagonal.centred=off", "--variant-name", "cli-nodl-nope", "--sequence", "text:1,video:1x1x2",
                            "--head-dim", "8", "--sections", "2,1,1", "--json"});
    // R = 8, pairs 0,1 h/w, pairs 2,3 the NoPE band: cos 1, sin 0 in channels 2, 3 (and 6, 7).
    for (const json& row : r.at("sin")) {
        EXPECT_EQ(row[2], 0.0);
        EXPECT_EQ(row[3], 0.0);
    }
}

// A variant file derived from each built-in gives that built-in's positions, cos/sin and Table 1.
TEST(ComposerCli, VariantFileDerivedFromEveryBuiltinMatchesIt) {
    for (const rope::VariantEntry& e : rope::variantRegistry()) {
        const std::string seq = e.name == "circle-rope" ? "text:2,image:3x4,text:1" : "text:2,video:2x3x4,text:1";
        const std::string file = tempFile(e.name + ".json", rope::variantFileText(rope::deriveCustomVariant(
                                                                rope::paramsFor(e.name), "file-" + e.name)));
        for (const char* command : {"positions", "rotary", "properties"}) {
            json builtin = runJson({command, "--variant", e.name, "--sequence", seq, "--delta", "1.5", "--json"});
            json custom = runJson({command, "--variant-file", file, "--sequence", seq, "--delta", "1.5", "--json"});
            EXPECT_EQ(custom.value("variant", ""), "file-" + e.name) << command;
            builtin.erase("variant"), custom.erase("variant");
            EXPECT_EQ(builtin, custom) << e.name << " " << command;
        }
        std::filesystem::remove(file);
    }
}

TEST(ComposerCli, BadCombinationsAndFilesExitTwoNamingTheConflict) {
    const Args seq{"--sequence", "text:2,video:2x2x2", "--json"};
    auto with = [&](Args a) {
        a.insert(a.end(), seq.begin(), seq.end());
        return a;
    };
    expectBadInput(with({"positions", "--design", "diagonal", "--allocation", "per-stream"}),
                   "reads axes s0, s1, s2, s3 but design diagonal produces t, h, w");
    expectBadInput(with({"positions", "--design", "spiral", "--allocation", "single-axis"}), "design must be one of");
    expectBadInput(with({"positions", "--design", "diagonal", "--allocation", "section-bands", "--option", "diagonal.stride=0"}),
                   "diagonal.stride must be a number > 0");
    expectBadInput(with({"positions", "--design", "diagonal", "--allocation", "section-bands", "--option", "ring.alpha=0.5"}),
                   "is not an option of design diagonal or allocation section-bands");
    expectBadInput(with({"positions", "--variant", "m-rope", "--option", "diagonal.stride=1"}),
                   "is an option of design diagonal; pass --design NAME --allocation NAME");
    expectBadInput(with({"positions", "--design", "diagonal"}), "--allocation is needed too");
    expectBadInput(with({"positions", "--design", "grid", "--allocation", "single-axis", "--variant-name", "m-rope"}),
                   "is a built-in variant");
    expectBadInput(with({"positions", "--variant-file", "/nonexistent/mine.json"}), "/nonexistent/mine.json: not found");
    const std::string bad = tempFile("bad.json", "{\"ropescope_variant\": 1, ");
    expectBadInput(with({"positions", "--variant-file", bad}), bad + ": not valid JSON");
    const std::string newer = tempFile("newer.json", R"({"ropescope_variant": 9, "name": "x", "design": "grid", "allocation": "single-axis"})");
    expectBadInput(with({"rotary", "--variant-file", newer}), newer + ": written by a newer RoPEScope (variant file version 9)");
    const std::string ok = tempFile("ok.json", R"({"ropescope_variant": 1, "name": "cli-ok", "design": "grid", "allocation": "single-axis"})");
    expectBadInput(with({"positions", "--variant", "m-rope", "--variant-file", ok}), "cannot be combined");
    expectBadInput(with({"positions", "--variant-file", ok, "--design", "grid", "--allocation", "single-axis"}), "cannot be combined");
    EXPECT_EQ(run(with({"properties", "--variant-file", ok})).code, 0);
    for (const std::string& f : {bad, newer, ok}) std::filesystem::remove(f);
}

TEST(ComposerCli, VariantsListsTheDesignsAndAllocations) {
    const Result text = run({"variants", "--designs"});
    ASSERT_EQ(text.code, 0) << text.err;
    for (const rope::DesignDecl& d : rope::designCatalogue()) EXPECT_NE(text.out.find("  " + d.name + " — "), std::string::npos) << d.name;
    for (const rope::AllocationDecl& a : rope::allocationCatalogue())
        EXPECT_NE(text.out.find("  " + a.name + " — "), std::string::npos) << a.name;
    EXPECT_NE(text.out.find("--option diagonal.stride (default delta; or delta)"), std::string::npos);
    const json j = runJson({"variants", "--designs", "--json"});
    ASSERT_EQ(j.at("designs").size(), rope::designCatalogue().size());
    ASSERT_EQ(j.at("allocations").size(), rope::allocationCatalogue().size());
    for (const json& a : j.at("allocations"))
        if (a.at("name") == "per-stream") EXPECT_EQ(a.at("reads_axes"), json({"s0", "s1", "s2", "s3"}));
    // Every built-in names its composition.
    const json v = runJson({"variants", "--json"});
    for (const json& e : v.at("variants")) {
        ASSERT_TRUE(e.contains("composition")) << e.at("name");
        EXPECT_NE(rope::findDesign(e.at("composition").at("design").get<std::string>()), nullptr);
    }
}

}  // namespace
