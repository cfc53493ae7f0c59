#pragma once
// World → VTK display coordinates with a renderer's current camera and viewport, as a plain
// 4 × 4 product (no vtkCoordinate per point): picking loops over 100k points with it, and the
// axes and legend lay themselves out with it right before each render. Internal to viz/.
#include <vtkCamera.h>
#include <vtkMatrix4x4.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

namespace rope::viz {

struct Projection {
    double m[16] = {};
    double originX = 0, originY = 0, width = 0, height = 0;

    /// False when the renderer is not in a window or has no area yet.
    bool init(vtkRenderer* renderer) {
        if (!renderer->GetRenderWindow()) return false;
        const int* size = renderer->GetSize();
        if (size[0] <= 0 || size[1] <= 0) return false;
        const int* origin = renderer->GetOrigin();
        originX = origin[0], originY = origin[1], width = size[0], height = size[1];
        vtkMatrix4x4* mat = renderer->GetActiveCamera()->GetCompositeProjectionTransformMatrix(width / height, -1, 1);
        for (int r = 0; r < 4; ++r)
            for (int c = 0; c < 4; ++c) m[4 * r + c] = mat->GetElement(r, c);
        return true;
    }

    /// Display x, y (pixels, origin bottom-left) and NDC depth z ∈ [−1, 1] (smaller = nearer).
    /// False when the point is behind the eye or outside the clipping range.
    template <typename T>
    bool project(const T* p, double& x, double& y, double& z) const {
        const double px = p[0], py = p[1], pz = p[2];
        const double w = m[12] * px + m[13] * py + m[14] * pz + m[15];
        if (w <= 0) {
            x = y = z = 0;
            return false;
        }
        const double nx = (m[0] * px + m[1] * py + m[2] * pz + m[3]) / w;
        const double ny = (m[4] * px + m[5] * py + m[6] * pz + m[7]) / w;
        z = (m[8] * px + m[9] * py + m[10] * pz + m[11]) / w;
        x = originX + (nx + 1.0) * 0.5 * width;
        y = originY + (ny + 1.0) * 0.5 * height;
        return z >= -1.0 && z <= 1.0;
    }

    /// Display x, y regardless of the clipping range (for layout of axes and labels).
    template <typename T>
    void projectXY(const T* p, double& x, double& y) const {
        double z;
        project(p, x, y, z);
    }
};

}  // namespace rope::viz
