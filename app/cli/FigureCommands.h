#pragma once
// `ropescope figure` / `ropescope figures` as app commands: the front routes them to ropescope-app,
// which runs the figure layer (figures/cli/FigureCommand.h) when it was built with the GUI.
#include <ostream>
#include <string>
#include <vector>

namespace rope::cli {

int figureCommand(const std::vector<std::string>& args, std::ostream& out);
int figuresCommand(const std::vector<std::string>& args, std::ostream& out);

}  // namespace rope::cli
