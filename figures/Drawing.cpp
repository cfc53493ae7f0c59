#include "Drawing.h"

#include <QPainterPath>
#include <QPolygonF>
#include <cmath>
#include <cstdio>

#include "core/ParamSchema.h"

namespace rope::figures {

void drawMarker(QPainter& p, Marker m, const QPointF& c, double size, const QColor& fill) {
    const double r = size / 2;
    p.setPen(QPen(fill.darker(140), 0.15 * size));
    p.setBrush(fill);
    switch (m) {
        case Marker::Circle: p.drawEllipse(c, r, r); break;
        case Marker::Square: p.drawRect(QRectF(c.x() - 0.85 * r, c.y() - 0.85 * r, 1.7 * r, 1.7 * r)); break;
        case Marker::Triangle: {
            const QPolygonF tri{QPointF(c.x(), c.y() - 1.1 * r), QPointF(c.x() + r, c.y() + 0.75 * r),
                                QPointF(c.x() - r, c.y() + 0.75 * r)};
            p.drawPolygon(tri);
            break;
        }
        case Marker::Diamond: {
            const QPolygonF d{QPointF(c.x(), c.y() - 1.1 * r), QPointF(c.x() + r, c.y()), QPointF(c.x(), c.y() + 1.1 * r),
                              QPointF(c.x() - r, c.y())};
            p.drawPolygon(d);
            break;
        }
    }
}

std::string numberText(double v) { return formatNumber(v); }

}  // namespace rope::figures
