// IndexGrowthScene: projection of tokens to the display, picking, and the names people read
// (tooltips, legend labels, token names by the user's segments, viz/TokenNames).
#include <vtkCamera.h>
#include <vtkProperty2D.h>
#include <vtkRenderWindow.h>
#include <vtkTextProperty.h>
#include <vtkTextRenderer.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "IndexGrowthSceneImpl.h"
#include "Projection.h"

namespace rope::viz {
using namespace scene;
namespace {

std::string number(double v) {
    char buf[32];
    if (std::abs(v - std::round(v)) < 1e-9)
        std::snprintf(buf, sizeof buf, "%.0f", v);
    else
        std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

std::string describeSegment(const Segment& s) {
    switch (s.kind) {
        case SegmentKind::Text: return "text:" + std::to_string(s.cols);
        case SegmentKind::Image: return "image " + std::to_string(s.rows) + "\u00d7" + std::to_string(s.cols);
        case SegmentKind::Video:
            return "video " + std::to_string(s.frames) + "\u00d7" + std::to_string(s.rows) + "\u00d7" +
                   std::to_string(s.cols);
    }
    return {};
}

}  // namespace

std::string IndexGrowthScene::tokenName(int64_t token) const { return d->names.tokenName(token); }

const Sequence& IndexGrowthScene::originalSequence() const { return d->names.original(); }

int64_t IndexGrowthScene::laidOutToken(int64_t originalToken) const { return d->names.laidOutToken(originalToken); }

int64_t IndexGrowthScene::originalToken(int64_t laidOutToken) const { return d->names.originalToken(laidOutToken); }

std::vector<std::string> IndexGrowthScene::legendLabels() const { return d->legendLabels; }

std::optional<std::array<double, 2>> IndexGrowthScene::displayPosition(int64_t token) const {
    if (token < 0 || token >= tokenCount()) return std::nullopt;
    Projection pr;
    if (!pr.init(d->renderer)) return std::nullopt;
    double x, y, z;
    if (!pr.project(d->coords->GetPointer(3 * token), x, y, z)) return std::nullopt;
    return std::array<double, 2>{x, y};
}

int64_t IndexGrowthScene::pickToken(double displayX, double displayY, double tolerancePx) const {
    const int64_t n = tokenCount();
    Projection pr;
    if (n == 0 || !pr.init(d->renderer)) return -1;
    const double radius = 0.5 * d->renderedPointPx;
    const double r2 = radius * radius, tol2 = std::max(tolerancePx * tolerancePx, r2);
    int64_t underCursor = -1, nearest = -1;
    double bestDepth = std::numeric_limits<double>::max(), bestDist2 = std::numeric_limits<double>::max();
    const float* xyz = d->coords->GetPointer(0);
    for (int64_t i = 0; i < n; ++i) {
        double x, y, z;
        if (!pr.project(xyz + 3 * i, x, y, z)) continue;
        const double dist2 = (x - displayX) * (x - displayX) + (y - displayY) * (y - displayY);
        if (dist2 <= r2 && z < bestDepth) bestDepth = z, underCursor = i;
        if (dist2 <= tol2 && dist2 < bestDist2) bestDist2 = dist2, nearest = i;
    }
    return underCursor >= 0 ? underCursor : nearest;
}

std::string IndexGrowthScene::describeToken(int64_t token) const {
    if (token < 0 || token >= tokenCount()) return {};
    const TokenLocation loc = d->sequence.locate(token);
    const Segment& seg = d->sequence.segments()[static_cast<size_t>(loc.segment)];
    const int64_t original = d->names.originalToken(token);
    std::string s = "token " + std::to_string(original >= 0 ? original : token) + " \u00b7 " + d->names.tokenName(token);
    if (original >= 0) {
        const Segment& o = d->names.original().segments()[static_cast<size_t>(d->names.original().locate(original).segment)];
        s += "\n" + describeSegment(o);
    } else {
        s += "\n" + describeSegment(seg) + " inserted by the design";
    }
    const auto rowName = d->rowNames();
    std::string axes, values;
    for (int r = 0; r < d->positions.axes(); ++r) {
        axes += (r ? ", " : "") + rowName[static_cast<size_t>(r)];
        values += (r ? ", " : "") + number(d->positions.pos(r, token));
    }
    s += "\n(" + axes + ") = (" + values + ")";
    return s;
}

void IndexGrowthScene::setPinnedToken(int64_t token) { d->pinned = token >= 0 && token < tokenCount() ? token : -1; }

int64_t IndexGrowthScene::pinnedToken() const { return d->pinned; }

}  // namespace rope::viz
