#pragma once
// Layout helpers shared by the views that rebuild their children (charts per column, heatmaps).
class QLayout;

namespace rope::widgets {

/// Takes every item out of `layout`. Their widgets are hidden, unparented and deleted later, not
/// now: a rebuild can run while one of them is mid-event (e.g. inside its own paint).
void discardLayoutItems(QLayout* layout);

}  // namespace rope::widgets
