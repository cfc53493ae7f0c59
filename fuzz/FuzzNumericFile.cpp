// libFuzzer harness: the array readers of `ropescope check` (formats/NumericFile.h) — a .npy file
// or a JSON list of lists of position ids / cos / sin. Input: first byte even → .npy bytes, odd →
// JSON text (the rest of the input). Invariant: a refusal is BadFile (or TooLarge); an accepted
// array has 1..4 dimensions, every dimension ≥ 0, product(shape) values, all finite.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/Errors.h"
#include "formats/NumericFile.h"
#include "fuzz/FuzzCheck.h"

static int fuzzOne(const uint8_t* data, size_t size) {
    using rope::fuzz::fuzzCheck;
    if (size == 0) return 0;
    const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    constexpr size_t kMaxValues = size_t(1) << 20;  // 8 MiB of doubles at most
    try {
        const rope::NumericArray a = (data[0] % 2 == 0) ? rope::parseNpy(bytes, "fuzz.npy", kMaxValues)
                                                        : rope::parseNumericJson(bytes, "fuzz.json", kMaxValues);
        fuzzCheck(!a.shape.empty() && a.shape.size() <= 4, "accepted an array with 0 or more than 4 dimensions");
        size_t count = 1;
        for (int64_t d : a.shape) {
            fuzzCheck(d >= 0, "negative dimension");
            count *= static_cast<size_t>(d);
        }
        fuzzCheck(count == a.values.size(), "values do not fill the shape");
        fuzzCheck(a.values.size() <= kMaxValues, "more values than the cap");
        for (double v : a.values) fuzzCheck(std::isfinite(v), "non-finite value accepted");
    } catch (const rope::BadFile&) {
    } catch (const rope::TooLarge&) {
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
