#include "FrequencyChartView.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QValueAxis>
#include <cmath>

#include "ChartKit.h"
#include "Palette.h"
#include "core/ParamSchema.h"

namespace rope::widgets {

FrequencyChartView::FrequencyChartView(QWidget* parent) : QWidget(parent), m_row(new QHBoxLayout(this)) {
    m_row->setContentsMargins(0, 0, 0, 0);
    setWindowTitle(QStringLiteral("Frequency allocation"));
}

namespace {

/// Everything the charts draw except the span value, as text: plan rows, ω, whether there is a
/// span. Equal keys: the charts only need their span lines moved (a δ drag), not a rebuild.
std::string chartKey(const StudyResults& r) {
    std::string key;
    for (const ColumnResult& c : r.columns) {
        key += variantName(c.params.variant) + '|' + formatNumber(c.plan.theta) + '|';
        for (Row row : c.plan.rowOfPair) key += rowLetter(row);
        key += c.positionSpan > 0 ? "|span;" : "|;";
    }
    return key;
}

/// Top of the log axis: the decade above the slowest wavelength or the span, whichever is larger.
double axisTop(const ColumnResult& column) {
    const FrequencyPlan& plan = column.plan;
    return std::pow(10, std::ceil(std::log10(std::max(plan.wavelength(plan.pairs() - 1), column.positionSpan))));
}

// Without the value: renaming a series re-lays out the legend and the chart on every δ step;
// the line's height on the log axis shows the value.
const QString kSpanName = QStringLiteral("span of this sequence's positions");

}  // namespace

void FrequencyChartView::showResults(const std::shared_ptr<const StudyResults>& results) {
    m_results = results;
    m_stale = true;
    if (isVisible()) rebuild();  // hidden (a tab behind another): rebuilt when shown
}

void FrequencyChartView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_stale) rebuild();
}

void FrequencyChartView::rebuild() {
    m_stale = false;
    const std::string key = chartKey(*m_results);
    if (key == m_shownKey) {
        moveSpanLines();
        return;
    }
    m_shownKey = key;
    m_columns.clear();
    while (QLayoutItem* item = m_row->takeAt(0)) {
        if (QWidget* old = item->widget()) {  // deferred: it may be mid-event (e.g. a paint) right now
            old->hide();
            old->setParent(nullptr);
            old->deleteLater();
        }
        delete item;
    }
    for (const ColumnResult& c : m_results->columns) m_row->addWidget(makeColumnChart(c));
}

void FrequencyChartView::moveSpanLines() {
    for (size_t k = 0; k < m_columns.size() && k < m_results->columns.size(); ++k) {
        const ColumnResult& c = m_results->columns[k];
        const ColumnChart& chart = m_columns[k];
        if (!chart.span) continue;
        const QPointF from(-0.5, c.positionSpan), to(c.plan.pairs() - 0.5, c.positionSpan);
        if (chart.span->count() == 2 && chart.span->at(0) == from && chart.span->at(1) == to) continue;
        chart.span->replace(QList<QPointF>{from, to});
        chart.y->setMax(axisTop(c));
    }
}

QWidget* FrequencyChartView::makeColumnChart(const ColumnResult& column) {
    const FrequencyPlan& plan = column.plan;
    auto* chart = makeChart(QString::fromStdString(variantDisplayName(column.params.variant)) +
                            QStringLiteral(": wavelength of each pair"));
    auto* x = makeValueAxis(QStringLiteral("pair index i (fast → slow)"), -0.5, plan.pairs() - 0.5, QStringLiteral("%d"));
    const double lo = std::pow(10, std::floor(std::log10(plan.wavelength(0))));
    auto* y = makeLogAxis(QStringLiteral("wavelength 2π/ω"), lo, axisTop(column));
    ColumnChart parts{nullptr, y};
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (Row r : {RowT, RowH, RowW}) {
        const std::vector<int> pairs = plan.pairsOf(r);
        if (pairs.empty()) continue;
        auto* s = new QScatterSeries;
        s->setName(rowName(r));
        s->setColor(rowColor(r));
        s->setBorderColor(rowColor(r).darker(130));
        s->setMarkerSize(7);
        for (int i : pairs) s->append(i, plan.wavelength(i));
        chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    }
    if (column.positionSpan > 0) {
        auto* span = new QLineSeries;
        span->setName(kSpanName);
        QPen pen(QColor(0x55, 0x55, 0x55));
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.5);
        span->setPen(pen);
        span->append(-0.5, column.positionSpan);
        span->append(plan.pairs() - 0.5, column.positionSpan);
        chart->addSeries(span);
        span->attachAxis(x);
        span->attachAxis(y);
        parts.span = span;
    }
    m_columns.push_back(parts);
    return makeChartView(chart, this);
}

}  // namespace rope::widgets
