#pragma once
// A study: one sequence and 1–4 variant columns shown side by side. Parameters of scope Study
// (sequence, memory budget, V-NIAH) are the same in every column; the rest are per column —
// including θ, head_dim, rotary_dim and sections, which follow each column's variant unless the
// column overrides them. The study file is versioned JSON; every value goes through the schema.
//
//   { "format": "ropescope-study", "version": 2,
//     "study":    { "sequence": "text:8,video:8x6x8,text:8", "memory_budget_mib": 4096, ... },
//     "variants": [ { "variant": "qwen3-vl" }, { "variant": "videorope", "videorope.delta": 2, "theta": 5000000 } ] }
//
// Version 3 adds "custom_variants": the definitions (variant-file bodies, core/variants/VariantFile.h)
// of the custom variants the columns use, so a study travels with them. Version 1 files (θ, head_dim
// and sections in "study", applied to every column) and version 2 files are read too.
#include <string>
#include <string_view>
#include <vector>

#include "Params.h"

namespace rope {

constexpr int kStudyFormatVersion = 3;
constexpr int kMaxColumns = 4;
/// Largest study file read (a study is a few KiB; this refuses /dev/zero-like input early).
constexpr size_t kMaxStudyFileBytes = size_t(16) << 20;

struct Study {
    std::vector<Params> columns;  ///< 1..kMaxColumns; study-scope fields equal in all

    /// Sets a parameter: study-scope keys in every column, column-scope keys in `column` only
    /// (column = kAllColumns: in every column).
    void set(std::string_view key, std::string_view value, int column = 0);
    static constexpr int kAllColumns = -1;
    const Params& shared() const { return columns.front(); }
    bool operator==(const Study& o) const;
};

/// The built-in demo: text:8,video:8x6x8,text:8 with M-RoPE beside VideoRoPE δ = 2 (paper Fig. 6).
Study demoStudy();

std::string studyToJson(const Study& s);
/// Throws BadFile naming `source` and what is wrong (malformed JSON, newer version, bad value, ...).
Study studyFromJson(std::string_view text, const std::string& source);

}  // namespace rope
