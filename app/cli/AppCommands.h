#pragma once
// The headless commands whose code needs Qt, OpenCV or LibTorch. They are linked into ropescope-app
// only; the light `ropescope` front knows their names and summaries (from the list below) and execs
// ropescope-app for them, so core commands never load those libraries.
//
// Registering one is one line in the list: X("name", "one-line summary for --help", function),
// where `function` is an `int (const std::vector<std::string>& args, std::ostream& out)` in
// rope::cli whose header AppCommands.cpp includes, and whose library ropescope_app_commands links.
#include "Cli.h"

#define ROPESCOPE_APP_COMMANDS(X)                                                                         \
    X("attention", "attention maps of a video under RoPE variants (.npy + PNG + JSON with --out DIR)", \
      attentionCommand)                                                                                   \
    X("figure", "a paper figure of one view from a study or preset (PNG, SVG, PDF; --list)", figureCommand) \
    X("figures", "every view of a study or preset, all formats, into a folder", figuresCommand)

namespace rope::cli {

/// Name → function of every command above; defined in AppCommands.cpp (ropescope-app only).
const CommandTable& appCommands();

}  // namespace rope::cli
