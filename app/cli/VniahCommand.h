#pragma once
// `ropescope vniah` and `ropescope vniah-ablation` (shared/specs/vniah.md).
//
//   ropescope vniah --variant m-rope [--distractors] [--lengths 100:3000:200] [--depths 0:100:20]
//                   [--seeds 64] [--heads 4] [--option vniah.KEY=VALUE ...] [--json] [--out DIR]
//                   [--threads N] [--quiet]
//     stdout: {"variant", "task", "accuracy", "lengths", "depths", "success", "seeds"} where
//             success[i][j] is the rate at lengths[i] and depths[j] (one inner list per length).
//     --out DIR: vniah-<variant>-<task>.json / .csv / .png (written to temporary names, renamed
//             only when everything succeeded). Without --json, --out suppresses stdout.
//
//   ropescope vniah-ablation --sweep delta|lta|spatial-order|diagonal|variants|KEY [--values a,b,...]
//                   [same grid flags] [--json | --markdown] [--out DIR]
//     Runs V-NIAH and V-NIAH-D for every value on the same grid (Tables 3, 6 and 7 in kind).
//
// Progress goes to stderr (suppressed by --quiet). Ctrl-C stops the computation cleanly: no file is
// written, a one-line message goes to stderr and the exit status is 130. Bad input: one line on
// stderr, exit 2, nothing on stdout (cli.md). --capture FILE (real-model mode) is refused with the
// reason until the capture reader exists.
#include <iosfwd>
#include <string>
#include <vector>

namespace rope::cli {

constexpr int kExitInterrupted = 130;

int vniahCommand(const std::vector<std::string>& args, std::ostream& out);
int vniahAblationCommand(const std::vector<std::string>& args, std::ostream& out);

}  // namespace rope::cli
