#include "AttentionBandsView.h"

#include <QGridLayout>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>

#include "pipeline/AttentionPipeline.h"
#include "widgets/HeatmapView.h"

namespace rope::app {

AttentionBandsView::AttentionBandsView(QWidget* parent) : QWidget(parent), m_heading(new QLabel), m_grid(new QGridLayout) {
    m_heading->setWordWrap(true);
    m_heading->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* inner = new QWidget;
    inner->setLayout(m_grid);
    m_grid->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea;
    scroll->setWidget(inner);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    v->addWidget(m_heading);
    v->addWidget(scroll, 1);
    setToolTip(tr("The logits split exactly over rotary pairs: each map is one band's share, averaged over the queries of a "
                  "frame and the keys of a frame (cf. VideoRoPE paper Fig. 3). Colour ranges are shared within each group."));
    rebuild();
}

void AttentionBandsView::setColumn(std::shared_ptr<const ColumnAttention> column, const QString& label) {
    m_column = std::move(column);
    m_label = label;
    rebuild();
}

void AttentionBandsView::setStale(const QString& reason) {
    m_stale = reason;
    rebuild();
}

void AttentionBandsView::rebuild() {
    for (auto* v : m_maps) delete v;
    m_maps.clear();
    const QString staleNote = m_stale.isEmpty() ? QString() : tr(" <span style='color:#b03a2e'>(stale — %1)</span>").arg(m_stale.toHtmlEscaped());
    m_heading->setText(tr("<b>Band split</b> of %1: mean logit share, query frame × key frame%2")
                           .arg(m_label.isEmpty() ? tr("the selected column") : m_label.toHtmlEscaped(), staleNote));
    std::vector<std::vector<const BandLogits*>> groups(2);
    if (m_column) {
        for (const BandLogits& b : m_column->map.bands) groups[0].push_back(&b);
        for (const BandLogits& b : m_column->rowBands.bands) groups[1].push_back(&b);
    }
    int slot = 0;
    m_perRow = perRow();
    for (const auto& bands : groups) {
        double lo = 0, hi = 0;
        bool first = true;
        for (const BandLogits* b : bands)
            if (b->frameMean.size()) {
                lo = first ? b->frameMean.minCoeff() : std::min<double>(lo, b->frameMean.minCoeff());
                hi = first ? b->frameMean.maxCoeff() : std::max<double>(hi, b->frameMean.maxCoeff());
                first = false;
            }
        if (hi <= lo) hi = lo + 1e-9;
        for (const BandLogits* b : bands) {
            auto* view = new widgets::HeatmapView;
            view->setMinimumSize(200, 170);
            widgets::HeatmapView::Data d;
            d.rows = static_cast<int>(b->frameMean.rows());
            d.cols = static_cast<int>(b->frameMean.cols());
            for (int r = 0; r < d.rows; ++r)
                for (int k = 0; k < d.cols; ++k) d.values.push_back(b->frameMean(r, k));
            for (int t = 0; t < d.rows; ++t) d.rowLabels << QString::number(t);
            for (int t = 0; t < d.cols; ++t) d.colLabels << QString::number(t);
            d.vmin = lo, d.vmax = hi;
            d.colormap = widgets::Colormap::Viridis;
            d.title = tr("%1 · %2 pairs%3").arg(QString::fromStdString(b->band.name)).arg(b->band.pairs.size())
                          .arg(m_stale.isEmpty() ? QString() : tr(" (stale)"));
            d.xTitle = tr("key frame");
            d.yTitle = tr("query frame");
            d.valueTitle = tr("mean logit");
            view->setData(d);
            view->setToolTip(m_stale.isEmpty() ? QString() : tr("stale — %1").arg(m_stale));
            m_grid->addWidget(view, slot / m_perRow, slot % m_perRow);
            ++slot;
            m_maps.push_back(view);
        }
        if (slot % m_perRow) ++slot;  // each group starts on a new row
    }
    if (m_maps.empty()) {
        auto* view = new widgets::HeatmapView;
        widgets::HeatmapView::Data d;
        d.title = tr("Band split — run first");
        view->setData(d);
        m_grid->addWidget(view, 0, 0);
        m_maps.push_back(view);
    }
}

}  // namespace rope::app
