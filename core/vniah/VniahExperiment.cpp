#include "VniahExperiment.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "core/Errors.h"
#include "core/FrequencyPlan.h"
#include "core/MemoryBudget.h"
#include "core/ParamSchema.h"
#include "core/PositionLayout.h"
#include "core/vniah/VniahContent.h"
#include "core/vniah/VniahGeometry.h"

namespace rope {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

std::string str(int64_t v) { return std::to_string(v); }

/// Max of the first `frames` log-masses over f not in `excluded` (sorted).
double bestOtherFrame(const std::vector<double>& logMass, int64_t frames, const std::vector<int64_t>& excluded) {
    double best = kNegInf;
    size_t e = 0;
    for (int64_t f = 0; f < frames; ++f) {
        if (e < excluded.size() && excluded[e] == f) {
            ++e;
            continue;
        }
        best = std::max(best, logMass[static_cast<size_t>(f)]);
    }
    return best;
}

std::vector<int64_t> withNeedle(std::vector<int64_t> distractors, int64_t needle) {
    distractors.insert(std::lower_bound(distractors.begin(), distractors.end(), needle), needle);
    return distractors;
}

Positions layoutFor(const Params& column, const VniahGeometry& geo) {
    Params p = column;
    p.sequence = geo.sequence();
    return computePositions(p);
}

}  // namespace

std::string vniahTaskName(VniahTask t) { return t == VniahTask::Distractors ? "v-niah-d" : "v-niah"; }

void validateVniah(const VniahSettings& s, const std::vector<VniahTask>& tasks) {
    if (s.lengths.empty()) throw InvalidParameter("vniah.lengths", "", "must list at least one haystack length (frames)");
    if (s.depths.empty()) throw InvalidParameter("vniah.depths", "", "must list at least one needle depth (percent)");
    for (int64_t f : s.lengths)
        if (f < 1) throw InvalidParameter("vniah.lengths", str(f), "must be haystack lengths of >= 1 frame");
    for (int64_t d : s.depths)
        if (d < 0 || d > 100) throw InvalidParameter("vniah.depths", str(d), "must be needle depths in 0..100 (percent)");
    if (s.frameRows < 1) throw InvalidParameter("vniah.frame_rows", str(s.frameRows), "must be >= 1");
    if (s.frameCols < 1) throw InvalidParameter("vniah.frame_cols", str(s.frameCols), "must be >= 1");
    if (s.questionTokens < 1) throw InvalidParameter("vniah.question_tokens", str(s.questionTokens), "must be >= 1");
    if (s.seeds < 1) throw InvalidParameter("vniah.seeds", str(s.seeds), "must be >= 1");
    if (s.heads < 1) throw InvalidParameter("vniah.heads", str(s.heads), "must be >= 1");
    if (!(s.needleSimilarity >= 0 && s.needleSimilarity <= 1))
        throw InvalidParameter("vniah.needle_similarity", formatNumber(s.needleSimilarity), "must be in 0..1");
    if (!(s.contentGap >= 0 && s.contentGap <= 1))
        throw InvalidParameter("vniah.content_gap", formatNumber(s.contentGap), "must be in 0..1");
    if (!(s.logitScale > 0)) throw InvalidParameter("vniah.logit_scale", formatNumber(s.logitScale), "must be > 0");
    if (s.distractorPeriod < 0)
        throw InvalidParameter("vniah.distractor_period", str(s.distractorPeriod), "must be >= 0 (0 = only needle ± offset)");
    if (s.distractorOffset < 1)
        throw InvalidParameter("vniah.distractor_offset", str(s.distractorOffset), "must be >= 1 frame");
    const bool distractors = std::find(tasks.begin(), tasks.end(), VniahTask::Distractors) != tasks.end();
    const int64_t longest = *std::max_element(s.lengths.begin(), s.lengths.end());
    if (distractors && s.distractorOffset >= longest)
        throw InvalidParameter("vniah.distractor_offset", str(s.distractorOffset),
                               "puts every distractor outside the video: it must be < the longest haystack (" +
                                   str(longest) + " frames)");
}

