#include "VniahDrillDown.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTextDocumentFragment>
#include <QValueAxis>
#include <QVBoxLayout>
#include <algorithm>

#include "widgets/ChartKit.h"
#include "widgets/Palette.h"

namespace rope::app {
namespace {

void fill(QChart* chart, const VniahCase& vc, const Eigen::VectorXd& y, const QString& title, const QString& yTitle) {
    widgets::clearChart(chart);
    chart->setTitle(title);
    auto* line = new QLineSeries;
    line->setName(QObject::tr("every frame"));
    line->setPen(QPen(widgets::columnColor(1), 1.2));
    const double lo = y.size() ? y.minCoeff() : 0, hi = y.size() ? y.maxCoeff() : 1;
    for (Eigen::Index f = 0; f < y.size(); ++f) line->append(static_cast<double>(f), y(f));
    auto* needle = new QScatterSeries;
    needle->setName(QObject::tr("needle"));
    needle->setColor(QColor(0x1e, 0x84, 0x49));
    needle->setMarkerSize(11);
    needle->append(static_cast<double>(vc.needleFrame), y(vc.needleFrame));
    auto* distractors = new QScatterSeries;
    distractors->setName(QObject::tr("distractors"));
    distractors->setColor(QColor(0xc0, 0x39, 0x2b));
    distractors->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    distractors->setMarkerSize(10);
    for (int64_t f : vc.distractorFrames) distractors->append(static_cast<double>(f), y(f));
    auto* x = widgets::makeValueAxis(QObject::tr("frame"), 0, static_cast<double>(std::max<int64_t>(1, vc.frames - 1)), QStringLiteral("%d"));
    const double pad = 0.05 * (hi - lo + 1e-12);
    auto* yAxis = widgets::makeValueAxis(yTitle, lo - pad, hi + pad, QStringLiteral("%.3g"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(line), static_cast<QAbstractSeries*>(needle), static_cast<QAbstractSeries*>(distractors)}) {
        chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(yAxis);
    }
}

}  // namespace

VniahDrillDown::VniahDrillDown(QWidget* parent)
    : QWidget(parent), m_title(new QLabel), m_mass(widgets::makeChart(QString())), m_term(widgets::makeChart(QString())) {
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::RichText);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    for (QChart* chart : {m_mass, m_term}) {
        QChartView* view = widgets::makeChartView(chart, this);
        view->setMinimumSize(200, 120);
        layout->addWidget(view, 1);
    }
    clear(tr("Click a heatmap cell to see one of its trials: attention mass per frame and the temporal part of the positional term."));
}

void VniahDrillDown::showCase(const VniahCase& vc, const QString& cell) {
    const QString outcome = vc.success ? tr("the needle frame wins") : tr("frame %1 wins, not the needle (frame %2)").arg(vc.winnerFrame).arg(vc.needleFrame);
    m_title->setText(tr("<b>Drill-down: %1</b><br>trial seed 0, head 0 — %2").arg(cell.toHtmlEscaped(), outcome));
    fill(m_mass, vc, vc.frameMass, tr("Attention mass per frame"), tr("attention mass"));
    fill(m_term, vc, vc.temporalTerm, tr("Temporal part of the positional term"), tr("Σ ρ cos φ, t pairs"));
    m_empty = false;
}

void VniahDrillDown::clear(const QString& why) {
    m_title->setText(tr("<b>Drill-down</b><br>%1").arg(why.toHtmlEscaped()));
    for (QChart* chart : {m_mass, m_term}) {
        widgets::clearChart(chart);
        chart->setTitle(QString());
    }
    m_mass->setTitle(tr("Attention mass per frame"));
    m_term->setTitle(tr("Temporal part of the positional term per frame"));
    m_empty = true;
}

QString VniahDrillDown::title() const { return QTextDocumentFragment::fromHtml(m_title->text()).toPlainText(); }

}  // namespace rope::app
