// formats/OutputTransaction: a run's files appear together or not at all. Full disks are simulated
// with RLIMIT_FSIZE (tests/common/FileSizeLimit.h), a failing rename by an existing directory where
// a file must go.
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "tests/common/FileSizeLimit.h"
#include "core/Errors.h"
#include "formats/OutputTransaction.h"

namespace {

namespace fs = std::filesystem;
using rope::BadFile;
using rope::OutputTransaction;

struct Scratch {
    fs::path dir = fs::temp_directory_path() / ("ropescope-txn-" + std::to_string(::getpid()) + "-" +
                                                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    Scratch() {
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

std::string readAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::set<std::string> tree(const fs::path& dir) {  // every path under dir, relative
    std::set<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) out.insert(fs::relative(e.path(), dir).string());
    return out;
}

TEST(OutputTransaction, FilesAppearOnlyAtCommitAndAllTogether) {
    Scratch s;
    OutputTransaction t;
    t.write(s.dir / "a" / "one.txt", "first");
    t.write(s.dir / "a" / "b" / "two.txt", "second");
    EXPECT_FALSE(fs::exists(s.dir / "a" / "one.txt"));
    EXPECT_FALSE(fs::exists(s.dir / "a" / "b" / "two.txt"));
    t.commit();
    EXPECT_EQ(readAll(s.dir / "a" / "one.txt"), "first");
    EXPECT_EQ(readAll(s.dir / "a" / "b" / "two.txt"), "second");
    // Nothing else: no temporary, no backup.
    EXPECT_EQ(tree(s.dir), (std::set<std::string>{"a", "a/one.txt", "a/b", "a/b/two.txt"}));
}

TEST(OutputTransaction, WithoutCommitNothingOfTheRunRemains) {
    Scratch s;
    {
        OutputTransaction t;
        t.write(s.dir / "new" / "deep" / "x.txt", "x");
        const std::string reserved = t.reserve(s.dir / "new" / "y.bin");
        std::ofstream(reserved) << "partial";
    }  // e.g. an exception unwinds the command
    EXPECT_TRUE(tree(s.dir).empty()) << "the directories the run created are gone too";
}

TEST(OutputTransaction, FullDiskWhileWritingLeavesNothing) {
    Scratch s;
    std::ofstream(s.dir / "keep.txt") << "from an earlier run";
    bool threw = false;
    {
        OutputTransaction t;
        t.write(s.dir / "out" / "small.txt", "tiny");
        rope::test::FileSizeLimit full(64);  // any file may hold at most 64 bytes from here on
        ASSERT_TRUE(full.active());
        try {
            t.write(s.dir / "out" / "big.bin", std::string(100000, 'x'));
        } catch (const BadFile& e) {
            threw = true;
            EXPECT_NE(std::string(e.what()).find("big.bin"), std::string::npos) << e.what();
        }
    }
    EXPECT_TRUE(threw) << "a write that did not fit must throw, not leave a short file";
    EXPECT_EQ(tree(s.dir), (std::set<std::string>{"keep.txt"}));
    EXPECT_EQ(readAll(s.dir / "keep.txt"), "from an earlier run");
}

TEST(OutputTransaction, FailedCommitRestoresWhatWasThereAndRemovesTheRest) {
    Scratch s;
    std::ofstream(s.dir / "a.txt") << "old a";
    fs::create_directories(s.dir / "c.txt");  // a directory where the run wants a file: the rename fails
    OutputTransaction t;
    t.write(s.dir / "a.txt", "new a");
    t.write(s.dir / "b.txt", "new b");
    t.write(s.dir / "c.txt", "new c");
    EXPECT_THROW(t.commit(), BadFile);
    EXPECT_EQ(readAll(s.dir / "a.txt"), "old a") << "a replaced file is put back";
    EXPECT_FALSE(fs::exists(s.dir / "b.txt"));
    EXPECT_EQ(tree(s.dir), (std::set<std::string>{"a.txt", "c.txt"}));
}

TEST(OutputTransaction, ReservedFileTheWriterNeverMadeFailsTheCommit) {
    Scratch s;
    OutputTransaction t;
    t.write(s.dir / "a.txt", "a");
    (void)t.reserve(s.dir / "b.bin");  // writer "forgot" (or failed silently)
    EXPECT_THROW(t.commit(), BadFile);
    EXPECT_TRUE(tree(s.dir).empty());
}

TEST(OutputTransaction, WriteWholeFileReportsAFullDisk) {
    Scratch s;
    rope::test::FileSizeLimit full(10);
    ASSERT_TRUE(full.active());
    // Smaller than the stream buffer: only flush/close can notice (the bug of checking before flushing).
    EXPECT_THROW(rope::writeWholeFile((s.dir / "f").string(), std::string(100, 'y')), BadFile);
}

}  // namespace
