#pragma once
// The one progress/cancel callback of every long job (video decoding, model runs, V-NIAH grids,
// attention): called with a fraction in [0, 1] from the thread that coordinates the work; returning
// false asks the job to stop. A job stopped that way throws rope::Cancelled (core/Errors.h) or, for
// jobs that keep partial results (runVniah), reports RunStatus::Cancelled.
#include <functional>

namespace rope {

using Progress = std::function<bool(double fraction)>;

}  // namespace rope
