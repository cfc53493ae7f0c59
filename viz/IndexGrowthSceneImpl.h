#pragma once
// Internals of IndexGrowthScene shared by its source files (IndexGrowthScene.cpp: data, structure,
// render hooks; SceneFraming.cpp: framing, title, legend, pin, default view; ScenePicking.cpp:
// projection, picking, token names). Not part of viz's interface.
#include <vtkActor.h>
#include <vtkActor2D.h>
#include <vtkCellArray.h>
#include <vtkFloatArray.h>
#include <vtkIdTypeArray.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkUnsignedCharArray.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "BoxAxes.h"
#include "BoxFraming.h"
#include "Colormap.h"
#include "IndexGrowthScene.h"
#include "PointLegend.h"
#include "TokenNames.h"

namespace rope::viz {
namespace scene {

inline constexpr double kTextPathWidth = 1.5;     // logical pixels
inline constexpr double kBoundsPad = 0.5;         // half a token step around the data
inline constexpr double kAutoPointMin = 2.0, kAutoPointMax = 9.0;  // logical pixels
inline constexpr double kAutoPointFraction = 0.6;  // of the on-screen spacing of neighbouring positions
inline constexpr int64_t kInteractiveMaxPoints = 20'000;  // tokens drawn while the camera moves
// Below this diameter (device pixels) a shaded sphere is indistinguishable from a flat dot, but
// costs about twice as much on software GL: smaller points are drawn flat.
inline constexpr double kShadedMinPx = 4.0;
inline constexpr double kFill = 0.92;             // share of the data region the framed box may use
// Room for tick labels and axis titles outside the box, in tick-label font heights: the axes sit
// on the box's lower-left silhouette (h labels left, t labels below, w labels right).
inline constexpr double kAxisRoomLeft = 4.0, kAxisRoomBottom = 3.5, kAxisRoomRight = 3.0, kAxisRoomTop = 0.5;
// Default view direction, focal point → eye, in (x, y, z) = (w, h, t): from the low-w, high-t
// side, 20° above. Screen-right is then mostly +t, up is +h, and w recedes to the upper right.
inline constexpr std::array<double, 3> kEyeDir{-0.86, 0.36, 0.36};
inline constexpr std::array<double, 3> kViewUp{0, 1, 0};
inline constexpr Rgb kPinColor{0.84, 0.15, 0.16};  // the pinned token's ring
inline constexpr Rgb kGeneratedTokenColor{0.95, 0.55, 0.10};  // decode-time tokens (setTokenMarks)
inline constexpr Rgb kFlaggedTokenColor{0.85, 0.10, 0.10};    // a check's mismatching tokens
inline constexpr size_t kMaxLegendEntries = 7;

}  // namespace scene

struct IndexGrowthScene::Impl {
    vtkNew<vtkRenderer> renderer;

    // Tokens: one poly-vertex over all points, RGB per point.
    vtkNew<vtkFloatArray> coords;
    vtkNew<vtkPoints> points;
    vtkNew<vtkIdTypeArray> vertOffsets, vertIds;
    vtkNew<vtkCellArray> verts;
    // While the camera moves, large clouds draw every k-th token only (setInteractive).
    vtkNew<vtkIdTypeArray> coarseOffsets, coarseIds;
    vtkNew<vtkCellArray> coarseVerts;
    bool interactive = false;
    vtkNew<vtkUnsignedCharArray> colors;
    vtkNew<vtkPolyData> cloud;
    vtkNew<vtkPolyDataMapper> cloudMapper;
    vtkNew<vtkActor> cloudActor;

    // Text path: the text tokens only, one polyline per text segment.
    vtkNew<vtkFloatArray> textCoords;
    vtkNew<vtkPoints> textPoints;
    vtkNew<vtkCellArray> textLines;
    vtkNew<vtkPolyData> textPath;
    vtkNew<vtkPolyDataMapper> textMapper;
    vtkNew<vtkActor> textActor;

    BoxAxes axes;
    PointLegend legend;
    // The pinned token: a ring in viewport pixels, placed before each render.
    vtkNew<vtkPolyData> pinRing;
    vtkNew<vtkPolyDataMapper2D> pinMapper;
    vtkNew<vtkActor2D> pinActor;
    int64_t pinned = -1;
    std::array<int, 3> rows{2, 1, 0};  // position rows drawn on x, y, z
    std::array<double, 3> defaultEye = scene::kEyeDir;
    bool rowsChosen = false;           // setAxisRows() was called (else defaults per row count)
    TokenNames names;
    std::vector<std::string> legendLabels;
    vtkNew<vtkTextActor> titleActor;
    unsigned long startTag = 0;

    Positions positions;
    Sequence sequence;
    bool haveSequence = false;
    int64_t generatedMarks = 0;         // setTokenMarks(): last tokens drawn as generated
    std::vector<int64_t> flaggedMarks;  // setTokenMarks(): tokens drawn as flagged
    std::string title;
    std::vector<int32_t> frameOfToken;   // −1 for text
    std::vector<int64_t> textTokens;     // token ids of text tokens, in order
    int frames = 0;
    std::array<double, 6> bounds{-scene::kBoundsPad, scene::kBoundsPad, -scene::kBoundsPad, scene::kBoundsPad, -scene::kBoundsPad, scene::kBoundsPad};
    double pointSize = 0;           // logical pixels, 0 = automatic
    double renderedPointPx = 7.0;   // device pixels at the last render
    bool framed = false;            // resetCamera() has seen data
    // A framing that waits for a viewport: box, default orientation (else the current one), scale.
    struct FitRequest {
        std::array<double, 6> box;
        bool defaultView = true;
        std::optional<double> scale;
    };
    std::optional<FitRequest> pendingFit;

    Impl();
    ~Impl() { renderer->RemoveObserver(startTag); }  // the renderer may outlive the scene
    void rebuildStructure();  // after a sequence change: colours, cells, legend
    void writeCoordinates();  // after any change: point coordinates, bounds, axes
    void fit(const FitRequest& request);  // needs a viewport (aspect)
    FrameSolution solve(const FitRequest& request) const;
    double titleBandPx() const;  // title height + margins, device pixels (0 without title)
    std::string shownTitle() const;  // the title, on two lines when one is wider than the viewport
    ViewRegion region(bool besideLegend) const;
    std::vector<std::string> rowNames() const;
    void applyRows();            // axis titles and defaults for the row count
    void placePin();
    void buildLegend();       // legend entries from the user's segments (rebuildStructure)
    void beforeRender();      // renderer StartEvent: framing, sizes, axes and legend layout
};

}  // namespace rope::viz
