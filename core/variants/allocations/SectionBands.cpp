// Sections [s_t, s_h, s_w] as bands (variants.md §4, §5):
//   chunked (M-RoPE, Qwen2.5-VL, GLM-4V, Circle-RoPE): t = pairs 0…s_t−1 (the fastest), then s_h
//     pairs h, then s_w pairs w;
//   LTA (VideoRoPE, ERNIE-4.5-VL, HoPE, VideoRoPE++): the first s_h + s_w pairs alternate h (even)
//     / w (odd), the last s_t pairs (the slowest) drive t.
// VideoRoPE's ablations mix the two: temporal band high/low × spatial order interleaved/sequential.
#include "Allocations.h"

namespace rope {

FrequencyPlan sectionPlan(const RotaryGeometry& g, TemporalBand band, SpatialOrder order) {
    FrequencyPlan p = singleAxisPlan(g);
    const int st = g.sections[0], sh = g.sections[1], spatial = g.sections[1] + g.sections[2];
    const int spatialStart = band == TemporalBand::High ? st : 0;
    const int temporalStart = band == TemporalBand::High ? 0 : spatial;
    for (int k = 0; k < st; ++k) p.rowOfPair[static_cast<size_t>(temporalStart + k)] = RowT;
    for (int k = 0; k < spatial; ++k) {
        const bool isH = order == SpatialOrder::Interleaved ? (k % 2 == 0) : (k < sh);
        p.rowOfPair[static_cast<size_t>(spatialStart + k)] = isH ? RowH : RowW;
    }
    return p;
}

}  // namespace rope
