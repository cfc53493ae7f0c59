#include "IndexGrowthPanel.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTimer>
#include <utility>

#include "viz/IndexGrowthScene.h"
#include "widgets/IndexGrowthView.h"
#include "widgets/PropertiesTable.h"

namespace rope::app {

IndexGrowthPanel::IndexGrowthPanel(QWidget* parent) : QWidget(parent), m_row(new QHBoxLayout(this)) {
    m_row->setContentsMargins(0, 0, 0, 0);
    m_row->setSpacing(4);
    setWindowTitle(QStringLiteral("3D index growth"));
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
        m_views.push_back(view);
    }
}

void IndexGrowthPanel::showResults(const std::shared_ptr<const StudyResults>& results) {
    const std::shared_ptr<const StudyResults> previous = std::exchange(m_results, results);
    // New sequence or new columns: fresh views, linked once and framed on their common bounds.
    // (Re-linking views whose cameras were already shared is not supported by IndexGrowthView.)
    // A δ drag keeps the views and the camera the user chose.
    const std::string framing = results->sequence.format() + '|' + std::to_string(results->columns.size());
    const bool fresh = framing != m_framedFor;
    if (fresh) ensureViews(0);
    ensureViews(results->columns.size());
    for (size_t c = 0; c < m_views.size(); ++c) {
        const ColumnResult& col = results->columns[c];
        const QString title = widgets::columnLabel(col.params);
        // A δ drag changes one column: the others keep their picture and are not re-rendered.
        const bool unchanged = !fresh && previous && c < previous->columns.size() &&
                               samePositions(previous->columns[c].positions, col.positions) &&
                               m_views[c]->title() == title;
        if (unchanged) continue;
        // A parameter step on an existing view: show the new positions at the light level of
        // detail at once, full detail once the changes pause (refine()).
        if (!fresh) m_views[c]->scene().setInteractive(true);
        m_views[c]->setData(col.positions, col.laidOut, title);
    }
    if (!fresh && !m_held) m_refine.start();  // restarts: a burst of steps refines once
    if (fresh) {
        if (m_views.size() > 1)
            widgets::IndexGrowthView::linkCameras(QList<widgets::IndexGrowthView*>(m_views.begin(), m_views.end()));
        m_framedFor = framing;
    }
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
    if (!m_views.empty()) m_views.front()->resetCamera();  // linked: all follow
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