double vniahMemoryBytes(const VniahSettings& s, const std::vector<VniahColumn>& columns, int threads) {
    std::vector<int> dims;
    for (const VniahColumn& c : columns)
        if (std::find(dims.begin(), dims.end(), c.params.headDim) == dims.end()) dims.push_back(c.params.headDim);
    double longest = 0;
    for (int64_t f : s.lengths) longest = std::max(longest, static_cast<double>(f));
    const double trials = s.trials(), tpf = s.tokensPerFrame();
    const int maxDim = columns.empty() ? 128 : std::max_element(columns.begin(), columns.end(), [](auto& a, auto& b) {
                           return a.params.headDim < b.params.headDim;
                       })->params.headDim;
    const double haystack = static_cast<double>(dims.size()) * longest * trials * 8;
    const double perThread = positionsBytes(static_cast<int64_t>(longest * tpf) + s.questionTokens) +
                             tpf * (maxDim / 2.0 + 2 * trials) * 8 + 3 * trials * 8;
    return haystack + resolveThreads(threads) * perThread;
}

VniahRun runVniah(const VniahSettings& s, const std::vector<VniahColumn>& columns, const std::vector<VniahTask>& tasks,
                  const RunControl& ctl) {
    if (columns.empty()) throw InvalidParameter("variant", "", "must name at least one variant column");
    if (tasks.empty()) throw InvalidParameter("vniah.task", "", "must name at least one task");
    validateVniah(s, tasks);
    for (const VniahColumn& c : columns) validate(c.params);
    const int64_t longest = *std::max_element(s.lengths.begin(), s.lengths.end());
    requireMemory(vniahMemoryBytes(s, columns, ctl.threads), columns.front().params.memoryBudgetMiB,
                  "the V-NIAH grid (" + str(static_cast<int64_t>(s.lengths.size())) + " lengths up to " + str(longest) +
                      " frames × " + str(s.tokensPerFrame()) + " tokens, " + str(s.trials()) + " trials)");

    const size_t L = s.lengths.size(), D = s.depths.size(), T = static_cast<size_t>(s.trials());
    const int tpf = s.tokensPerFrame();

    // Phase 1: one haystack per head_dim (the ablation may sweep it), drawn trial by trial.
    std::vector<int> dims;
    for (const VniahColumn& c : columns)
        if (std::find(dims.begin(), dims.end(), c.params.headDim) == dims.end()) dims.push_back(c.params.headDim);
    std::vector<VniahHaystack> hays;
    for (int d : dims) hays.push_back(VniahHaystack::prepare(s, d));
    const std::vector<double> w1(dims.size() * T, 25.0 * static_cast<double>(longest) * tpf);
    std::vector<double> w2(columns.size() * L);
    for (size_t k = 0; k < w2.size(); ++k) {
        const double F = static_cast<double>(s.lengths[k % L]);
        w2[k] = 6.0 * F * tpf + static_cast<double>(D * T) * (tasks.size() * F + 3.0 * tpf * 64);
    }
    const double total1 = std::accumulate(w1.begin(), w1.end(), 0.0), total2 = std::accumulate(w2.begin(), w2.end(), 0.0);
    const double split = total1 / (total1 + total2);

    VniahRun run;
    const bool done1 = runJobs(w1, [&](size_t k) { hays[k / T].drawTrial(s, k % T, longest, ctl.cancel); }, ctl, 0, split);
    if (!done1 || ctl.cancelled()) {
        run.status = RunStatus::Cancelled;
        return run;
    }

    // Phase 2: one job per (column, length): lay the sequence out once, score every depth and task.
    std::vector<VniahGrid> grids(columns.size() * tasks.size());
    for (size_t c = 0; c < columns.size(); ++c)
        for (size_t k = 0; k < tasks.size(); ++k) {
            VniahGrid& g = grids[c * tasks.size() + k];
            g.label = columns[c].label;
            g.params = columns[c].params;
            g.task = tasks[k];
            g.lengths = s.lengths;
            g.depths = s.depths;
            g.success = Eigen::ArrayXXd::Zero(static_cast<Eigen::Index>(L), static_cast<Eigen::Index>(D));
            g.lostToDistractor = g.success;
            g.meanMargin = g.success;
            g.seeds = s.seeds;
            g.heads = s.heads;
        }
    const bool done2 = runJobs(w2, [&](size_t k) {
        const size_t c = k / L, l = k % L;
        const Params& p = columns[c].params;
        const VniahHaystack& hay = hays[static_cast<size_t>(std::find(dims.begin(), dims.end(), p.headDim) - dims.begin())];
        const VniahGeometry geo = VniahGeometry::of(s, s.lengths[l]);
        const Positions pos = layoutFor(p, geo);
        const FrequencyPlan plan = makeFrequencyPlan(p);
        for (size_t d = 0; d < D; ++d) {
            if (ctl.cancelled()) return;
            const std::vector<VniahCellScore> scores = scoreVniahCell(s, hay, pos, plan, geo, s.depths[d], tasks);
            for (size_t task = 0; task < tasks.size(); ++task) {
                const VniahCellScore& sc = scores[task];
                VniahGrid& out = grids[c * tasks.size() + task];
                const auto li = static_cast<Eigen::Index>(l), di = static_cast<Eigen::Index>(d);
                const double n = static_cast<double>(T);
                out.success(li, di) = sc.rate();
                out.lostToDistractor(li, di) = std::accumulate(sc.lostToDistractor.begin(), sc.lostToDistractor.end(), 0.0) / n;
                out.meanMargin(li, di) = std::accumulate(sc.margin.begin(), sc.margin.end(), 0.0) / n;
            }
        }
    }, ctl, split, 1 - split);
    if (!done2 || ctl.cancelled()) {
        run.status = RunStatus::Cancelled;
        return run;
    }
    run.grids = std::move(grids);
    return run;
}

