// q/k capture files: round trips through our writer, hand-made files in the documented schema, a
// table of files that break the capture rules (each a BadFile naming the expected layout), and
// mutated files that must never crash.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "TestFiles.h"
#include "core/Errors.h"
#include "formats/CaptureFile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

using namespace rope;
using ropetest::f32Bytes;
using ropetest::fileImage;
using ropetest::u16Bytes;

/// A capture with distinct, exactly representable values (multiples of 1/8, |x| < 64: exact in F16
/// and BF16 too when |x| < 2 — see smallValues).
QkCapture makeCapture(int64_t layers, int64_t heads, int64_t T, int64_t H, int64_t W, int64_t d, bool smallValues = false) {
    QkCapture c;
    for (QkTensor* t : {&c.q, &c.k}) {
        t->layers = layers, t->heads = heads, t->tokens = T * H * W, t->headDim = d;
        t->data.resize(static_cast<size_t>(t->size()));
    }
    for (size_t i = 0; i < c.q.data.size(); ++i) {
        const int v = static_cast<int>(i % 31) - 15;
        c.q.data[i] = smallValues ? v / 8.0f : v * 1.375f + 0.001f * static_cast<float>(i);
        c.k.data[i] = smallValues ? -v / 16.0f : -v * 0.625f - 0.002f * static_cast<float>(i);
    }
    c.frames = T, c.rows = H, c.cols = W;
    c.frameTimes.resize(static_cast<size_t>(T));
    for (int64_t f = 0; f < T; ++f) c.frameTimes[static_cast<size_t>(f)] = 0.5 * static_cast<double>(f) + 1.0 / 3.0;
    c.sourceModel = "test model ☃";
    return c;
}

TEST(CaptureFile, RoundTripF32IsExact) {
    ropetest::TempDir dir("cap");
    const std::string path = dir.file("c.safetensors");
    const QkCapture c = makeCapture(2, 3, 2, 2, 3, 4);
    writeCapture(path, c);
    EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));

    const QkCapture back = readCapture(path);
    EXPECT_EQ(back.q.layers, 2);
    EXPECT_EQ(back.q.heads, 3);
    EXPECT_EQ(back.q.tokens, 12);
    EXPECT_EQ(back.q.headDim, 4);
    EXPECT_EQ(back.q.data, c.q.data);
    EXPECT_EQ(back.k.data, c.k.data);
    EXPECT_EQ(back.frames, 2);
    EXPECT_EQ(back.rows, 2);
    EXPECT_EQ(back.cols, 3);
    EXPECT_EQ(back.frameTimes, c.frameTimes);  // JSON numbers round-trip doubles exactly
    EXPECT_EQ(back.sourceModel, c.sourceModel);

    const CaptureInfo info = readCaptureInfo(path);
    EXPECT_EQ(info.qDtype, "F32");
    EXPECT_EQ(info.floatBytes(), 2.0 * 4 * 2 * 3 * 12 * 4);
}

TEST(CaptureFile, RoundTripF16AndBf16) {
    ropetest::TempDir dir("cap");
    const QkCapture c = makeCapture(1, 2, 3, 1, 2, 6, /*smallValues=*/true);
    for (TensorDtype dt : {TensorDtype::F16, TensorDtype::BF16}) {
        const std::string path = dir.file(std::string("c-") + dtypeName(dt) + ".safetensors");
        writeCapture(path, c, dt);
        const QkCapture back = readCapture(path);
        EXPECT_EQ(readCaptureInfo(path).qDtype, dtypeName(dt));
        EXPECT_EQ(back.q.data, c.q.data);  // multiples of 1/16 below 2 are exact in both
        EXPECT_EQ(back.k.data, c.k.data);
    }
}

TEST(CaptureFile, ReadCaptureHeadReadsOneContiguousSlice) {
    ropetest::TempDir dir("cap");
    const std::string path = dir.file("c.safetensors");
    const QkCapture c = makeCapture(3, 2, 1, 2, 2, 4);
    writeCapture(path, c);
    const QkCapture one = readCaptureHead(path, 2, 1);
    EXPECT_EQ(one.q.layers, 1);
    EXPECT_EQ(one.q.heads, 1);
    for (int64_t n = 0; n < 4; ++n)
        for (int64_t ch = 0; ch < 4; ++ch) {
            EXPECT_EQ(one.q.token(0, 0, n)[ch], c.q.token(2, 1, n)[ch]);
            EXPECT_EQ(one.k.token(0, 0, n)[ch], c.k.token(2, 1, n)[ch]);
        }
    EXPECT_THROW(readCaptureHead(path, 3, 0), InvalidParameter);
    EXPECT_THROW(readCaptureHead(path, 0, -1), InvalidParameter);
}

