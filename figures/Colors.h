#pragma once
// Colours of every figure: a row (t, h, w), a variant column, a frame and a success rate look
// the same in every view and in the GUI's live preview.
//
//   rows     t red ●   h green ■   w blue ▲      (shape as well as hue: readable in grey print)
//   frames   viridis on [0, 0.88] — bright yellow cut, it vanishes on white paper
//   V-NIAH   paper:  0 red #F0496E → 0.5 yellow #EBB839 → 1 green #9AD5B3
//            cb:     viridis on [0, 1] (colour-blind safe, monotone in lightness)
#include <QColor>
#include <QString>

#include "core/Params.h"

namespace rope::figures {

enum class RateColors { Paper, ColorBlindSafe };

QColor rowColor(Row r);
QString rowLabel(Row r);  ///< core's axisLabel() as a QString
QColor columnColor(int column);
QColor viridis(double u);  ///< u in [0, 1], clamped
QColor frameColor(int frame, int frameCount);
QColor textTokenColor();
QColor rateColor(RateColors map, double rate);  ///< rate in [0, 1] (vmin 0, vmax 1)

}  // namespace rope::figures
