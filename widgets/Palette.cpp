#include "Palette.h"

#include "core/FrequencyPlan.h"
#include "figures/Colors.h"

#include <QFont>

namespace rope::widgets {

QColor rowColor(Row r) { return figures::rowColor(r); }  // one palette: a view and its figure agree

QString rowName(Row r) { return QString::fromStdString(axisLabel(r)); }

QColor columnColor(int column) {
    static const QColor colors[] = {QColor(0xff, 0x7f, 0x0e), QColor(0x1f, 0x77, 0xb4), QColor(0x94, 0x67, 0xbd),
                                    QColor(0x8c, 0x56, 0x4b)};
    return colors[static_cast<unsigned>(column) % 4];
}

QFont titleFont() {
    QFont f;
    f.setPointSizeF(11);
    f.setBold(true);
    return f;
}

QFont axisFont() {
    QFont f;
    f.setPointSizeF(9);
    return f;
}

}  // namespace rope::widgets
