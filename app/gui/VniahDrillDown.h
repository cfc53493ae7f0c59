#pragma once
// The V-NIAH tab's drill-down: one trial of one heatmap cell in full — attention mass per frame
// with the needle and distractors marked, and the temporal part of the positional term — under a
// title that names the cell (column, task, length, depth, trial). clear() empties it and says why,
// so a drill-down never outlives the parameters it was computed for.
#include <QWidget>

#include "core/vniah/VniahExperiment.h"

class QChart;
class QLabel;

namespace rope::app {

class VniahDrillDown : public QWidget {
    Q_OBJECT
public:
    explicit VniahDrillDown(QWidget* parent = nullptr);
    /// Shows one trial; `cell` names it ("M-RoPE — V-NIAH-D · 300 frames, depth 40 %").
    void showCase(const VniahCase& vc, const QString& cell);
    /// Empties both charts and puts `why` in the title (e.g. the parameters changed).
    void clear(const QString& why);
    bool isEmpty() const { return m_empty; }
    QString title() const;  ///< the title as text (what a person reads above the charts)
    QChart* massChart() const { return m_mass; }
    QChart* termChart() const { return m_term; }

private:
    QLabel* m_title;
    QChart* m_mass;
    QChart* m_term;
    bool m_empty = true;
};

}  // namespace rope::app
