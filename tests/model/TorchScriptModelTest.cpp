// TorchScript models through the real load path: modules are written in TorchScript source with
// torch::jit::Module::define, saved with Module::save and loaded back by loadTorchScriptModel.
// Covers a good model (values checked against the patch means it computes), wrong signatures and
// wrong outputs (BadFile naming the expected signature), and files LibTorch 1.13 cannot read:
// an archive whose format version is from the future and one that calls an operator this LibTorch
// does not have — both built by rewriting a saved archive, as a newer PyTorch would have written it.
#include <gtest/gtest.h>

#include <caffe2/serialize/inline_container.h>
#include <torch/script.h>

#include <fstream>
#include <sstream>

#include "ModelTestUtil.h"
#include "TestVideo.h"
#include "app/cli/AppCommands.h"
#include "app/cli/Cli.h"
#include "core/Errors.h"
#include "model/QkModel.h"

namespace rope {
namespace {

// q[l, 0, n] = (l + 1)·[mean R, mean G, mean B, 1] of token n's 28 × 28 block; k = −q; grid (T, H, W).
const char* kGoodForward = R"(
def forward(self, frames: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    T = frames.size(0)
    H = frames.size(2) // 28
    W = frames.size(3) // 28
    x = frames.reshape([T, 3, H, 28, W, 28]).mean([3, 5])
    tok = x.permute([0, 2, 3, 1]).reshape([T * H * W, 3])
    f = torch.cat([tok, torch.ones([T * H * W, 1])], 1)
    q = torch.stack([f, 2.0 * f], 0).unsqueeze(1)
    return q, -q, torch.tensor([T, H, W])
)";

std::string saveModule(const std::filesystem::path& path, const std::string& source) {
    torch::jit::Module m("TestModel");
    m.define(source);
    m.save(path.string());
    return path.string();
}

std::string loadError(const std::string& path) {
    try {
        loadTorchScriptModel(path);
    } catch (const BadFile& e) {
        return e.what();
    }
    return "";
}

std::string runError(const std::string& path, const Frames& f) {
    try {
        loadTorchScriptModel(path)->run(f);
    } catch (const BadFile& e) {
        return e.what();
    }
    return "";
}

Frames twoFrames() {
    // 2 frames of 2 × 3 tokens; token (t, r, c) has flat colour (10t + r, 20c, 30) / 255 + a checker
    // that averages out: ±5 on alternate pixels.
    return test::makeFrames(2, 2, 3, [](int64_t t, int r, int c, int y, int x, int ch) {
        const int base = ch == 0 ? 100 + 10 * static_cast<int>(t) + r : ch == 1 ? 20 * c + 40 : 30;
        return static_cast<uint8_t>(base + ((x + y) % 2 ? 5 : -5));
    });
}

/// Copies a saved archive record by record; `edit` may change a record's bytes. `minVersion` > 0
/// stamps the archive with that file-format version (what a newer PyTorch writes).
void rewriteArchive(const std::string& from, const std::string& to, uint64_t minVersion,
                    const std::function<void(const std::string&, std::string&)>& edit) {
    caffe2::serialize::PyTorchStreamReader reader(from);
    caffe2::serialize::PyTorchStreamWriter writer(to);
    if (minVersion) writer.setMinVersion(minVersion);
    for (const std::string& name : reader.getAllRecords()) {
        if (name == "version" || name == ".data/version") continue;  // the writer writes its own
        auto [ptr, size] = reader.getRecord(name);
        std::string bytes(static_cast<const char*>(ptr.get()), size);
        edit(name, bytes);
        writer.writeRecord(name, bytes.data(), bytes.size());
    }
    writer.writeEndOfFile();
}

TEST(TorchScriptModel, GoodModelLoadsAndRuns) {
    test::TempDir dir("ts-good");
    const std::string path = saveModule(dir / "good.pt", kGoodForward);
    EXPECT_EQ(detectModelFile(path), ModelFileKind::TorchScript);
    auto model = loadTorchScriptModel(path);
    EXPECT_NE(model->name().find("good.pt"), std::string::npos);
    const QkCapture cap = model->run(twoFrames());
    EXPECT_EQ(cap.frames, 2);
    EXPECT_EQ(cap.rows, 2);
    EXPECT_EQ(cap.cols, 3);
    EXPECT_EQ(cap.q.layers, 2);
    EXPECT_EQ(cap.q.heads, 1);
    EXPECT_EQ(cap.q.tokens, 12);
    EXPECT_EQ(cap.q.headDim, 4);
    EXPECT_EQ(cap.frameTimes, (std::vector<double>{0.0, 0.5}));
    // Token n = 6t + 3r + c; the checker averages out, so mean R = (100 + 10t + r)/255, G = (20c + 40)/255.
    for (int64_t t = 0; t < 2; ++t)
        for (int r = 0; r < 2; ++r)
            for (int c = 0; c < 3; ++c) {
                const int64_t n = 6 * t + 3 * r + c;
                EXPECT_NEAR(cap.q.token(0, 0, n)[0], (100 + 10 * t + r) / 255.0, 1e-5);
                EXPECT_NEAR(cap.q.token(0, 0, n)[1], (20 * c + 40) / 255.0, 1e-5);
                EXPECT_NEAR(cap.q.token(0, 0, n)[2], 30 / 255.0, 1e-5);
                EXPECT_NEAR(cap.q.token(1, 0, n)[3], 2.0, 1e-6);
                EXPECT_NEAR(cap.k.token(1, 0, n)[0], -2.0 * (100 + 10 * t + r) / 255.0, 1e-5);
            }
}

TEST(TorchScriptModel, WrongSignaturesAreRefusedAtLoad) {
    test::TempDir dir("ts-sig");
    const std::string twoOutputs = saveModule(dir / "two.pt", R"(
def forward(self, frames: Tensor) -> Tuple[Tensor, Tensor]:
    return frames, frames
)");
    const std::string twoInputs = saveModule(dir / "inputs.pt", R"(
def forward(self, frames: Tensor, scale: float) -> Tuple[Tensor, Tensor, Tensor]:
    return frames, frames, frames
)");
    const std::string intInput = saveModule(dir / "int.pt", R"(
def forward(self, n: int) -> Tuple[Tensor, Tensor, Tensor]:
    x = torch.zeros([n])
    return x, x, x
)");
    for (const std::string& p : {twoOutputs, twoInputs, intInput}) {
        const std::string m = loadError(p);
        EXPECT_NE(m.find(p), std::string::npos) << m;
        EXPECT_NE(m.find(kTorchScriptSignature), std::string::npos) << m;
    }
}

TEST(TorchScriptModel, WrongOutputsAreRefusedAfterTheRun) {
    test::TempDir dir("ts-out");
    const Frames f = twoFrames();
    struct Case {
        const char* name;
        const char* source;
        const char* says;
        bool layoutError;  ///< the message names the expected signature
    };
    const Case cases[] = {
        {"q3d.pt", R"(
def forward(self, frames: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    q = torch.zeros([1, 12, 4])
    return q, q, torch.tensor([2, 2, 3])
)", "4-D", true},
        {"shapes.pt", R"(
def forward(self, frames: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    return torch.zeros([1, 1, 12, 4]), torch.zeros([1, 1, 12, 8]), torch.tensor([2, 2, 3])
)", "equal shape", true},
        {"grid.pt", R"(
def forward(self, frames: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    q = torch.zeros([1, 1, 12, 4])
    return q, q, torch.tensor([2, 2, 4])
)", "T·H·W must equal N", true},
        // Issue 13 item 15: 4 · (2^62 + 3) = 2^64 + 12 wraps to N = 12 in int64 arithmetic (UB); the
        // product is now computed with overflow checks.
        {"grid-overflow.pt", R"(
def forward(self, frames: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    q = torch.zeros([1, 1, 12, 4])
    return q, q, torch.tensor([4, 4611686018427387907, 1])
)", "T·H·W must equal N", true},
        {"grid2.pt", R"(
def forward(self, frames: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    q = torch.zeros([1, 1, 12, 4])
    return q, q, torch.tensor([12, 1])
)", "3 integers", true},
        {"nan.pt", R"(
def forward(self, frames: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    q = torch.zeros([1, 1, 12, 4]) / 0.0
    return q, q, torch.tensor([2, 2, 3])
)", "NaN", false},
        {"throws.pt", R"(
def forward(self, frames: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
    q = frames.reshape([7, 7, 7])
    return q, q, q
)", "forward failed", true},
    };
    for (const Case& c : cases) {
        const std::string p = saveModule(dir / c.name, c.source);
        const std::string m = runError(p, f);
        EXPECT_NE(m.find(p), std::string::npos) << c.name << ": " << m;
        EXPECT_NE(m.find(c.says), std::string::npos) << c.name << ": " << m;
        if (c.layoutError) {
            EXPECT_NE(m.find(kTorchScriptSignature), std::string::npos) << c.name << ": " << m;
        }
    }
}

TEST(TorchScriptModel, ArchiveFromANewerFormatVersionIsReportedAsSuch) {
    test::TempDir dir("ts-version");
    const std::string good = saveModule(dir / "good.pt", kGoodForward);
    const std::string future = (dir / "future.pt").string();
    rewriteArchive(good, future, /*minVersion=*/99, [](const std::string&, std::string&) {});
    const std::string m = loadError(future);
    EXPECT_NE(m.find(future), std::string::npos) << m;
    EXPECT_NE(m.find("newer PyTorch"), std::string::npos) << m;
    EXPECT_NE(m.find("capture"), std::string::npos) << m;
}

TEST(TorchScriptModel, UnknownOperatorIsReportedAsNewerPyTorch) {
    // What a model exported by a newer PyTorch looks like to 1.13 when it calls an operator 1.13
    // lacks: the archive's TorchScript source names an aten op this LibTorch has never heard of.
    test::TempDir dir("ts-op");
    const std::string good = saveModule(dir / "good.pt", kGoodForward);
    const std::string newer = (dir / "newer.pt").string();
    bool edited = false;
    rewriteArchive(good, newer, 0, [&](const std::string& name, std::string& bytes) {
        if (name.rfind("code/", 0) != 0 || name.find(".py") == std::string::npos || name.find("debug") != std::string::npos) return;
        const size_t at = bytes.find("torch.cat(");
        if (at == std::string::npos) return;
        bytes.replace(at, 10, "torch.ropescope_op_from_the_future(");
        edited = true;
    });
    ASSERT_TRUE(edited) << "the saved archive's code layout changed; update this test";
    const std::string m = loadError(newer);
    EXPECT_NE(m.find(newer), std::string::npos) << m;
    EXPECT_NE(m.find("newer PyTorch"), std::string::npos) << m;
}

TEST(TorchScriptModel, DamagedArchivesAreBadFiles) {
    test::TempDir dir("ts-damaged");
    const std::string good = saveModule(dir / "good.pt", kGoodForward);
    std::ifstream in(good, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string cut = (dir / "cut.pt").string();
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    const std::string m = loadError(cut);
    EXPECT_NE(m.find(cut), std::string::npos) << m;
    const std::string text = (dir / "text.pt").string();
    std::ofstream(text) << "hello";
    EXPECT_NE(loadError(text).find(text), std::string::npos);
    EXPECT_NE(loadError((dir / "missing.pt").string()).find("no such file"), std::string::npos);
}

TEST(TorchScriptModel, CliRunsItOnAVideo) {
    // The whole path: `ropescope attention --model good.pt` on a generated 6-frame video, 2 × 3 grid.
    test::TempDir dir("ts-cli");
    const std::string model = saveModule(dir / "good.pt", kGoodForward);
    const std::string video = test::writeTestVideo(dir / "clip.avi", 6, 64, 48, 10.0);
    ASSERT_FALSE(video.empty());
    std::ostringstream out, err;
    const int rc = cli::run({"attention", "--video", video, "--model", model, "--frames", "3", "--grid", "2x3", "--layer", "1",
                             "--json", "--quiet"},
                            out, err, cli::appCommands());
    ASSERT_EQ(rc, 0) << err.str();
    // head_dim 4 and sections follow the model: 2 pairs → sections (t, h, w) = (1, 0, 1) by the
    // 1/4 : 3/8 : 3/8 rule with rounding ((2 + 2) / 4 = 1 for t, (2 − 1) / 2 = 0 for h, the rest w).
    EXPECT_NE(out.str().find("\"grid\":[3,2,3]"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("TorchScript good.pt"), std::string::npos) << out.str();
    // A wrong signature through the CLI: exit 2, one line naming the expected signature.
    const std::string bad = saveModule(dir / "bad.pt", R"(
def forward(self, frames: Tensor) -> Tensor:
    return frames
)");
    std::ostringstream out2, err2;
    EXPECT_EQ(cli::run({"attention", "--video", video, "--model", bad, "--quiet"}, out2, err2, cli::appCommands()), 2);
    EXPECT_EQ(out2.str(), "");
    EXPECT_NE(err2.str().find(kTorchScriptSignature), std::string::npos) << err2.str();
}

}  // namespace
}  // namespace rope
