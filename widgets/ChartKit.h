#pragma once
// Small helpers so every Qt Charts view has the same paper-like look: white background, readable
// titled axes, legend at the bottom, antialiasing.
#include <QString>

class QChart;
class QChartView;
class QAbstractAxis;
class QValueAxis;
class QLogValueAxis;
class QWidget;

namespace rope::widgets {

QChart* makeChart(const QString& title);
QChartView* makeChartView(QChart* chart, QWidget* parent);
QValueAxis* makeValueAxis(const QString& title, double min, double max, const QString& format = QStringLiteral("%.2g"));
QLogValueAxis* makeLogAxis(const QString& title, double min, double max);
/// Removes every series and axis from a chart (before a rebuild).
void clearChart(QChart* chart);

}  // namespace rope::widgets
