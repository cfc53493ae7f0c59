#include "Colors.h"

#include "core/FrequencyPlan.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace rope::figures {
namespace {

QColor mix(const QColor& a, const QColor& b, double f) {
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * f),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * f),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * f));
}

// Viridis (matplotlib's published map) at u = 0, 0.1, ..., 1, 8-bit sRGB.
constexpr std::array<std::array<int, 3>, 11> kViridis{{
    {68, 1, 84}, {72, 36, 117}, {65, 68, 135}, {53, 95, 141}, {42, 120, 142}, {33, 145, 140},
    {34, 168, 132}, {68, 191, 112}, {122, 209, 81}, {189, 223, 38}, {253, 231, 37},
}};

}  // namespace

QColor rowColor(Row r) {
    switch (r) {
        case RowT: return QColor(0xd6, 0x27, 0x28);
        case RowH: return QColor(0x2c, 0xa0, 0x2c);
        case RowW: return QColor(0x1f, 0x77, 0xb4);
        case RowNone: return QColor(0x80, 0x80, 0x80);  // zero frequency: no axis
    }
    return QColor(0x94, 0x67, 0xbd);  // VRoPE's fourth stream
}

QString rowLabel(Row r) { return QString::fromStdString(axisLabel(r)); }

QColor columnColor(int column) {
    static const QColor colors[] = {QColor(0xe0, 0x6c, 0x00), QColor(0x1f, 0x77, 0xb4), QColor(0x7b, 0x4f, 0xae),
                                    QColor(0x3a, 0x8a, 0x3a)};
    return colors[static_cast<unsigned>(column) % 4];
}

QColor viridis(double u) {
    u = std::clamp(std::isfinite(u) ? u : 0.0, 0.0, 1.0) * 10.0;
    const int i = std::min(static_cast<int>(std::floor(u)), 9);
    const double f = u - i;
    const auto& a = kViridis[static_cast<size_t>(i)];
    const auto& b = kViridis[static_cast<size_t>(i) + 1];
    return QColor::fromRgbF(static_cast<float>(((1 - f) * a[0] + f * b[0]) / 255.0),
                            static_cast<float>(((1 - f) * a[1] + f * b[1]) / 255.0),
                            static_cast<float>(((1 - f) * a[2] + f * b[2]) / 255.0));
}

QColor frameColor(int frame, int frameCount) {
    if (frameCount <= 1) return viridis(0.0);
    return viridis(0.88 * frame / (frameCount - 1.0));
}

QColor textTokenColor() { return QColor(0x80, 0x80, 0x80); }

QColor rateColor(RateColors map, double rate) {
    rate = std::clamp(std::isfinite(rate) ? rate : 0.0, 0.0, 1.0);
    if (map == RateColors::ColorBlindSafe) return viridis(rate);
    static const QColor red(0xF0, 0x49, 0x6E), yellow(0xEB, 0xB8, 0x39), green(0x9A, 0xD5, 0xB3);
    return rate < 0.5 ? mix(red, yellow, rate / 0.5) : mix(yellow, green, (rate - 0.5) / 0.5);
}

}  // namespace rope::figures
