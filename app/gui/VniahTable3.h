#pragma once
// Table 3 in kind, as the V-NIAH tab shows it: per variant column our V-NIAH and V-NIAH-D accuracy
// beside the paper's, and a short note under it on why they differ (what the mechanism isolates,
// where it departs from trained models), its "More…" link opening docs/vniah.md in the guide.
// Also the words the tab uses for a grid and a cell, so table, heatmaps and drill-down agree.
#include <QWidget>
#include <functional>
#include <optional>

#include "core/Study.h"
#include "core/vniah/VniahExperiment.h"

class QLabel;
class QTableWidget;

namespace rope::app {

/// The paper's Table 3 accuracy (percent) for a variant and task, or a negative number if the
/// paper has none (RoPE-Tie).
double paperAccuracy(const VariantId& v, VniahTask task);

QString vniahTaskTitle(VniahTask t);           ///< "V-NIAH", "V-NIAH-D"
QString vniahGridName(const VniahGrid& grid);  ///< "VideoRoPE (δ=2) — V-NIAH-D"
/// Hover text of one cell: grid, length, depth, success rate and trial counts (rich text).
QString vniahCellToolTip(const VniahGrid& grid, int lengthIndex, int depthIndex);

class VniahTable3 : public QWidget {
    Q_OBJECT
public:
    /// Our accuracy (0..1) of a column and task, if computed for the current parameters.
    using Lookup = std::function<std::optional<double>(const Params& column, VniahTask task)>;
    explicit VniahTable3(QWidget* parent = nullptr);
    void showColumns(const std::vector<Params>& columns, const Lookup& ours);
    QTableWidget* table() const { return m_table; }
    QLabel* note() const { return m_note; }

private:
    QTableWidget* m_table;
    QLabel* m_note;
};

}  // namespace rope::app
