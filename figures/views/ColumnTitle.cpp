#include "core/ColumnTitle.h"
#include "figures/views/Views.h"

namespace rope::figures {

// One title for a column everywhere (core/ColumnTitle.h): figures say what the GUI says.
QString columnTitle(const Params& p) { return QString::fromStdString(rope::columnTitle(p)); }

}  // namespace rope::figures
