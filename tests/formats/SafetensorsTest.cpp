// The generic safetensors layer: hand-made bytes with known values, the writer's round trip, and a
// table of corrupt headers that must each end as BadFile (never a crash or another exception).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "TestFiles.h"
#include "core/Errors.h"
#include "formats/Safetensors.h"

namespace {

using namespace rope;
using ropetest::asBytes;
using ropetest::f32Bytes;
using ropetest::fileImage;
using ropetest::u16Bytes;

// ---- half / bfloat16 bit patterns, decoded by hand --------------------------------------------

TEST(HalfFloat, KnownBitPatterns) {
    // sign | exponent (5 bits, bias 15) | mantissa (10 bits)
    EXPECT_EQ(halfToFloat(0x3C00), 1.0f);          // exp 15 → 2^0
    EXPECT_EQ(halfToFloat(0xC000), -2.0f);         // sign, exp 16 → 2^1
    EXPECT_EQ(halfToFloat(0x3800), 0.5f);          // exp 14
    EXPECT_EQ(halfToFloat(0x3555), 0.333251953125f);  // exp 13 → 1/4 · (1 + 341/1024)
    EXPECT_EQ(halfToFloat(0x7BFF), 65504.0f);      // largest finite: 2^15 · (1 + 1023/1024)
    EXPECT_EQ(halfToFloat(0x0001), std::ldexp(1.0f, -24));   // smallest subnormal
    EXPECT_EQ(halfToFloat(0x03FF), std::ldexp(1023.0f, -24));  // largest subnormal
    EXPECT_EQ(halfToFloat(0x0400), std::ldexp(1.0f, -14));   // smallest normal
    EXPECT_EQ(halfToFloat(0x7C00), std::numeric_limits<float>::infinity());
    EXPECT_EQ(halfToFloat(0xFC00), -std::numeric_limits<float>::infinity());
    EXPECT_TRUE(std::isnan(halfToFloat(0x7E00)));
    EXPECT_TRUE(std::signbit(halfToFloat(0x8000)) && halfToFloat(0x8000) == 0.0f);
}

TEST(BFloat16, KnownBitPatterns) {
    // bfloat16 = the top 16 bits of a float32: sign | exponent (8 bits, bias 127) | mantissa (7 bits)
    EXPECT_EQ(bfloat16ToFloat(0x3F80), 1.0f);
    EXPECT_EQ(bfloat16ToFloat(0xC040), -3.0f);     // exp 128 → 2 · (1 + 64/128)
    EXPECT_EQ(bfloat16ToFloat(0x3E80), 0.25f);     // exp 125
    EXPECT_EQ(bfloat16ToFloat(0x4049), 3.140625f);  // 2 · (1 + 73/128)
    EXPECT_EQ(bfloat16ToFloat(0x7F80), std::numeric_limits<float>::infinity());
}

TEST(HalfFloat, RoundsToNearestEven) {
    // Near 1 a half step is 2^-10; exactly half a step is a tie, broken towards the even mantissa.
    EXPECT_EQ(floatToHalf(1.0f), 0x3C00);
    EXPECT_EQ(floatToHalf(1.0f + std::ldexp(1.0f, -11)), 0x3C00);      // tie: 0x3C00 (even) wins
    EXPECT_EQ(floatToHalf(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3C02);  // tie between 0x3C01 and 0x3C02
    EXPECT_EQ(floatToHalf(1.0f + std::ldexp(1.0f, -11) + std::ldexp(1.0f, -20)), 0x3C01);  // just above the tie
    EXPECT_EQ(floatToHalf(65504.0f), 0x7BFF);
    EXPECT_EQ(floatToHalf(65519.0f), 0x7BFF);  // below the midpoint 65520 to the next (infinite) step
    EXPECT_EQ(floatToHalf(65520.0f), 0x7C00);  // the tie goes to inf (mantissa 0x3FF is odd)
    EXPECT_EQ(floatToHalf(1e10f), 0x7C00);
    EXPECT_EQ(floatToHalf(-1e10f), 0xFC00);
    // Subnormals in units of 2^-24.
    EXPECT_EQ(floatToHalf(std::ldexp(1.0f, -24)), 0x0001);
    EXPECT_EQ(floatToHalf(std::ldexp(1.0f, -25)), 0x0000);      // tie between 0 and 1 → 0
    EXPECT_EQ(floatToHalf(3 * std::ldexp(1.0f, -25)), 0x0002);  // 1.5 units → 2 (even)
    EXPECT_EQ(floatToHalf(std::ldexp(1.0f, -14)), 0x0400);
    EXPECT_EQ(floatToHalf(-0.0f), 0x8000);
    EXPECT_EQ(floatToHalf(std::numeric_limits<float>::quiet_NaN()) & 0x7C00, 0x7C00);
    EXPECT_NE(floatToHalf(std::numeric_limits<float>::quiet_NaN()) & 0x03FF, 0);
}

TEST(BFloat16, RoundsToNearestEven) {
    // Near 1 a bfloat16 step is 2^-7.
    EXPECT_EQ(floatToBfloat16(1.0f + std::ldexp(1.0f, -8)), 0x3F80);      // tie → even
    EXPECT_EQ(floatToBfloat16(1.0f + 3 * std::ldexp(1.0f, -8)), 0x3F82);  // tie → even
    EXPECT_EQ(floatToBfloat16(1.0f + std::ldexp(1.0f, -8) + std::ldexp(1.0f, -20)), 0x3F81);
    EXPECT_EQ(floatToBfloat16(std::numeric_limits<float>::max()), 0x7F80);  // rounds up to inf
    EXPECT_TRUE(std::isnan(bfloat16ToFloat(floatToBfloat16(std::numeric_limits<float>::quiet_NaN()))));
}

TEST(HalfFloat, EveryNonNanPatternSurvivesARoundTrip) {
    for (uint32_t b = 0; b <= 0xFFFF; ++b) {
        const uint16_t h = static_cast<uint16_t>(b);
        if ((h & 0x7C00) == 0x7C00 && (h & 0x03FF) != 0) continue;  // NaN payloads need not survive
        ASSERT_EQ(floatToHalf(halfToFloat(h)), h) << std::hex << b;
        ASSERT_EQ(floatToBfloat16(bfloat16ToFloat(h)), h) << std::hex << b;
    }
}

// ---- hand-made files --------------------------------------------------------------------------

TEST(Safetensors, ReadsHandMadeF16AndBf16Bytes) {
    const std::string header =
        R"({"__metadata__":{"who":"hand"},"a":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]},)"
        R"("b":{"dtype":"BF16","shape":[3],"data_offsets":[8,14]},"c":{"dtype":"F32","shape":[],"data_offsets":[14,18]}})";
    const std::string buffer = u16Bytes({0x3C00, 0xC000, 0x3800, 0x7BFF}) + u16Bytes({0x3F80, 0xC040, 0x3E80}) + f32Bytes({-7.5f});
    const std::string image = fileImage(header, buffer);

    const SafetensorsContents c = parseSafetensors(asBytes(image), "hand.safetensors");
    ASSERT_EQ(c.tensors.size(), 3u);
    EXPECT_EQ(c.header.metadata.at("who"), "hand");
    EXPECT_EQ(c.tensors[0].entry.name, "a");
    EXPECT_EQ(c.tensors[0].entry.shape, (std::vector<int64_t>{2, 2}));
    EXPECT_EQ(c.tensors[0].data, (std::vector<float>{1.0f, -2.0f, 0.5f, 65504.0f}));
    EXPECT_EQ(c.tensors[1].data, (std::vector<float>{1.0f, -3.0f, 0.25f}));
    EXPECT_EQ(c.tensors[2].entry.elements(), 1);  // shape [] is a scalar
    EXPECT_EQ(c.tensors[2].data, (std::vector<float>{-7.5f}));

    // The file reader gives the same, and reads element ranges.
    ropetest::TempDir dir("st");
    SafetensorsReader r(dir.write("hand.safetensors", image));
    EXPECT_EQ(r.header().dataStart, 8 + header.size());
    EXPECT_EQ(r.read("b"), (std::vector<float>{1.0f, -3.0f, 0.25f}));
    float two[2];
    r.read("a", 2, 2, two);
    EXPECT_EQ(two[0], 0.5f);
    EXPECT_EQ(two[1], 65504.0f);
}

TEST(Safetensors, ToleratesPaddingGapsAndNullMetadata) {
    // Spaces after the JSON (the reference writer pads to 8 bytes), a gap before the tensor.
    const std::string header = R"({"__metadata__":null,"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}   )";
    const SafetensorsContents c = parseSafetensors(asBytes(fileImage(header, f32Bytes({0.0f, 2.5f}))), "pad");
    ASSERT_EQ(c.tensors.size(), 1u);
    EXPECT_EQ(c.tensors[0].data[0], 2.5f);
    EXPECT_TRUE(c.header.metadata.empty());
}

