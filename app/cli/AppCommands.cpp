#include "AppCommands.h"

#include "AttentionCommand.h"
#include "FigureCommands.h"

namespace rope::cli {

const CommandTable& appCommands() {
#define ROPE_APP_COMMAND_ENTRY(name, summary, function) {name, function},
    static const CommandTable table = {ROPESCOPE_APP_COMMANDS(ROPE_APP_COMMAND_ENTRY)};
#undef ROPE_APP_COMMAND_ENTRY
    return table;
}

}  // namespace rope::cli
