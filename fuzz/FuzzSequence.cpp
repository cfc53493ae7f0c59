// libFuzzer harness: the sequence parser (core/Sequence). Input = the text after --sequence.
// Invariants: a refusal is InvalidParameter; an accepted sequence has ≥ 1 token, its segments'
// token counts add up to tokenCount(), and format() parses back to the same sequence.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/Errors.h"
#include "core/Sequence.h"
#include "fuzz/FuzzCheck.h"

static int fuzzOne(const uint8_t* data, size_t size) {
    using rope::fuzz::fuzzCheck;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    rope::Sequence s;
    try {
        s = rope::Sequence::parse(text);
    } catch (const rope::InvalidParameter&) {
        return 0;
    }
    int64_t sum = 0;
    for (const rope::Segment& seg : s.segments()) {
        fuzzCheck(seg.frames >= 1 && seg.rows >= 1 && seg.cols >= 1, "a segment with a size < 1 was accepted");
        sum += seg.tokenCount();
    }
    fuzzCheck(sum == s.tokenCount() && sum >= 1, "tokenCount() differs from the sum of the segments");
    const std::string again = s.format();
    rope::Sequence back;
    try {
        back = rope::Sequence::parse(again);
    } catch (const rope::InvalidParameter& e) {
        rope::fuzz::finding("format() wrote \"" + again + "\", which parse() refuses: " + e.what());
    }
    fuzzCheck(back == s, "parse(format(s)) != s for \"" + again + "\"");
    fuzzCheck(s.locate(s.tokenCount() - 1).segment == static_cast<int>(s.segments().size()) - 1,
              "the last token is not located in the last segment");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        return fuzzOne(data, size);
    } catch (const std::exception& e) {
        rope::fuzz::escaped(e);
    }
}
