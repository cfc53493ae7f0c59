#include "VniahContent.h"

#include <cmath>
#include <vector>

#include "core/random/DeterministicRng.h"

namespace rope {
namespace {

enum StreamTag : uint64_t { TagQuery = 1, TagHaystack = 2, TagRelated = 3 };

uint64_t u64(int64_t v) { return static_cast<uint64_t>(v); }

}  // namespace

VniahQuery vniahQuery(const VniahSettings& s, int headDim, int seed, int head) {
    NormalStream z(streamKey({s.seed, u64(seed), u64(head), u64(headDim), TagQuery}));
    VniahQuery q;
    q.g.resize(headDim);
    for (int c = 0; c < headDim; ++c) q.g(c) = z.next();
    const int half = headDim / 2;
    q.rho.resize(half);
    for (int i = 0; i < half; ++i) q.rho(i) = q.g(i) * q.g(i) + q.g(i + half) * q.g(i + half);
    q.norm = std::sqrt(q.rho.sum());
    return q;
}

double logSumExp(const double* x, int64_t n, int64_t stride) {
    double m = -INFINITY;
    for (int64_t j = 0; j < n; ++j) m = std::max(m, x[j * stride]);
    double sum = 0;
    for (int64_t j = 0; j < n; ++j) sum += std::exp(x[j * stride] - m);
    return m + std::log(sum);
}

double haystackFrameLogMass(const VniahSettings& s, const VniahQuery& q, int headDim, int seed, int head, int64_t frame) {
    NormalStream z(streamKey({s.seed, u64(seed), u64(head), u64(headDim), u64(frame), TagHaystack}));
    const int n = s.tokensPerFrame();
    const double scale = s.logitScale * q.norm / std::sqrt(static_cast<double>(headDim));
    thread_local std::vector<double> logits;
    logits.resize(static_cast<size_t>(n));
    for (double& l : logits) l = scale * z.next();
    return logSumExp(logits.data(), n);
}

RowMajorArray frameCosines(const Positions& pos, const FrequencyPlan& plan, const VniahGeometry& geo, int64_t frame) {
    const int64_t n = geo.tokensPerFrame(), first = geo.firstToken(frame), query = geo.queryToken();
    const int pairs = plan.pairs();
    RowMajorArray c(n, pairs);
    for (int64_t j = 0; j < n; ++j)
        for (int i = 0; i < pairs; ++i) {
            const int r = plan.rowOfPair[static_cast<size_t>(i)];
            c(j, i) = std::cos(plan.omega(i) * (pos.pos(r, first + j) - pos.pos(r, query)));
        }
    return c;
}

RowMajorArray positionalTerms(const RowMajorArray& cosines, const RowMajorArray& rho) {
    const Eigen::Index tokens = cosines.rows(), pairs = cosines.cols(), trials = rho.cols();
    RowMajorArray p = RowMajorArray::Zero(tokens, trials);
    for (Eigen::Index n = 0; n < tokens; ++n) {
        double* out = &p(n, 0);
        for (Eigen::Index i = 0; i < pairs; ++i) {
            const double c = cosines(n, i);
            const double* r = &rho(i, 0);
            for (Eigen::Index t = 0; t < trials; ++t) out[t] += c * r[t];
        }
    }
    return p;
}

double relatedFrameLogMass(const VniahSettings& s, const VniahQuery& q, int headDim, int seed, int head,
                           int64_t frames, int64_t frame, double c, const double* p, int64_t stride) {
    NormalStream z(streamKey({s.seed, u64(seed), u64(head), u64(headDim), u64(frames), u64(frame), TagRelated}));
    const int n = s.tokensPerFrame();
    const double scale = s.logitScale / std::sqrt(static_cast<double>(headDim));
    const double noise = std::sqrt(std::max(0.0, 1 - c * c)) * q.norm;
    thread_local std::vector<double> logits;
    logits.resize(static_cast<size_t>(n));
    for (int j = 0; j < n; ++j) logits[static_cast<size_t>(j)] = scale * (c * p[j * stride] + noise * z.next());
    return logSumExp(logits.data(), n);
}

}  // namespace rope