VniahHaystack VniahHaystack::prepare(const VniahSettings& s, int headDim) {
    VniahHaystack h;
    h.headDim = headDim;
    const int trials = s.trials();
    h.rho.resize(headDim / 2, trials);
    for (int t = 0; t < trials; ++t) {
        h.queries.push_back(vniahQuery(s, headDim, t / s.heads, t % s.heads));
        h.rho.col(t) = h.queries.back().rho.array();
    }
    h.logMass.resize(static_cast<size_t>(trials));
    return h;
}

bool VniahHaystack::drawTrial(const VniahSettings& s, size_t t, int64_t frames, const std::atomic<bool>* cancel) {
    std::vector<double>& out = logMass[t];
    out.resize(static_cast<size_t>(frames));
    const int seed = static_cast<int>(t) / s.heads, head = static_cast<int>(t) % s.heads;
    for (int64_t f = 0; f < frames; ++f) {
        if ((f & 63) == 0 && cancel && cancel->load(std::memory_order_relaxed)) return false;
        out[static_cast<size_t>(f)] = haystackFrameLogMass(s, queries[t], headDim, seed, head, f);
    }
    return true;
}

VniahHaystack VniahHaystack::draw(const VniahSettings& s, int headDim, int64_t frames) {
    VniahHaystack h = prepare(s, headDim);
    for (size_t t = 0; t < h.queries.size(); ++t) h.drawTrial(s, t, frames);
    return h;
}

double VniahCellScore::rate() const {
    return success.empty() ? 0.0 : std::accumulate(success.begin(), success.end(), 0.0) / static_cast<double>(success.size());
}

std::vector<VniahCellScore> scoreVniahCell(const VniahSettings& s, const VniahHaystack& hay, const Positions& pos,
                                           const FrequencyPlan& plan, const VniahGeometry& geo, int64_t depthPercent,
                                           const std::vector<VniahTask>& tasks) {
    const size_t T = hay.queries.size();
    const int64_t F = geo.frames;
    for (const std::vector<double>& m : hay.logMass)
        if (static_cast<int64_t>(m.size()) < F)
            throw InvalidParameter("haystack", std::to_string(m.size()), "must cover the video's " + str(F) + " frames");
    const auto relatedLogMass = [&](int64_t frame, double similarity) {
        const RowMajorArray terms = positionalTerms(frameCosines(pos, plan, geo, frame), hay.rho);
        std::vector<double> out(T);
        for (size_t t = 0; t < T; ++t)
            out[t] = relatedFrameLogMass(s, hay.queries[t], hay.headDim, static_cast<int>(t) / s.heads,
                                         static_cast<int>(t) % s.heads, F, frame, similarity,
                                         &terms(0, static_cast<Eigen::Index>(t)), static_cast<int64_t>(T));
        return out;
    };
    const int64_t needle = needleFrame(F, depthPercent);
    const std::vector<double> needleMass = relatedLogMass(needle, s.needleSimilarity);
    std::vector<VniahCellScore> out(tasks.size());
    for (size_t k = 0; k < tasks.size(); ++k) {
        const std::vector<int64_t> distractors = distractorFrames(s, tasks[k], F, needle);
        std::vector<double> bestDistractor(T, kNegInf);
        for (int64_t f : distractors) {
            const std::vector<double> m = relatedLogMass(f, s.distractorSimilarity());
            for (size_t t = 0; t < T; ++t) bestDistractor[t] = std::max(bestDistractor[t], m[t]);
        }
        const std::vector<int64_t> excluded = withNeedle(distractors, needle);
        VniahCellScore& sc = out[k];
        sc.success.resize(T);
        sc.lostToDistractor.resize(T);
        sc.margin.resize(T);
        for (size_t t = 0; t < T; ++t) {
            const double hayBest = bestOtherFrame(hay.logMass[t], F, excluded);
            const double rival = std::max(hayBest, bestDistractor[t]);
            sc.success[t] = needleMass[t] > rival;
            sc.lostToDistractor[t] = !sc.success[t] && bestDistractor[t] >= hayBest;
            sc.margin[t] = rival > kNegInf ? needleMass[t] - rival : 0.0;
        }
    }
    return out;
}

