// libFuzzer harness: `--option KEY=VALUE` and every schema key's setter (core/ParamSchema).
// Input: first byte b. If b < 0x80, the key is paramSchema()[b % count] and the rest is its value
// (so every key is reached); otherwise the rest is the whole "KEY=VALUE" text, split at the first
// '=' and looked up with findParam, as `--option` does.
// Invariants: a refusal is InvalidParameter (TooLarge from validate); an accepted value reads back
// with getParam, and that text is accepted again and reads back the same (the study file and the
// CLI print values through getParam, so it must round-trip).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "core/Params.h"
#include "fuzz/FuzzCheck.h"

static int fuzzOne(const uint8_t* data, size_t size) {
    using rope::fuzz::fuzzCheck;
    if (size < 1) return 0;
    const auto& schema = rope::paramSchema();
    const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    std::string key;
    std::string_view value;
    if (data[0] < 0x80) {
        key = schema[data[0] % schema.size()].key;
        value = rest;
    } else {
        const size_t eq = rest.find('=');
        if (eq == std::string_view::npos) return 0;
        const rope::ParamSpec* spec = rope::findParam(rest.substr(0, eq));
        if (!spec) return 0;
        key = spec->key;
        value = rest.substr(eq + 1);
    }
    rope::Params p;
    try {
        rope::setParam(p, key, value);
    } catch (const rope::InvalidParameter&) {
        return 0;
    }
    const std::string shown = rope::getParam(p, key);
    rope::Params q;
    try {
        rope::setParam(q, key, shown);
    } catch (const rope::InvalidParameter& e) {
        rope::fuzz::finding(key + ": getParam wrote \"" + shown + "\", which setParam refuses: " + e.what());
    }
    fuzzCheck(rope::getParam(q, key) == shown, key + ": \"" + shown + "\" does not read back the same");
    try {
        rope::validate(p);
    } catch (const rope::InvalidParameter&) {
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
