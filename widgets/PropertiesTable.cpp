#include "PropertiesTable.h"

#include <QHeaderView>

#include "core/ParamSchema.h"

namespace rope::widgets {

QString columnLabel(const Params& p) {
    QString label = QString::fromStdString(variantDisplayName(p.variant));
    QStringList extras;
    const std::string name = variantName(p.variant);
    for (const ParamSpec& s : paramSchema()) {
        if (s.appliesTo.empty() || !appliesTo(s, name)) continue;
        const std::string v = s.get(p);
        // δ always (it is what people compare); other options only when they differ from the
        // default, by their human label ("LTA off (temporal band high)") or as "Label value".
        if (s.key == "videorope.delta") extras << QStringLiteral("δ=%1").arg(QString::fromStdString(v));
        else if (v != defaultValue(s))
            extras << (s.choiceLabels.empty() ? QString::fromStdString(s.label + " " + v)
                                              : QString::fromStdString(valueLabel(s, p)));
    }
    return extras.isEmpty() ? label : label + QStringLiteral(" (") + extras.join(QStringLiteral(", ")) + QStringLiteral(")");
}

PropertiesTable::PropertiesTable(QWidget* parent) : QTableWidget(parent) {
    // Properties down, variant columns across: stays readable in a narrow dock.
    setRowCount(4);
    QStringList rows;
    for (int p = 0; p < 4; ++p) rows << QString::fromStdString(propertyTitle(static_cast<Property>(p)));
    setVerticalHeaderLabels(rows);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::NoSelection);
    setWordWrap(true);
    setWindowTitle(QStringLiteral("Properties (Table 1)"));
    setToolTip(QStringLiteral("Derived from the computed positions and frequency plan; hover a cell for why."));
}

void PropertiesTable::showResults(const std::shared_ptr<const StudyResults>& results) {
    setColumnCount(static_cast<int>(results->columns.size()));
    QStringList headers;
    for (int c = 0; c < columnCount(); ++c) {
        const ColumnResult& col = results->columns[static_cast<size_t>(c)];
        headers << columnLabel(col.params).replace(QStringLiteral(" ("), QStringLiteral("\n("));
        for (int p = 0; p < 4; ++p) {
            const PropertyVerdict& v = col.properties[static_cast<Property>(p)];
            auto* item = new QTableWidgetItem(v.holds ? QStringLiteral("✓") : QStringLiteral("✗"));
            item->setTextAlignment(Qt::AlignCenter);
            item->setForeground(v.holds ? QColor(0x1a, 0x7f, 0x37) : QColor(0xb0, 0x24, 0x18));
            QFont f = item->font();
            f.setPointSizeF(14);
            f.setBold(true);
            item->setFont(f);
            item->setToolTip(QString::fromStdString(v.why));
            setItem(p, c, item);
        }
    }
    setHorizontalHeaderLabels(headers);
}

}  // namespace rope::widgets
