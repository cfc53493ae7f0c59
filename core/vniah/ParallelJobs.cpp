#include "ParallelJobs.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <numeric>
#include <thread>

namespace rope {

int resolveThreads(int requested) {
    if (requested > 0) return requested;
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

bool runJobs(const std::vector<double>& weights, const std::function<void(size_t)>& job, const RunControl& ctl,
             double progressStart, double progressSpan) {
    const size_t n = weights.size();
    const double total = std::max(1e-300, std::accumulate(weights.begin(), weights.end(), 0.0));
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex mutex;
    std::condition_variable wake;
    double doneWeight = 0;
    size_t finished = 0;
    std::exception_ptr error;

    const auto worker = [&] {
        for (;;) {
            if (ctl.cancelled() || failed.load()) return;
            const size_t i = next.fetch_add(1);
            if (i >= n) return;
            try {
                job(i);
            } catch (...) {
                std::lock_guard lock(mutex);
                if (!error) error = std::current_exception();
                failed = true;
                wake.notify_all();
                return;
            }
            std::lock_guard lock(mutex);
            doneWeight += weights[i];
            ++finished;
            wake.notify_all();
        }
    };

    const int threads = static_cast<int>(std::min<size_t>(static_cast<size_t>(resolveThreads(ctl.threads)), std::max<size_t>(n, 1)));
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    {
        std::unique_lock lock(mutex);
        for (;;) {
            const bool over = finished == n || failed.load() || ctl.cancelled();
            if (ctl.progress) {
                const double fraction = progressStart + progressSpan * doneWeight / total;
                lock.unlock();
                if (!ctl.progress(fraction)) ctl.stopped->store(true);
                lock.lock();
            }
            if (over) break;
            wake.wait_for(lock, std::chrono::milliseconds(200));
        }
    }
    for (std::thread& t : pool) t.join();
    if (error) std::rethrow_exception(error);
    return finished == n;
}

}  // namespace rope
