#include "IndexGrowthPanel.h"

#include <QHBoxLayout>
#include <QLabel>

namespace rope::app {

IndexGrowthPanel::IndexGrowthPanel(QWidget* parent) : QWidget(parent), m_row(new QHBoxLayout(this)) {
    m_row->setContentsMargins(0, 0, 0, 0);
    m_row->addWidget(new QLabel(QStringLiteral("3D views")));
}

void IndexGrowthPanel::showResults(const std::shared_ptr<const StudyResults>& results) { m_results = results; }

void IndexGrowthPanel::resetCamera() {}

bool IndexGrowthPanel::exportFigure(const QString& path, int dpi, QString* error) {
    *error = QStringLiteral("%1: 3D export not available yet").arg(path);
    return false;
}

}  // namespace rope::app
