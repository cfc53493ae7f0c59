// Fuzz entry for the capture-file parser: the input is a whole file image. It goes through the
// in-memory safetensors parser (every header check and conversion) and, via a temporary file,
// through readCapture (the capture rules on top). A rejected input must end as a BadFile (or
// TooLarge / InvalidParameter from the budget and range checks); anything else — another
// exception, a crash, a sanitizer report — is a finding.
//
// Built two ways:
//   • fuzz_safetensors (-DROPESCOPE_FUZZ=ON, clang): libFuzzer drives it, with ASan + UBSan;
//   • inside test_attention: SafetensorsFuzzReplay feeds it seeded mutations of valid files, so the
//     same entry runs in every ordinary test run.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>

#include "core/Errors.h"
#include "formats/CaptureFile.h"
#include "formats/Safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
    try {
        rope::parseSafetensors(bytes, "fuzz-input");
    } catch (const rope::BadFile&) {
    }
    static const std::string path =
        (std::filesystem::temp_directory_path() / ("ropescope-fuzz-" + std::to_string(::getpid()) + ".safetensors")).string();
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        rope::readCapture(path, /*memoryBudgetMiB=*/64);
    } catch (const rope::BadFile&) {
    } catch (const rope::TooLarge&) {
    }
    try {
        rope::readCaptureHead(path, 0, 0, 64);
    } catch (const rope::BadFile&) {
    } catch (const rope::TooLarge&) {
    } catch (const rope::InvalidParameter&) {
    }
    return 0;
}
