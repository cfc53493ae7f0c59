#pragma once
// What every harness in fuzz/ shares: an input is either accepted or refused with one of
// RoPEScope's own error types (InvalidParameter, BadFile, TooLarge: the one-line rule). Anything
// else — another exception type escaping, a broken invariant, a crash or a sanitizer report — is a
// finding: fuzzCheck prints what broke and aborts, so libFuzzer saves the input as a crash-* file.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

namespace rope::fuzz {

[[noreturn]] inline void finding(const std::string& what) {
    std::fprintf(stderr, "FUZZ FINDING: %s\n", what.c_str());
    std::abort();
}

inline void fuzzCheck(bool ok, const std::string& what) {
    if (!ok) finding(what);
}

/// An exception that is not one of RoPEScope's error types escaped the parser: a finding.
[[noreturn]] inline void escaped(const std::exception& e) {
    finding(std::string("an exception other than InvalidParameter / BadFile / TooLarge escaped: ") + e.what());
}

/// Known findings, already reported, can be masked so a run reaches its execution count:
/// ROPESCOPE_FUZZ_MASK=tag1,tag2 (docs/reliability.md lists the tags). Never set by default.
inline bool masked(std::string_view tag) {
    const char* env = std::getenv("ROPESCOPE_FUZZ_MASK");
    if (!env) return false;
    const std::string_view list(env);
    size_t pos = 0;
    while (pos <= list.size()) {
        const size_t comma = std::min(list.find(',', pos), list.size());
        if (list.substr(pos, comma - pos) == tag) return true;
        pos = comma + 1;
    }
    return false;
}

/// Deepest bracket nesting ('[' / '{') of a text, for the deep-nesting mask.
inline int nestingDepth(std::string_view text) {
    int depth = 0, deepest = 0;
    for (char c : text) {
        if (c == '[' || c == '{') deepest = std::max(deepest, ++depth);
        else if ((c == ']' || c == '}') && depth > 0) --depth;
    }
    return deepest;
}

/// A per-process scratch file for harnesses whose parser reads a path (capture, model sniffing),
/// in /dev/shm when there is one so that 1 M executions do not wear a disk.
inline const std::string& scratchPath(const char* suffix) {
    static const std::string path = [suffix] {
        std::error_code ec;
        const std::filesystem::path dir = std::filesystem::is_directory("/dev/shm", ec) ? std::filesystem::path("/dev/shm")
                                                                                        : std::filesystem::temp_directory_path();
        return (dir / ("ropescope-fuzz-" + std::to_string(::getpid()) + suffix)).string();
    }();
    return path;
}

inline void writeScratch(const std::string& path, const unsigned char* data, size_t size) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    fuzzCheck(static_cast<bool>(out), "cannot write the scratch file " + path);
}

}  // namespace rope::fuzz
