// libFuzzer harness: safetensors files and the q/k capture metadata on top of them
// (parseSafetensors, readCaptureInfo, readCapture, readCaptureHead). Input = a whole file image.
// The in-memory parser gets it directly; the capture readers (which take a path) via a scratch file.
// Invariants: a refusal is BadFile (TooLarge over the 64 MiB budget used here, InvalidParameter
// for layer/head 0 of an empty capture); an accepted capture satisfies validateCapture, has
// tokens = T·H·W and finite values, and readCaptureHead(0, 0) equals layer 0, head 0 of readCapture.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "core/Errors.h"
#include "formats/CaptureFile.h"
#include "formats/Safetensors.h"
#include "fuzz/FuzzCheck.h"

namespace {
constexpr double kBudgetMiB = 64;

bool finite(const std::vector<float>& v) {
    for (float x : v)
        if (!std::isfinite(x)) return false;
    return true;
}
}  // namespace

static int fuzzOne(const uint8_t* data, size_t size) {
    using rope::fuzz::fuzzCheck;
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
    try {
        const rope::SafetensorsContents c = rope::parseSafetensors(bytes, "fuzz.safetensors");
        fuzzCheck(c.tensors.size() == c.header.entries.size(), "tensor count differs from the header's");
        for (const rope::SafetensorsTensor& t : c.tensors)
            fuzzCheck(static_cast<int64_t>(t.data.size()) == t.entry.elements(), "tensor " + t.entry.name + " has the wrong size");
    } catch (const rope::BadFile&) {
    } catch (const rope::TooLarge&) {
    }

    const std::string& path = rope::fuzz::scratchPath(".safetensors");
    rope::fuzz::writeScratch(path, data, size);
    rope::QkCapture whole;
    bool haveWhole = false;
    try {
        const rope::CaptureInfo info = rope::readCaptureInfo(path);
        fuzzCheck(info.tokens == info.frames * info.rows * info.cols && info.headDim % 2 == 0, "capture info breaks T*H*W = N or even head_dim");
        whole = rope::readCapture(path, kBudgetMiB);
        rope::validateCapture(whole);
        fuzzCheck(finite(whole.q.data) && finite(whole.k.data), "a capture with non-finite q/k was accepted");
        haveWhole = true;
    } catch (const rope::BadFile&) {
    } catch (const rope::TooLarge&) {
    }
    try {
        const rope::QkCapture head = rope::readCaptureHead(path, 0, 0, kBudgetMiB);
        rope::validateCapture(head);
        if (haveWhole) {
            const size_t n = static_cast<size_t>(whole.q.tokens * whole.q.headDim);
            fuzzCheck(head.q.data.size() == n && head.k.data.size() == n, "readCaptureHead(0, 0) has the wrong size");
            for (size_t i = 0; i < n; ++i)
                fuzzCheck(head.q.data[i] == whole.q.data[i] && head.k.data[i] == whole.k.data[i],
                          "readCaptureHead(0, 0) differs from layer 0, head 0 of readCapture");
        }
    } catch (const rope::BadFile&) {
    } catch (const rope::TooLarge&) {
    } catch (const rope::InvalidParameter&) {
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
