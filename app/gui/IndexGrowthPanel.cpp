#include "IndexGrowthPanel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <utility>

#include "viz/IndexGrowthScene.h"
#include "widgets/IndexGrowthView.h"
#include "widgets/PropertiesTable.h"
#include "widgets/TokenInspector.h"

namespace rope::app {

IndexGrowthPanel::IndexGrowthPanel(QWidget* parent)
    : QWidget(parent),
      m_row(new QHBoxLayout),
      m_fitAction(new QAction(tr("&Fit 3D views"), this)),
      m_sameScaleAction(new QAction(tr("&Same scale in 3D views"), this)),
      m_streams(new QComboBox),
      m_streamsLabel(new QLabel(tr("Four streams: draw"))),
      m_inspector(new widgets::TokenInspector) {
    setWindowTitle(QStringLiteral("3D index growth"));
    m_fitAction->setToolTip(tr("Frame every column's data again, keeping the orientation (you moved the camera, so "
                               "new data no longer refit by themselves)"));
    m_fitAction->setEnabled(false);
    m_fitAction->setIconText(tr("Fit"));
    connect(m_fitAction, &QAction::triggered, this, &IndexGrowthPanel::fit);
    m_sameScaleAction->setCheckable(true);
    m_sameScaleAction->setIconText(tr("Same scale"));
    m_sameScaleAction->setToolTip(tr("One zoom for every column: an index step is as long in each (columns with "
                                     "small extents then look small). Off: each column fills its view."));
    connect(m_sameScaleAction, &QAction::toggled, this, [this](bool on) {
        if (!m_views.empty()) m_views.front()->setSameScale(on);
    });
    // VRoPE has four position streams and the view three axes: the stream left out is chosen here.
    for (int hidden = 3; hidden >= 0; --hidden) {
        QStringList shown;
        for (int r = 0; r < 4; ++r)
            if (r != hidden) shown << QStringLiteral("s%1").arg(r);
        m_streams->addItem(tr("z = %1, y = %2, x = %3 (s%4 hidden)").arg(shown[0], shown[1], shown[2]).arg(hidden), hidden);
    }
    m_streams->setToolTip(tr("Which three of a four-stream design's position streams (VRoPE s0…s3) are drawn on the "
                             "z (depth), y (up) and x axes; the tooltip and the inspector list all four."));
    connect(m_streams, &QComboBox::currentIndexChanged, this, &IndexGrowthPanel::applyStreams);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(2, 0, 2, 0);
    auto* fitButton = new QToolButton;
    fitButton->setDefaultAction(m_fitAction);
    auto* sameScale = new QToolButton;
    sameScale->setDefaultAction(m_sameScaleAction);
    bar->addWidget(fitButton);
    bar->addWidget(sameScale);
    bar->addSpacing(12);
    bar->addWidget(m_streamsLabel);
    bar->addWidget(m_streams);
    auto* hint = new QLabel(tr("drag: orbit all · wheel: zoom · click: pin a token · R: reset"));
    hint->setStyleSheet(QStringLiteral("color: #666"));
    hint->setToolTip(tr("Drag to orbit (every column turns with it), wheel to zoom, click a token to pin it and see "
                        "how each variant placed it, R or Ctrl+R to reset the view"));
    hint->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // never widens the window
    hint->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    bar->addWidget(hint, 1);
    m_streamsLabel->hide();
    m_streams->hide();

    m_row->setContentsMargins(0, 0, 0, 0);
    m_row->setSpacing(4);
    auto* viewsBox = new QWidget;
    viewsBox->setLayout(m_row);
    auto* split = new QSplitter(Qt::Vertical);
    m_split = split;
    split->addWidget(viewsBox);
    split->addWidget(m_inspector);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    m_inspector->setMinimumHeight(90);
    m_inspector->hide();  // until a token is pinned
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(split, 1);
    connect(m_inspector, &widgets::TokenInspector::pinChanged, this, &IndexGrowthPanel::showPin);

    m_refine.setSingleShot(true);
    m_refine.setInterval(kRefineDelayMs);
    connect(&m_refine, &QTimer::timeout, this, &IndexGrowthPanel::refine);
}

void IndexGrowthPanel::ensureViews(size_t count) {
    if (m_views.size() == count) return;
    while (m_views.size() > count) {
        delete m_views.back();
        m_views.pop_back();
    }
    while (m_views.size() < count) {
        auto* view = new widgets::IndexGrowthView;
        view->setMinimumSize(200, 200);  // four columns fit beside the parameters at 1280 × 800
        m_row->addWidget(view, 1);
        const int column = static_cast<int>(m_views.size());
        connect(view, &widgets::IndexGrowthView::autoFramingChanged, this, &IndexGrowthPanel::updateFitAction);
        connect(view, &widgets::IndexGrowthView::tokenClicked, this, [this, column](qint64 token) {
            if (token >= 0) pinToken(column, token);
        });
        m_views.push_back(view);
    }
}

void IndexGrowthPanel::showResults(const std::shared_ptr<const StudyResults>& results) {
    const std::shared_ptr<const StudyResults> previous = std::exchange(m_results, results);
    // New sequence or new columns: fresh views, linked and framed. A δ drag keeps the views; each
    // changed column refits itself unless the user has moved the camera.
    const std::string framing = results->sequence.format() + '|' + std::to_string(results->columns.size());
    const bool fresh = framing != m_framedFor;
    if (fresh) ensureViews(0);
    ensureViews(results->columns.size());
    m_inspector->setResults(results);
    bool fourStreams = false;
    for (size_t c = 0; c < m_views.size(); ++c) {
        const ColumnResult& col = results->columns[c];
        fourStreams = fourStreams || col.positions.axes() > 3;
        const QString title = widgets::columnLabel(col.params);
        // A δ drag changes one column: the others keep their picture and are not re-rendered.
        const bool unchanged = !fresh && previous && c < previous->columns.size() &&
                               samePositions(previous->columns[c].positions, col.positions) &&
                               m_views[c]->title() == title;
        if (unchanged) continue;
        // A parameter step on an existing view: show the new positions at the light level of
        // detail at once, full detail once the changes pause (refine()).
        if (!fresh) m_views[c]->scene().setInteractive(true);
        m_views[c]->setData(col.positions, col.laidOut, results->sequence, title);
        m_views[c]->scene().setTokenMarks(col.generated);  // generated tokens marked; a check's marks cleared
    }
    m_streams->setVisible(fourStreams);
    m_streamsLabel->setVisible(fourStreams);
    applyStreams();
    if (!fresh && !m_held) m_refine.start();  // restarts: a burst of steps refines once
    if (fresh) {
        widgets::IndexGrowthView::linkCameras(QList<widgets::IndexGrowthView*>(m_views.begin(), m_views.end()));
        if (!m_views.empty()) m_views.front()->setSameScale(m_sameScaleAction->isChecked());
        m_framedFor = framing;
    }
    showPin();
    updateFitAction();
}

void IndexGrowthPanel::fit() {
    if (!m_views.empty()) m_views.front()->fit();  // linked: every column
}

void IndexGrowthPanel::updateFitAction() {
    bool moved = false;
    for (widgets::IndexGrowthView* v : m_views) moved = moved || !v->autoFraming();
    m_fitAction->setEnabled(moved);
}

void IndexGrowthPanel::setHiddenStream(int stream) {
    const int index = m_streams->findData(stream);
    if (index >= 0) m_streams->setCurrentIndex(index);
}

void IndexGrowthPanel::applyStreams() {
    const int hidden = m_streams->currentData().toInt();
    std::vector<int> shown;
    for (int r = 0; r < 4; ++r)
        if (r != hidden) shown.push_back(r);
    for (widgets::IndexGrowthView* v : m_views) {
        if (v->scene().positions().axes() <= 3) continue;
        const std::array<int, 3> rows{shown[2], shown[1], shown[0]};  // x, y, z
        if (v->scene().axisRows() == rows) continue;
        v->scene().setAxisRows(rows);
        if (v->autoFraming()) v->fit();
        v->requestRender();
    }
}

void IndexGrowthPanel::pinToken(int column, qint64 token) {
    m_inspector->pin(column, token);  // pinChanged → showPin()
}

void IndexGrowthPanel::showPin() {
    const bool pinned = m_inspector->hasPin();
    if (pinned && m_inspector->isHidden()) {
        m_inspector->show();
        const int total = m_split->height();
        const int inspector = std::clamp(total / 3, 120, 240);
        m_split->setSizes({std::max(1, total - inspector), inspector});
    } else if (!pinned) {
        m_inspector->hide();
    }
    for (size_t c = 0; c < m_views.size(); ++c) m_views[c]->setPinnedToken(m_inspector->pinnedIn(static_cast<int>(c)));
}

void IndexGrowthPanel::setInteractive(bool interactive) {
    m_held = interactive;
    m_refine.stop();
    for (widgets::IndexGrowthView* v : m_views) {
        v->scene().setInteractive(interactive);
        v->requestRender();
    }
}

void IndexGrowthPanel::refine() {
    if (m_held) return;
    for (widgets::IndexGrowthView* v : m_views) {
        if (!v->scene().isInteractive()) continue;
        v->scene().setInteractive(false);
        v->requestRender();
    }
}

void IndexGrowthPanel::resetCamera() {
    if (!m_views.empty()) m_views.front()->resetCamera();  // linked: every column
    updateFitAction();
}

bool IndexGrowthPanel::exportFigure(const QString& path, int dpi, QString* error) {
    const QString ext = QFileInfo(path).suffix().toLower();
    if (ext != QLatin1String("png") && ext != QLatin1String("pdf")) {
        *error = QStringLiteral("%1: the 3D view exports to .png or .pdf (SVG of 3D views is not supported yet)").arg(path);
        return false;
    }
    if (m_views.empty()) {
        *error = QStringLiteral("%1: nothing to export yet").arg(path);
        return false;
    }
    if (m_views.size() == 1) return m_views.front()->exportFigure(path, m_views.front()->size(), dpi / 96.0, error);
    // Several columns: render each offscreen, then lay them side by side in one image or page.
    QTemporaryDir tmp;
    std::vector<QImage> parts;
    for (size_t c = 0; c < m_views.size(); ++c) {
        const QString part = tmp.filePath(QStringLiteral("part%1.png").arg(c));
        if (!m_views[c]->exportFigure(part, m_views[c]->size(), dpi / 96.0, error)) return false;
        parts.emplace_back(part);
    }
    int width = 0, height = 0;
    for (const QImage& p : parts) width += p.width(), height = std::max(height, p.height());
    QImage sheet(width, height, QImage::Format_RGB32);
    sheet.fill(Qt::white);
    QPainter painter(&sheet);
    int x = 0;
    for (const QImage& p : parts) painter.drawImage(x, 0, p), x += p.width();
    painter.end();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString());
        return false;
    }
    if (ext == QLatin1String("png")) {
        sheet.save(&file, "PNG");
    } else {
        QPdfWriter pdf(&file);
        pdf.setResolution(dpi);
        pdf.setPageSize(QPageSize(QSizeF(sheet.width() * 25.4 / dpi, sheet.height() * 25.4 / dpi), QPageSize::Millimeter));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter pdfPainter(&pdf);
        pdfPainter.drawImage(QRect(0, 0, sheet.width(), sheet.height()), sheet);
    }
    if (!file.commit()) {
        *error = QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString());
        return false;
    }
    return true;
}

}  // namespace rope::app
