// Reading safetensors data: a whole file image in memory (parseSafetensors) or a file read lazily,
// tensor by tensor (SafetensorsReader), with F32 / F16 / BF16 converted to float32.
#include <algorithm>
#include <bit>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "formats/Safetensors.h"
#include "formats/SafetensorsDetail.h"

namespace rope {

using namespace safetensors_detail;

void convertToFloat(const SafetensorsEntry& e, std::span<const std::byte> bytes, float* out, const std::string& source,
                    const std::string& layout) {
    if (!e.convertible())
        failWith(source, "tensor \"" + e.name + "\" has dtype " + e.dtype + "; supported: F32, F16, BF16", layout);
    const size_t size = e.dtype == "F32" ? 4 : 2;
    if (bytes.size() % size != 0) failWith(source, "tensor \"" + e.name + "\": partial element in a read", layout);
    const size_t n = bytes.size() / size;
    const std::byte* p = bytes.data();
    if (e.dtype == "F32") {
        if constexpr (std::endian::native == std::endian::little)
            std::memcpy(out, p, n * 4);
        else
            for (size_t i = 0; i < n; ++i) out[i] = std::bit_cast<float>(loadU32(p + 4 * i));
    } else if (e.dtype == "F16") {
        for (size_t i = 0; i < n; ++i) out[i] = halfToFloat(loadU16(p + 2 * i));
    } else {
        for (size_t i = 0; i < n; ++i) out[i] = bfloat16ToFloat(loadU16(p + 2 * i));
    }
}

SafetensorsContents parseSafetensors(std::span<const std::byte> file, const std::string& source,
                                     const std::string& layout) {
    if (file.size() < 8)
        failWith(source, "the file is " + std::to_string(file.size()) + " bytes, too short for the 8-byte header length",
                 layout);
    const uint64_t n = loadU64(file.data());
    const uint64_t rest = file.size() - 8;
    if (n > rest)
        failWith(source, "the header length says " + std::to_string(n) + " bytes but only " + std::to_string(rest) +
                             " follow (file truncated or not safetensors)", layout);
    if (n > kMaxHeaderBytes)
        failWith(source, "the header length " + std::to_string(n) + " exceeds the 100 MiB limit", layout);
    const std::string_view text(reinterpret_cast<const char*>(file.data() + 8), static_cast<size_t>(n));
    SafetensorsContents c;
    c.header = parseSafetensorsHeader(text, rest - n, source, layout);
    c.header.dataStart = 8 + n;
    const std::byte* buffer = file.data() + 8 + n;
    for (const SafetensorsEntry& e : c.header.entries) {
        SafetensorsTensor t;
        t.entry = e;
        if (!e.convertible())
            failWith(source, "tensor \"" + e.name + "\" has dtype " + e.dtype + "; supported: F32, F16, BF16", layout);
        t.data.resize(static_cast<size_t>(e.elements()));
        convertToFloat(e, std::span<const std::byte>(buffer + e.begin, e.end - e.begin), t.data.data(), source, layout);
        c.tensors.push_back(std::move(t));
    }
    return c;
}

SafetensorsReader::SafetensorsReader(const std::string& path, std::string layout) : m_layout(std::move(layout)) {
    m_header.source = path;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) fail(ec ? "cannot open it (" + ec.message() + ")" : "not a regular file");
    const uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec) fail("cannot read its size (" + ec.message() + ")");
    m_in.open(path, std::ios::binary);
    if (!m_in) fail("cannot open it for reading");
    if (size < 8) fail("the file is " + std::to_string(size) + " bytes, too short for the 8-byte header length");
    std::byte lenBytes[8];
    if (!m_in.read(reinterpret_cast<char*>(lenBytes), 8)) fail("cannot read the 8-byte header length");
    const uint64_t n = loadU64(lenBytes);
    const uint64_t rest = static_cast<uint64_t>(size) - 8;
    if (n > rest)
        fail("the header length says " + std::to_string(n) + " bytes but only " + std::to_string(rest) +
             " follow (file truncated or not safetensors)");
    if (n > kMaxHeaderBytes) fail("the header length " + std::to_string(n) + " exceeds the 100 MiB limit");
    std::string text(static_cast<size_t>(n), '\0');
    if (!m_in.read(text.data(), static_cast<std::streamsize>(n))) fail("cannot read the JSON header (file truncated?)");
    m_header = parseSafetensorsHeader(text, rest - n, path, m_layout);
    m_header.dataStart = 8 + n;
}

void SafetensorsReader::fail(const std::string& problem) const { failWith(m_header.source, problem, m_layout); }

void SafetensorsReader::read(const std::string& name, int64_t first, int64_t count, float* out) {
    const SafetensorsEntry* e = m_header.find(name);
    if (!e) fail("tensor \"" + name + "\" is missing");
    if (!e->convertible()) fail("tensor \"" + name + "\" has dtype " + e->dtype + "; supported: F32, F16, BF16");
    const int64_t total = e->elements();
    if (first < 0 || count < 0 || first > total || count > total - first)
        throw std::out_of_range("SafetensorsReader::read: elements [" + std::to_string(first) + ", +" +
                                std::to_string(count) + ") outside tensor \"" + name + "\" of " + std::to_string(total));
    const uint64_t size = e->dtype == "F32" ? 4 : 2;
    constexpr int64_t kChunk = 1 << 18;  // elements per read: 1 MiB of F32
    std::vector<std::byte> buf;
    m_in.clear();
    m_in.seekg(static_cast<std::streamoff>(m_header.dataStart + e->begin + uint64_t(first) * size));
    for (int64_t done = 0; done < count;) {
        const int64_t m = std::min(kChunk, count - done);
        buf.resize(static_cast<size_t>(m) * size);
        if (!m_in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size())))
            fail("tensor \"" + name + "\" ends early: the file is shorter than its header says (changed while reading?)");
        convertToFloat(*e, buf, out + done, m_header.source, m_layout);
        done += m;
    }
}

std::vector<float> SafetensorsReader::read(const std::string& name) {
    const SafetensorsEntry* e = m_header.find(name);
    if (!e) fail("tensor \"" + name + "\" is missing");
    std::vector<float> out(static_cast<size_t>(e->elements()));
    read(name, 0, e->elements(), out.data());
    return out;
}

}  // namespace rope
