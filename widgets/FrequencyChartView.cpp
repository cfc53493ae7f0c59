#include "FrequencyChartView.h"

#include <QChart>
#include <QChartView>
#include <QGraphicsLineItem>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "ChartKit.h"
#include "LayoutKit.h"
#include "Palette.h"
#include "core/ColumnTitle.h"
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
        for (int i : c.plan.rescaledPairs()) key += ',' + formatNumber(c.plan.omega(i));  // VideoRoPE++'s factor
        key += c.positionSpan > 0 ? "|span;" : "|;";
    }
    return key;
}

/// Top of the log axis: the decade above the slowest wavelength or the span, whichever is larger.
/// Zero-frequency pairs have no wavelength (∞) and are drawn on the top edge instead.
double axisTop(const ColumnResult& column) {
    const FrequencyPlan& plan = column.plan;
    double slowest = 1;
    bool zeroBand = false;
    for (int i = 0; i < plan.pairs(); ++i) {
        if (plan.rowOfPair[static_cast<size_t>(i)] != RowNone) slowest = std::max(slowest, plan.wavelength(i));
        else zeroBand = true;
    }
    // One decade more with a zero-frequency band: its markers sit in that top decade, labelled ∞.
    return std::pow(10, std::ceil(std::log10(std::max(slowest, column.positionSpan))) + (zeroBand ? 1 : 0));
}

/// The axes that drive some pair, in index order (t, h, w; VRoPE's streams 0…3), without RowNone.
std::vector<Row> drivingRows(const FrequencyPlan& plan) {
    std::vector<Row> rows;
    for (Row r : plan.rowOfPair)
        if (r != RowNone && std::find(rows.begin(), rows.end(), r) == rows.end()) rows.push_back(r);
    std::sort(rows.begin(), rows.end());
    return rows;
}

QScatterSeries* pairSeries(const QString& name, const QColor& fill, const QColor& border, double size,
                           QScatterSeries::MarkerShape shape = QScatterSeries::MarkerShapeCircle) {
    auto* s = new QScatterSeries;
    s->setName(name);
    s->setColor(fill);
    s->setBorderColor(border);
    s->setMarkerSize(size);
    s->setMarkerShape(shape);
    return s;
}

// Without the value: renaming a series re-lays out the legend and the chart on every δ step;
// the line's height on the log axis shows the value.
const QString kSpanName = QStringLiteral("span of this sequence's positions");

}  // namespace

void FrequencyChartView::showResults(const std::shared_ptr<const StudyResults>& results) {
    m_results = results;
    m_stale = true;
    if (m_onScreen && isVisible()) rebuild();  // hidden (e.g. a tab behind another): rebuilt when shown
}

void FrequencyChartView::setOnScreen(bool onScreen) {
    m_onScreen = onScreen;
    if (onScreen && m_stale && isVisible()) rebuild();
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
    discardLayoutItems(m_row);
    for (const ColumnResult& c : m_results->columns) m_row->addWidget(makeColumnChart(c));
}

void FrequencyChartView::moveSpanLines() {
    for (size_t k = 0; k < m_columns.size() && k < m_results->columns.size(); ++k) {
        const ColumnResult& c = m_results->columns[k];
        ColumnChart& chart = m_columns[k];
        if (!chart.line || chart.value == c.positionSpan) continue;
        chart.value = c.positionSpan;
        if (chart.y->max() != axisTop(c)) chart.y->setMax(axisTop(c));  // crossing a decade: relayout
        placeSpanLine(chart);
    }
}

void FrequencyChartView::placeSpanLine(const ColumnChart& chart) {
    // A graphics item in plot coordinates, not series data: changing series data re-lays out
    // the chart and its legend (~10 ms per δ step on this machine), moving an item repaints it.
    const QPointF from = chart.chart->mapToPosition(QPointF(-0.5, chart.value), chart.legendEntry);
    const QPointF to = chart.chart->mapToPosition(QPointF(chart.pairs - 0.5, chart.value), chart.legendEntry);
    chart.line->setLine(QLineF(from, to));
}

