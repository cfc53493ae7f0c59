#pragma once
// A minimal fork-join pool for long core computations: `threads` workers claim jobs 0..n−1 from an
// atomic counter; the calling thread only waits and reports progress, so a progress callback runs
// on the caller's thread (a GUI worker or the CLI's main thread), never on a pool thread.
// Cancellation: once *cancel is true no new job starts; jobs check it themselves to stop early.
// The first exception thrown by a job stops the claiming and is rethrown to the caller.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

#include "core/Progress.h"
#include <vector>

namespace rope {

struct RunControl {
    const std::atomic<bool>* cancel = nullptr;          ///< set to true (e.g. from a signal handler) to stop
    Progress progress;                                  ///< 0..1 on the caller's thread; false = stop (like cancel)
    int threads = 0;                                    ///< 0 = std::thread::hardware_concurrency()

    bool cancelled() const {
        return (cancel && cancel->load(std::memory_order_relaxed)) || stopped->load(std::memory_order_relaxed);
    }
    /// Set when progress returned false; shared by copies of this control (so jobs see it too).
    std::shared_ptr<std::atomic<bool>> stopped = std::make_shared<std::atomic<bool>>(false);
};

/// Runs job(i) for i in [0, weights.size()) on the pool; weights say how much progress a finished
/// job is worth. Returns false if cancelled before every job finished.
bool runJobs(const std::vector<double>& weights, const std::function<void(size_t)>& job, const RunControl& ctl,
             double progressStart = 0, double progressSpan = 1);

int resolveThreads(int requested);

}  // namespace rope
