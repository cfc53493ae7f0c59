// detectModelFile: by the first bytes, not the extension; clear errors for pickles and junk.
#include <gtest/gtest.h>

#include <fstream>

#include "ModelTestUtil.h"
#include "core/Errors.h"
#include "formats/CaptureFile.h"
#include "model/PickleScan.h"
#include "model/QkModel.h"
#include "StoredZip.h"

namespace rope {
namespace {

std::string badFileMessage(const std::string& path) {
    try {
        detectModelFile(path);
    } catch (const BadFile& e) {
        return e.what();
    }
    return "";
}

TEST(ModelFile, CaptureFileIsRecognised) {
    test::TempDir dir("modelfile");
    QkCapture c;
    c.q.layers = c.q.heads = 1;
    c.q.tokens = 2;
    c.q.headDim = 2;
    c.q.data = {1, 2, 3, 4};
    c.k = c.q;
    c.frames = 1;
    c.rows = 1;
    c.cols = 2;
    const std::string path = (dir / "named-like-a-model.pt").string();  // extension is ignored
    writeCapture(path, c);
    EXPECT_EQ(detectModelFile(path), ModelFileKind::Capture);
}

TEST(ModelFile, ZipIsTorchScript) {
    test::TempDir dir("modelfile-zip");
    const std::string path = (dir / "m.bin").string();
    std::ofstream(path, std::ios::binary) << std::string("PK\x03\x04", 4) << "rest of a zip";
    EXPECT_EQ(detectModelFile(path), ModelFileKind::TorchScript);
}

TEST(ModelFile, PickleAndJunkAreRefusedWithTheExpectedKinds) {
    test::TempDir dir("modelfile-bad");
    const std::string pickle = (dir / "weights.pt").string();
    std::ofstream(pickle, std::ios::binary) << std::string("\x80\x02\x8a\x0a", 4) << "legacy torch.save";
    const std::string m1 = badFileMessage(pickle);
    EXPECT_NE(m1.find(pickle), std::string::npos);
    EXPECT_NE(m1.find("torch.save"), std::string::npos);
    EXPECT_NE(m1.find("torch.jit.save"), std::string::npos);

    const std::string text = (dir / "model.pt").string();
    std::ofstream(text) << "not a model at all\n";
    const std::string m2 = badFileMessage(text);
    EXPECT_NE(m2.find(text), std::string::npos);
    EXPECT_NE(m2.find(kTorchScriptSignature), std::string::npos);
    EXPECT_NE(m2.find("ropescope.grid"), std::string::npos);  // the capture layout is named too

    EXPECT_NE(badFileMessage((dir / "missing.pt").string()).find("no such file"), std::string::npos);
}

}  // namespace
}  // namespace rope

namespace rope {
namespace {

// ---- issue 13 item 3: a deeply nested pickle in a TorchScript zip ----------------------------

std::string nestedTuplePickle(int depth) {  // \x80\x02 ] ( … ( t … t . : a list, then tuples nested `depth` deep
    return std::string("\x80\x02]", 3) + std::string(static_cast<size_t>(depth), '(') + std::string(static_cast<size_t>(depth), 't') + ".";
}

TEST(PickleScan, DepthOfHandWrittenPickles) {
    auto depth = [](const std::string& p) {
        return scanPickleNesting({reinterpret_cast<const uint8_t*>(p.data()), p.size()}).maxDepth;
    };
    EXPECT_EQ(depth(std::string("\x80\x02K\x05.", 5)), 0);                    // the int 5
    EXPECT_EQ(depth(std::string("\x80\x02]K\x01K\x02\x86\x61.", 10)), 2);       // [(1, 2)]: APPEND of a TUPLE2
    EXPECT_EQ(depth(nestedTuplePickle(3)), 3);                                   // [] beside ((),),)
    // A string argument holding '(' bytes is skipped as data, not read as opcodes.
    EXPECT_EQ(depth(std::string("\x80\x02X\x03\x00\x00\x00(((\x85.", 12)), 1);  // ("(((",)
    // 200,000 levels: linear, no recursion; stops one past the limit.
    EXPECT_EQ(depth(nestedTuplePickle(200'000)), kMaxPickleNesting + 1);
}

TEST(TorchScriptArchive, DeeplyNestedPickleIsRefusedBeforeLibTorchRecurses) {
    // Before: torch::jit::load overflowed its stack (SIGSEGV). Now: one clear BadFile.
    test::TempDir dir("deep-pickle");
    const std::string path = (dir / "deep.pt").string();
    std::ofstream(path, std::ios::binary) << test::storedZip(
        {{"archive/data.pkl", nestedTuplePickle(200'000)}, {"archive/version", "3\n"}});
    ASSERT_EQ(detectModelFile(path), ModelFileKind::TorchScript);
    try {
        (void)loadTorchScriptModel(path);
        ADD_FAILURE() << "loaded";
    } catch (const BadFile& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("data.pkl"), std::string::npos) << m;
        EXPECT_NE(m.find("nests"), std::string::npos) << m;
        EXPECT_NE(m.find(path), std::string::npos) << m;
    }
}

}  // namespace
}  // namespace rope
