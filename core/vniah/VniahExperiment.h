#pragma once
// The mechanistic V-NIAH / V-NIAH-D experiment (shared/specs/vniah.md): for every haystack length
// F × needle depth p × trial (seed, head), lay out video:F×R×C,text:Q with the column's variant,
// score every visual key against the query (the last question token) and ask whether the needle
// frame holds the largest attention mass of all frames. A cell's rate is the share of its trials
// that succeed; a grid's accuracy is the mean over cells (the paper's Table 3 number).
//
//   frame log-mass  L_f = log Σ_{n in f} exp(ℓ_n)           (ℓ_n: VniahContent.h)
//   attention mass  m_f = exp(L_f) / Σ_g exp(L_g)            (softmax over all visual keys)
//   success         L_needle > L_f for every other frame f   (ties fail)
//
// Cost: only needle and distractor frames depend on the variant and the depth, so each trial's
// haystack frame log-masses are drawn once, for the longest video, and shared by every length (a
// video of F frames is the first F frames), depth, variant and task — common random numbers, so
// variants differ by their positions only. A (column, length) job then lays out the sequence once
// and scores the q-related frames of every depth. Deterministic for a seed on any machine and any
// thread count.
//
// Usage:
//   VniahSettings s;                       // the paper's grid, 144 tokens per frame
//   Params p = paramsFor("m-rope");
//   VniahRun run = runVniah(s, {{"M-RoPE", p}}, {VniahTask::Distractors}, {});
//   double acc = run.grids[0].accuracy();  // 0..1
#include <Eigen/Core>
#include <string>
#include <vector>

#include "core/FrequencyPlan.h"
#include "core/Params.h"
#include "core/Positions.h"
#include "core/vniah/ParallelJobs.h"
#include "core/vniah/VniahContent.h"
#include "core/vniah/VniahGeometry.h"
#include "core/vniah/VniahSettings.h"

namespace rope {

/// One variant column of a V-NIAH run: a label for tables and the variant's parameters.
struct VniahColumn {
    std::string label;
    Params params;
};

struct VniahGrid {
    std::string label;
    Params params;
    VniahTask task = VniahTask::Plain;
    std::vector<int64_t> lengths, depths;
    Eigen::ArrayXXd success;           ///< lengths × depths: success rate over trials, in [0, 1]
    Eigen::ArrayXXd lostToDistractor;  ///< lengths × depths: share of trials a distractor frame won
    Eigen::ArrayXXd meanMargin;        ///< lengths × depths: mean of L_needle − max other L_f (nats)
    int seeds = 0, heads = 0;
    double accuracy() const { return success.size() ? success.mean() : 0.0; }
};

/// The trial queries of one head_dim and every trial's haystack frame log-masses (the longest
/// video; a shorter one uses its first F frames). Drawn once, shared by every cell.
struct VniahHaystack {
    int headDim = 0;
    std::vector<VniahQuery> queries;           ///< trial t = seed·heads + head
    RowMajorArray rho;                         ///< pairs × trials, ρ of every query
    std::vector<std::vector<double>> logMass;  ///< [trial][frame]

    /// Queries only; logMass sized but empty until drawTrial().
    static VniahHaystack prepare(const VniahSettings& s, int headDim);
    /// Fills logMass[t] for frames 0..frames−1; returns false if `cancel` became true.
    bool drawTrial(const VniahSettings& s, size_t t, int64_t frames, const std::atomic<bool>* cancel = nullptr);
    /// prepare() + drawTrial() for every trial (single-threaded; tests and small runs).
    static VniahHaystack draw(const VniahSettings& s, int headDim, int64_t frames);
};

/// One cell under one task, over every trial.
struct VniahCellScore {
    std::vector<uint8_t> success;           ///< per trial: 1 if the needle frame won
    std::vector<uint8_t> lostToDistractor;  ///< per trial: 1 if a distractor frame beat every other rival
    std::vector<double> margin;             ///< per trial: L_needle − max other L_f (−inf-free; 0 if no rival)
    double rate() const;
};

/// Scores one (length, depth) cell for each task in `tasks`, given that case's positions (from any
/// layout — runVniah uses the variant's, tests may pass all-equal positions) and frequency plan.
std::vector<VniahCellScore> scoreVniahCell(const VniahSettings& s, const VniahHaystack& hay, const Positions& pos,
                                           const FrequencyPlan& plan, const VniahGeometry& geo, int64_t depthPercent,
                                           const std::vector<VniahTask>& tasks);

enum class RunStatus { Completed, Cancelled };

struct VniahRun {
    RunStatus status = RunStatus::Completed;
    std::vector<VniahGrid> grids;  ///< one per (column, task), column-major; empty when cancelled
};

/// Throws InvalidParameter naming the vniah.* key and its rule (empty grid, depth outside 0–100,
/// distractor offset that no video of the grid can hold, ...).
void validateVniah(const VniahSettings& s, const std::vector<VniahTask>& tasks);

/// Peak working memory of runVniah in bytes (haystack log-masses + per-thread positions).
double vniahMemoryBytes(const VniahSettings& s, const std::vector<VniahColumn>& columns, int threads);

/// Validates everything, refuses (TooLarge) a grid over columns[0].params.memoryBudgetMiB, and
/// scores every column × task. Progress and cancellation through `ctl`.
VniahRun runVniah(const VniahSettings& s, const std::vector<VniahColumn>& columns, const std::vector<VniahTask>& tasks,
                  const RunControl& ctl);

/// One trial of one cell, in full (the drill-down view): bit-for-bit the decision the grid made.
struct VniahCase {
    int64_t frames = 0, needleFrame = 0, winnerFrame = 0;
    std::vector<int64_t> distractorFrames;
    bool success = false;
    Eigen::VectorXd frameLogMass;    ///< L_f per frame
    Eigen::VectorXd frameMass;       ///< m_f per frame (sums to 1)
    Eigen::VectorXd positionalTerm;  ///< per frame: mean over its tokens of Σ_i ρ_i cos φ_i / ‖g_q‖²
    Eigen::VectorXd temporalTerm;    ///< the same sum over the pairs driven by t only (0 if none)
};

VniahCase vniahCase(const VniahSettings& s, const Params& p, VniahTask task, int64_t frames, int64_t depthPercent,
                    int seed, int head);

std::string vniahTaskName(VniahTask t);  ///< "v-niah", "v-niah-d"

}  // namespace rope