VniahCase vniahCase(const VniahSettings& s, const Params& p, VniahTask task, int64_t frames, int64_t depthPercent,
                    int seed, int head) {
    VniahSettings one = s;
    one.lengths = {frames};
    one.depths = {depthPercent};
    validateVniah(one, {task});
    validate(p);
    if (seed < 0 || seed >= s.seeds) throw InvalidParameter("seed index", str(seed), "must be in 0.." + str(s.seeds - 1));
    if (head < 0 || head >= s.heads) throw InvalidParameter("head index", str(head), "must be in 0.." + str(s.heads - 1));
    const VniahGeometry geo = VniahGeometry::of(s, frames);
    requireMemory(positionsBytes(geo.tokens()) + 8.0 * frames * 6, p.memoryBudgetMiB,
                  "the V-NIAH case of " + str(frames) + " frames");
    const Positions pos = layoutFor(p, geo);
    const FrequencyPlan plan = makeFrequencyPlan(p);
    const VniahQuery q = vniahQuery(s, p.headDim, seed, head);
    RowMajorArray rho(p.headDim / 2, 1);
    rho.col(0) = q.rho.array();

    VniahCase out;
    out.frames = frames;
    out.needleFrame = needleFrame(frames, depthPercent);
    out.distractorFrames = distractorFrames(s, task, frames, out.needleFrame);
    out.frameLogMass.resize(frames);
    for (int64_t f = 0; f < frames; ++f) out.frameLogMass(f) = haystackFrameLogMass(s, q, p.headDim, seed, head, f);
    const auto related = [&](int64_t f, double c) {
        const RowMajorArray terms = positionalTerms(frameCosines(pos, plan, geo, f), rho);
        out.frameLogMass(f) = relatedFrameLogMass(s, q, p.headDim, seed, head, frames, f, c, terms.data(), 1);
    };
    related(out.needleFrame, s.needleSimilarity);
    for (int64_t f : out.distractorFrames) related(f, s.distractorSimilarity());

    const double all = logSumExp(out.frameLogMass.data(), frames);
    out.frameMass = (out.frameLogMass.array() - all).exp().matrix();
    double rival = kNegInf;
    for (int64_t f = 0; f < frames; ++f)
        if (f != out.needleFrame) rival = std::max(rival, out.frameLogMass(f));
    out.success = out.frameLogMass(out.needleFrame) > rival;
    Eigen::Index winner = 0;
    out.frameLogMass.maxCoeff(&winner);
    out.winnerFrame = winner;

    // Positional and temporal terms per frame, normalised by ‖g_q‖² (1 = no attenuation).
    out.positionalTerm = Eigen::VectorXd::Zero(frames);
    out.temporalTerm = Eigen::VectorXd::Zero(frames);
    const double norm2 = q.norm * q.norm;
    for (int64_t f = 0; f < frames; ++f) {
        const RowMajorArray c = frameCosines(pos, plan, geo, f);
        double all2 = 0, temporal = 0;
        for (Eigen::Index n = 0; n < c.rows(); ++n)
            for (Eigen::Index i = 0; i < c.cols(); ++i) {
                const double v = q.rho(i) * c(n, i);
                all2 += v;
                if (plan.rowOfPair[static_cast<size_t>(i)] == RowT) temporal += v;
            }
        out.positionalTerm(f) = all2 / (norm2 * static_cast<double>(c.rows()));
        out.temporalTerm(f) = temporal / (norm2 * static_cast<double>(c.rows()));
    }
    return out;
}

}  // namespace rope
