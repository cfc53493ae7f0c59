#pragma once
// One chart, one line per variant column, of a curve chosen with a selector above it. Two views use
// it:
//  - temporal similarity (Fig. 5 in kind): the same patch k frames apart, mean cos over a band of
//    pairs (selector: the band) — M-RoPE's temporal pairs oscillate, VideoRoPE's fall smoothly;
//  - row kernel / long-term decay: K_r(Δ) = mean cos(Δ·ω_i) over the pairs row r drives, log Δ
//    (selector: the row).
#include <QWidget>
#include <functional>
#include <memory>

#include "core/analysis/StudyResults.h"

class QChart;
class QComboBox;
class QLabel;

namespace rope::widgets {

class CurveChartView : public QWidget {
    Q_OBJECT
public:
    struct Spec {
        QString title;          ///< chart title; "%1" is replaced by the selector's text
        QString xTitle, yTitle;
        bool logX = false;
        double xMin = 0, xMax = 1;
        QStringList choices;    ///< selector entries
        std::function<const Curve&(const ColumnResult&, int choice)> curve;
    };
    CurveChartView(Spec spec, QWidget* parent = nullptr);
    void showResults(const std::shared_ptr<const StudyResults>& results);
    /// Whether the chart can be seen (a dock tab behind another cannot, yet isVisible() stays
    /// true): results that arrive while it cannot are drawn when it can again.
    void setOnScreen(bool onScreen);
    int choice() const;
    void setChoice(int index);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void rebuild();
    bool m_stale = false;
    bool m_onScreen = true;
    Spec m_spec;
    QComboBox* m_selector;
    QChart* m_chart;
    QLabel* m_note;
    std::shared_ptr<const StudyResults> m_results;
};

/// The two views above, ready made.
CurveChartView* makeSimilarityView(QWidget* parent);
CurveChartView* makeKernelView(QWidget* parent);

}  // namespace rope::widgets
