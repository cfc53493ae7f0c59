#pragma once
// From the attention pipeline's results to the figure layer's input (figures/AttentionFigureData.h):
// the GUI hands over the maps on screen, `ropescope figure --view attention` runs the pipeline over
// the study's attention.* settings through the provider registered here.
#include <memory>
#include <vector>

#include "figures/AttentionFigureData.h"
#include "pipeline/AttentionPipeline.h"

namespace rope::cli {

/// The figure input for q/k inputs and one result per study column (null: failed), query token
/// `query` (−1: the default).
std::shared_ptr<const figures::AttentionFigureInput> attentionFigureInput(
    const QkInputs& qk, const std::vector<std::shared_ptr<const ColumnAttention>>& results, int64_t query);

/// Makes `ropescope figure --view attention` run the pipeline (decode, model, every study column)
/// with progress on stderr. Idempotent.
void registerAttentionFigureProvider();

}  // namespace rope::cli
