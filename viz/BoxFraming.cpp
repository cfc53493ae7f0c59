#include "BoxFraming.h"

#include <vtkCamera.h>
#include <vtkMath.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <cmath>

#include "Projection.h"

namespace rope::viz {

bool frameBox(vtkRenderer* renderer, const std::array<double, 6>& box, const std::array<double, 3>& eyeDir,
              double fill) {
    vtkCamera* cam = renderer->GetActiveCamera();
    const double centre[3] = {(box[0] + box[1]) / 2, (box[2] + box[3]) / 2, (box[4] + box[5]) / 2};
    const double diag = std::hypot(box[1] - box[0], box[3] - box[2], box[5] - box[4]);
    const double dist = 2.0 * std::max(diag, 1.0);
    cam->ParallelProjectionOn();
    cam->SetViewUp(0, 1, 0);
    cam->SetFocalPoint(centre);
    cam->SetPosition(centre[0] + dist * eyeDir[0], centre[1] + dist * eyeDir[1], centre[2] + dist * eyeDir[2]);

    // Screen axes (right, up) and the extent of the box's corners along them.
    double up[3] = {0, 1, 0}, dop[3], right[3];
    cam->GetDirectionOfProjection(dop);
    vtkMath::Cross(dop, up, right);
    vtkMath::Normalize(right);
    vtkMath::Cross(right, dop, up);
    vtkMath::Normalize(up);
    double minR = 1e300, maxR = -1e300, minU = 1e300, maxU = -1e300;
    for (int i = 0; i < 8; ++i) {
        const double p[3] = {box[i & 1] - centre[0], box[2 + ((i >> 1) & 1)] - centre[1],
                             box[4 + ((i >> 2) & 1)] - centre[2]};
        const double r = vtkMath::Dot(p, right), u = vtkMath::Dot(p, up);
        minR = std::min(minR, r), maxR = std::max(maxR, r), minU = std::min(minU, u), maxU = std::max(maxU, u);
    }

    // Centre the image: slide eye and focal point along the screen axes.
    const double shiftR = (minR + maxR) / 2, shiftU = (minU + maxU) / 2;
    double focal[3], pos[3];
    cam->GetFocalPoint(focal);
    cam->GetPosition(pos);
    for (int k = 0; k < 3; ++k) {
        focal[k] += shiftR * right[k] + shiftU * up[k];
        pos[k] += shiftR * right[k] + shiftU * up[k];
    }
    cam->SetFocalPoint(focal);
    cam->SetPosition(pos);

    // The aspect is known once the window has rendered at its real size: a widget's window
    // exists, at a default size, long before it is shown.
    Projection pr;
    const bool haveViewport = pr.init(renderer) && !renderer->GetRenderWindow()->GetNeverRendered();
    const double aspect = haveViewport ? pr.width / pr.height : 4.0 / 3.0;
    const double halfW = (maxR - minR) / 2, halfU = (maxU - minU) / 2;
    cam->SetParallelScale(std::max({halfU, halfW / aspect, 1e-6}) / fill);
    renderer->ResetCameraClippingRange();
    return haveViewport;
}

}  // namespace rope::viz
