#include "BoxFraming.h"

#include <vtkCamera.h>
#include <vtkMath.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <cmath>

#include "Projection.h"

namespace rope::viz {

FrameSolution solveFrame(vtkRenderer* renderer, const std::array<double, 6>& box, const std::array<double, 3>& eyeDir,
                         const std::array<double, 3>& viewUp, double fill, const ViewRegion& region,
                         std::optional<double> scale) {
    FrameSolution s;
    const double centre[3] = {(box[0] + box[1]) / 2, (box[2] + box[3]) / 2, (box[4] + box[5]) / 2};
    const double diag = std::hypot(box[1] - box[0], box[3] - box[2], box[5] - box[4]);
    const double dist = 2.0 * std::max(diag, 1.0);
    double eye[3] = {eyeDir[0], eyeDir[1], eyeDir[2]};
    vtkMath::Normalize(eye);

    // Screen axes (right, up) of that view and the extent of the box's corners along them.
    double dop[3] = {-eye[0], -eye[1], -eye[2]}, up[3] = {viewUp[0], viewUp[1], viewUp[2]}, right[3];
    vtkMath::Cross(dop, up, right);
    if (vtkMath::Normalize(right) < 1e-12) {  // view-up along the view direction: pick another
        const double alt[3] = {0, 0, 1};
        vtkMath::Cross(dop, alt, right);
        vtkMath::Normalize(right);
    }
    vtkMath::Cross(right, dop, up);
    vtkMath::Normalize(up);
    double minR = 1e300, maxR = -1e300, minU = 1e300, maxU = -1e300;
    for (int i = 0; i < 8; ++i) {
        const double p[3] = {box[i & 1] - centre[0], box[2 + ((i >> 1) & 1)] - centre[1],
                             box[4 + ((i >> 2) & 1)] - centre[2]};
        const double r = vtkMath::Dot(p, right), u = vtkMath::Dot(p, up);
        minR = std::min(minR, r), maxR = std::max(maxR, r), minU = std::min(minU, u), maxU = std::max(maxU, u);
    }

    // The aspect is known once the window has rendered at its real size: a widget's window
    // exists, at a default size, long before it is shown.
    Projection pr;
    s.haveViewport = pr.init(renderer) && !renderer->GetRenderWindow()->GetNeverRendered();
    const double aspect = s.haveViewport ? pr.width / pr.height : 4.0 / 3.0;
    const double rw = std::max(region.x1 - region.x0, 0.05), rh = std::max(region.y1 - region.y0, 0.05);
    // Parallel scale = half the viewport height in world units; the region is rw × rh of it.
    const double halfW = (maxR - minR) / 2, halfU = (maxU - minU) / 2;
    s.parallelScale = scale ? *scale : std::max({halfU / rh, halfW / (aspect * rw), 1e-6}) / fill;

    // Centre the box image on the region's centre: the viewport centre sits (0.5 − centre of the
    // region) viewports away from it, in world units 2·scale per viewport height.
    const double offR = (0.5 - (region.x0 + region.x1) / 2) * 2 * s.parallelScale * aspect;
    const double offU = (0.5 - (region.y0 + region.y1) / 2) * 2 * s.parallelScale;
    const double shiftR = (minR + maxR) / 2 + offR, shiftU = (minU + maxU) / 2 + offU;
    for (int k = 0; k < 3; ++k) {
        s.focal[static_cast<size_t>(k)] = centre[k] + shiftR * right[k] + shiftU * up[k];
        s.position[static_cast<size_t>(k)] = s.focal[static_cast<size_t>(k)] + dist * eye[k];
    }
    s.viewUp = viewUp;  // as given, not orthogonalised: a trackball orbit keeps turning around it
    return s;
}

void applyFrame(vtkRenderer* renderer, const FrameSolution& s) {
    vtkCamera* cam = renderer->GetActiveCamera();
    cam->ParallelProjectionOn();
    cam->SetFocalPoint(s.focal.data());
    cam->SetPosition(s.position.data());
    cam->SetViewUp(s.viewUp.data());
    cam->SetParallelScale(s.parallelScale);
    renderer->ResetCameraClippingRange();
}

bool frameBox(vtkRenderer* renderer, const std::array<double, 6>& box, const std::array<double, 3>& eyeDir,
              double fill) {
    const FrameSolution s = solveFrame(renderer, box, eyeDir, {0, 1, 0}, fill);
    applyFrame(renderer, s);
    return s.haveViewport;
}

}  // namespace rope::viz
