// Dispatch of the command line (app/cli/Dispatch.cpp, shared/specs/cli.md "Errors"): which
// executable handles the arguments (route), unknown commands with the nearest name, the final catch
// of every exception, the check of stdout after the command, and echoed values kept to one
// bounded line (rope::printable). Hostile inputs from issue 13, items 2, 4, 8, 9, 13 and 14.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

#include "app/cli/ArgParser.h"
#include "app/cli/Cli.h"
#include "core/Errors.h"

namespace {

namespace fs = std::filesystem;
using Args = std::vector<std::string>;
using rope::cli::Route;

struct Result {
    int code = -1;
    std::string out, err;
};

Result run(const Args& args, const rope::cli::CommandTable& app = {}) {
    std::ostringstream out, err;
    Result r;
    r.code = rope::cli::run(args, out, err, app);
    r.out = out.str();
    r.err = err.str();
    return r;
}

/// Exactly one line on stderr, nothing on stdout, and the status asked for.
void expectOneLineError(const Result& r, int code, const std::string& mention) {
    EXPECT_EQ(r.code, code) << r.err;
    EXPECT_EQ(r.out, "");
    ASSERT_FALSE(r.err.empty());
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "not one line: " << r.err;
    EXPECT_NE(r.err.find(mention), std::string::npos) << "should mention [" << mention << "]: " << r.err;
}

// --- route: the window only for no argument or an existing STUDY.json (item 4) -----------------

TEST(Route, WindowOnlyForNoArgumentAStudyFileOrTheGuiBenchmark) {
    const fs::path dir = fs::temp_directory_path() / ("ropescope-route-" + std::to_string(::getpid()));
    fs::create_directories(dir / "folder.json");
    const std::string study = (dir / "study.json").string();
    std::ofstream(study) << "{}";
    EXPECT_EQ(rope::cli::route({}), Route::Desktop);
    EXPECT_EQ(rope::cli::route({study}), Route::Desktop);
    EXPECT_EQ(rope::cli::route({"--bench-gui"}), Route::Desktop);
    EXPECT_EQ(rope::cli::route({"--bench-gui", "out.json"}), Route::Desktop);
    // Everything else is the command line, never a window.
    for (const Args& a : {Args{"positon"}, Args{"--bogus"}, Args{""}, Args{"POSITIONS"}, Args{"positions", "--json"},
                          Args{"--help"}, Args{(dir / "missing.json").string()}, Args{(dir / "folder.json").string()},
                          Args{study, "extra"}, Args{"--bench-gui", "a", "b"}, Args{"study.txt"}})
        EXPECT_EQ(rope::cli::route(a), Route::Headless) << (a.empty() ? "" : a[0]);
    EXPECT_EQ(rope::cli::route({"attention", "--video", "v.mp4"}), Route::AppCommand);
    fs::remove_all(dir);
}

TEST(UnknownCommand, NamesTheNearestCommand) {
    expectOneLineError(run({"positon", "--sequence", "text:3"}), 2, "unknown command 'positon' (did you mean 'positions'?)");
    expectOneLineError(run({"POSITIONS"}), 2, "unknown command 'POSITIONS' (did you mean 'positions'?)");
    expectOneLineError(run({"rotery"}), 2, "(did you mean 'rotary'?)");
    expectOneLineError(run({"vniah-ablaton"}), 2, "(did you mean 'vniah-ablation'?)");
    expectOneLineError(run({"attenton"}), 2, "(did you mean 'attention'?)");  // app commands too
    expectOneLineError(run({"--hepl"}), 2, "(did you mean '--help'?)");
}

TEST(UnknownCommand, NothingCloseSaysWhereTheListIs) {
    expectOneLineError(run({"frobnicate"}), 2, "unknown command 'frobnicate' (ropescope --help lists the commands)");
    expectOneLineError(run({"--bogus"}), 2, "unknown command '--bogus' (the command comes first");
    expectOneLineError(run({""}), 2, "unknown command ''");
    expectOneLineError(run({"missing.json"}), 2, "no study file 'missing.json'");
}

TEST(AppCommand, WithoutTheAppTableSaysWhereItRuns) {
    // The light front never runs `attention` itself (it execs ropescope-app); in-process without
    // the app table it is a failure of this program, not bad input.
    expectOneLineError(run({"attention", "--video", "x.mp4"}), 1, "ropescope-app");
}

TEST(Help, ListsCoreAndAppCommands) {
    const Result r = run({"--help"});
    EXPECT_EQ(r.code, 0);
    for (const char* name : {"positions", "rotary", "properties", "vniah", "vniah-ablation", "attention"})
        EXPECT_NE(r.out.find("\n  " + std::string(name) + " "), std::string::npos) << name;
}

// --- the final catch (item 2) --------------------------------------------------------------------

TEST(FinalCatch, EveryExceptionBecomesOneLineAndAStatus) {
    const auto throwing = [](auto thrower) {
        // (Commands write only once their answer is computed, so a throw leaves stdout empty.)
        return rope::cli::CommandTable{{"attention", [thrower](const Args&, std::ostream&) -> int {
                                            thrower();
                                            return 0;
                                        }}};
    };
    // Input errors: exit 2.
    expectOneLineError(run({"attention"}, throwing([] { throw rope::TooLarge("grid 1x1x50000000 needs 9 GiB"); })), 2,
                       "ropescope attention: grid 1x1x50000000 needs 9 GiB");
    expectOneLineError(run({"attention"}, throwing([] { throw std::bad_alloc(); })), 2, "out of memory");
    // Anything else is an internal error: exit 1, still one line (the newline in what() escaped).
    expectOneLineError(run({"attention"}, throwing([] { throw std::runtime_error("cv::resize failed\nsecond line"); })),
                       1, "internal error: cv::resize failed\\nsecond line");
    expectOneLineError(run({"attention"}, throwing([] { throw std::system_error(std::make_error_code(std::errc::io_error)); })),
                       1, "internal error");
    expectOneLineError(run({"attention"}, throwing([] { throw 42; })), 1, "internal error: an unknown exception");
}

// --- stdout is checked after the command (item 9) ------------------------------------------------

/// A stream buffer that refuses every byte, like a full disk.
struct RefusingBuffer : std::streambuf {
    int overflow(int) override { return traits_type::eof(); }
    std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
};

/// A stream buffer that takes bytes into its buffer but cannot flush them (the small answer that
/// sits in the buffer until exit, then fails).
struct FailingFlushBuffer : std::streambuf {
    char area[1 << 16];
    FailingFlushBuffer() { setp(area, area + sizeof area); }
    int sync() override { return -1; }
};

Result runInto(std::streambuf& buffer, const Args& args) {
    std::ostream out(&buffer);
    std::ostringstream err;
    Result r;
    r.code = rope::cli::run(args, out, err);
    r.err = err.str();
    return r;
}

TEST(OutputCheck, AFailedWriteIsExitOneWithAMessage) {
    const Args cases[] = {{"positions", "--sequence", "text:3,video:2x2x3,text:2", "--json"},
                          {"rotary", "--sequence", "text:2", "--head-dim", "8", "--sections", "2,1,1"},
                          {"properties", "--variant", "m-rope"},
                          {"vniah", "--variant", "vanilla", "--option", "vniah.lengths=100", "--option", "vniah.depths=0",
                           "--seeds", "1", "--quiet"},
                          {"--help"},
                          {"vniah", "--help"},
                          {"--version"}};
    for (const Args& a : cases) {
        RefusingBuffer full;
        expectOneLineError(runInto(full, a), 1, "cannot write the output to stdout");
        FailingFlushBuffer late;
        expectOneLineError(runInto(late, a), 1, "cannot write the output to stdout");
    }
}

// --- echoed values: one line, bounded (items 8 and 13) -------------------------------------------

TEST(Printable, EscapesWhatATerminalWouldActOn) {
    using rope::printable;
    EXPECT_EQ(printable("text:3"), "text:3");
    EXPECT_EQ(printable("2\n\x1b[31mred"), "2\\n\\x1B[31mred");
    EXPECT_EQ(printable("a\tb\rc\x7f"), "a\\tb\\rc\\x7F");
    EXPECT_EQ(printable("\xce\xb4 \xc3\x97 \xe2\x80\x94"), "\xce\xb4 \xc3\x97 \xe2\x80\x94");  // δ × — stay
    EXPECT_EQ(printable("\xc2\x9b" "31m"), "\\u009B31m");                                     // C1 CSI
    EXPECT_EQ(printable("\xe2\x80\xae" "txt"), "\\u202Etxt");                                 // right-to-left override
    EXPECT_EQ(printable("\xe2\x80\xa8"), "\\u2028");                                          // line separator
    EXPECT_EQ(printable("\xff"), "\\xFF");                                                    // not UTF-8
    EXPECT_EQ(printable("\xe2\x80"), "\\xE2\\x80");                                           // cut short
    EXPECT_EQ(printable("\xc0\xaf"), "\\xC0\\xAF");                                           // overlong '/'
    EXPECT_EQ(printable("\xed\xa0\x80"), "\\xED\\xA0\\x80");                                  // a surrogate
    EXPECT_EQ(printable(std::string("a\0b", 3)), "a\\x00b");
}

TEST(Printable, ShowsTheFirstEightyCharacters) {
    using rope::printable;
    EXPECT_EQ(printable(std::string(80, 'a')), std::string(80, 'a'));
    EXPECT_EQ(printable(std::string(81, 'a')), std::string(80, 'a') + "\xe2\x80\xa6");
    std::string deltas;
    for (int i = 0; i < 81; ++i) deltas += "\xce\xb4";  // 81 characters, 162 bytes
    std::string first80;
    for (int i = 0; i < 80; ++i) first80 += "\xce\xb4";
    EXPECT_EQ(printable(deltas), first80 + "\xe2\x80\xa6");
}

TEST(EchoedValues, ControlCharactersAreEscapedOnOneLine) {
    const Result r = run({"positions", "--variant", "videorope", "--delta", "2\n\x1b[31mred"});
    expectOneLineError(r, 2, "2\\n\\x1B[31mred");
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
    expectOneLineError(run({"positions", "--sequence", "text:3\r\x1b]0;title\x07"}), 2, "\\r\\x1B]0;title\\x07");
    expectOneLineError(run({"\x1b[2Jpositions"}), 2, "unknown command '\\x1B[2Jpositions'");
    expectOneLineError(run({"positions", "--\x1b[31m"}), 2, "--\\x1B[31m");
}

TEST(EchoedValues, AHugeValueIsCutAtEightyCharacters) {
    const std::string huge(20'000'000, 'v');  // 20 MB, as in a hostile study
    for (const Args& a : {Args{"positions", "--variant", huge}, Args{"positions", "--sequence", huge}, Args{huge},
                          Args{"positions", "--option", "videorope.next_start=" + huge}}) {
        const Result r = run(a);
        EXPECT_EQ(r.code, 2);
        EXPECT_LT(r.err.size(), 1500u) << r.err.substr(0, 200);
        EXPECT_NE(r.err.find(std::string(80, 'v') + "\xe2\x80\xa6"), std::string::npos) << r.err.substr(0, 300);
        EXPECT_EQ(r.err.find(std::string(81, 'v')), std::string::npos);
    }
}

// --- values are taken as given (item 14) ---------------------------------------------------------

TEST(StrictValues, EmptyOrPaddedValuesAreRefusedNotDefaulted) {
    const std::set<std::string> commandFlags = {"grid", "model", "frames"};
    for (const auto& [flag, value] : std::vector<std::pair<std::string, std::string>>{
             {"--grid", ""}, {"--model", ""}, {"--frames", " 8"}, {"--frames", "8 "}, {"--grid", "\t9x16"},
             {"--delta", " 2"}, {"--sequence", "text:3 "}, {"--option", " videorope.delta=2"}}) {
        try {
            rope::cli::parseArgs({flag, value}, {}, commandFlags);
            ADD_FAILURE() << flag << " [" << value << "] was accepted";
        } catch (const rope::InvalidParameter& e) {
            EXPECT_EQ(e.name(), flag);
            EXPECT_EQ(e.value(), value);
        }
    }
    // The same values without padding parse.
    const rope::cli::ParsedArgs ok = rope::cli::parseArgs({"--grid", "9x16", "--frames", "8", "--delta", "2"}, {}, commandFlags);
    EXPECT_EQ(ok.values.at("grid"), "9x16");
    EXPECT_EQ(ok.values.at("frames"), "8");
    // Through the commands: exit 2, one line, the padded value shown in quotes.
    expectOneLineError(run({"positions", "--delta", " 2"}), 2, "--delta must not start or end with white space (got \" 2\")");
    expectOneLineError(run({"vniah", "--threads", " 4"}), 2, "--threads");
    expectOneLineError(run({"vniah", "--out", ""}), 2, "--out");
}

}  // namespace
