// `ropescope attention` takes flag values as given (issue 13 item 14): a trailing separator, an
// empty value or padding is refused with the rule (exit 2, one line), never read as a default.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "TempDir.h"
#include "TestVideo.h"
#include "app/cli/AppCommands.h"
#include "app/cli/Cli.h"

namespace rope {
namespace {

TEST(AttentionStrictFlags, MalformedGridFramesAndModelAreRefused) {
    test::TempDir dir("attention-strict");
    const std::string video = test::writeTestVideo(dir / "clip.avi", 8, 64, 48, 10.0);
    ASSERT_FALSE(video.empty());
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--grid", "2x3x"}, "--grid"},  {{"--grid", ""}, "--grid"},     {{"--grid", "2x 3"}, "--grid"},
        {{"--grid", "+2x3"}, "--grid"},  {{"--model", ""}, "--model"},   {{"--frames", " 4"}, "--frames"},
        {{"--query", "0,0,0,"}, "--query"},
    };
    for (const auto& [flags, name] : cases) {
        std::vector<std::string> args = {"attention", "--video", video, "--quiet"};
        args.insert(args.end(), flags.begin(), flags.end());
        std::ostringstream out, err;
        EXPECT_EQ(cli::run(args, out, err, cli::appCommands()), 2) << flags[1] << ": " << err.str();
        EXPECT_EQ(out.str(), "") << flags[1];
        const std::string message = err.str();
        EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 1) << message;
        EXPECT_NE(message.find(name), std::string::npos) << message;
    }
    // The well-formed grid runs.
    std::ostringstream out, err;
    EXPECT_EQ(cli::run({"attention", "--video", video, "--frames", "2", "--grid", "2x3", "--quiet", "--json"}, out, err,
                       cli::appCommands()),
              0)
        << err.str();
}

}  // namespace
}  // namespace rope
