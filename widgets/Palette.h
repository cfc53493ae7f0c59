#pragma once
// Colours shared by every view so a row or a variant looks the same everywhere (and in figures).
#include <QColor>
#include <QFont>
#include <QString>

#include "core/Params.h"

namespace rope::widgets {

/// t red, h green, w blue (colour-blind-safe enough next to markers of different shapes); a fourth
/// stream purple, zero-frequency pairs grey.
QColor rowColor(Row r);
QString rowName(Row r);  ///< core's axisLabel() as a QString
/// One colour per variant column (index 0..3).
QColor columnColor(int column);
/// Bold, readable fonts for figures.
QFont titleFont();
QFont axisFont();

}  // namespace rope::widgets