TEST(Safetensors, WriterRoundTripsF32ExactlyAndAlignsTheBuffer) {
    ropetest::TempDir dir("st");
    const std::string path = dir.file("w.safetensors");
    const std::vector<float> a{1.5f, -2.25f, 0.0f, 3e-5f, 1e30f, -0.0f};
    const std::vector<float> b{42.0f};
    writeSafetensors(path, {{"k1", "v1"}, {"k2", "{\"json\": [1, 2]}"}},
                     {{"a", {2, 3}, a.data(), TensorDtype::F32}, {"b", {1, 1}, b.data(), TensorDtype::F32}});
    EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
    SafetensorsReader r(path);
    EXPECT_EQ(r.header().dataStart % 8, 0u);
    EXPECT_EQ(r.header().metadata.at("k2"), "{\"json\": [1, 2]}");
    const std::vector<float> back = r.read("a");
    ASSERT_EQ(back.size(), a.size());
    for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(std::bit_cast<uint32_t>(back[i]), std::bit_cast<uint32_t>(a[i]));
    EXPECT_EQ(r.read("b"), b);
    EXPECT_EQ(r.header().find("a")->shape, (std::vector<int64_t>{2, 3}));
}

TEST(Safetensors, WriterStoresF16AndBf16Bits) {
    ropetest::TempDir dir("st");
    const std::string path = dir.file("h.safetensors");
    const std::vector<float> v{1.0f, -2.0f, 0.5f};
    writeSafetensors(path, {}, {{"h", {3}, v.data(), TensorDtype::F16}, {"b", {3}, v.data(), TensorDtype::BF16}});
    SafetensorsReader r(path);
    EXPECT_EQ(r.header().find("h")->dtype, "F16");
    EXPECT_EQ(r.header().find("b")->dtype, "BF16");
    // Look at the raw bytes: 1.0 is 0x3C00 in F16 and 0x3F80 in BF16, stored little-endian.
    std::ifstream in(path, std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string raw = all.substr(r.header().dataStart);
    EXPECT_EQ(raw, u16Bytes({0x3C00, 0xC000, 0x3800}) + u16Bytes({0x3F80, 0xC000, 0x3F00}));
    EXPECT_EQ(r.read("h"), v);
    EXPECT_EQ(r.read("b"), v);
}

TEST(Safetensors, OtherDtypesParseButDoNotConvert) {
    const std::string header = R"({"i":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},"f":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})";
    const std::string image = fileImage(header, std::string(8, '\0') + f32Bytes({3.0f}));
    ropetest::TempDir dir("st");
    SafetensorsReader r(dir.write("i.safetensors", image));
    EXPECT_EQ(r.read("f"), (std::vector<float>{3.0f}));
    EXPECT_THROW(r.read("i"), BadFile);
    EXPECT_THROW(r.read("nope"), BadFile);
    EXPECT_THROW(parseSafetensors(asBytes(image), "i"), BadFile);  // the in-memory form converts everything
}

// ---- corrupt files ----------------------------------------------------------------------------

struct Corrupt {
    const char* what;
    std::string image;
    const char* mustMention;  // a word the message must contain
};

std::vector<Corrupt> corruptFiles() {
    const std::string okTensor = R"("x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]})";
    const std::string buf8 = f32Bytes({1.0f, 2.0f});
    auto one = [&](const std::string& entry, const std::string& buffer = std::string(8, '\0')) {
        return fileImage("{" + entry + "}", buffer);
    };
    return {
        {"empty file", "", "too short"},
        {"seven bytes", std::string(7, '\0'), "too short"},
        {"header length larger than the file", ropetest::fileImageWithLength(1000, "{" + okTensor + "}", buf8), "header length"},
        {"header length one byte past the file", ropetest::fileImageWithLength(16, "{" + okTensor.substr(0, 14), ""), "header length"},
        {"header length 2^64-1", ropetest::fileImageWithLength(~0ull, "{}", ""), "header length"},
        {"header length 0", ropetest::fileImageWithLength(0, "", buf8), "empty"},
        {"header not JSON", fileImage("{not json at all", buf8), "JSON"},
        {"header is an array", fileImage("[1,2]", ""), "'{'"},
        {"header not UTF-8", fileImage("{\"x\xff\":1}", ""), "JSON"},
        {"trailing garbage after the object", fileImage("{}xyz", ""), "JSON"},
        {"nesting too deep", fileImage(R"({"x":{"shape":[[[1]]]}})", ""), "nests"},
        {"duplicate tensor name", fileImage("{" + okTensor + "," + okTensor + "}", buf8), "twice"},
        {"duplicate field", one(R"("x":{"dtype":"F32","dtype":"F16","shape":[2],"data_offsets":[0,8]})"), "twice"},
        {"offsets past the end", one(R"("x":{"dtype":"F32","shape":[2],"data_offsets":[0,12]})"), "past the end"},
        {"begin past the end", one(R"("x":{"dtype":"F32","shape":[0],"data_offsets":[9,9]})"), "past the end"},
        {"end < begin", one(R"("x":{"dtype":"F32","shape":[2],"data_offsets":[8,0]})"), "end < begin"},
        {"wrong byte count for the shape", one(R"("x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]})"), "needs 12 bytes"},
        {"F16 byte count as if F32", one(R"("x":{"dtype":"F16","shape":[2],"data_offsets":[0,8]})"), "needs 4 bytes"},
        {"negative shape", one(R"("x":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]})"), ">= 0"},
        {"fractional shape", one(R"("x":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]})"), ">= 0"},
        {"shape 1e30", one(R"("x":{"dtype":"F32","shape":[1e30],"data_offsets":[0,8]})"), ">= 0"},
        {"shape above int64", one(R"("x":{"dtype":"F32","shape":[18446744073709551615],"data_offsets":[0,8]})"), ">= 0"},
        {"shape beyond uint64", one(R"("x":{"dtype":"F32","shape":[99999999999999999999999],"data_offsets":[0,8]})"), ">= 0"},
        {"element count overflows", one(R"("x":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,8]})"), "overflows"},
        {"byte count overflows", one(R"("x":{"dtype":"F64","shape":[4611686018427387904],"data_offsets":[0,8]})"), "overflows"},
        {"overflow hidden by a zero", one(R"("x":{"dtype":"F32","shape":[4294967296,4294967296,16,0],"data_offsets":[0,0]})"), "overflows"},
        {"shape not an array", one(R"("x":{"dtype":"F32","shape":2,"data_offsets":[0,8]})"), "shape"},
        {"rank 9", one(R"("x":{"dtype":"F32","shape":[1,1,1,1,1,1,1,1,2],"data_offsets":[0,8]})"), "longer than 8"},
        {"unknown dtype", one(R"("x":{"dtype":"Q7","shape":[2],"data_offsets":[0,8]})"), "unknown dtype"},
        {"dtype not a string", one(R"("x":{"dtype":4,"shape":[2],"data_offsets":[0,8]})"), "dtype"},
        {"missing data_offsets", one(R"("x":{"dtype":"F32","shape":[2]})"), "data_offsets"},
        {"three data_offsets", one(R"("x":{"dtype":"F32","shape":[2],"data_offsets":[0,4,8]})"), "data_offsets"},
        {"string data_offsets", one(R"("x":{"dtype":"F32","shape":[2],"data_offsets":["0","8"]})"), "data_offsets"},
        {"negative data_offsets", one(R"("x":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]})"), "data_offsets"},
        {"unexpected field", one(R"("x":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"extra":1})"), "unexpected field"},
        {"entry not an object", one(R"("x":[1,2])"), "not an object"},
        {"metadata value not a string", one(R"("__metadata__":{"n":5})"), "not a string"},
        {"metadata not an object", one(R"("__metadata__":"text")"), "__metadata__"},
        {"overlapping tensors", fileImage(R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                          R"("y":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", buf8), "overlap"},
        {"unsupported dtype for conversion", one(R"("x":{"dtype":"I32","shape":[2],"data_offsets":[0,8]})"), "supported: F32, F16, BF16"},
    };
}

