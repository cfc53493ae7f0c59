#pragma once
// The typed parameter set of one variant column. Every field is declared once in the parameter
// schema (ParamSchema.h), which gives it its string key, CLI flag, range, help text and JSON form;
// GUI, CLI and study files all go through that schema.
//
// A column is: study-wide settings (sequence, memory budget, the V-NIAH experiment, the attention
// pipeline's inputs), the variant
// (a registry name, core/variants/Registry.h) with the values of its declared options, and the
// rotary geometry (θ, head_dim, rotary_dim, sections). The geometry follows the variant's natural
// values (Qwen3-VL: θ 5e6, sections 24,20,20) unless the user set a field: a set field is an
// override and survives a change of variant.
#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "Sequence.h"
#include "attention/AttentionSettings.h"
#include "vniah/VniahSettings.h"

namespace rope {

/// A variant's registry name: "videorope", "qwen3-vl", ... (lowercase, hyphenated; cli.md).
using VariantId = std::string;

/// Axis indices of the position array: 0 = t, 1 = h, 2 = w (VRoPE: streams 0…3). RowNone marks a
/// pair driven by no axis (zero frequency: cos 1, sin 0 whatever the position, HoPE's NoPE band).
enum Row : int8_t { RowNone = -1, RowT = 0, RowH = 1, RowW = 2 };

/// Which channels form rotary pair c: (c, c + R/2) ("half", transformers' rotate_half) or
/// (2c, 2c + 1) ("adjacent", GLM-4.1V, ERNIE-4.5-VL). The angles are the same; only q/k rotation
/// of captured activations depends on it.
enum class PairLayout { Half, Adjacent };

/// Geometry fields the user set explicitly (bits of Params::overrides).
enum GeometryField : uint8_t { SetTheta = 1, SetHeadDim = 2, SetRotaryDim = 4, SetSections = 8 };

/// Largest --generate (a million decode steps; positions are 24 bytes per token).
constexpr int64_t kMaxGeneratedTokens = int64_t(1) << 20;

struct Params {
    // Shared by every column of a study.
    Sequence sequence = Sequence::parse("text:8,video:8x6x8,text:8");
    double memoryBudgetMiB = 4096;
    /// Tokens generated after the prompt (decode time), placed by the variant's decode rule
    /// (core/check/DecodePositions.h); 0 = the prompt only. Only the views and commands that show
    /// positions add them (positions, rotary, check, the 3D view); V-NIAH and attention do not.
    int64_t generate = 0;

    // Per column: the variant and its options.
    VariantId variant = "videorope";
    double delta = 2.0;  ///< videorope.delta, temporal spacing δ > 0 (VideoRoPE, VideoRoPE++)
    /// Values of the variants' declared options by full key ("hope.gamma" → "0.75"); a key not
    /// present takes its declared default. Keys of another variant are kept (a column can switch
    /// back) and ignored.
    std::map<std::string, std::string> options;

    // Per column: rotary geometry (effective values; natural for the variant unless overridden).
    double theta = 1'000'000.0;
    int headDim = 128;
    int rotaryDim = 0;  ///< channels that rotate; 0 = the variant's natural share of head_dim
    std::array<int, 3> sections{16, 24, 24};  ///< pairs for t, h, w; sum = rotary_dim / 2
    uint8_t overrides = 0;                    ///< GeometryField bits

    // Shared by every column: the V-NIAH experiment (vniah.* keys, core/vniah/VniahSchema.cpp).
    VniahSettings vniah;

    // Shared by every column: attention on a video (attention.* keys, core/attention/AttentionSchema.cpp).
    AttentionSettings attention;

    /// Channels that rotate (R): rotaryDim if set, else head_dim × the variant's rotary share.
    int rotaryDimension() const;
    int pairs() const { return rotaryDimension() / 2; }
    /// Every field (C++20 defaulted): equal parameters give equal results.
    bool operator==(const Params&) const = default;
};

/// Parameters for `variant` with its natural geometry (θ, head_dim, rotary_dim, sections).
Params paramsFor(const VariantId& variant);

}  // namespace rope
