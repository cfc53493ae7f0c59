#pragma once
// IndexGrowthScene — where every token of a sequence sits in (t, h, w) index space, as a VTK scene
// ready to show (widgets/IndexGrowthView) or to render offscreen for a figure (OffscreenRender).
//
//        h ▲                    one point per token at (x = w, y = h, z = t)
//          │   ● ● ●            text tokens  : one neutral grey, consecutive tokens of a text
//          │ ● ● ● ●                           segment joined by a thin polyline
//          │ ● ● ●              visual tokens: coloured by frame, viridis first → last frame
//          └────────► t         axes         : BoxAxes titled w, h, t with nice tick values
//         ╱                     legend       : per segment of the user's sequence ("video 1 ·
//        w                                     frame 0" … "frame 15"), below the title
//
// A design with four streams (VRoPE) shows three of them: setAxisRows() picks which row is drawn
// on x, y and z; the axes are titled with the stream names.
//
// Framing keeps the data clear of the title and the legend: the box is fitted into the part of
// the viewport below the title and beside (or below, whichever leaves the larger picture) the
// legend, so a legend never covers a point of a framed scene.
//
// Why it is built this way. The scene has to stay interactive at 100k tokens on Mesa's llvmpipe
// and follow a δ drag at 64k tokens, so tokens are not glyphs: they are one vtkPolyData with a
// single poly-vertex cell, drawn as points (RenderPointsAsSpheres gives shaded discs in the
// fragment shader; points under 4 device pixels, where shading cannot be seen, are drawn flat at
// about half the cost on llvmpipe). update() writes new coordinates into the same float array and only
// rebuilds colours, cells and the text polyline when the sequence itself changed; no actor is
// ever re-created, so the mapper just re-uploads one buffer. While the camera moves, clouds of
// more than 20k tokens draw an even subset (setInteractive), a level of detail that keeps
// orbiting fluid at 100k tokens on software rendering.
//
// The scene owns its vtkRenderer (background, lights, camera, actors). A renderer can live in
// one render window at a time: a widget shows it, and an export renders a clone() in its own
// offscreen window. Public headers stay free of VTK includes; VTK types are only forward-declared.
//
// Picking is done by projecting the points with the camera (no vtkPointPicker): at 100k points
// that is a loop of about a millisecond and needs no render or GL read-back.
//
// Framing, axes, legend and point size are laid out right before each render (the renderer's
// StartEvent), from the window's size and DPI, so the same scene reads the same in a widget at
// any devicePixelRatio and in an offscreen export at any scale.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/Positions.h"
#include "core/Sequence.h"

class vtkCamera;
class vtkRenderer;

namespace rope::viz {

class IndexGrowthScene {
public:
    IndexGrowthScene();
    /// Same as IndexGrowthScene() followed by update() and setTitle().
    IndexGrowthScene(const Positions& positions, const Sequence& sequence, std::string title);
    ~IndexGrowthScene();
    IndexGrowthScene(const IndexGrowthScene&) = delete;
    IndexGrowthScene& operator=(const IndexGrowthScene&) = delete;

    /// Replaces the data in place (the fast path for live parameter drags). The camera is kept,
    /// except on the first non-empty update, which frames the data (resetCamera()).
    /// Throws std::invalid_argument if positions.tokens() != sequence.tokenCount().
    void update(const Positions& positions, const Sequence& sequence);
    /// Same; `original` is the sequence the user wrote when the design laid out more tokens
    /// (sequence = design.expand(original)): legend and tooltips then number by its segments.
    void update(const Positions& positions, const Sequence& sequence, const Sequence& original);

    /// Rows of the positions drawn on x, y, z (default: w, h, t = rows 2, 1, 0; with four
    /// streams s2, s1, s0). Rows outside the positions are clamped. Takes effect at once.
    void setAxisRows(const std::array<int, 3>& rowsForXyz);
    std::array<int, 3> axisRows() const;
    /// Names of the position rows: t, h, w, or s0 … s3.
    std::vector<std::string> rowNames() const;

    /// The token marked with a ring (drawn above everything), −1 for none.
    void setPinnedToken(int64_t token);
    int64_t pinnedToken() const;

    void setTitle(std::string title);
    const std::string& title() const;

    /// Marks over the token colours (issue 15): the last `generated` tokens (decode-time tokens) in
    /// orange and the `flagged` tokens (a check's mismatching tokens) in red, each with a legend
    /// entry. Kept across update() until set again; indices outside the data are ignored.
    void setTokenMarks(int64_t generated, std::vector<int64_t> flagged = {});

