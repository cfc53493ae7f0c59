#pragma once
// The attention tab's two worker jobs, thin wrappers around the shared pipeline
// (pipeline/AttentionPipeline.h) that run on QtConcurrent and report through a progress sink:
//   QkJob         loadQk: decode + model (or read a capture) — the slow part, cached by the panel
//   AttentionJob  computeColumn for every study column on the cached q/k (a δ drag re-runs this only)
// Plain data in, plain data out; the panel owns the GUI side (AttentionPanel.cpp).
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "core/Params.h"
#include "pipeline/AttentionPipeline.h"

namespace rope::app {

using ProgressSink = std::function<void(double)>;  ///< fraction of the job, called on the worker

struct QkJob {
    // in
    AttentionSettings settings;
    Params shared;  ///< memory budget, head_dim of the built-in model
    bool allowTruncated = false;
    std::shared_ptr<std::atomic<bool>> cancel;
    // out
    std::shared_ptr<const QkInputs> qk;
    QString error;
    QStringList warnings;
    bool cancelled = false;
    bool truncated = false;       ///< the video's stream ends before its header's frame count
    int64_t decodableFrames = 0;  ///< then: how many frames do decode
};

struct AttentionJob {
    std::shared_ptr<const QkInputs> qk;
    std::vector<Params> columns;
    AttentionSettings settings;
    std::shared_ptr<std::atomic<bool>> cancel;
    std::vector<std::shared_ptr<const ColumnAttention>> results;  ///< per column; null = failed
    std::vector<QString> errors;                                  ///< per column; empty = ok
    bool cancelled = false;
};

std::shared_ptr<QkJob> runQkJob(std::shared_ptr<QkJob> job, ProgressSink sink);
std::shared_ptr<AttentionJob> runAttentionJob(std::shared_ptr<AttentionJob> job, ProgressSink sink);

}  // namespace rope::app
