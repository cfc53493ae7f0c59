// libFuzzer harness: the TorchScript pre-checks that need no LibTorch — detectModelFile, which
// sniffs a --model file's first bytes (zip → TorchScript, safetensors → capture, torch.save pickle
// → refused with advice). Input = the file. Invariant: a refusal is BadFile; a file called
// TorchScript starts with the zip magic "PK\3\4"; one called a capture has a '{' at byte 8.
// (LibTorch's own torch::jit::load is not fuzzed here: it is not ours and not pure.)
#include <cstddef>
#include <cstdint>

#include "core/Errors.h"
#include "model/QkModel.h"
#include "fuzz/FuzzCheck.h"

static int fuzzOne(const uint8_t* data, size_t size) {
    using rope::fuzz::fuzzCheck;
    const std::string& path = rope::fuzz::scratchPath(".model");
    rope::fuzz::writeScratch(path, data, size);
    try {
        const rope::ModelFileKind kind = rope::detectModelFile(path);
        if (kind == rope::ModelFileKind::TorchScript)
            fuzzCheck(size >= 4 && data[0] == 'P' && data[1] == 'K' && data[2] == 3 && data[3] == 4, "non-zip called TorchScript");
        else
            fuzzCheck(size >= 9 && data[8] == '{', "a file without '{' at byte 8 called a capture");
    } catch (const rope::BadFile&) {
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        return fuzzOne(data, size);
    } catch (const std::exception& e) {
        rope::fuzz::escaped(e);
    }
}
