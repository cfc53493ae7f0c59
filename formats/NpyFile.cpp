#include "formats/NpyFile.h"

#include <bit>
#include <cstring>

#include "core/Errors.h"
#include "formats/OutputTransaction.h"

namespace rope {

std::string npyBytes(const float* values, size_t count, const std::vector<int64_t>& shape) {
    static_assert(std::endian::native == std::endian::little, "the .npy writer assumes a little-endian host");
    int64_t product = 1;
    std::string dims;  // Python's tuple repr: "3, 4", "3," for one dimension, "" for a scalar
    for (size_t i = 0; i < shape.size(); ++i) {
        product *= shape[i];
        if (i) dims += ", ";
        dims += std::to_string(shape[i]);
    }
    if (shape.size() == 1) dims += ',';
    if (static_cast<size_t>(product) != count)
        throw InvalidParameter("npy shape", "(" + dims + ")", "must hold exactly " + std::to_string(count) + " values");
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
    const size_t total = 10 + header.size() + 1;  // + '\n'
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    std::string out = "\x93NUMPY";
    out += '\x01';
    out += '\x00';
    out += static_cast<char>(header.size() & 0xFF);
    out += static_cast<char>((header.size() >> 8) & 0xFF);
    out += header;
    const size_t at = out.size();
    out.resize(at + count * sizeof(float));
    if (count) std::memcpy(out.data() + at, values, count * sizeof(float));
    return out;
}

void writeNpy(const std::string& path, const float* values, size_t count, const std::vector<int64_t>& shape) {
    writeWholeFile(path, npyBytes(values, count, shape));
}

}  // namespace rope
