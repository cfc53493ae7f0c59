#pragma once
// Settings of the mechanistic V-NIAH / V-NIAH-D experiment (shared/specs/vniah.md). One field per
// `vniah.*` key of the parameter schema (VniahSchema.cpp); every face (CLI, study file, GUI) reads
// and writes them through that schema.
//
// Why these defaults (the brief: "with no position encoding the needle always wins")
// ---------------------------------------------------------------------------------
// Content model (VniahContent.h): channels of q and of an unrelated key are independent N(0, σ²),
// and a needle key is  σ·(c·g_q + √(1−c²)·g′)  — q's own direction plus fresh noise, cosine ≈ c.
// In units of the unrelated-key logit spread β = σ² (logit_scale), with d = 128:
//   unrelated key logit   ~ N(0, β²)                       (exactly, for any rotation)
//   needle key logit      ≈ β·(c·√d + √(1−c²)·N(0,1))     = β·(10.2 ± 0.44) for c = 0.9
//   distractor key logit  ≈ β·((c−gap)·√d + ...)          = β·(9.05 ± 0.60) for gap = 0.1
// Without positions a frame's log-mass is log Σ exp(logit) over its 144 tokens, so
//   needle − best haystack frame ≈ 10.2 − (β/2 + ~0.5 for the max of 3000 frames) ≈ 9 nats, and
//   needle − distractor frame    ≈ gap·√d·β − β²(c_n² − c_d²)/2 ≈ 1.05 nats (needle gets ≈ 3× the
//   attention of a distractor), while the frames' noise is ≈ 0.05 nats (144 tokens average it).
// That is a ≥ 20σ margin: with all positions equal the needle wins every trial, and whatever
// a variant loses is lost to its positions. β = 1 is the textbook unit-variance logit (q and k with
// unit-variance channels, the 1/√d scaling); c = 0.9 is "q plus small noise"; gap = 0.1 makes a
// distractor "slightly" less similar (cosine 0.8). These were fixed from this reasoning before
// any variant was run; docs/vniah.md shows how the results move with the gap and β.
//
// Trials: every cell is scored over seeds × heads independent (q, haystack) draws. One trial's q
// is shared by every cell of the grid, so cells are not independent: measured over 8 base seeds,
// a grid accuracy from 16 × 4 = 64 trials scattered by 1–1.5 points (std). The default 64 × 4 =
// 256 trials halves that (≈ 0.6 points) and still runs the full paper grid for all five variants
// and both tasks in about 8 CPU-seconds.
#include <cstdint>
#include <vector>

namespace rope {

enum class VniahTask { Plain, Distractors };  ///< "v-niah", "v-niah-d"

/// a, a+step, ... while < b, then b itself: 100:3000:200 → 100, 300, …, 2900, 3000 (16 values, the
/// paper's "100–3000 frames" axis). Callers check a ≤ b and step ≥ 1.
std::vector<int64_t> inclusiveRange(int64_t first, int64_t last, int64_t step);

struct VniahSettings {
    VniahTask task = VniahTask::Plain;                                ///< vniah.task
    std::vector<int64_t> lengths = inclusiveRange(100, 3000, 200);   ///< haystack lengths, frames
    std::vector<int64_t> depths = inclusiveRange(0, 100, 20);        ///< needle depths, percent
    int frameRows = 9;               ///< LLM token rows per frame (after the 2×2 merge)
    int frameCols = 16;              ///< LLM token columns per frame
    int questionTokens = 16;         ///< text tokens after the video; the query is the last one
    int distractorOffset = 200;      ///< distractors at needle ± offset frames (V-NIAH-D)
    int distractorPeriod = 0;        ///< > 0: also at needle ± (offset + k·period), k = 1, 2, …
    double needleSimilarity = 0.9;   ///< c_needle, cosine of a needle key with q
    double contentGap = 0.1;         ///< c_distractor = c_needle − gap
    double logitScale = 1.0;         ///< β: std of an unrelated key's logit q·k/√d
    int seeds = 64;                  ///< seeds per cell
    int heads = 4;                   ///< heads per seed (independent q); trials = seeds × heads
    uint64_t seed = 1;               ///< base seed every random stream derives from

    int tokensPerFrame() const { return frameRows * frameCols; }
    int trials() const { return seeds * heads; }
    double distractorSimilarity() const { return needleSimilarity - contentGap; }
    bool operator==(const VniahSettings&) const = default;
};

}  // namespace rope
