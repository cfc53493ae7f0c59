#pragma once
// The paper's Table 1, computed live for the study's columns (ablations included): one row per
// property, one column per variant column, each ✓/✗ cell's tooltip saying which numbers decided it.
#include <QTableWidget>
#include <memory>

#include "core/analysis/StudyResults.h"

namespace rope::widgets {

class PropertiesTable : public QTableWidget {
    Q_OBJECT
public:
    explicit PropertiesTable(QWidget* parent = nullptr);
    void showResults(const std::shared_ptr<const StudyResults>& results);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void elideHeaders();
};

/// "VideoRoPE δ=2" or "VideoRoPE (LTA off, sequential)" — a column's name with its non-default options.
QString columnLabel(const Params& p);

}  // namespace rope::widgets
