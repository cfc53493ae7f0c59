// libFuzzer harness: study files (core/Study studyFromJson). Input = the file's text.
// Invariants: a refusal is BadFile (or InvalidParameter / TooLarge); an accepted study has 1..4
// columns, and saving it (studyToJson) and reading that back gives the same study.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/Errors.h"
#include "core/Study.h"
#include "fuzz/FuzzCheck.h"

static int fuzzOne(const uint8_t* data, size_t size) {
    using rope::fuzz::fuzzCheck;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    // Masks for findings already reported (docs/reliability.md), only when ROPESCOPE_FUZZ_MASK names them.
    if (rope::fuzz::masked("json-deep-nesting") && rope::fuzz::nestingDepth(text) > 200) return 0;
    rope::Study s;
    try {
        s = rope::studyFromJson(text, "fuzz.json");
    } catch (const rope::BadFile&) {
        return 0;
    } catch (const rope::InvalidParameter&) {
        return 0;
    } catch (const rope::TooLarge&) {
        return 0;
    } catch (const std::exception& e) {
        if (rope::fuzz::masked("json-number-overflow") && std::string_view(e.what()).find("out_of_range.406") != std::string_view::npos)
            return 0;
        rope::fuzz::escaped(e);
    }
    fuzzCheck(!s.columns.empty() && s.columns.size() <= static_cast<size_t>(rope::kMaxColumns), "column count outside 1..4 accepted");
    const std::string saved = rope::studyToJson(s);
    rope::Study back;
    try {
        back = rope::studyFromJson(saved, "saved.json");
    } catch (const std::exception& e) {
        rope::fuzz::finding(std::string("a saved study is refused on reading: ") + e.what());
    }
    fuzzCheck(back == s, "studyFromJson(studyToJson(s)) != s");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        return fuzzOne(data, size);
    } catch (const std::exception& e) {
        rope::fuzz::escaped(e);
    }
}
