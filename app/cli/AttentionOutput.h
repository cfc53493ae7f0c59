#pragma once
// The files `ropescope attention --out DIR` writes for one variant (layout in AttentionCommand.h),
// and the statistics its JSON reports. The inputs come from the shared pipeline (pipeline/).
#include <Eigen/Core>
#include <cstdint>
#include <filesystem>
#include <string>

#include "JsonWriter.h"
#include "core/Params.h"
#include "core/attention/Attention.h"
#include "core/attention/QkCapture.h"
#include "formats/OutputTransaction.h"
#include "pipeline/AttentionPipeline.h"

namespace rope::cli {

/// Summary numbers of one attention map.
struct AttentionStats {
    double sameFrameMass = 0;      ///< mean mass a query puts on its own frame (trace(frame attention) / T)
    double meanFrameDistance = 0;  ///< mean |Δframe| under the attention, in frames
    double meanEntropyBits = 0;    ///< mean entropy of a query's distribution
};

AttentionStats attentionStats(const AttentionMap& m);
/// The three statistics as fields of the JSON object being written (same names everywhere).
void writeStatsFields(JsonWriter& j, const AttentionStats& st);

/// A matrix as nested JSON arrays, one inner array per row.
void writeMatrixJson(JsonWriter& j, const Eigen::MatrixXf& m);

/// Adds dir/{attention.npy, frame_attention.npy, band_*.npy, attention.png, frame_attention.png,
/// overlay.png (when the frames match the grid), summary.json} to the run's transaction `out`
/// (written now as temporaries, renamed with every other file of the run by out.commit()).
/// Throws BadFile when a file cannot be written.
void writeVariantFiles(OutputTransaction& out, const std::filesystem::path& dir, const QkInputs& in, const Params& p,
                       const AttentionMap& m, int64_t query, double seconds);

}  // namespace rope::cli