QWidget* FrequencyChartView::makeColumnChart(const ColumnResult& column) {
    const FrequencyPlan& plan = column.plan;
    // The column's short name (a four-column row leaves each chart ~300 px); the axis says what is drawn.
    auto* chart = makeChart(QString::fromStdString(columnShortTitle(column.params)));
    auto* x = makeValueAxis(QStringLiteral("pair index i (fast → slow)"), -0.5, plan.pairs() - 0.5, QStringLiteral("%d"));
    const double lo = std::pow(10, std::floor(std::log10(plan.wavelength(0))));
    auto* y = makeLogAxis(QStringLiteral("2π/ω"), lo, axisTop(column));  // wavelength; short: the dock is low
    // More than 5 decades: a label every second decade, so the labels stay readable (not "…") in a
    // short dock.
    if (std::log10(axisTop(column) / lo) > 5) y->setBase(100);
    ColumnChart parts{chart, y, nullptr, nullptr, plan.pairs(), column.positionSpan};
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    const auto add = [&](QScatterSeries* s) {
        chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    };
    for (Row r : drivingRows(plan)) {
        // VRoPE's axes are four streams, not t/h/w: name them so (its positions have 4 axes).
        const QString name = column.positions.axes() > 3 ? QStringLiteral("stream s%1").arg(static_cast<int>(r)) : rowName(r);
        auto* s = pairSeries(name, rowColor(r), rowColor(r).darker(130), 7);
        for (int i : plan.pairsOf(r)) s->append(i, plan.wavelength(i));
        add(s);
    }
    // HoPE's NoPE band: ω = 0, the wavelength is infinite; drawn on the top edge, named as such.
    if (const std::vector<int> none = plan.pairsOf(RowNone); !none.empty()) {
        auto* s = pairSeries(QStringLiteral("ω = 0 (∞, drawn at top)"), rowColor(RowNone).lighter(150), rowColor(RowNone).darker(150), 8,
                             QScatterSeries::MarkerShapeRectangle);
        for (int i : none) s->append(i, axisTop(column) / std::sqrt(10.0));
        add(s);
    }
    // VideoRoPE++: ring the pairs whose ω was rescaled, with the plain θ^(−2i/R) wavelength as a
    // hollow marker beside it, so the shift is visible.
    if (const std::vector<int> rescaled = plan.rescaledPairs(); !rescaled.empty()) {
        auto* before = pairSeries(QStringLiteral("before rescaling"), Qt::transparent, QColor(0x55, 0x55, 0x55), 7);
        const Eigen::VectorXd plain = inverseFrequencies(plan.theta, plan.rotaryDim);
        for (int i : rescaled) before->append(i, 2 * std::acos(-1.0) / plain(i));
        add(before);
    }    if (column.positionSpan > 0) {
        QPen pen(QColor(0x55, 0x55, 0x55));
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.5);
        // The legend entry is an empty series with the line's pen; the line itself is an item.
        auto* entry = new QLineSeries;
        entry->setName(kSpanName);
        entry->setPen(pen);
        chart->addSeries(entry);
        entry->attachAxis(x);
        entry->attachAxis(y);
        auto* line = new QGraphicsLineItem(chart);
        line->setPen(pen);
        line->setZValue(1000);  // above the markers
        parts.legendEntry = entry;
        parts.line = line;
        const size_t index = m_columns.size();
        connect(chart, &QChart::plotAreaChanged, this, [this, index] {
            if (index < m_columns.size() && m_columns[index].line) placeSpanLine(m_columns[index]);
        });
    }
    m_columns.push_back(parts);
    auto* view = makeChartView(chart, this);
    if (parts.line) placeSpanLine(parts);
    return view;
}

}  // namespace rope::widgets
