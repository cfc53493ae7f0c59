#pragma once
// The numbers the attention figure draws, handed over from the attention pipeline's results
// (GUI: the attention tab's maps; CLI: a pipeline run over the study's attention.* inputs). The
// figure layer never runs the pipeline itself — it needs OpenCV and LibTorch, which figures/ does
// not link — so the app registers a provider (setAttentionDataProvider) that `ropescope figure
// --view attention` calls, and the GUI passes what is on screen.
#include <QImage>
#include <QString>
#include <functional>
#include <memory>
#include <vector>

#include "core/attention/Attention.h"
#include "core/vniah/VniahExperiment.h"

namespace rope::figures {

struct FigureSpec;

struct AttentionFigureInput {
    QString source;                    ///< "vtest.avi · 8 frames · 10×14 tokens · built-in PCA model"
    int64_t frames = 0, rows = 0, cols = 0;
    int64_t layer = 0, head = 0;
    bool causal = false;
    int64_t query = -1;                ///< token of the overlay panel (−1: centre of the middle frame)
    /// One per study column, in column order; a null map means that column failed.
    std::vector<std::shared_ptr<const AttentionMap>> maps;
    std::vector<QImage> frameImages;   ///< the sampled frames (overlay panel); may be empty
};

/// Computes the attention input for a spec (runs the pipeline over spec.study's attention.*
/// settings). Returns null when cancelled; throws like the pipeline.
using AttentionDataProvider = std::function<std::shared_ptr<const AttentionFigureInput>(const FigureSpec&, const RunControl&)>;
void setAttentionDataProvider(AttentionDataProvider provider);
const AttentionDataProvider& attentionDataProvider();

}  // namespace rope::figures
