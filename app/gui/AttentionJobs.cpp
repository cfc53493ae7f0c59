#include "AttentionJobs.h"

#include "core/Errors.h"

namespace rope::app {

std::shared_ptr<QkJob> runQkJob(std::shared_ptr<QkJob> job, ProgressSink sink) {
    PipelineReporter report;
    report.overall = [job, sink](double f) {
        if (sink) sink(f);
        return !job->cancel->load();
    };
    report.note = [job](const std::string& line) { job->warnings << QString::fromStdString(line); };
    try {
        if (job->cancel->load()) throw Cancelled("cancelled");
        QkOptions o;
        o.allowTruncated = job->allowTruncated;
        job->qk = std::make_shared<const QkInputs>(loadQk(job->settings, job->shared, o, report));
    } catch (const Cancelled&) {
        job->cancelled = true;
    } catch (const TruncatedVideo& e) {
        job->truncated = true;
        job->decodableFrames = e.decodableFrames();
        job->error = QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        job->error = QString::fromStdString(e.what());
    }
    if (job->cancel->load()) job->cancelled = true;
    return job;
}

std::shared_ptr<AttentionJob> runAttentionJob(std::shared_ptr<AttentionJob> job, ProgressSink sink) {
    const size_t n = job->columns.size();
    job->results.assign(n, nullptr);
    job->errors.assign(n, QString());
    for (size_t c = 0; c < n; ++c) {
        if (job->cancel->load()) {
            job->cancelled = true;
            break;
        }
        try {
            // The band view's second group is the t / h / w split; with attention.bands = rows it is the first already.
            const bool rowGroup = job->settings.bands != "rows";
            job->results[c] = std::make_shared<const ColumnAttention>(computeColumn(*job->qk, job->columns[c], job->settings, rowGroup));
        } catch (const std::exception& e) {
            job->errors[c] = QString::fromStdString(e.what());
        }
        if (sink) sink((c + 1.0) / static_cast<double>(n));
    }
    return job;
}

}  // namespace rope::app