TEST(CaptureFile, HandWrittenFileInTheDocumentedSchema) {
    // What docs/capture-format.md describes, written byte by byte: 1 layer, 1 head, grid 1x1x2,
    // head_dim 2; q in BF16, k in F16, no format key (it is optional).
    const std::string header =
        R"({"__metadata__":{"ropescope.grid":" 1, 1 ,2","ropescope.source_model":"hand"},)"
        R"("q":{"dtype":"BF16","shape":[1,1,2,2],"data_offsets":[0,8]},)"
        R"("k":{"dtype":"F16","shape":[1,1,2,2],"data_offsets":[8,16]}})";
    const std::string buffer = u16Bytes({0x3F80, 0xC040, 0x3E80, 0x4049}) + u16Bytes({0x3C00, 0xC000, 0x3800, 0x7BFF});
    ropetest::TempDir dir("cap");
    const QkCapture c = readCapture(dir.write("hand.safetensors", fileImage(header, buffer)));
    EXPECT_EQ(c.q.data, (std::vector<float>{1.0f, -3.0f, 0.25f, 3.140625f}));
    EXPECT_EQ(c.k.data, (std::vector<float>{1.0f, -2.0f, 0.5f, 65504.0f}));
    EXPECT_EQ(c.frames * c.rows * c.cols, 2);
    EXPECT_TRUE(c.frameTimes.empty());
    EXPECT_EQ(c.sourceModel, "hand");
}

