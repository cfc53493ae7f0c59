#include "KeyScorer.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "core/Errors.h"
#include "core/vniah/ParallelJobs.h"
#include "core/vniah/VniahContent.h"

namespace rope {
namespace {

constexpr int64_t kChunk = 576;  // keys per job (4 frames of 144): per-row tables stay in L2

using RowMajorArrayXf = Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// x − 2π·round(x / 2π) with 2π split in two parts, so the result is accurate for |x| up to ~1e9.
double reduceAngle(double x) {
    constexpr double twoPiHi = 6.28318530717958623200e+00, twoPiLo = 2.44929359829470635446e-16;
    constexpr double inv2Pi = 1 / (2 * std::numbers::pi);
    // Round to the nearest turn with an integer conversion (|x| < 1e15 here), much cheaper than
    // nearbyint in this hot loop; any integer k within ±1 of the nearest would do.
    const double t = x * inv2Pi;
    const double k = static_cast<double>(static_cast<int64_t>(t < 0 ? t - 0.5 : t + 0.5));
    return (x - k * twoPiHi) - k * twoPiLo;
}

/// e-vectors of one row for each distinct relative value in a chunk.
struct RowTable {
    std::vector<int> pairs;        // pairs this row drives
    std::vector<double> omega;     // their ω
    std::vector<double> values;    // distinct relative positions (sorted)
    std::vector<int32_t> idOfKey;  // key in chunk → index into values
    RowMajorArrayXf e;             // values × d, zero outside this row's channels
};

void buildTable(RowTable& t, const double* rel, int64_t n, const Eigen::VectorXf& q) {
    t.values.assign(rel, rel + n);
    std::sort(t.values.begin(), t.values.end());
    t.values.erase(std::unique(t.values.begin(), t.values.end()), t.values.end());
    t.idOfKey.resize(static_cast<size_t>(n));
    for (int64_t k = 0; k < n; ++k) {
        if (k > 0 && rel[k] == rel[k - 1]) {
            t.idOfKey[static_cast<size_t>(k)] = t.idOfKey[static_cast<size_t>(k - 1)];
            continue;
        }
        t.idOfKey[static_cast<size_t>(k)] =
            static_cast<int32_t>(std::lower_bound(t.values.begin(), t.values.end(), rel[k]) - t.values.begin());
    }
    const Eigen::Index u = static_cast<Eigen::Index>(t.values.size()), p = static_cast<Eigen::Index>(t.pairs.size());
    const int d = static_cast<int>(q.size()), half = d / 2;
    Eigen::ArrayXXf angle(p, u);  // column = one distinct value
    for (Eigen::Index j = 0; j < u; ++j)
        for (Eigen::Index i = 0; i < p; ++i)
            angle(i, j) = static_cast<float>(reduceAngle(t.omega[static_cast<size_t>(i)] * t.values[static_cast<size_t>(j)]));
    const Eigen::ArrayXXf c = angle.cos(), s = angle.sin();
    t.e.setZero(u, d);
    for (Eigen::Index j = 0; j < u; ++j)
        for (Eigen::Index i = 0; i < p; ++i) {
            const int pair = t.pairs[static_cast<size_t>(i)];
            const float qa = q(pair), qb = q(pair + half);
            t.e(j, pair) = qa * c(i, j) + qb * s(i, j);
            t.e(j, pair + half) = qb * c(i, j) - qa * s(i, j);
        }
}

}  // namespace

Eigen::VectorXd rotaryLogits(const FrequencyPlan& plan, const Positions& pos, int64_t queryToken,
                             const Eigen::VectorXf& q, int64_t firstKeyToken, const RowMajorMatrixXf& keys, int threads) {
    const int d = plan.headDim;
    if (q.size() != d || keys.cols() != d)
        throw InvalidParameter("q/k head_dim", std::to_string(keys.cols()), "must equal head_dim = " + std::to_string(d));
    const int64_t n = keys.rows();
    if (queryToken < 0 || queryToken >= pos.tokens() || firstKeyToken < 0 || firstKeyToken + n > pos.tokens())
        throw InvalidParameter("key tokens", std::to_string(firstKeyToken) + "+" + std::to_string(n),
                               "must lie inside the sequence of " + std::to_string(pos.tokens()) + " tokens");
    std::vector<int> usedRows;
    for (int r = 0; r < 3; ++r)
        if (!plan.pairsOf(static_cast<Row>(r)).empty()) usedRows.push_back(r);
    const double scale = 1.0 / std::sqrt(static_cast<double>(d));
    Eigen::VectorXd logits(n);
    const int64_t chunks = (n + kChunk - 1) / kChunk;
    RunControl ctl;
    ctl.threads = std::max(1, threads);
    runJobs(std::vector<double>(static_cast<size_t>(chunks), 1.0), [&](size_t c) {
        const int64_t a = static_cast<int64_t>(c) * kChunk, b = std::min(n, a + kChunk);
        std::vector<RowTable> tables(usedRows.size());
        std::vector<double> rel(static_cast<size_t>(b - a));
        for (size_t k = 0; k < usedRows.size(); ++k) {
            const int r = usedRows[k];
            tables[k].pairs = plan.pairsOf(static_cast<Row>(r));
            for (int i : tables[k].pairs) tables[k].omega.push_back(plan.omega(i));
            const double qPos = pos.pos(r, queryToken);
            for (int64_t j = a; j < b; ++j) rel[static_cast<size_t>(j - a)] = pos.pos(r, firstKeyToken + j) - qPos;
            buildTable(tables[k], rel.data(), b - a, q);
        }
        for (int64_t j = a; j < b; ++j) {
            double sum = 0;
            for (const RowTable& t : tables)
                sum += static_cast<double>(keys.row(j).dot(t.e.row(t.idOfKey[static_cast<size_t>(j - a)]).matrix()));
            logits(j) = sum * scale;
        }
    }, ctl);
    return logits;
}

Eigen::VectorXd frameLogMasses(const Eigen::VectorXd& logits, int64_t tokensPerFrame) {
    const int64_t frames = logits.size() / tokensPerFrame;
    Eigen::VectorXd out(frames);
    for (int64_t f = 0; f < frames; ++f) out(f) = logSumExp(logits.data() + f * tokensPerFrame, tokensPerFrame);
    return out;
}

}  // namespace rope
