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
class QChart;
class QGraphicsLineItem;
class QLineSeries;
class QLogValueAxis;

namespace rope::widgets {

class FrequencyChartView : public QWidget {
    Q_OBJECT
public:
    explicit FrequencyChartView(QWidget* parent = nullptr);
    void showResults(const std::shared_ptr<const StudyResults>& results);
    /// Whether the chart can be seen (a dock tab behind another cannot, yet isVisible() stays
    /// true): results that arrive while it cannot are drawn when it can again.
    void setOnScreen(bool onScreen);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void rebuild();
    void moveSpanLines();  ///< same charts, new span (δ, sequence length): moved in place
    QWidget* makeColumnChart(const ColumnResult& column);
    struct ColumnChart {
        QChart* chart;
        QLogValueAxis* y;
        QLineSeries* legendEntry;  ///< empty series naming the span line; null without a span
        QGraphicsLineItem* line;   ///< the span line, placed in plot coordinates; null without
        int pairs;
        double value;              ///< the span the line shows
    };
    void placeSpanLine(const ColumnChart& chart);
    QHBoxLayout* m_row;
    std::vector<ColumnChart> m_columns;  ///< parts of the charts shown, by column
    std::shared_ptr<const StudyResults> m_results;
    std::string m_shownKey;  ///< what the charts show now, but the span; a δ drag leaves it unchanged
    bool m_stale = false;
    bool m_onScreen = true;
};

}  // namespace rope::widgets