    /// Point diameter in logical pixels; 0 (the default) sizes points from the zoom: 0.6 of the
    /// on-screen distance between neighbouring index positions, between 2 and 9 pixels.
    /// Logical pixels become device pixels with the window's DPI / 72 (devicePixelRatio on
    /// screen, the export scale offscreen), like text.
    void setPointSize(double logicalPixels);
    double pointSize() const;

    /// While the user moves the camera: clouds over 20k tokens then draw an even subset of at
    /// most 20k tokens (every k-th in sequence order) as flat points, so orbiting stays fluid on
    /// software GL; off again, the next render shows every token as a shaded disc.
    void setInteractive(bool interactive);
    bool isInteractive() const;

    vtkRenderer* renderer() const;
    vtkCamera* camera() const;
    /// Shows the scene through `camera` (shared between linked views); nullptr gives the scene a
    /// fresh camera with the default view.
    void setCamera(vtkCamera* camera);
    /// Default view of the current data: parallel projection, t to the right, h up, w receding
    /// into the page, framed to fill the viewport. Framing needs the viewport's aspect: without
    /// a render window yet it is redone at the first render.
    void resetCamera();
    /// The direction (focal point → eye) resetCamera() looks from; the default is from the
    /// low-w, high-t side, 20° above.
    void setDefaultViewDirection(const std::array<double, 3>& eyeDir);
    std::array<double, 3> defaultViewDirection() const;
    /// The standard default direction (before any setDefaultViewDirection()).
    static std::array<double, 3> standardViewDirection();
    /// A better default direction when a visual segment's tokens lie in one plane that the
    /// default direction sees nearly edge-on (Circle-RoPE's ring ⟂ (1, 1, 1)): the default tilted
    /// towards that plane's normal until the plane is seen at a readable angle. Nothing otherwise.
    std::optional<std::array<double, 3>> suggestedViewDirection() const;
    /// Same view, framed around `bounds` (e.g. the union of linked scenes).
    void fitCamera(const std::array<double, 6>& bounds);
    /// Frames this scene's data in the camera's current orientation (the user's orbit is kept),
    /// with the given parallel scale if any (several views at one scale), else the fitting one.
    void fitData(std::optional<double> scale = std::nullopt);
    /// Parallel scale fitData() would choose in the current orientation and viewport.
    double fittingScale() const;
    /// The viewport part the data is framed into (below the title, beside or below the legend).
    std::array<double, 4> dataRegion() const;
    /// Where the legend is drawn: (x0, y0, x1, y1) in display pixels (origin bottom-left), all
    /// zero without legend or window.
    std::array<double, 4> legendBox() const;

    /// A new scene with the same data, title, sizes and a copy of the camera (for exports).
    std::unique_ptr<IndexGrowthScene> clone() const;

    const Positions& positions() const;
    const Sequence& sequence() const;
    int64_t tokenCount() const;
    /// Frame ordinal of a token over all visual segments in order (an image is one frame),
    /// −1 for text tokens.
    int frameOf(int64_t token) const;
    int frameCount() const;

    /// Drawn box (xmin, xmax, ymin, ymax, zmin, zmax) = the (w, h, t) ranges of the data, padded
    /// by half an index step on every side.
    std::array<double, 6> bounds() const;

    /// VTK display coordinates (device pixels, origin bottom-left) of a token's centre, or
    /// nothing when the token is behind the camera or the scene is not in a render window.
    std::optional<std::array<double, 2>> displayPosition(int64_t token) const;

    /// The token under a display position: among tokens whose centre lies within the drawn
    /// point radius, the one nearest the camera; else the nearest centre within `tolerancePx`
    /// device pixels; −1 if none. Uses the current camera and renderer size, and the point
    /// size of the last render.
    int64_t pickToken(double displayX, double displayY, double tolerancePx = 6.0) const;

    /// Tooltip text, one fact per line (numbering of viz/TokenNames):
    ///   token 42 · video 1 · frame 3 · row 1, col 5
    ///   video 8×6×8
    ///   (t, h, w) = (11, 9, 13)
    std::string describeToken(int64_t token) const;
    /// "video 1 · frame 3 · row 1, col 5" (viz/TokenNames).
    std::string tokenName(int64_t token) const;
    /// The sequence the user wrote (= sequence() unless the design inserted tokens).
    const Sequence& originalSequence() const;
    /// Laid-out token of an original token and back (−1: none / inserted).
    int64_t laidOutToken(int64_t originalToken) const;
    int64_t originalToken(int64_t laidOutToken) const;
    /// Legend labels, in order (for tests and the inspector).
    std::vector<std::string> legendLabels() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

}  // namespace rope::viz
