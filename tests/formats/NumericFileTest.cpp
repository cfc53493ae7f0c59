// .npy and JSON arrays of a user's pipeline (formats/NumericFile.h). Every .npy image is spelled
// out here (magic, version, header length, dict literal, little-endian values), never produced by
// our writer, so a reader bug cannot cancel a writer bug. Bad input must be a BadFile whose
// message starts with the file name.
#include <gtest/gtest.h>

#include <unistd.h>

#include <bit>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "core/Errors.h"
#include "formats/NumericFile.h"

namespace {

using namespace rope;

/// A version-1.0 .npy image: header padded with spaces to a multiple of 64 bytes, then `data`.
std::string npy(const std::string& descr, const std::string& shape, const std::string& data, bool fortran = false) {
    std::string header = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
                         ", 'shape': " + shape + ", }";
    header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
    header += '\n';
    std::string out = "\x93NUMPY";
    out += '\x01';
    out += '\x00';
    out += static_cast<char>(header.size() & 0xff);
    out += static_cast<char>(header.size() >> 8);
    return out + header + data;
}

template <typename T>
std::string le(std::initializer_list<T> values) {
    std::string out;
    for (T v : values) {
        using U = std::conditional_t<sizeof(T) == 8, uint64_t, std::conditional_t<sizeof(T) == 4, uint32_t, uint16_t>>;
        const U b = std::bit_cast<U>(v);
        for (size_t i = 0; i < sizeof(T); ++i) out.push_back(static_cast<char>((b >> (8 * i)) & 0xff));
    }
    return out;
}

std::string badFileMessage(const std::string& bytes, const std::string& source = "ids.npy") {
    try {
        parseNpy(bytes, source);
    } catch (const BadFile& e) {
        return e.what();
    }
    return "(accepted)";
}

TEST(NumericFileNpy, ReadsEveryDtypeWithItsShape) {
    const NumericArray i64 = parseNpy(npy("<i8", "(3, 1, 2)", le<int64_t>({0, 1, 2, 3, -4, 5})), "a.npy");
    EXPECT_EQ(i64.shape, (std::vector<int64_t>{3, 1, 2}));
    EXPECT_EQ(i64.values, (std::vector<double>{0, 1, 2, 3, -4, 5}));
    EXPECT_EQ(i64.dtype, "int64");
    EXPECT_EQ(parseNpy(npy("<i4", "(2,)", le<int32_t>({7, -8})), "b").values, (std::vector<double>{7, -8}));
    EXPECT_EQ(parseNpy(npy("<f4", "(1, 2)", le<float>({0.5f, 18.5f})), "c").values, (std::vector<double>{0.5, 18.5}));
    EXPECT_EQ(parseNpy(npy("<f8", "(2,)", le<double>({2.25, -4.0711})), "d").values,
              (std::vector<double>{2.25, -4.0711}));
    // float16 0x3C00 = 1.0, 0xC000 = −2.0 (sign 1, exponent 16 − 15 = 1, mantissa 0).
    EXPECT_EQ(parseNpy(npy("<f2", "(2,)", le<uint16_t>({0x3C00, 0xC000})), "e").values, (std::vector<double>{1, -2}));
    EXPECT_EQ(parseNpy(npy("<i8", "(0, 3)", ""), "f").values.size(), 0u);
}

TEST(NumericFileNpy, TruncatedAndLyingFilesNameTheFile) {
    const std::string good = npy("<i8", "(3, 2)", le<int64_t>({0, 1, 2, 3, 4, 5}));
    const std::string cut = badFileMessage(good.substr(0, good.size() - 1));
    EXPECT_EQ(cut.rfind("ids.npy: is truncated", 0), 0u) << cut;
    EXPECT_EQ(badFileMessage(good + "xx").rfind("ids.npy: has extra bytes", 0), 0u);
    EXPECT_EQ(badFileMessage(good.substr(0, 7)).rfind("ids.npy: is not a .npy file", 0), 0u);
    std::string lying = good;
    lying[8] = '\xff', lying[9] = '\x7f';  // header length 32767 > file
    EXPECT_EQ(badFileMessage(lying).rfind("ids.npy: is truncated", 0), 0u) << badFileMessage(lying);
    EXPECT_NE(badFileMessage(npy("<i8", "(3, 4)", le<int64_t>({0, 1}))).find("needs 96 data bytes"), std::string::npos);
    EXPECT_NE(badFileMessage(npy("<i8", "(3 2)", "")).find("not a valid .npy header"), std::string::npos);
}

TEST(NumericFileNpy, WrongDtypesAreRefusedWithTheFix) {
    EXPECT_NE(badFileMessage(npy("|b1", "(2,)", "\x01\x00")).find("dtype '|b1'"), std::string::npos);
    EXPECT_NE(badFileMessage(npy("<u4", "(1,)", le<uint32_t>({1}))).find("dtype '<u4'"), std::string::npos);
    EXPECT_NE(badFileMessage(npy("|O", "(1,)", "")).find("dtype"), std::string::npos);
    EXPECT_NE(badFileMessage(npy(">f4", "(1,)", le<float>({1}))).find("big-endian"), std::string::npos);
    EXPECT_NE(badFileMessage(npy("<f4", "(1,)", le<float>({1}), true)).find("Fortran order"), std::string::npos);
}

TEST(NumericFileNpy, NonFiniteAndHugeAreRefused) {
    const std::string nan = badFileMessage(npy("<f4", "(3,)", le<float>({0, std::numeric_limits<float>::quiet_NaN(), 2})));
    EXPECT_EQ(nan.rfind("ids.npy: value 1", 0), 0u) << nan;
    EXPECT_NE(nan.find("NaN"), std::string::npos);
    EXPECT_NE(badFileMessage(npy("<f8", "(1,)", le<double>({std::numeric_limits<double>::infinity()}))).find("infinite"),
              std::string::npos);
    // 2^32 × 2^32 values: refused from the header, before any allocation.
    const std::string huge = badFileMessage(npy("<i8", "(4294967296, 4294967296)", ""));
    EXPECT_NE(huge.find("holds more than"), std::string::npos) << huge;
    EXPECT_NE(badFileMessage(npy("<i8", "(1, 1, 1, 1, 1)", "")).find("more than 4 dimensions"), std::string::npos);
}

TEST(NumericFileJson, ListsAndThePositionsCommandsObject) {
    const NumericArray a = parseNumericJson("[[0, 1, 2], [0, 1, 2.5], [0, 1, 2]]", "p.json");
    EXPECT_EQ(a.shape, (std::vector<int64_t>{3, 3}));
    EXPECT_EQ(a.values[5], 2.5);
    const NumericArray b = parseNumericJson(R"({"variant": "m-rope", "tokens": 2, "t": [0, 1], "h": [0, 1], "w": [0, 3]})", "q.json");
    EXPECT_EQ(b.shape, (std::vector<int64_t>{3, 2}));
    EXPECT_EQ(b.values.back(), 3);
    const auto message = [](const std::string& text) {
        try {
            parseNumericJson(text, "p.json");
        } catch (const BadFile& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    EXPECT_NE(message("[[0, 1], [0]]").find("not rectangular"), std::string::npos);
    EXPECT_NE(message("[[0, \"1\"]]").find("JSON string"), std::string::npos);
    EXPECT_EQ(message("[0, 1e400]").rfind("p.json: ", 0), 0u);
    EXPECT_EQ(message("[0, NaN]").rfind("p.json: is not valid JSON", 0), 0u);
    EXPECT_NE(message(R"({"x": 1})").find("without \"t\""), std::string::npos);
    EXPECT_NE(message("[[[[[[[[[[1]]]]]]]]]]").find("deeper"), std::string::npos);
    // Fuzz finding (numeric_file, 2026-12-02): nlohmann stops at a NUL byte, so "0\0[[…" read as
    // the single number 0, a 0-dimensional array; both are refused now.
    EXPECT_NE(message(std::string("0\0\0\0[[0.1,2],[0,2]]", 20)).find("NUL byte at offset 1"), std::string::npos);
    EXPECT_NE(message(std::string("[[0, 1]]\0garbage", 17)).find("NUL byte at offset 8"), std::string::npos);
    EXPECT_NE(message("7").find("single JSON value"), std::string::npos);
}

TEST(NumericFileRead, ExtensionAndMissingFilesNameThePath) {
    const auto message = [](const std::string& path) {
        try {
            readNumericFile(path);
        } catch (const BadFile& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("numeric-file-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    EXPECT_NE(message((dir / "x.txt").string()).find("must be a .npy or .json file"), std::string::npos);
    EXPECT_NE(message((dir / "missing.npy").string()).find("missing.npy: does not exist"), std::string::npos);
    const std::filesystem::path f = dir / "ids.NPY";
    std::ofstream(f, std::ios::binary) << npy("<i8", "(2,)", le<int64_t>({4, 5}));
    EXPECT_EQ(readNumericFile(f.string()).values, (std::vector<double>{4, 5}));
    EXPECT_NE(message(dir.string() + "/sub.json").find("does not exist"), std::string::npos);
    std::filesystem::create_directories(dir / "folder.npy");
    EXPECT_NE(message((dir / "folder.npy").string()).find("folder.npy: is not a regular file"), std::string::npos);
    std::filesystem::remove_all(dir);
}

}  // namespace