TEST(Safetensors, CorruptFilesAreBadFileNamingTheFileAndLayout) {
    ropetest::TempDir dir("st");
    for (const Corrupt& c : corruptFiles()) {
        SCOPED_TRACE(c.what);
        try {
            parseSafetensors(asBytes(c.image), "mem.safetensors");
            ADD_FAILURE() << "accepted";
        } catch (const BadFile& e) {
            const std::string m = e.what();
            EXPECT_NE(m.find("mem.safetensors: "), std::string::npos) << m;
            EXPECT_NE(m.find(c.mustMention), std::string::npos) << m;
            EXPECT_NE(m.find("expected a safetensors file"), std::string::npos) << m;
        }
        // The file reader checks the header the same way (conversion happens on read()).
        const std::string path = dir.write("bad.safetensors", c.image);
        try {
            SafetensorsReader r(path);
            for (const SafetensorsEntry& e : r.header().entries) r.read(e.name);
            ADD_FAILURE() << "file accepted";
        } catch (const BadFile& e) {
            EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
        }
    }
}

TEST(Safetensors, HeaderWithTooManyItemsIsRefusedWhileParsing) {
    // 500 001 metadata entries (a key and a value each: 1 000 002 items): legal JSON, but far
    // beyond any real header (a model file has a few thousand tensors); refused while parsing.
    std::string header = R"({"__metadata__":{)";
    for (int i = 0; i <= 500'000; ++i) header += (i ? ",\"" : "\"") + std::to_string(i) + "\":\"\"";
    header += "}}";
    try {
        parseSafetensors(asBytes(fileImage(header, "")), "big");
        ADD_FAILURE() << "accepted";
    } catch (const BadFile& e) {
        EXPECT_NE(std::string(e.what()).find("more than 1000000 items"), std::string::npos) << e.what();
    }
}

TEST(Safetensors, MissingFileAndDirectoryAreBadFile) {
    ropetest::TempDir dir("st");
    EXPECT_THROW(SafetensorsReader(dir.file("absent.safetensors")), BadFile);
    EXPECT_THROW(SafetensorsReader(dir.file("")), BadFile);  // the directory itself
}

TEST(Safetensors, WriterRejectsBadInputAndUnwritablePaths) {
    ropetest::TempDir dir("st");
    const float v = 1;
    EXPECT_THROW(writeSafetensors(dir.file("a"), {}, {{"x", {-1}, &v}}), std::invalid_argument);
    EXPECT_THROW(writeSafetensors(dir.file("a"), {}, {{"x", {1}, &v}, {"x", {1}, &v}}), std::invalid_argument);
    EXPECT_THROW(writeSafetensors(dir.file("a"), {}, {{"__metadata__", {1}, &v}}), std::invalid_argument);
    EXPECT_THROW(writeSafetensors(dir.file("a"), {}, {{"x", {2}, nullptr}}), std::invalid_argument);
    EXPECT_THROW(writeSafetensors(dir.file("no/such/dir/a"), {}, {{"x", {1}, &v}}), BadFile);
}

}  // namespace

