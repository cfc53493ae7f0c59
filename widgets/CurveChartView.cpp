#include "CurveChartView.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>
#include <QVBoxLayout>

#include "ChartKit.h"
#include "Palette.h"
#include "core/ParamSchema.h"

namespace rope::widgets {

CurveChartView::CurveChartView(Spec spec, QWidget* parent)
    : QWidget(parent), m_spec(std::move(spec)), m_selector(new QComboBox), m_chart(makeChart(QString())),
      m_note(new QLabel) {
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(QStringLiteral("Show:")));
    top->addWidget(m_selector);
    top->addWidget(m_note, 1);
    m_selector->addItems(m_spec.choices);
    m_note->setStyleSheet(QStringLiteral("color: #666"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(makeChartView(m_chart, this), 1);
    connect(m_selector, &QComboBox::currentIndexChanged, this, &CurveChartView::rebuild);
}

int CurveChartView::choice() const { return m_selector->currentIndex(); }
void CurveChartView::setChoice(int index) { m_selector->setCurrentIndex(index); }

void CurveChartView::showResults(const std::shared_ptr<const StudyResults>& results) {
    m_results = results;
    m_stale = true;
    if (m_onScreen && isVisible()) rebuild();  // hidden (e.g. a tab behind another): rebuilt when shown
}

void CurveChartView::setOnScreen(bool onScreen) {
    m_onScreen = onScreen;
    if (onScreen && m_stale && isVisible()) rebuild();
}

void CurveChartView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_stale) rebuild();
}

void CurveChartView::rebuild() {
    m_stale = false;
    clearChart(m_chart);
    m_chart->setTitle(m_spec.title.arg(m_selector->currentText()));
    if (!m_results) return;
    QAbstractAxis* x = m_spec.logX ? static_cast<QAbstractAxis*>(makeLogAxis(m_spec.xTitle, m_spec.xMin, m_spec.xMax))
                                   : makeValueAxis(m_spec.xTitle, m_spec.xMin, m_spec.xMax, QStringLiteral("%d"));
    QAbstractAxis* y = makeValueAxis(m_spec.yTitle, -1.05, 1.05, QStringLiteral("%.1f"));
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    QStringList missing;
    for (size_t k = 0; k < m_results->columns.size(); ++k) {
        const ColumnResult& c = m_results->columns[k];
        const QString name = QString::fromStdString(variantDisplayName(c.params.variant));
        const Curve& curve = m_spec.curve(c, choice());
        if (curve.x.empty()) {
            missing << name;
            continue;
        }
        auto* s = new QLineSeries;
        s->setName(QStringLiteral("%1 (column %2)").arg(name).arg(k + 1));
        QPen pen(columnColor(static_cast<int>(k)));
        pen.setWidthF(2.0);
        s->setPen(pen);
        for (size_t i = 0; i < curve.x.size(); ++i)
            if (!m_spec.logX || curve.x[i] > 0) s->append(curve.x[i], curve.y[i]);
        m_chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    }
    m_note->setText(missing.isEmpty() ? QString()
                                      : QStringLiteral("no pairs in this band for: %1").arg(missing.join(QStringLiteral(", "))));
}

CurveChartView* makeSimilarityView(QWidget* parent) {
    CurveChartView::Spec s;
    s.title = QStringLiteral("Same patch, k frames apart — mean cos over %1");
    s.xTitle = QStringLiteral("frame distance k");
    s.yTitle = QStringLiteral("similarity (identical content)");
    s.xMin = 0, s.xMax = kSimilarityFrames;
    for (int b = 0; b < 4; ++b) s.choices << QString::fromStdString(pairBandName(static_cast<PairBand>(b)));
    s.curve = [](const ColumnResult& c, int choice) -> const Curve& { return c.similarity[static_cast<size_t>(choice)]; };
    auto* view = new CurveChartView(std::move(s), parent);
    view->setWindowTitle(QStringLiteral("Temporal similarity"));
    return view;
}

CurveChartView* makeKernelView(QWidget* parent) {
    CurveChartView::Spec s;
    s.title = QStringLiteral("Relative-position kernel of the pairs driven by %1");
    s.xTitle = QStringLiteral("position difference Δ on that row");
    s.yTitle = QStringLiteral("mean cos(Δ·ω)");
    s.logX = true;
    s.xMin = 1, s.xMax = kKernelMaxDelta;
    for (Row r : {RowT, RowH, RowW}) s.choices << rowName(r);
    s.curve = [](const ColumnResult& c, int choice) -> const Curve& { return c.rowKernels[static_cast<size_t>(choice)]; };
    auto* view = new CurveChartView(std::move(s), parent);
    view->setWindowTitle(QStringLiteral("Relative-position kernel"));
    return view;
}

}  // namespace rope::widgets
