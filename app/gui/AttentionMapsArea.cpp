#include "AttentionMapsArea.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QImage>
#include <QPixmap>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "AttentionMapView.h"
#include "widgets/HeatmapView.h"

namespace rope::app {
namespace {

constexpr int kThumbSide = 44;

/// The 99.5th percentile of a sample of the values (the colour scale's top: one hot cell — the
/// query's own token — would otherwise leave the rest black).
double upperPercentile(const float* v, size_t n) {
    std::vector<float> s;
    const size_t step = std::max<size_t>(1, n / 200000);
    for (size_t i = 0; i < n; i += step) s.push_back(v[i]);
    if (s.empty()) return 1;
    const size_t k = static_cast<size_t>(0.995 * double(s.size() - 1));
    std::nth_element(s.begin(), s.begin() + static_cast<long>(k), s.end());
    return std::max(1e-12, double(s[k]));
}

QIcon thumbnailOf(const ColumnAttention& c) {
    const Eigen::MatrixXf& f = c.map.frameAttention;
    QImage img(static_cast<int>(f.cols()), static_cast<int>(f.rows()), QImage::Format_RGB32);
    const double hi = std::max(1e-12f, f.maxCoeff());
    for (int r = 0; r < img.height(); ++r)
        for (int k = 0; k < img.width(); ++k) img.setPixel(k, r, widgets::colormapColor(widgets::Colormap::Magma, f(r, k) / hi).rgb());
    return QIcon(QPixmap::fromImage(img.scaled(kThumbSide, kThumbSide, Qt::IgnoreAspectRatio, Qt::FastTransformation)));
}

}  // namespace

AttentionMapsArea::AttentionMapsArea(QWidget* parent)
    : QWidget(parent), m_map(new AttentionMapView), m_modeBox(new QComboBox), m_fit(new QPushButton(tr("Fit"))), m_thumbRow(new QVBoxLayout) {
    m_modeBox->addItem(tr("frames"));
    m_modeBox->addItem(tr("tokens"));
    m_modeBox->setToolTip(tr("frames: mean attention mass of a query frame's tokens on a key frame (click a cell to open that "
                             "pair of frames token by token). tokens: token × token, every query row (click a row: that query)."));
    m_fit->setToolTip(tr("Show the whole map (also: double-click the map). Wheel zooms, drag pans."));
    // Left: the view mode, Fit and one thumbnail per column (click: show that column); right: the map.
    auto* sideBox = new QWidget;
    auto* side = new QVBoxLayout(sideBox);
    side->setContentsMargins(0, 0, 0, 0);
    side->addWidget(m_modeBox);
    side->addWidget(m_fit);
    side->addLayout(m_thumbRow);
    side->addStretch(1);
    auto* scroll = new QScrollArea;  // four columns' thumbnails never make the tab taller than the screen
    scroll->setWidget(sideBox);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFixedWidth(kThumbSide + 44 + scroll->verticalScrollBar()->sizeHint().width() + 4);
    scroll->setMinimumHeight(60);
    auto* h = new QHBoxLayout(this);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(scroll);
    h->addWidget(m_map, 1);
    connect(m_modeBox, qOverload<int>(&QComboBox::activated), this, [this](int i) { setMode(i == 0 ? Mode::Frames : Mode::Tokens); });
    connect(m_fit, &QPushButton::clicked, m_map, &AttentionMapView::fit);
    connect(m_map, &AttentionMapView::cellClicked, this, [this](int row, int col) {
        if (m_mode == Mode::Frames) drillInto(row, col);
        else Q_EMIT queryPicked(row);
    });
    showSelected();
}

void AttentionMapsArea::setColumns(std::vector<Column> columns) {
    m_columns = std::move(columns);
    m_selected = std::clamp(m_selected, 0, std::max(0, static_cast<int>(m_columns.size()) - 1));
    rebuildThumbnails();
    showSelected();
}

void AttentionMapsArea::rebuildThumbnails() {
    for (QToolButton* b : m_thumbs) delete b;
    m_thumbs.clear();
    for (size_t c = 0; c < m_columns.size(); ++c) {
        auto* b = new QToolButton;
        b->setCheckable(true);
        b->setChecked(static_cast<int>(c) == m_selected);
        b->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
        b->setIconSize(QSize(kThumbSide, kThumbSide));
        const Column& col = m_columns[c];
        if (col.result) b->setIcon(thumbnailOf(*col.result));
        b->setText(fontMetrics().elidedText(col.label, Qt::ElideRight, kThumbSide + 36));
        b->setToolTip(col.error.isEmpty() ? tr("%1 — show this column's map").arg(col.label) : tr("%1 — failed: %2").arg(col.label, col.error));
        b->setFixedWidth(kThumbSide + 44);
        connect(b, &QToolButton::clicked, this, [this, c] { selectColumn(static_cast<int>(c)); });
        m_thumbRow->addWidget(b);
        m_thumbs.push_back(b);
    }
}

void AttentionMapsArea::setQuery(int64_t token) {
    m_query = token;
    showSelected();
}

void AttentionMapsArea::setStale(const QString& reason) {
    m_stale = reason;
    m_map->setStale(reason);
    for (size_t c = 0; c < m_thumbs.size() && c < m_columns.size(); ++c) {  // the thumbnails say it too
        const QString label = m_columns[c].label;
        m_thumbs[c]->setText(fontMetrics().elidedText(reason.isEmpty() ? label : tr("(stale) %1").arg(label), Qt::ElideRight, kThumbSide + 36));
        m_thumbs[c]->setToolTip(reason.isEmpty() ? tr("%1 — show this column's map").arg(label) : tr("%1 — stale: %2").arg(label, reason));
    }
}

void AttentionMapsArea::selectColumn(int column) {
    if (column < 0 || column >= static_cast<int>(m_columns.size())) return;
    m_selected = column;
    for (size_t c = 0; c < m_thumbs.size(); ++c) m_thumbs[c]->setChecked(static_cast<int>(c) == column);
    showSelected();
    Q_EMIT columnSelected(column);
}

void AttentionMapsArea::setMode(Mode mode) {
    m_mode = mode;
    m_modeBox->setCurrentIndex(mode == Mode::Frames ? 0 : 1);
    showSelected();
    m_map->fit();
}

void AttentionMapsArea::drillInto(int queryFrame, int keyFrame) {
    const ColumnAttention* c = m_selected < static_cast<int>(m_columns.size()) ? m_columns[static_cast<size_t>(m_selected)].result.get() : nullptr;
    if (!c) return;
    setMode(Mode::Tokens);
    const double per = static_cast<double>(c->map.rows * c->map.cols);
    m_map->setWindow(QRectF(keyFrame * per, queryFrame * per, per, per));
}

void AttentionMapsArea::showSelected() {
    AttentionMapView::Data d;
    const Column* col = m_selected < static_cast<int>(m_columns.size()) ? &m_columns[static_cast<size_t>(m_selected)] : nullptr;
    const ColumnAttention* c = col ? col->result.get() : nullptr;
    d.stale = m_stale;
    if (!c) {
        d.title = col ? col->label : tr("Attention");
        d.placeholder = col && !col->error.isEmpty() ? tr("failed: %1").arg(col->error) : tr("Not computed yet: open a video and press Run.");
        m_map->setData(d);
        return;
    }
    const AttentionMap& m = c->map;
    const int64_t perFrame = m.rows * m.cols;
    auto owner = m_columns[static_cast<size_t>(m_selected)].result;
    if (m_mode == Mode::Frames) {
        auto rows = std::make_shared<RowMajorMatrixXf>(m.frameAttention);
        d.rows = d.cols = static_cast<int>(m.frames);
        d.values = rows->data();
        d.owner = rows;
        d.vmin = 0;
        d.vmax = std::max(1e-12f, rows->maxCoeff());
        d.title = tr("%1 · layer %2 head %3 · frame × frame").arg(col->label).arg(m.layer).arg(m.head);
        d.xTitle = tr("key frame (click a cell: its tokens)");
        d.yTitle = tr("query frame");
        d.valueTitle = tr("mean attention mass");
        if (m_query >= 0) d.markedRow = static_cast<int>(m_query / perFrame);
    } else {
        d.rows = d.cols = static_cast<int>(m.tokens());
        d.values = m.probabilities.data();
        d.owner = owner;
        d.vmin = 0;
        d.vmax = upperPercentile(d.values, static_cast<size_t>(m.probabilities.size()));
        d.valueScale = 1000;
        d.title = tr("%1 · layer %2 head %3 · token × token").arg(col->label).arg(m.layer).arg(m.head);
        d.xTitle = tr("key token (lines = frames; wheel zooms, drag pans)");
        d.yTitle = tr("query token (click a row: that query)");
        d.valueTitle = tr("attention probability");
        for (int64_t t = 1; t < m.frames; ++t) d.separators.push_back(static_cast<int>(t * perFrame));
        if (m_query >= 0) d.markedRow = d.markedCol = static_cast<int>(m_query);
    }
    const QRectF keep = m_map->window();
    const bool sameShape = m_map->data().rows == d.rows;
    m_map->setData(d);
    if (sameShape) m_map->setWindow(keep);  // a new query or recompute keeps the zoom
}

}  // namespace rope::app
