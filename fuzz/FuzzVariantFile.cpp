// libFuzzer harness: variant files (core/variants/VariantFile.h readVariantFile). Input = the
// file's text. Invariants: a refusal is BadFile (or InvalidParameter / TooLarge); an accepted
// variant is written (variantFileText) and read back equal, and reading registers nothing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/Errors.h"
#include "core/variants/VariantFile.h"
#include "fuzz/FuzzCheck.h"

static int fuzzOne(const uint8_t* data, size_t size) {
    using rope::fuzz::fuzzCheck;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    rope::CustomVariant v;
    try {
        v = rope::readVariantFile(text, "fuzz.json");
    } catch (const rope::BadFile&) {
        return 0;
    } catch (const rope::InvalidParameter&) {
        return 0;
    } catch (const rope::TooLarge&) {
        return 0;
    } catch (const std::exception& e) {
        rope::fuzz::escaped(e);
    }
    fuzzCheck(!rope::findCustomVariant(v.name), "reading a variant file registered it");
    rope::CustomVariant back;
    try {
        back = rope::readVariantFile(rope::variantFileText(v), "saved.json");
    } catch (const std::exception& e) {
        rope::fuzz::finding(std::string("a written variant file is refused on reading: ") + e.what());
    }
    fuzzCheck(back == v, "readVariantFile(variantFileText(v)) != v");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        return fuzzOne(data, size);
    } catch (const std::exception& e) {
        rope::fuzz::escaped(e);
    }
}
