#pragma once
// Frequency allocation (the paper's Fig. 4 in kind): for each variant column, pair index i →
// wavelength λ_i = 2π/ω_i on a log axis, each marker coloured by the row (t, h, w) that drives it.
// A dashed line marks the span of positions in the current sequence: pairs above it never complete
// one turn inside the sequence — where VideoRoPE puts t, and where M-RoPE does not.
#include <QWidget>
#include <memory>
#include <string>
#include <vector>

#include "core/analysis/StudyResults.h"

class QHBoxLayout;
class QLineSeries;
class QLogValueAxis;

namespace rope::widgets {

class FrequencyChartView : public QWidget {
    Q_OBJECT
public:
    explicit FrequencyChartView(QWidget* parent = nullptr);
    void showResults(const std::shared_ptr<const StudyResults>& results);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void rebuild();
    void moveSpanLines();  ///< same charts, new span (δ, sequence length): moved in place
    QWidget* makeColumnChart(const ColumnResult& column);
    struct ColumnChart {
        QLineSeries* span;  ///< null when the column has no span line
        QLogValueAxis* y;
    };
    QHBoxLayout* m_row;
    std::vector<ColumnChart> m_columns;  ///< parts of the charts shown, by column
    std::shared_ptr<const StudyResults> m_results;
    std::string m_shownKey;  ///< what the charts show now, but the span; a δ drag leaves it unchanged
    bool m_stale = false;
};

}  // namespace rope::widgets
