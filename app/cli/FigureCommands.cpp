#include "FigureCommands.h"

#include "core/Errors.h"
#ifdef ROPESCOPE_WITH_FIGURES
#include "figures/cli/FigureCommand.h"
#ifdef ROPESCOPE_WITH_ML
#include "AttentionFigureInput.h"
#endif
#endif

namespace rope::cli {
namespace {

int runFigures(const char* name, const std::vector<std::string>& args) {
#ifdef ROPESCOPE_WITH_FIGURES
    std::vector<std::string> words{"ropescope", name};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
#ifdef ROPESCOPE_WITH_ML
    registerAttentionFigureProvider();  // --view attention runs the video pipeline
#endif
    return figures::runFigureCommand(static_cast<int>(words.size()), argv.data());
#else
    (void)args;
    throw InvalidParameter("command", name, "needs a build with ROPESCOPE_BUILD_GUI=ON (Qt draws the figures)");
#endif
}

}  // namespace

int figureCommand(const std::vector<std::string>& args, std::ostream&) { return runFigures("figure", args); }
int figuresCommand(const std::vector<std::string>& args, std::ostream&) { return runFigures("figures", args); }

}  // namespace rope::cli
