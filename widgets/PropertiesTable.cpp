#include "PropertiesTable.h"

#include <QHeaderView>

#include "core/ParamSchema.h"

namespace rope::widgets {

QString columnLabel(const Params& p) {
    QString label = QString::fromStdString(variantDisplayName(p.variant));
    QStringList extras;
    const std::string name = variantName(p.variant);
    for (const ParamSpec& s : paramSchema()) {
        if (s.onlyFor != name) continue;
        const std::string v = s.get(p);
        if (s.key == "videorope.delta") extras << QStringLiteral("δ=%1").arg(QString::fromStdString(v));
        else if (v != defaultValue(s)) extras << QStringLiteral("%1=%2").arg(QString::fromStdString(s.key.substr(s.key.find('.') + 1)), QString::fromStdString(v));
    }
    return extras.isEmpty() ? label : label + QStringLiteral(" (") + extras.join(QStringLiteral(", ")) + QStringLiteral(")");
}

PropertiesTable::PropertiesTable(QWidget* parent) : QTableWidget(parent) {
    setColumnCount(4);
    QStringList headers;
    for (int p = 0; p < 4; ++p) {  // two short lines per header so the table stays narrow
        QString title = QString::fromStdString(propertyTitle(static_cast<Property>(p)));
        title[title.indexOf(QLatin1Char(' '))] = QLatin1Char('\n');
        headers << title;
    }
    setHorizontalHeaderLabels(headers);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionMode(QAbstractItemView::NoSelection);
    setWindowTitle(QStringLiteral("Properties (Table 1)"));
    setToolTip(QStringLiteral("Derived from the computed positions and frequency plan; hover a cell for why."));
}

void PropertiesTable::showResults(const std::shared_ptr<const StudyResults>& results) {
    setRowCount(static_cast<int>(results->columns.size()));
    QStringList rows;
    for (int r = 0; r < rowCount(); ++r) {
        const ColumnResult& c = results->columns[static_cast<size_t>(r)];
        rows << columnLabel(c.params);
        for (int p = 0; p < 4; ++p) {
            const PropertyVerdict& v = c.properties[static_cast<Property>(p)];
            auto* item = new QTableWidgetItem(v.holds ? QStringLiteral("✓") : QStringLiteral("✗"));
            item->setTextAlignment(Qt::AlignCenter);
            item->setForeground(v.holds ? QColor(0x1a, 0x7f, 0x37) : QColor(0xb0, 0x24, 0x18));
            QFont f = item->font();
            f.setPointSizeF(14);
            f.setBold(true);
            item->setFont(f);
            item->setToolTip(QString::fromStdString(v.why));
            setItem(r, p, item);
        }
    }
    setVerticalHeaderLabels(rows);
}

}  // namespace rope::widgets