namespace {

// ---- issue 13 item 6: header size is linear work ----------------------------------------------

/// A header of n one-element F32 tensors "t000000" … at consecutive offsets, and its byte buffer.
std::string manyTensorsImage(int n) {
    std::string header = "{";
    for (int i = 0; i < n; ++i) {
        char name[16];
        std::snprintf(name, sizeof name, "t%06d", n - 1 - i);  // written in reverse name order
        if (i) header += ',';
        header += '"';
        header += name;
        header += "\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[";
        header += std::to_string(4 * i);
        header += ',';
        header += std::to_string(4 * i + 4);
        header += "]}";
    }
    header += "}";
    return fileImage(header, std::string(static_cast<size_t>(4 * n), '\0'));
}

TEST(Safetensors, HundredThousandTensorsAreRefusedByCount) {
    // Before: parsed by a DOM callback parser that rescans the object after each entry — 100k
    // entries took minutes. Now the 65,537th tensor name stops the parse with the cap.
    try {
        parseSafetensors(asBytes(manyTensorsImage(100'000)), "many.safetensors");
        ADD_FAILURE() << "accepted";
    } catch (const BadFile& e) {
        EXPECT_NE(std::string(e.what()).find("more than 65536 tensors"), std::string::npos) << e.what();
    }
}

TEST(Safetensors, TheLargestAllowedHeaderParsesCompletely) {
    // 65,536 tensors, the cap: every one parsed, sorted by name, offsets intact. (This test has
    // a ctest TIMEOUT of 60 s; the quadratic parser needed far longer for half as many.)
    const SafetensorsContents c = parseSafetensors(asBytes(manyTensorsImage(65'536)), "max.safetensors");
    ASSERT_EQ(c.header.entries.size(), 65'536u);
    EXPECT_EQ(c.header.entries.front().name, "t000000");
    EXPECT_EQ(c.header.entries.back().name, "t065535");
    // "t000000" was written last: its bytes are the last four of the buffer.
    EXPECT_EQ(c.header.entries.front().begin, 4u * 65'535u);
    EXPECT_TRUE(std::is_sorted(c.header.entries.begin(), c.header.entries.end(),
                               [](const SafetensorsEntry& a, const SafetensorsEntry& b) { return a.name < b.name; }));
}

TEST(Safetensors, HugeTensorNameIsQuotedBoundedInMessages) {
    const std::string name(1'000'000, 'n');
    const std::string image = fileImage("{\"" + name + "\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}", std::string(4, '\0'));
    try {
        parseSafetensors(asBytes(image), "name.safetensors");
        ADD_FAILURE() << "accepted";
    } catch (const BadFile& e) {
        EXPECT_LT(std::string(e.what()).size(), 1000u) << "the message echoes the whole name";
        EXPECT_NE(std::string(e.what()).find("unknown dtype"), std::string::npos);
    }
}

}  // namespace
