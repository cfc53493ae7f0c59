// The parts of model/ that need no LibTorch: file-kind detection, option checks and the
// deterministic sign stream of the built-in model (kept out of the torch translation units so that
// they compile in a second and can be tested without torch).
#include <array>
#include <filesystem>
#include <fstream>

#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "core/random/DeterministicRng.h"
#include "formats/CaptureFile.h"
#include "model/QkModel.h"

namespace rope {

std::vector<int8_t> builtinSigns(uint64_t seed, int layer, int head, int which, int64_t count) {
    // One independent stream per (layer, head, which): the key is mixed through splitmix64
    // itself (core/random/DeterministicRng.h).
    uint64_t keyState = seed ^ (static_cast<uint64_t>(layer) << 40) ^ (static_cast<uint64_t>(head) << 20) ^
                        static_cast<uint64_t>(which);
    uint64_t state = splitmix64(keyState);
    std::vector<int8_t> s(static_cast<size_t>(count));
    uint64_t bits = 0;
    for (int64_t i = 0; i < count; ++i) {
        if (i % 64 == 0) bits = splitmix64(state);
        s[static_cast<size_t>(i)] = (bits >> (i % 64)) & 1U ? int8_t{1} : int8_t{-1};
    }
    return s;
}

void validateBuiltinOptions(const BuiltinModelOptions& o) {
    auto need = [](bool ok, const char* name, const std::string& value, const char* rule) {
        if (!ok) throw InvalidParameter(name, value, rule);
    };
    need(o.layers >= 1 && o.layers <= 64, "model.layers", std::to_string(o.layers), "must be in 1..64");
    need(o.heads >= 1 && o.heads <= 256, "model.heads", std::to_string(o.heads), "must be in 1..256");
    need(o.headDim >= 2 && o.headDim % 2 == 0 && o.headDim <= 1024, "head_dim", std::to_string(o.headDim),
         "must be even and in 2..1024 for the built-in model");
    need(o.components >= 1 && o.components <= 4096, "model.components", std::to_string(o.components), "must be in 1..4096");
    need(o.tokenPixels >= 1 && o.tokenPixels <= 512, "model.token_pixels", std::to_string(o.tokenPixels), "must be in 1..512");
    need(o.pool >= 1 && o.tokenPixels % o.pool == 0, "model.pool", std::to_string(o.pool),
         "must be ≥ 1 and divide the token size in pixels");
    need(o.positionShare >= 0 && o.positionShare <= 1, "model.position_share", formatNumber(o.positionShare), "must be in [0, 1]");
    need(o.sharpness > 0 && o.sharpness <= 1000, "model.sharpness", formatNumber(o.sharpness), "must be in (0, 1000]");
}

ModelFileKind detectModelFile(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) throw BadFile("model " + path + ": no such file");
    if (fs::is_directory(st)) throw BadFile("model " + path + ": is a directory, not a model file");
    // Checked before opening: a FIFO (or a device) would block the open or the read forever.
    if (!fs::is_regular_file(st))
        throw BadFile("model " + path + ": is not a regular file (a FIFO, device or socket); give a model or capture file");
    std::ifstream in(path, std::ios::binary);
    std::array<unsigned char, 16> head{};
    in.read(reinterpret_cast<char*>(head.data()), head.size());
    const auto got = static_cast<size_t>(in.gcount());
    if (!in && got == 0) throw BadFile("model " + path + ": cannot be read (empty or unreadable)");
    if (got >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return ModelFileKind::TorchScript;
    if (got >= 9 && head[8] == '{') {
        uint64_t n = 0;
        for (int i = 7; i >= 0; --i) n = (n << 8) | head[static_cast<size_t>(i)];
        if (n > 1) return ModelFileKind::Capture;
    }
    if (got >= 2 && head[0] == 0x80 && head[1] >= 2 && head[1] <= 5)
        throw BadFile("model " + path +
                      ": is a pickle written by torch.save (weights or a Python nn.Module), which C++ cannot run; export "
                      "the model with torch.jit.script or torch.jit.trace and save it with torch.jit.save so that it has " +
                      std::string(kTorchScriptSignature) + ", or write a q/k capture file");
    throw BadFile("model " + path + ": is neither a TorchScript archive (torch.jit.save, a zip) with " +
                  std::string(kTorchScriptSignature) + " nor " + kCaptureLayout);
}

}  // namespace rope
