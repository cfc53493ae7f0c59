#pragma once
// Hand-made safetensors images for the capture tests: every byte is spelled out here, so a test's
// expectation never comes from our own writer.
#include <unistd.h>

#include <bit>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <span>
#include <string>

namespace ropetest {

/// 8-byte little-endian header length, the header text, then the byte buffer.
inline std::string fileImage(const std::string& header, const std::string& buffer) {
    std::string out;
    const uint64_t n = header.size();
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
    return out + header + buffer;
}

/// Same, with a header length that lies.
inline std::string fileImageWithLength(uint64_t n, const std::string& header, const std::string& buffer) {
    std::string out;
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
    return out + header + buffer;
}

inline std::string f32Bytes(std::initializer_list<float> values) {
    std::string out;
    for (float v : values) {
        const uint32_t b = std::bit_cast<uint32_t>(v);
        for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((b >> (8 * i)) & 0xff));
    }
    return out;
}

inline std::string u16Bytes(std::initializer_list<uint16_t> values) {
    std::string out;
    for (uint16_t v : values) {
        out.push_back(static_cast<char>(v & 0xff));
        out.push_back(static_cast<char>(v >> 8));
    }
    return out;
}

inline std::span<const std::byte> asBytes(const std::string& s) {
    return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

/// A fresh directory under the system temp dir, removed with its contents at the end of the test.
class TempDir {
public:
    explicit TempDir(const std::string& tag) {
        m_path = std::filesystem::temp_directory_path() /
                 ("ropescope-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    std::string file(const std::string& name) const { return (m_path / name).string(); }
    /// Writes bytes to name and returns the full path.
    std::string write(const std::string& name, const std::string& bytes) const {
        const std::string p = file(name);
        std::ofstream(p, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return p;
    }

private:
    static int& counter() {
        static int c = 0;
        return c;
    }
    std::filesystem::path m_path;
};

}  // namespace ropetest
