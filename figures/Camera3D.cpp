#include "Camera3D.h"

#include <cmath>
#include <numbers>

namespace rope::figures {
namespace {

Vec3 cross(const Vec3& a, const Vec3& b) {
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Vec3 normalised(const Vec3& a) {
    const double n = std::sqrt(dot(a, a));
    return {a[0] / n, a[1] / n, a[2] / n};
}

}  // namespace

Camera3D::Camera3D(double azimuthDeg, double elevationDeg, const Vec3& centre, bool perspective, double distance)
    : m_centre(centre), m_perspective(perspective), m_distance(distance > 0 ? distance : 1) {
    const double az = azimuthDeg * std::numbers::pi / 180, el = elevationDeg * std::numbers::pi / 180;
    const Vec3 eyeDir{-std::cos(el) * std::cos(az), std::sin(el), std::cos(el) * std::sin(az)};
    m_forward = {-eyeDir[0], -eyeDir[1], -eyeDir[2]};
    m_right = normalised(cross(m_forward, {0, 1, 0}));
    m_up = cross(m_right, m_forward);
}

Projected Camera3D::project(const Vec3& p) const {
    const Vec3 q{p[0] - m_centre[0], p[1] - m_centre[1], p[2] - m_centre[2]};
    Projected out{dot(q, m_right), dot(q, m_up), dot(q, m_forward)};
    if (m_perspective) {
        const double z = std::max(1e-6 * m_distance, m_distance + out.depth);  // distance from the eye
        out.x *= m_distance / z;
        out.y *= m_distance / z;
    }
    return out;
}

}  // namespace rope::figures
