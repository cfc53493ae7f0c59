#pragma once
// Internal to formats/Safetensors*.cpp: limits, the message format and little-endian loads shared by
// the header parser, the reader and the writer. Not part of the public interface.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/Errors.h"

namespace rope::safetensors_detail {

/// The header-length limit the reference reader uses.
inline constexpr uint64_t kMaxHeaderBytes = 100ull * 1024 * 1024;

[[noreturn]] inline void failWith(const std::string& source, const std::string& problem, const std::string& layout) {
    throw BadFile(source + ": " + problem + "; expected " + layout);
}

inline bool mulOverflows(uint64_t a, uint64_t b, uint64_t& out) { return __builtin_mul_overflow(a, b, &out); }

inline uint16_t loadU16(const std::byte* p) {
    return static_cast<uint16_t>(std::to_integer<unsigned>(p[0]) | (std::to_integer<unsigned>(p[1]) << 8));
}
inline uint32_t loadU32(const std::byte* p) {
    return std::to_integer<uint32_t>(p[0]) | (std::to_integer<uint32_t>(p[1]) << 8) |
           (std::to_integer<uint32_t>(p[2]) << 16) | (std::to_integer<uint32_t>(p[3]) << 24);
}
inline uint64_t loadU64(const std::byte* p) { return uint64_t(loadU32(p)) | (uint64_t(loadU32(p + 4)) << 32); }

}  // namespace rope::safetensors_detail
