#pragma once
// The grouped variant list shown by the parameter panel's picker and the composer's "Derive from":
// Paper variants / Deployed models / Research, then "My variants" (every registered custom variant:
// the per-user library, study files, the composer). Each group starts with a disabled bold header;
// items carry the registry name as Qt::UserRole data.
class QComboBox;

namespace rope::widgets {

/// Replaces the combo's model; `customs` false lists the built-ins only.
void fillVariantPicker(QComboBox* combo, bool customs = true);

}  // namespace rope::widgets
