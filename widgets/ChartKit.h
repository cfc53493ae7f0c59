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
/// A value axis with ticks at nice numbers (multiples of 1, 2 or 5 × 10^k: 0, 20, 40, 60 for
/// 0…63, never 0/15/31/47/63), kept nice when its range changes. A "%d" format marks an index axis:
/// its step is never below 1.
QValueAxis* makeValueAxis(const QString& title, double min, double max, const QString& format = QStringLiteral("%.2g"));
/// Puts `axis`'s ticks on nice numbers for its current range (about `target` of them).
void setNiceTicks(QValueAxis* axis, bool integral, int target = 5);
/// The nice tick layout of a range: the first tick and the step between ticks.
struct NiceTicks {
    double anchor = 0, interval = 1;
};
NiceTicks niceTicksFor(double min, double max, bool integral, int target = 5);
QLogValueAxis* makeLogAxis(const QString& title, double min, double max);
/// Removes every series and axis from a chart (before a rebuild).
void clearChart(QChart* chart);

}  // namespace rope::widgets
