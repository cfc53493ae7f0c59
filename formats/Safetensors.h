#pragma once
// Our own reader and writer for the safetensors format (no safetensors library is packaged for
// Debian 12). The reader treats the file as untrusted input: every length, offset, shape and dtype
// is checked before a byte is touched, and every failure is a rope::BadFile whose message names
// the file, what is wrong and the expected layout — never a crash or an out-of-bounds read. Names
// and values from the file are echoed only through quoteBounded (core/text/TextParse.h).
//
//   byte 0        8                       8 + N                                   end of file
//        ├────────┼───────────────────────┼───────────────────────────────────────┤
//        │ N (u64 │ header: N bytes UTF-8 │ byte buffer: the tensors, row-major,  │
//        │  LE)   │ JSON object           │ little-endian, at data_offsets        │
//        └────────┴───────────────────────┴───────────────────────────────────────┘
//
//   header = { "__metadata__": { "key": "string value", ... },          (optional)
//              "name": { "dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end] }, ... }
//   begin/end are byte offsets into the buffer (not the file); end − begin = product(shape) × size.
//
// What the reader checks (each a distinct message):
//   • the file holds the 8-byte length and N ≤ file size − 8, N ≤ 100 MiB, N > 0;
//   • the header is well-formed UTF-8 JSON, an object, nesting ≤ 3 levels, no duplicate names,
//     at most 65,536 tensors and 1,000,000 JSON items — read in one linear pass by a SAX handler
//     (SafetensorsHeader.cpp), never built as a DOM;
//   • __metadata__ is an object of string values;
//   • each tensor entry is an object with exactly dtype / shape / data_offsets; dtype is a
//     safetensors dtype name; shape is an array of ≤ 8 non-negative integers; data_offsets is
//     [begin, end] with begin ≤ end ≤ buffer size; product(shape) × dtype size is computed with
//     overflow checks and must equal end − begin;
//   • no two tensors' byte ranges overlap (the format forbids it; gaps are tolerated).
// Conversion to float32 is offered for F32, F16 and BF16; other dtypes parse (so a file with
// extra tensors of other types is readable) but cannot be converted.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace rope {

/// Element types the writer can produce and the reader can convert to float32.
enum class TensorDtype { F32, F16, BF16 };

/// "F32", "F16", "BF16" (the safetensors spelling).
const char* dtypeName(TensorDtype t);

/// One tensor entry of a parsed header. Offsets are into the byte buffer after the header.
struct SafetensorsEntry {
    std::string name;
    std::string dtype;            ///< as written: "F32", "F16", "BF16", "I64", ...
    std::vector<int64_t> shape;   ///< each ≥ 0; empty = a scalar (1 element)
    uint64_t begin = 0, end = 0;  ///< data_offsets; end − begin = elements() × dtype size
    int64_t elements() const;     ///< product(shape) (already checked not to overflow)
    /// True for F32 / F16 / BF16, the dtypes convertible to float.
    bool convertible() const;
};

/// A validated header: entries sorted by name, plus the metadata strings.
struct SafetensorsHeader {
    std::string source;                           ///< file name (or caller's label) used in messages
    std::map<std::string, std::string> metadata;  ///< __metadata__
    std::vector<SafetensorsEntry> entries;        ///< sorted by name
    uint64_t dataStart = 0;                       ///< file offset of the byte buffer = 8 + N
    uint64_t bufferBytes = 0;                     ///< size of the byte buffer = file size − 8 − N

    /// The entry called name, or nullptr.
    const SafetensorsEntry* find(const std::string& name) const;
};

/// The layout text BadFile messages end with when the caller gives none.
inline constexpr const char* kSafetensorsLayout =
    "a safetensors file: 8-byte little-endian header length N, N bytes of JSON "
    "{\"__metadata__\": {str: str}, name: {\"dtype\", \"shape\", \"data_offsets\": [begin, end]}}, "
    "then the tensor bytes";

/// Validates the header JSON (the N bytes after the length) against a byte buffer of bufferBytes.
/// `source` names the file in messages; `expectedLayout` is appended to every message.
/// Throws BadFile.
SafetensorsHeader parseSafetensorsHeader(std::string_view headerJson, uint64_t bufferBytes, const std::string& source,
                                         const std::string& expectedLayout = kSafetensorsLayout);

/// Converts `count` elements of `entry`, starting at element `first`, from raw little-endian bytes
/// (bytes = exactly those elements) into out[0..count). Throws BadFile for a dtype other than
/// F32 / F16 / BF16 or a byte count that does not match.
void convertToFloat(const SafetensorsEntry& entry, std::span<const std::byte> bytes, float* out,
                    const std::string& source, const std::string& expectedLayout = kSafetensorsLayout);

/// A whole safetensors image held in memory, every tensor converted to float32.
struct SafetensorsTensor {
    SafetensorsEntry entry;
    std::vector<float> data;  ///< row-major, entry.elements() values
};
struct SafetensorsContents {
    SafetensorsHeader header;
    std::vector<SafetensorsTensor> tensors;  ///< same order as header.entries
};

/// Parses a complete file image from memory (the fuzzing entry point, and small files). Every
/// tensor must be convertible. Throws BadFile.
SafetensorsContents parseSafetensors(std::span<const std::byte> file, const std::string& source,
                                     const std::string& expectedLayout = kSafetensorsLayout);

/// Reads a safetensors file lazily: the constructor reads and validates the header only; tensors
/// (or contiguous element ranges of them) are read and converted on request, so a large capture
/// can be inspected without loading it. Not thread-safe (one stream).
class SafetensorsReader {
public:
    /// Opens `path` and validates its header. Throws BadFile.
    explicit SafetensorsReader(const std::string& path, std::string expectedLayout = kSafetensorsLayout);

    const SafetensorsHeader& header() const { return m_header; }
    const std::string& path() const { return m_header.source; }
    const std::string& expectedLayout() const { return m_layout; }

    /// Elements [first, first + count) of tensor `name` as float32, written to out. Throws BadFile
    /// if the tensor is missing, not convertible, the range lies outside it, or the file shrank.
    void read(const std::string& name, int64_t first, int64_t count, float* out);
    /// The whole tensor.
    std::vector<float> read(const std::string& name);

    /// A BadFile whose message is "<path>: <problem>; expected <layout>".
    [[noreturn]] void fail(const std::string& problem) const;

private:
    SafetensorsHeader m_header;
    std::string m_layout;
    std::ifstream m_in;
};

/// One tensor to write: float32 values and the dtype to store them as (F16 / BF16 round to
/// nearest even; values outside F16's range become ±inf).
struct SafetensorsOutput {
    std::string name;
    std::vector<int64_t> shape;
    const float* data = nullptr;  ///< product(shape) values, row-major
    TensorDtype dtype = TensorDtype::F32;
};

/// Writes a safetensors file (header padded with spaces to a multiple of 8 bytes, tensors in the
/// given order) to `path` atomically: path + ".tmp" is written and then renamed over path.
/// Throws BadFile when the file cannot be written; std::invalid_argument for bad names/shapes.
void writeSafetensors(const std::string& path, const std::map<std::string, std::string>& metadata,
                      const std::vector<SafetensorsOutput>& tensors);

/// IEEE half / bfloat16 bit patterns ↔ float (exposed for tests and the writer).
float halfToFloat(uint16_t bits);
float bfloat16ToFloat(uint16_t bits);
uint16_t floatToHalf(float value);
uint16_t floatToBfloat16(float value);

}  // namespace rope
