#include "TokenInspector.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <cmath>
#include <numbers>

#include "PropertiesTable.h"
#include "core/variants/Variant.h"
#include "viz/TokenNames.h"

namespace rope::widgets {
namespace {

QString num(double v) { return QString::fromStdString(explainNumber(v)); }

QString sci(double v) { return QString::number(v, 'g', 4).replace(QLatin1Char('-'), QChar(0x2212)); }

}  // namespace

TokenInspector::TokenInspector(QWidget* parent)
    : QWidget(parent),
      m_heading(new QLabel),
      m_pair(new QSpinBox),
      m_unpin(new QPushButton(tr("Unpin"))),
      m_body(new QTextBrowser) {
    auto* top = new QHBoxLayout;
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_heading->setWordWrap(true);
    top->addWidget(m_heading, 1);
    auto* pairLabel = new QLabel(tr("angle of pair i"));
    pairLabel->setBuddy(m_pair);
    m_pair->setRange(0, 63);
    m_pair->setValue(0);
    m_pair->setToolTip(tr("Rotary pair whose angle is shown: angle = ω_i · position on the axis that drives pair i"));
    top->addWidget(pairLabel);
    top->addWidget(m_pair);
    top->addWidget(m_unpin);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_body, 1);
    m_body->setOpenLinks(false);
    connect(m_pair, &QSpinBox::valueChanged, this, &TokenInspector::refresh);
    connect(m_unpin, &QPushButton::clicked, this, &TokenInspector::unpin);
    setObjectName(QStringLiteral("tokenInspector"));
    refresh();
}

void TokenInspector::setResults(const std::shared_ptr<const StudyResults>& results) {
    const bool sameSequence = m_results && results && m_results->sequence == results->sequence;
    m_results = results;
    if (hasPin()) {
        // Keep a pin on the user's token while the sequence stays; anything else is unpinned.
        if (!sameSequence || m_original < 0 || m_column >= static_cast<int>(results->columns.size())) {
            m_column = -1, m_laidOut = -1, m_original = -1;
            Q_EMIT pinChanged();
        } else {
            m_laidOut = pinnedIn(m_column);
        }
    }
    int pairs = 1;
    if (m_results)
        for (const ColumnResult& c : m_results->columns) pairs = std::max(pairs, c.plan.pairs());
    m_pair->setMaximum(pairs - 1);
    refresh();
}

qint64 TokenInspector::pin(int column, qint64 laidOutToken) {
    if (!m_results || column < 0 || column >= static_cast<int>(m_results->columns.size()) || laidOutToken < 0 ||
        laidOutToken >= m_results->columns[static_cast<size_t>(column)].laidOut.tokenCount()) {
        unpin();
        return -1;
    }
    const ColumnResult& c = m_results->columns[static_cast<size_t>(column)];
    m_column = column, m_laidOut = laidOutToken;
    m_original = viz::TokenNames(m_results->sequence, c.laidOut).originalToken(laidOutToken);
    refresh();
    Q_EMIT pinChanged();
    return m_original;
}

void TokenInspector::unpin() {
    if (!hasPin()) return;
    m_column = -1, m_laidOut = -1, m_original = -1;
    refresh();
    Q_EMIT pinChanged();
}

qint64 TokenInspector::pinnedIn(int column) const {
    if (!hasPin() || !m_results || column < 0 || column >= static_cast<int>(m_results->columns.size())) return -1;
    if (m_original < 0) return column == m_column ? m_laidOut : -1;
    const ColumnResult& c = m_results->columns[static_cast<size_t>(column)];
    return viz::TokenNames(m_results->sequence, c.laidOut).laidOutToken(m_original);
}

void TokenInspector::setPair(int pair) { m_pair->setValue(pair); }
int TokenInspector::pair() const { return m_pair->value(); }

QString TokenInspector::text() const { return m_heading->text() + QLatin1Char('\n') + m_body->toPlainText(); }

void TokenInspector::refresh() {
    m_unpin->setEnabled(hasPin());
    if (!hasPin() || !m_results) {
        m_heading->setText(tr("Click a token in the 3D view to pin it: its segment, position and the rule that placed it "
                              "appear here for every column."));
        m_body->clear();
        return;
    }
    const int i = m_pair->value();
    QString html;
    QString heading;
    for (size_t c = 0; c < m_results->columns.size(); ++c) {
        const ColumnResult& col = m_results->columns[c];
        const viz::TokenNames names(m_results->sequence, col.laidOut);
        const qint64 token = pinnedIn(static_cast<int>(c));
        if (heading.isEmpty() && static_cast<int>(c) == m_column) {
            const qint64 shown = m_original >= 0 ? m_original : m_laidOut;
            heading = tr("Pinned: token %1 · %2").arg(shown).arg(QString::fromStdString(names.tokenName(m_laidOut)));
        }
        html += QStringLiteral("<p style='margin:2px 0'><b>%1</b>").arg(columnLabel(col.params).toHtmlEscaped());
        if (token < 0) {
            html += tr(" — not in this column's sequence (a token another design inserted)</p>");
            continue;
        }
        auto design = makeDesign(col.params);
        const auto rowNames = design->axisNames();
        QStringList values;
        for (int r = 0; r < col.positions.axes(); ++r) values << num(col.positions.pos(r, token));
        QStringList axes;
        for (const auto& n : rowNames) axes << QString::fromStdString(n);
        PositionExplanation e;
        try {
            e = design->explain(col.laidOut, token);
        } catch (const std::exception& ex) {
            e.lines = {std::string("cannot explain: ") + ex.what()};
        }
        html += QStringLiteral(" &nbsp; (%1) = (%2), st = %3</p><div style='margin-left:14px; font-family:monospace'>")
                    .arg(axes.join(QStringLiteral(", ")), values.join(QStringLiteral(", ")), num(e.start));
        for (const auto& line : e.lines) html += QString::fromStdString(line).toHtmlEscaped() + QStringLiteral("<br>");
        // The angle of the chosen pair.
        const FrequencyPlan& plan = col.plan;
        if (i >= plan.pairs()) {
            html += tr("pair %1 does not rotate here (rotary_dim %2)").arg(i).arg(plan.rotaryDim);
        } else {
            const Row row = plan.rowOfPair[static_cast<size_t>(i)];
            const double omega = plan.omega(i);
            if (row == RowNone || row >= col.positions.axes()) {
                html += tr("pair %1 has zero frequency: angle 0").arg(i);
            } else {
                const double p = col.positions.pos(row, token);
                const double angle = omega * p;
                const double wrapped = angle - 2 * std::numbers::pi * std::floor(angle / (2 * std::numbers::pi));
                const QString axis = QString::fromStdString(rowNames[static_cast<size_t>(row)]);
                const bool rescaled = std::abs(omega - std::pow(plan.theta, -2.0 * i / plan.rotaryDim)) > 1e-12 * omega;
                html += tr("pair %1 is driven by %2: ω = %3 = %4; angle = ω·%2 = %4·%5 = %6 rad (%7 mod 2π)")
                            .arg(i)
                            .arg(axis)
                            .arg(rescaled ? tr("ω_i (rescaled)")
                                          : QStringLiteral("θ^(−2i/R) = %1^(−2·%2/%3)").arg(sci(plan.theta)).arg(i).arg(plan.rotaryDim))
                            .arg(sci(omega))
                            .arg(num(p))
                            .arg(sci(angle))
                            .arg(sci(wrapped))
                            .toHtmlEscaped();
            }
        }
        html += QStringLiteral("</div>");
    }
    m_heading->setText(heading);
    m_body->setHtml(html);
}

}  // namespace rope::widgets
