#pragma once
// A study: one sequence and 1–4 variant columns shown side by side. Parameters of scope Study
// (sequence, θ, head_dim, sections, memory budget) are the same in every column; the rest are per
// column. The study file is versioned JSON; every value in it goes through the parameter schema.
//
//   { "format": "ropescope-study", "version": 1,
//     "study":    { "sequence": "text:8,video:8x6x8,text:8", "theta": 1000000, ... },
//     "variants": [ { "variant": "m-rope" }, { "variant": "videorope", "videorope.delta": 2 } ] }
#include <string>
#include <string_view>
#include <vector>

#include "Params.h"

namespace rope {

constexpr int kStudyFormatVersion = 1;
constexpr int kMaxColumns = 4;

struct Study {
    std::vector<Params> columns;  ///< 1..kMaxColumns; study-scope fields equal in all

    /// Sets a parameter: study-scope keys in every column, column-scope keys in `column` only.
    void set(std::string_view key, std::string_view value, int column = 0);
    const Params& shared() const { return columns.front(); }
    bool operator==(const Study& o) const;
};

/// The built-in demo: text:8,video:8x6x8,text:8 with M-RoPE beside VideoRoPE δ = 2 (paper Fig. 6).
Study demoStudy();

std::string studyToJson(const Study& s);
/// Throws BadFile naming `source` and what is wrong (malformed JSON, newer version, bad value, ...).
Study studyFromJson(std::string_view text, const std::string& source);

}  // namespace rope
