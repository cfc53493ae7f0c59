#include "ChartKit.h"

#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QLogValueAxis>
#include <QValueAxis>

#include "Palette.h"

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

QValueAxis* makeValueAxis(const QString& title, double min, double max, const QString& format) {
    auto* axis = new QValueAxis;
    styleAxis(axis, title);
    axis->setRange(min, max);
    axis->setLabelFormat(format);
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
