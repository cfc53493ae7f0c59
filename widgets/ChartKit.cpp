#include "ChartKit.h"

#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QLogValueAxis>
#include <QValueAxis>

#include <cmath>

#include "Palette.h"
#include "figures/Style.h"

namespace rope::widgets {

QChart* makeChart(const QString& title) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->setTitleFont(titleFont());
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setFont(axisFont());
    chart->setAnimationOptions(QChart::NoAnimation);
    return chart;
}

QChartView* makeChartView(QChart* chart, QWidget* parent) {
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(200, 150);  // small enough for a 1280 × 800 screen with the docks below
    return view;
}

namespace {
void styleAxis(QAbstractAxis* axis, const QString& title) {
    axis->setTitleText(title);
    axis->setTitleFont(axisFont());
    axis->setLabelsFont(axisFont());
    axis->setGridLineColor(QColor(0xe0, 0xe0, 0xe0));
}
}  // namespace

NiceTicks niceTicksFor(double min, double max, bool integral, int target) {
    NiceTicks t;
    if (!(max > min) || !std::isfinite(min) || !std::isfinite(max)) return t;
    t.interval = figures::niceStep(min, max, target, integral);
    t.anchor = std::ceil(min / t.interval - 1e-9) * t.interval;
    if (std::abs(t.anchor) < 1e-9 * t.interval) t.anchor = 0;
    return t;
}

void setNiceTicks(QValueAxis* axis, bool integral, int target) {
    const NiceTicks t = niceTicksFor(axis->min(), axis->max(), integral, target);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(t.anchor);
    axis->setTickInterval(t.interval);
}

QValueAxis* makeValueAxis(const QString& title, double min, double max, const QString& format) {
    auto* axis = new QValueAxis;
    styleAxis(axis, title);
    axis->setRange(min, max);
    axis->setLabelFormat(format);
    const bool integral = format == QLatin1String("%d");
    setNiceTicks(axis, integral);
    QObject::connect(axis, &QValueAxis::rangeChanged, axis, [axis, integral] { setNiceTicks(axis, integral); });
    return axis;
}

QLogValueAxis* makeLogAxis(const QString& title, double min, double max) {
    auto* axis = new QLogValueAxis;
    styleAxis(axis, title);
    axis->setBase(10);
    axis->setRange(min, max);
    axis->setLabelFormat(QStringLiteral("%.0e"));
    axis->setMinorTickCount(-1);
    return axis;
}

void clearChart(QChart* chart) {
    chart->removeAllSeries();
    for (QAbstractAxis* a : chart->axes()) {
        chart->removeAxis(a);
        delete a;
    }
}

}  // namespace rope::widgets
