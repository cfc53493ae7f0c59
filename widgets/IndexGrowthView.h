#pragma once
// IndexGrowthView — one variant's token positions in (t, h, w) as an interactive 3D view: a
// VtkView showing one viz::IndexGrowthScene (title, axes w/h/t, legend inside the scene, so
// exports look like the screen).
//
// Hovering a token shows a tooltip with its index, segment, frame/row/col and (t, h, w); the
// pick is a projection of the points with the current camera (IndexGrowthScene::pickToken), so
// it costs no render. Several views can be linked (linkCameras) to compare variants from the
// same viewpoint: they share the camera's *orientation* (orbiting one turns the others), while
// each keeps its own zoom and centre, because columns differ in extent by 100× (TAD ~2000 vs
// M-RoPE ~30). setSameScale() links the zoom too: one index step is as long in every column.
//
// Framing: until the user moves the camera, a view frames its own data whenever the data or its
// size changes (autoFraming()). After a move, new data keep the user's camera and the view reports
// autoFramingChanged(false), so a "Fit" action can be offered; fit() frames again in the current
// orientation, resetCamera() returns every linked view to the default orientation and framing.
//
// Level of detail: while a mouse drag moves the camera, the scenes of every view on that camera
// draw at most 20k tokens (IndexGrowthScene::setInteractive); releasing the button renders all.
//
// Linked cameras: each view has its own camera; a user move of one passes its orientation (and
// its zoom with same scale) to the others. Changes passed on, fits and the clipping-range reset
// before each render are marked (process-wide flags on the GUI thread), so they are not passed on
// again and do not ping-pong repaints between the linked views.
//
//   auto* view = new rope::widgets::IndexGrowthView;
//   view->setData(positions, sequence, QStringLiteral("VideoRoPE (δ = 2)"));
//   IndexGrowthView::linkCameras({mropeView, videoRopeView});
//   view->setData(newPositions, sequence);            // live δ drag: fast path, refits if auto
//   view->exportFigure(QStringLiteral("fig.pdf"), QSize(1200, 900), 2.0);
#include <QList>
#include <QSize>
#include <QString>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>

#include <vtkSmartPointer.h>

#include "VtkView.h"
#include "core/Positions.h"
#include "core/Sequence.h"

class vtkCamera;

namespace rope::viz {
class IndexGrowthScene;
}

namespace rope::widgets {

class IndexGrowthView : public VtkView {
    Q_OBJECT
public:
    explicit IndexGrowthView(QWidget* parent = nullptr);
    ~IndexGrowthView() override;

    /// Shows new data; the fast path (arrays reused, camera kept except on the first data).
    /// Throws std::invalid_argument if positions and sequence disagree on the token count.
    void setData(const Positions& positions, const Sequence& sequence);
    /// Same, and sets the title.
    void setData(const Positions& positions, const Sequence& sequence, const QString& title);
    /// Same, with the sequence the user wrote when the design inserted tokens (laidOut =
    /// design.expand(original)): legend and tooltips number by its segments.
    void setData(const Positions& positions, const Sequence& laidOut, const Sequence& original, const QString& title);
    void setTitle(const QString& title);
    QString title() const;

    viz::IndexGrowthScene& scene();
    const viz::IndexGrowthScene& scene() const;

    /// Default view (also on key R): this view's data, or all linked views' data after
    /// linkCameras(). Until the user moves the camera, the view keeps this framing when resized.
    /// With linked cameras, all linked views follow.
    void resetCamera();
    /// Frames the data again in the current orientation (every linked view), and resumes
    /// automatic framing.
    void fit();
    /// True until the user moves the camera (then new data keep the camera; fit() resumes).
    bool autoFraming() const { return m_autoFrame; }

    /// Links the views' orientation (the first view's orientation is given to all); each frames
    /// its own data. Views may be destroyed in any order. Replaces any earlier link of them.
    static void linkCameras(const QList<IndexGrowthView*>& views);
    /// Leaves the link: this view keeps its camera, moves alone.
    void unlinkCamera();
    /// Linked views also share the zoom: each is framed at the largest scale any of them needs.
    void setSameScale(bool on);
    bool sameScale() const;
    /// The linked views, this one included (just this one when not linked).
    QList<IndexGrowthView*> linkedViews() const;

    /// Marks a token with a ring (−1: none).
    void setPinnedToken(qint64 token);

    /// Renders the scene offscreen at size × scale device pixels and writes PNG or PDF, chosen
    /// by the file suffix (.png, .pdf). Returns false and sets *error (if given) on failure.
    /// Needs the X display the GUI runs on; leaves no GL context current.
    bool exportFigure(const QString& path, QSize size, double scale = 1.0, QString* error = nullptr);

    /// The token under a widget position (logical pixels, top-left origin), −1 if none.
    int64_t tokenAt(QPointF widgetPos) const;

Q_SIGNALS:
    /// The hovered token changed (−1: none).
    void tokenHovered(qint64 token);
    /// A token was clicked (−1: empty space).
    void tokenClicked(qint64 token);
    /// autoFraming() changed (false: the user moved the camera; a Fit action is useful).
    void autoFramingChanged(bool on);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void observeCamera(vtkCamera* camera);
    void onCameraModified();
    void onRenderStart();
    void onInteractionStart();
    void onInteractionEnd();
    void setInteractionLevel(bool interacting);  // on every view sharing our camera
    void onHovered(QPointF displayPos);
    void onHoverLeft();
    void frameOwnData();        // fit in the current orientation (the group's scale if same scale)
    void setAutoFrame(bool on);  // on every linked view
    void propagateOrientation();  // our camera's orientation (and scale if same scale) to the group
    std::array<double, 10> cameraState() const;
    struct LinkGroup;

    std::unique_ptr<viz::IndexGrowthScene> m_scene;
    // The camera we observe, held so that removing our observer stays valid after the scene has
    // switched to another camera (linkCameras: SetActiveCamera frees the old one otherwise).
    vtkSmartPointer<vtkCamera> m_observedCamera;
    unsigned long m_cameraTag = 0;
    unsigned long m_renderStartTag = 0;
    unsigned long m_interactionTags[2] = {0, 0};
    qint64 m_hoveredToken = -1;
    bool m_buttonDown = false;  // a mouse button is held in this view (drag → coarse cloud)
    bool m_autoFrame = true;  // the camera shows the default framing (no user move since)
    bool m_hadData = false;   // data were shown before (the first data pick the orientation)
    std::shared_ptr<LinkGroup> m_group;     // linked views (orientation, optionally scale)
    std::array<double, 10> m_pressState{};  // camera at mouse press: did the drag move it?
};

}  // namespace rope::widgets
