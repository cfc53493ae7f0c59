#pragma once
// Our own camera for 3D figures (no VTK): a view from azimuth / elevation around a box's centre,
// orthographic or perspective, giving screen coordinates (x right, y up, in world units at the
// focal plane) and a depth (larger = farther from the eye).
//
//   eye direction (centre → eye), x = w, y = h, z = t:
//     d = (−cos el · cos az,  sin el,  cos el · sin az)
//   az = 22.7°, el = 21.1° is the 3D view's default (t to the right, h up, w receding).
//   right = normalise(forward × ŷ), up = right × forward, forward = −d.
#include <array>

namespace rope::figures {

using Vec3 = std::array<double, 3>;

struct Projected {
    double x = 0, y = 0, depth = 0;
};

class Camera3D {
public:
    /// Looks at `centre` from direction (azimuth, elevation) in degrees; a perspective camera
    /// sits `distance` world units from the centre.
    Camera3D(double azimuthDeg, double elevationDeg, const Vec3& centre, bool perspective, double distance);
    Projected project(const Vec3& p) const;
    const Vec3& forward() const { return m_forward; }

private:
    Vec3 m_right{}, m_up{}, m_forward{}, m_centre{};
    bool m_perspective = false;
    double m_distance = 1;
};

}  // namespace rope::figures
