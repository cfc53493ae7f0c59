// Writing a safetensors file atomically (temporary in the target directory, then rename).
#include <algorithm>
#include <bit>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <system_error>

#include "formats/Safetensors.h"
#include "formats/SafetensorsDetail.h"

namespace rope {

using namespace safetensors_detail;

void writeSafetensors(const std::string& path, const std::map<std::string, std::string>& metadata,
                      const std::vector<SafetensorsOutput>& tensors) {
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) {
        nlohmann::ordered_json m = nlohmann::ordered_json::object();
        for (const auto& [k, v] : metadata) m[k] = v;
        header["__metadata__"] = std::move(m);
    }
    uint64_t offset = 0;
    std::vector<uint64_t> counts;
    for (const SafetensorsOutput& t : tensors) {
        if (t.name.empty() || t.name == "__metadata__" || header.contains(t.name))
            throw std::invalid_argument("writeSafetensors: bad or repeated tensor name \"" + t.name + "\"");
        uint64_t n = 1;
        for (int64_t s : t.shape)
            if (s < 0 || mulOverflows(n, uint64_t(s), n))
                throw std::invalid_argument("writeSafetensors: bad shape for tensor \"" + t.name + "\"");
        if (n > 0 && !t.data) throw std::invalid_argument("writeSafetensors: no data for tensor \"" + t.name + "\"");
        const uint64_t bytes = n * (t.dtype == TensorDtype::F32 ? 4 : 2);
        header[t.name] = {{"dtype", dtypeName(t.dtype)}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        counts.push_back(n);
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');  // the buffer then starts 8-byte aligned

    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw BadFile("cannot write " + tmp + " (directory missing or not writable?)");
        char len[8];
        uint64_t n = text.size();
        for (int i = 0; i < 8; ++i) len[i] = static_cast<char>((n >> (8 * i)) & 0xff);
        out.write(len, 8);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        std::vector<char> buf;
        for (size_t t = 0; t < tensors.size() && out; ++t) {
            constexpr uint64_t kChunk = 1 << 18;
            for (uint64_t a = 0; a < counts[t] && out; a += kChunk) {
                const uint64_t m = std::min(kChunk, counts[t] - a);
                const float* src = tensors[t].data + a;
                buf.clear();
                for (uint64_t i = 0; i < m; ++i) {
                    uint32_t bits = 0;
                    int width = 2;
                    switch (tensors[t].dtype) {
                        case TensorDtype::F32: bits = std::bit_cast<uint32_t>(src[i]), width = 4; break;
                        case TensorDtype::F16: bits = floatToHalf(src[i]); break;
                        case TensorDtype::BF16: bits = floatToBfloat16(src[i]); break;
                    }
                    for (int b = 0; b < width; ++b) buf.push_back(static_cast<char>((bits >> (8 * b)) & 0xff));
                }
                out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
            }
        }
        out.close();  // flushes; a tail that does not fit on the disk fails here
        if (!out) {
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            throw WriteFailed("cannot write " + tmp + " (disk full?)");
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::error_code ignore;
        std::filesystem::remove(tmp, ignore);
        throw BadFile("cannot rename " + tmp + " to " + path + ": " + ec.message());
    }
}

}  // namespace rope
