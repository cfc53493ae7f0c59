#pragma once
// Per-key scoring of materialised q and k under a variant's rotation — the path of the real-model
// mode (q/k captured from a VLM) and the brute-force reference for the synthetic experiment.
//
//   logit_n = (R(p_q) q) · (R(p_n) k_n) / √d = Σ_i [a_i cos φ_i + b_i sin φ_i] / √d
//   a_i = q_i k_i + q_{i+d/2} k_{i+d/2},  b_i = q_{i+d/2} k_i − q_i k_{i+d/2},
//   φ_i = ω_i · (p_n[row(i)] − p_q[row(i)])                      (rotate-half pairs, Rotary.h)
// Regrouped by key channel this is one dot product, logit_n = k_n · e(φ(n)) / √d, with
//   e_i       = q_i cos φ_i + q_{i+d/2} sin φ_i
//   e_{i+d/2} = q_{i+d/2} cos φ_i − q_i sin φ_i.
// e depends on the key only through its three row values, and those repeat (a frame shares t, an
// image row shares h, a column index recurs every row), so e is built once per distinct value of
// each row — a full-width vector that is zero outside that row's channels — and a key costs at
// most three length-d dot products. Angles are formed in double (relative positions of 400k
// tokens need it) and reduced to [−π, π] before float cos/sin.
#include <Eigen/Core>
#include <cstdint>

#include "core/FrequencyPlan.h"
#include "core/Positions.h"

namespace rope {

using RowMajorMatrixXf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// logits(n) for keys n = 0..keys.rows()−1, which are tokens firstKeyToken + n of `pos`; the query
/// is token queryToken. q has head_dim entries, keys head_dim columns. `threads` ≥ 1.
Eigen::VectorXd rotaryLogits(const FrequencyPlan& plan, const Positions& pos, int64_t queryToken,
                             const Eigen::VectorXf& q, int64_t firstKeyToken, const RowMajorMatrixXf& keys,
                             int threads = 1);

/// log Σ exp over consecutive groups of `tokensPerFrame` logits: one log-mass per frame.
Eigen::VectorXd frameLogMasses(const Eigen::VectorXd& logits, int64_t tokensPerFrame);

}  // namespace rope
