#pragma once
// The typed parameter set of one variant column. Every field is declared once in the parameter
// schema (ParamSchema.h), which gives it its string key, CLI flag, range, help text and JSON form;
// GUI, CLI and study files all go through that schema.
#include <array>
#include <cstdint>
#include <string>

#include "Sequence.h"
#include "vniah/VniahSettings.h"

namespace rope {

enum class VariantId { Vanilla, Tad, RopeTie, MRope, VideoRope };

/// Which rows the position triple has: index 0 = t, 1 = h, 2 = w.
enum Row : uint8_t { RowT = 0, RowH = 1, RowW = 2 };

enum class TadTextStride { Reference, Paper };   ///< tad.text_stride
enum class NextStart { TRow, AllRows };          ///< videorope.next_start
enum class TemporalBand { Low, High };           ///< videorope.temporal_band (LTA on = low)
enum class SpatialOrder { Interleaved, Sequential };  ///< videorope.spatial_order

struct Params {
    // Shared by every column of a study.
    Sequence sequence = Sequence::parse("text:8,video:8x6x8,text:8");
    int headDim = 128;
    double theta = 1'000'000.0;
    std::array<int, 3> sections{16, 24, 24};  ///< pairs for t, h, w; sum = headDim / 2
    double memoryBudgetMiB = 4096;

    // Per column.
    VariantId variant = VariantId::VideoRope;
    double delta = 2.0;  ///< videorope.delta, temporal spacing δ > 0
    TadTextStride tadTextStride = TadTextStride::Reference;
    NextStart videoropeNextStart = NextStart::TRow;
    TemporalBand videoropeTemporalBand = TemporalBand::Low;
    SpatialOrder videoropeSpatialOrder = SpatialOrder::Interleaved;
    bool videoropeDiagonal = true;

    // Shared by every column: the V-NIAH experiment (vniah.* keys, core/vniah/VniahSchema.cpp).
    VniahSettings vniah;

    int pairs() const { return headDim / 2; }
    /// Every field (C++20 defaulted): equal parameters give equal results.
    bool operator==(const Params&) const = default;
};

}  // namespace rope
