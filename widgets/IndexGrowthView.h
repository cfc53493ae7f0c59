#pragma once
// IndexGrowthView — one variant's token positions in (t, h, w) as an interactive 3D view: a
// VtkView showing one viz::IndexGrowthScene (title, axes w/h/t, legend inside the scene, so
// exports look like the screen).
//
// Hovering a token shows a tooltip with its index, segment, frame/row/col and (t, h, w); the
// pick is a projection of the points with the current camera (IndexGrowthScene::pickToken), so
// it costs no render. Several views can share one vtkCamera (linkCameras) to compare variants
// from the same viewpoint: orbiting one repaints the others.
//
// Level of detail: while a mouse drag moves the camera, the scenes of every view on that camera
// draw at most 20k tokens (IndexGrowthScene::setInteractive); releasing the button renders all.
//
// Shared camera, different data: each scene's extent differs, so before every render a view
// resets the shared camera's clipping range to its own bounds. Those clipping-range changes are
// marked (a process-wide flag on the GUI thread) so that they do not ping-pong repaints between
// the linked views; any other camera change repaints all of them.
//
//   auto* view = new rope::widgets::IndexGrowthView;
//   view->setData(positions, sequence, QStringLiteral("VideoRoPE (δ = 2)"));
//   IndexGrowthView::linkCameras({mropeView, videoRopeView});
//   view->setData(newPositions, sequence);            // live δ drag: fast path, camera kept
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
    void setTitle(const QString& title);
    QString title() const;

    viz::IndexGrowthScene& scene();
    const viz::IndexGrowthScene& scene() const;

    /// Default view (also on key R): this view's data, or all linked views' data after
    /// linkCameras(). Until the user moves the camera, the view keeps this framing when resized.
    /// With linked cameras, all linked views follow.
    void resetCamera();

    /// Shares the first view's camera with all the others (replacing theirs), frames the union
    /// of their data, and keeps all of them repainting when any of them moves the camera.
    /// Views may be destroyed in any order.
    static void linkCameras(const QList<IndexGrowthView*>& views);
    /// Gives this view its own copy of the current camera again.
    void unlinkCamera();

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
    std::optional<std::array<double, 6>> m_frameBounds;  // union of linked scenes, if linked
};

}  // namespace rope::widgets