TEST(CaptureFile, FileWrittenTheWaySafetensorsPythonWritesIt) {
    // Runs the stdlib-only writer of docs/capture-format.md (same byte layout as
    // safetensors.torch.save_file) when python3 is present.
    if (std::system("python3 --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "python3 not installed";
    ropetest::TempDir dir("cap");
    const std::string path = dir.file("py.safetensors");
    const std::string cmd = std::string("python3 ") + ROPESCOPE_FORMATS_TEST_DIR + "/write_capture_stdlib.py " + path;
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    const QkCapture c = readCapture(path);
    // The script stores q[l][h][n][c] = l*1000 + h*100 + n + c/4 and k = -q, grid 2x2x3, d = 4.
    EXPECT_EQ(c.q.layers, 2);
    EXPECT_EQ(c.q.heads, 2);
    EXPECT_EQ(c.frames, 2);
    EXPECT_EQ(c.rows, 2);
    EXPECT_EQ(c.cols, 3);
    EXPECT_EQ(c.frameTimes, (std::vector<double>{0.0, 0.5}));
    EXPECT_EQ(c.sourceModel, "stdlib example");
    EXPECT_EQ(c.q.token(1, 0, 5)[3], 1000.0f + 5 + 0.75f);
    EXPECT_EQ(c.k.token(0, 1, 11)[2], -(100.0f + 11 + 0.5f));
}

// ---- files that break the capture rules -------------------------------------------------------

std::string qkFile(const std::string& meta, const std::string& qEntry, const std::string& kEntry, const std::string& buffer) {
    std::string h = "{";
    if (!meta.empty()) h += R"("__metadata__":{)" + meta + "},";
    if (!qEntry.empty()) h += R"("q":)" + qEntry;
    if (!qEntry.empty() && !kEntry.empty()) h += ",";
    if (!kEntry.empty()) h += R"("k":)" + kEntry;
    return fileImage(h + "}", buffer);
}

TEST(CaptureFile, BrokenCapturesAreBadFileNamingTheLayout) {
    const std::string grid = R"("ropescope.grid":"1,1,2")";
    const std::string q = R"({"dtype":"F32","shape":[1,1,2,2],"data_offsets":[0,16]})";
    const std::string k = R"({"dtype":"F32","shape":[1,1,2,2],"data_offsets":[16,32]})";
    const std::string buf = f32Bytes({1, 2, 3, 4, 5, 6, 7, 8});
    struct Case {
        const char* what;
        std::string image;
        const char* mustMention;
    };
    const std::vector<Case> cases = {
        {"missing q", qkFile(grid, "", k, buf), "\"q\" is missing"},
        {"missing k", qkFile(grid, q, "", buf), "\"k\" is missing"},
        {"q/k shape mismatch", qkFile(R"("ropescope.grid":"1,1,2")", q,
                                      R"({"dtype":"F32","shape":[1,2,1,2],"data_offsets":[16,32]})", buf), "must be equal"},
        {"rank 3", qkFile(grid, R"({"dtype":"F32","shape":[1,2,2],"data_offsets":[0,16]})",
                          R"({"dtype":"F32","shape":[1,2,2],"data_offsets":[16,32]})", buf), "rank 3"},
        {"empty dimension", qkFile(grid, R"({"dtype":"F32","shape":[0,1,2,2],"data_offsets":[0,0]})",
                                   R"({"dtype":"F32","shape":[0,1,2,2],"data_offsets":[0,0]})", ""), "empty dimension"},
        {"odd head_dim", qkFile(R"("ropescope.grid":"1,1,4")", R"({"dtype":"F32","shape":[1,1,4,1],"data_offsets":[0,16]})",
                                R"({"dtype":"F32","shape":[1,1,4,1],"data_offsets":[16,32]})", buf), "even head_dim"},
        {"unsupported dtype", qkFile(grid, R"({"dtype":"I32","shape":[1,1,2,2],"data_offsets":[0,16]})", k, buf),
         "supported: F32, F16, BF16"},
        {"grid missing", qkFile("", q, k, buf), "ropescope.grid"},
        {"grid inconsistent with tokens", qkFile(R"("ropescope.grid":"1,2,2")", q, k, buf), "hold 2 tokens"},
        {"grid with two numbers", qkFile(R"("ropescope.grid":"1,2")", q, k, buf), "T,H,W"},
        {"grid with four numbers", qkFile(R"("ropescope.grid":"1,1,2,1")", q, k, buf), "T,H,W"},
        {"grid with a zero", qkFile(R"("ropescope.grid":"0,1,2")", q, k, buf), "T,H,W"},
        {"grid text", qkFile(R"("ropescope.grid":"2x1x1")", q, k, buf), "T,H,W"},
        {"grid overflowing", qkFile(R"("ropescope.grid":"4294967296,4294967296,4")", q, k, buf), "overflow"},
        {"frame times not JSON", qkFile(grid + R"(,"ropescope.frame_times":"[0, 1")", q, k, buf), "frame_times"},
        {"frame times wrong count", qkFile(grid + R"(,"ropescope.frame_times":"[0, 1]")", q, k, buf), "2 entries"},
        {"frame times not numbers", qkFile(grid + R"(,"ropescope.frame_times":"[\"a\"]")", q, k, buf), "frame_times"},
        {"frame times infinite", qkFile(grid + R"(,"ropescope.frame_times":"[1e999]")", q, k, buf), "frame_times"},
        {"other format version", qkFile(grid + R"(,"ropescope.format":"qk-capture/2")", q, k, buf), "qk-capture/1"},
        {"NaN in q", qkFile(grid, q, k, f32Bytes({1, 2, 3, std::numeric_limits<float>::quiet_NaN(), 5, 6, 7, 8})),
         "non-finite value (nan) at [0, 0, 1, 1]"},
        {"inf in k", qkFile(grid, q, k, f32Bytes({1, 2, 3, 4, 5, 6, 7, std::numeric_limits<float>::infinity()})),
         "non-finite value (inf) at [0, 0, 1, 1]"},
        {"truncated buffer", qkFile(grid, q, k, buf.substr(0, 31)), "past the end"},
    };
    ropetest::TempDir dir("cap");
    for (const Case& c : cases) {
        SCOPED_TRACE(c.what);
        const std::string path = dir.write("bad.safetensors", c.image);
        for (int head = 0; head < 2; ++head) {  // the whole capture and the one-head path
            try {
                if (head) {
                    readCaptureHead(path, 0, 0);
                } else {
                    readCapture(path);
                }
                ADD_FAILURE() << "accepted";
            } catch (const BadFile& e) {
                const std::string m = e.what();
                EXPECT_NE(m.find(path + ": "), std::string::npos) << m;
                EXPECT_NE(m.find(c.mustMention), std::string::npos) << m;
                EXPECT_NE(m.find("expected a q/k capture (qk-capture/1)"), std::string::npos) << m;
                EXPECT_NE(m.find("[layers, heads, tokens, head_dim]"), std::string::npos) << m;
            }
        }
    }
}

TEST(CaptureFile, MemoryBudgetRefusalGivesTheEstimate) {
    ropetest::TempDir dir("cap");
    const std::string path = dir.file("c.safetensors");
    writeCapture(path, makeCapture(4, 4, 16, 8, 8, 64));  // q + k as float: 2·4·4·1024·64·4 B = 8 MiB
    try {
        readCapture(path, /*memoryBudgetMiB=*/2);
        ADD_FAILURE() << "accepted";
    } catch (const TooLarge& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("8 MiB"), std::string::npos) << m;
        EXPECT_NE(m.find("budget of 2 MiB"), std::string::npos) << m;
    }
    EXPECT_NO_THROW(readCaptureHead(path, 3, 3, 2));  // one head: 2·1024·64·4 B = 512 KiB
}

TEST(CaptureFile, WriteIsAtomicAndValidates) {
    ropetest::TempDir dir("cap");
    const std::string path = dir.write("c.safetensors", "old contents");
    writeCapture(path, makeCapture(1, 1, 1, 1, 2, 2));
    EXPECT_EQ(readCapture(path).q.tokens, 2);
    EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));

    QkCapture bad = makeCapture(1, 1, 1, 1, 2, 2);
    bad.k.headDim = 4;
    EXPECT_THROW(writeCapture(dir.file("x"), bad), InvalidParameter);
    bad = makeCapture(1, 1, 1, 1, 2, 2);
    bad.cols = 3;  // grid 1x1x3 for 2 tokens
    EXPECT_THROW(writeCapture(dir.file("x"), bad), InvalidParameter);
    bad = makeCapture(1, 1, 2, 1, 1, 2);
    bad.frameTimes.push_back(9);
    EXPECT_THROW(writeCapture(dir.file("x"), bad), InvalidParameter);
    bad = makeCapture(1, 1, 1, 1, 2, 2);
    bad.q.data.pop_back();
    EXPECT_THROW(writeCapture(dir.file("x"), bad), InvalidParameter);
    EXPECT_FALSE(std::filesystem::exists(dir.file("x")));
    EXPECT_THROW(writeCapture(dir.file("missing-dir/c.safetensors"), makeCapture(1, 1, 1, 1, 2, 2)), BadFile);
}

// ---- never a crash ----------------------------------------------------------------------------

std::string validImage() {
    ropetest::TempDir dir("cap");
    const std::string path = dir.file("v.safetensors");
    writeCapture(path, makeCapture(1, 2, 2, 1, 2, 4), TensorDtype::F16);
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(CaptureFile, EveryTruncationIsBadFile) {
    const std::string image = validImage();
    ropetest::TempDir dir("cap");
    for (size_t len = 0; len < image.size(); ++len) {
        const std::string path = dir.write("t.safetensors", image.substr(0, len));
        EXPECT_THROW(readCapture(path), BadFile) << "length " << len;
    }
}

TEST(SafetensorsFuzzReplay, SeededMutationsNeverCrash) {
    // The fuzz entry (FuzzSafetensors.cpp) on 3000 seeded mutations of a valid capture: byte
    // flips anywhere (header length, JSON, data), truncations and insertions. It swallows the
    // expected error types; any other exception fails this test, a crash fails the run.
    const std::string image = validImage();
    std::mt19937 rng(12345);
    for (int round = 0; round < 3000; ++round) {
        std::string m = image;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const size_t at = rng() % m.size();
            switch (rng() % 4) {
                case 0: m[at] = static_cast<char>(rng()); break;
                case 1: m[at] = "0123456789,:[]{}\"-e."[rng() % 20]; break;  // JSON-ish bytes
                case 2: m.resize(at); break;
                default: m.insert(at, 1 + rng() % 8, static_cast<char>(rng())); break;
            }
            if (m.empty()) break;
        }
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(m.data()), m.size());
    }
}

}  // namespace

