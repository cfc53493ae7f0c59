// The three chart views:
//  - frequency allocation (Fig. 4 in kind): wavelength 2π/ω_i of every rotary pair i on a log
//    axis, one marker per pair coloured (and shaped) by the row that drives it; a dashed line at
//    the span of the sequence's positions. One panel per column, legend shared.
//  - temporal similarity (Fig. 5 in kind): S(k), the same patch k frames apart, one line per
//    column; one panel per pair band.
//  - relative-position kernel: K_r(Δ) on a log Δ axis, one line per column; one panel per row.
#include <algorithm>
#include <cmath>
#include <memory>

#include "figures/ChartPanel.h"
#include "figures/Colors.h"
#include "figures/views/Views.h"

namespace rope::figures {
namespace {

Marker markerOf(Row r) {
    return r == RowT ? Marker::Circle : r == RowH ? Marker::Square : r == RowW ? Marker::Triangle : Marker::Diamond;
}

const QString kSpanLabel = QStringLiteral("span of the sequence's positions");

ViewDrawing fromCharts(std::vector<ChartModel> charts, int gridColumns, double aspect) {
    ViewDrawing d;
    auto shared = std::make_shared<std::vector<ChartModel>>(std::move(charts));
    for (size_t k = 0; k < shared->size(); ++k) {
        appendChartRows(d.data, (*shared)[k]);
        d.panels.push_back([shared, k](QPainter& p, const Style& s, const QRectF& r) { drawChart(p, s, r, (*shared)[k]); });
    }
    d.gridColumns = std::max(1, std::min<int>(gridColumns, static_cast<int>(shared->size())));
    d.panelAspect = aspect;
    d.minPanelWidthPt = 140;
    return d;
}

void addColumnLegend(ViewDrawing& d, const FigureSpec& spec) {
    int k = 0;
    for (int c : shownColumns(spec))
        d.legend.push_back({columnTitle(spec.study.columns[static_cast<size_t>(c)]), columnColor(k++), LegendEntry::Kind::Line});
}

}  // namespace

ViewDrawing buildFrequency(const FigureSpec& spec, const FigureData& data) {
    std::vector<ChartModel> charts;
    // Legend entries in first-seen order: t/h/w (or VRoPE's streams), ω = 0, before rescaling, span.
    std::vector<std::pair<QString, LegendEntry>> legend;
    const auto note = [&](const QString& key, LegendEntry e) {
        for (const auto& [k, _] : legend)
            if (k == key) return;
        legend.emplace_back(key, std::move(e));
    };
    for (int c : shownColumns(spec)) {
        const ColumnResult& col = data.results.columns[static_cast<size_t>(c)];
        const FrequencyPlan& plan = col.plan;
        const bool streams = col.positions.axes() > 3;
        ChartModel m;
        m.title = columnTitle(col.params);
        m.x = {QStringLiteral("pair index i (fast → slow)"), -0.5, plan.pairs() - 0.5, false, true, 6};
        double top = std::max(1.0, col.positionSpan);
        for (int i = 0; i < plan.pairs(); ++i)
            if (plan.rowOfPair[static_cast<size_t>(i)] != RowNone) top = std::max(top, plan.wavelength(i));
        const std::vector<int> none = plan.pairsOf(RowNone);
        // A zero-frequency band (HoPE) has no wavelength: one more decade on top, its pairs drawn there.
        const double yMax = std::pow(10, std::ceil(std::log10(top)) + (none.empty() ? 0 : 1));
        m.y = {QStringLiteral("wavelength 2π/ω"), std::pow(10, std::floor(std::log10(plan.wavelength(0)))), yMax, true,
               false, 5};
        const double decade = std::log10(plan.theta);
        m.note = QStringLiteral("ω = θ^(−2i/R),  θ = %1,  R = %2")
                     .arg(std::abs(decade - std::round(decade)) < 1e-12 ? decadeLabel(plan.theta) : QString::number(plan.theta))
                     .arg(plan.rotaryDim);
        m.noteLeft = true;
        std::vector<Row> driving;
        for (Row r : plan.rowOfPair)
            if (r != RowNone && std::find(driving.begin(), driving.end(), r) == driving.end()) driving.push_back(r);
        std::sort(driving.begin(), driving.end());
        for (Row r : driving) {
            ChartSeries ser;
            ser.name = streams ? QStringLiteral("stream s%1").arg(static_cast<int>(r)) : rowLabel(r);
            ser.color = rowColor(r);
            ser.line = false, ser.markers = true, ser.marker = markerOf(r);
            for (int i : plan.pairsOf(r)) {
                ser.x.push_back(i);
                ser.y.push_back(plan.wavelength(i));
            }
            note(ser.name, {ser.name, ser.color, LegendEntry::Kind::Marker, ser.marker});
            m.series.push_back(std::move(ser));
        }
        if (!none.empty()) {
            ChartSeries ser;
            ser.name = QStringLiteral("ω = 0, no rotation (drawn in the top decade)");
            ser.color = rowColor(RowNone);
            ser.line = false, ser.markers = true, ser.marker = Marker::Square;
            for (int i : none) ser.x.push_back(i), ser.y.push_back(yMax / std::sqrt(10.0));
            note(ser.name, {ser.name, ser.color, LegendEntry::Kind::Marker, ser.marker});
            m.series.push_back(std::move(ser));
        }
        if (const std::vector<int> rescaled = plan.rescaledPairs(); !rescaled.empty()) {
            // VideoRoPE++: the plain θ^(−2i/R) wavelength of each rescaled pair, to show the shift.
            const Eigen::VectorXd plain = inverseFrequencies(plan.theta, plan.rotaryDim);
            ChartSeries ser;
            ser.name = QStringLiteral("before rescaling");
            ser.color = QColor(0x99, 0x99, 0x99);
            ser.line = false, ser.markers = true, ser.marker = Marker::Diamond;
            for (int i : rescaled) ser.x.push_back(i), ser.y.push_back(2 * std::acos(-1.0) / plain(i));
            note(ser.name, {ser.name, ser.color, LegendEntry::Kind::Marker, ser.marker});
            m.series.push_back(std::move(ser));
        }
        if (col.positionSpan > 0) {
            m.series.push_back({kSpanLabel, QColor(0x55, 0x55, 0x55), true, Qt::DashLine, false, Marker::Circle,
                                {-0.5, plan.pairs() - 0.5}, {col.positionSpan, col.positionSpan}});
            note(kSpanLabel, {kSpanLabel, QColor(0x55, 0x55, 0x55), LegendEntry::Kind::DashedLine});
        }
        charts.push_back(std::move(m));
    }
    ViewDrawing d = fromCharts(std::move(charts), 2, 0.72);
    for (auto& [_, e] : legend) d.legend.push_back(std::move(e));
    return d;
}

ViewDrawing buildSimilarity(const FigureSpec& spec, const FigureData& data) {
    std::vector<ChartModel> charts;
    for (const std::string& key : shownPanels(spec)) {
        const PairBand band = key == "temporal" ? PairBand::Temporal : key == "fastest" ? PairBand::Fastest
                            : key == "slowest"  ? PairBand::Slowest  : PairBand::All;
        ChartModel m;
        m.title = QStringLiteral("Mean cos over %1").arg(QString::fromStdString(pairBandName(band)));
        m.x = {QStringLiteral("frame distance k"), 0, static_cast<double>(kSimilarityFrames), false, true, 6};
        m.y = {QStringLiteral("similarity S(k)"), -1.05, 1.05, false, false, 4};
        QStringList missing;
        int k = 0;
        for (int c : shownColumns(spec)) {
            const ColumnResult& col = data.results.columns[static_cast<size_t>(c)];
            const Curve& curve = col.similarity[static_cast<size_t>(band)];
            const QString name = columnTitle(col.params);
            if (curve.x.empty()) missing << name;
            m.series.push_back({name, columnColor(k++), true, Qt::SolidLine, false, Marker::Circle, curve.x, curve.y});
        }
        if (!missing.isEmpty()) m.note = QStringLiteral("no pairs in this band: %1").arg(missing.join(QStringLiteral(", ")));
        charts.push_back(std::move(m));
    }
    ViewDrawing d = fromCharts(std::move(charts), 2, 0.62);
    addColumnLegend(d, spec);
    return d;
}

ViewDrawing buildKernel(const FigureSpec& spec, const FigureData& data) {
    std::vector<ChartModel> charts;
    for (const std::string& key : shownPanels(spec)) {
        const Row r = key == "t" ? RowT : key == "h" ? RowH : RowW;
        ChartModel m;
        m.title = QStringLiteral("Pairs driven by %1").arg(rowLabel(r));
        m.x = {QStringLiteral("position difference Δ on that row"), 1, kKernelMaxDelta, true, false, 6};
        m.y = {QStringLiteral("mean cos(Δ·ω)"), -1.05, 1.05, false, false, 4};
        QStringList missing;
        int k = 0;
        for (int c : shownColumns(spec)) {
            const ColumnResult& col = data.results.columns[static_cast<size_t>(c)];
            const Curve& curve = col.rowKernels[static_cast<size_t>(r)];
            const QString name = columnTitle(col.params);
            if (curve.x.empty()) missing << name;
            m.series.push_back({name, columnColor(k++), true, Qt::SolidLine, false, Marker::Circle, curve.x, curve.y});
        }
        if (!missing.isEmpty()) m.note = QStringLiteral("no pairs on this row: %1").arg(missing.join(QStringLiteral(", ")));
        charts.push_back(std::move(m));
    }
    ViewDrawing d = fromCharts(std::move(charts), 3, 0.62);
    addColumnLegend(d, spec);
    return d;
}

}  // namespace rope::figures
