#include "Palette.h"

#include "core/FrequencyPlan.h"

#include <QFont>

namespace rope::widgets {

QColor rowColor(Row r) {
    switch (r) {
        case RowT: return QColor(0xd6, 0x27, 0x28);
        case RowH: return QColor(0x2c, 0xa0, 0x2c);
        case RowW: return QColor(0x1f, 0x77, 0xb4);
        case RowNone: return QColor(0x80, 0x80, 0x80);  // zero frequency: no axis
    }
    return QColor(0x94, 0x67, 0xbd);  // VRoPE's fourth stream
}

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