namespace {

// Issue 13 item 1: ropescope.frame_times nested 100,000 arrays deep (a 200 KB header) crashed the
// reader with a stack overflow in json::dump(). Now: refused in one bounded line.
TEST(CaptureFile, DeeplyNestedFrameTimesAreRefusedNotRecursed) {
    const std::string nested = std::string(100'000, '[') + std::string(100'000, ']');
    const std::string header = std::string(R"({"__metadata__":{"ropescope.grid":"1,1,2","ropescope.frame_times":")") + nested +
                               R"("},"q":{"dtype":"F32","shape":[1,1,2,2],"data_offsets":[0,16]},)"
                               R"("k":{"dtype":"F32","shape":[1,1,2,2],"data_offsets":[16,32]}})";
    ropetest::TempDir dir("cap");
    const std::string path = dir.write("nested.safetensors", fileImage(header, f32Bytes({1, 2, 3, 4, 5, 6, 7, 8})));
    try {
        (void)readCaptureInfo(path);
        ADD_FAILURE() << "accepted";
    } catch (const BadFile& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("frame_times"), std::string::npos) << m.substr(0, 300);
        EXPECT_NE(m.find("nests an array"), std::string::npos) << m.substr(0, 300);
        EXPECT_LT(m.size(), 1500u) << "the nested value is echoed, not quoted as a bounded prefix";
        EXPECT_EQ(m.find('\n'), std::string::npos);
    }
}

}  // namespace
