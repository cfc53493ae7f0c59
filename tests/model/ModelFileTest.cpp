// detectModelFile: by the first bytes, not the extension; clear errors for pickles and junk.
#include <gtest/gtest.h>

#include <fstream>

#include "ModelTestUtil.h"
#include "core/Errors.h"
#include "formats/CaptureFile.h"
#include "model/QkModel.h"

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
