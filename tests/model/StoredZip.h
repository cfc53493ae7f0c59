#pragma once
// A minimal zip writer for tests: entries stored uncompressed (method 0) with their CRC-32, a
// central directory and the end record — what torch.jit.save writes, minus the alignment padding.
// Lets a test build a hostile TorchScript archive byte by byte.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rope::test {

inline uint32_t crc32(const std::string& data) {
    uint32_t c = 0xFFFFFFFFu;
    for (unsigned char byte : data) {
        c ^= byte;
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

inline std::string storedZip(const std::vector<std::pair<std::string, std::string>>& entries) {
    auto le = [](std::string& out, uint64_t v, int bytes) {
        for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
    };
    std::string out, central;
    for (const auto& [name, data] : entries) {
        const uint32_t crc = crc32(data), offset = static_cast<uint32_t>(out.size());
        le(out, 0x04034b50, 4), le(out, 20, 2), le(out, 0, 2), le(out, 0, 2), le(out, 0, 2), le(out, 0, 2);
        le(out, crc, 4), le(out, data.size(), 4), le(out, data.size(), 4), le(out, name.size(), 2), le(out, 0, 2);
        out += name;
        out += data;
        le(central, 0x02014b50, 4), le(central, 20, 2), le(central, 20, 2), le(central, 0, 2), le(central, 0, 2);
        le(central, 0, 2), le(central, 0, 2), le(central, crc, 4), le(central, data.size(), 4), le(central, data.size(), 4);
        le(central, name.size(), 2), le(central, 0, 2), le(central, 0, 2), le(central, 0, 2), le(central, 0, 2);
        le(central, 0, 4), le(central, offset, 4);
        central += name;
    }
    const uint32_t cdOffset = static_cast<uint32_t>(out.size());
    out += central;
    le(out, 0x06054b50, 4), le(out, 0, 2), le(out, 0, 2), le(out, entries.size(), 2), le(out, entries.size(), 2);
    le(out, central.size(), 4), le(out, cdOffset, 4), le(out, 0, 2);
    return out;
}

}  // namespace rope::test
