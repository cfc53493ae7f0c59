#pragma once
// `ropescope figure` and `ropescope figures` (paper figures from a study or a preset, no display
// needed: Qt runs on the offscreen platform). Contract as in shared/specs/cli.md: errors are one
// line on stderr with exit status 2 and nothing on stdout; files are written all-or-nothing.
//
//   ropescope figure  (--study FILE | --preset NAME) --view NAME --out FILE.{png,svg,pdf}
//                     [--width-in W | --size WxH[in|mm]] [--dpi N] [--font-pt N]
//                     [--theme print|screen] [--columns 1,2] [--panels K,..] [--data FILE.csv|.json]
//   ropescope figures (--study FILE | --preset NAME) --out DIR   # every view, PNG + SVG + PDF + data
//   ropescope figure --list                                        # views and presets
#include <string>

#include "figures/FigureSpec.h"

namespace rope::figures {

/// True for "figure" and "figures".
bool isFigureCommand(const char* arg);
/// Runs argv[1] ("figure" / "figures") with argv[2..]; returns the exit status.
int runFigureCommand(int argc, char** argv);

/// The `ropescope figure …` call that makes the same file (the GUI's "copy as command line").
std::string figureCommandLine(const FigureSpec& spec, const std::string& out);

}  // namespace rope::figures
