#pragma once
// The sampled frames of the attention tab, left to right, each under its token grid. With a query
// token chosen, every frame carries that query's attention over its patches (magma, transparent
// where unattended, scaled to the peak over all frames) and the query's own patch is boxed.
// Clicking a patch of any frame picks that token as the query (patchClicked).
#include <Eigen/Core>
#include <QString>
#include <QWidget>
#include <memory>
#include <vector>

class QHBoxLayout;
class QLabel;
class QScrollArea;

namespace rope {
struct Frames;
}

namespace rope::app {

class FrameTile;

class AttentionFrameStrip : public QWidget {
    Q_OBJECT
public:
    explicit AttentionFrameStrip(QWidget* parent = nullptr);

    /// The frames and the token grid over them (rows × cols per frame); null clears the strip.
    void setFrames(std::shared_ptr<const Frames> frames, int rows, int cols);
    /// Overlays: one rows × cols image per frame (empty = none), the query token (−1 = none).
    void setOverlay(std::vector<Eigen::MatrixXf> perFrame, int64_t query);
    void setTitle(const QString& html);
    /// Washes the overlays out and says why (stale results); empty = current.
    void setStale(const QString& reason);

    int tileCount() const { return static_cast<int>(m_tiles.size()); }
    /// A frame's tile and the rectangle of patch (row, col) in that tile's coordinates (tests).
    QWidget* tile(int frame) const;
    QRect patchRect(int frame, int row, int col) const;

Q_SIGNALS:
    void patchClicked(int frame, int row, int col);

private:
    void rebuild();

    QLabel* m_title;
    QScrollArea* m_scroll;
    QWidget* m_inner;
    QHBoxLayout* m_row;
    std::vector<FrameTile*> m_tiles;
    std::shared_ptr<const Frames> m_frames;
    int m_rows = 0, m_cols = 0;
    std::vector<Eigen::MatrixXf> m_overlay;
    int64_t m_query = -1;
    QString m_stale;
};

}  // namespace rope::app
