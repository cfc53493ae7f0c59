#include "PropertiesTable.h"

#include <QHeaderView>
#include <QPainter>
#include <QStyleOptionHeader>
#include <algorithm>

#include "core/ColumnTitle.h"
#include "core/ParamSchema.h"

namespace rope::widgets {

QString columnLabel(const Params& p) { return QString::fromStdString(columnTitle(p)); }

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
    connect(horizontalHeader(), &QHeaderView::sectionResized, this, [this] { elideHeaders(); });
    setToolTip(QStringLiteral("Derived from the computed positions and frequency plan; hover a cell for why."));
}

void PropertiesTable::showResults(const std::shared_ptr<const StudyResults>& results) {
    setColumnCount(static_cast<int>(results->columns.size()));
    for (int c = 0; c < columnCount(); ++c) {
        const ColumnResult& col = results->columns[static_cast<size_t>(c)];
        // Narrow dock: the short name ("VideoRoPE (δ=3)") on two lines, elided at the end if it still
        // does not fit; the full title with every non-default option is the tooltip.
        auto* header = new QTableWidgetItem(QString::fromStdString(columnShortTitle(col.params)).replace(QStringLiteral(" ("), QStringLiteral("\n(")));
        header->setData(Qt::UserRole, header->text());  // the unelided text; elideHeaders() shortens it
        header->setToolTip(columnLabel(col.params));
        setHorizontalHeaderItem(c, header);
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
    elideHeaders();
}

void PropertiesTable::resizeEvent(QResizeEvent* event) {
    QTableWidget::resizeEvent(event);
    elideHeaders();
}

void PropertiesTable::elideHeaders() {
    // Each line of a header ("VideoRoPE" / "(δ=3)") elided at its end to its section's width. The
    // header's own elision treats the text as one line and, centred, clipped both ends ("deoRoF").
    const QFontMetrics fm(horizontalHeader()->font());
    for (int c = 0; c < columnCount(); ++c) {
        QTableWidgetItem* header = horizontalHeaderItem(c);
        if (!header) continue;
        const int width = std::max(8, horizontalHeader()->sectionSize(c) - 8);
        QStringList lines = header->data(Qt::UserRole).toString().split(QLatin1Char('\n'));
        for (QString& line : lines) line = fm.elidedText(line, Qt::ElideRight, width);
        const QString shown = lines.join(QLatin1Char('\n'));
        if (header->text() != shown) header->setText(shown);
    }
}

}  // namespace rope::widgets
