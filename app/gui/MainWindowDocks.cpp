// MainWindow's docks: which exist, their default arrangement (parameters above Table 1 on the
// left, the three charts as tabs below), View → Reset layout, and keeping the window on its screen.
#include <QDockWidget>
#include <QGuiApplication>
#include <QScreen>
#include <QScrollArea>
#include <algorithm>

#include "MainWindow.h"
#include "widgets/CurveChartView.h"
#include "widgets/FrequencyChartView.h"
#include "widgets/ParameterPanel.h"
#include "widgets/PropertiesTable.h"

namespace rope::app {

QDockWidget* MainWindow::addDock(QWidget* w, const QString& title, const QString& name, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(w);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::buildDocks() {
    m_panel = new widgets::ParameterPanel;
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_panel);
    scroll->setWidgetResizable(true);
    scroll->setMinimumWidth(340);
    addDock(scroll, tr("Parameters"), QStringLiteral("dock-parameters"), Qt::LeftDockWidgetArea);
    m_frequency = new widgets::FrequencyChartView;
    m_similarity = widgets::makeSimilarityView(nullptr);
    m_kernel = widgets::makeKernelView(nullptr);
    m_properties = new widgets::PropertiesTable;
    auto* f = addDock(m_frequency, tr("Frequency allocation"), QStringLiteral("dock-frequency"), Qt::BottomDockWidgetArea);
    auto* s = addDock(m_similarity, tr("Temporal similarity"), QStringLiteral("dock-similarity"), Qt::BottomDockWidgetArea);
    auto* k = addDock(m_kernel, tr("Relative-position kernel"), QStringLiteral("dock-kernel"), Qt::BottomDockWidgetArea);
    auto* p = addDock(m_properties, tr("Properties (Table 1)"), QStringLiteral("dock-properties"), Qt::LeftDockWidgetArea);
    // Charts behind another tab skip their rebuilds (a δ drag would otherwise redraw all three).
    connect(f, &QDockWidget::visibilityChanged, m_frequency, &widgets::FrequencyChartView::setOnScreen);
    connect(s, &QDockWidget::visibilityChanged, m_similarity, &widgets::CurveChartView::setOnScreen);
    connect(k, &QDockWidget::visibilityChanged, m_kernel, &widgets::CurveChartView::setOnScreen);
    m_similarity->setOnScreen(false);
    m_kernel->setOnScreen(false);
    p->setMinimumHeight(150);
    arrangeDocks();
}

QDockWidget* MainWindow::dock(const QString& name) const { return findChild<QDockWidget*>(name, Qt::FindDirectChildrenOnly); }

// The default layout: parameters above Table 1 on the left, the three charts as tabs below.
void MainWindow::arrangeDocks() {
    QDockWidget* parameters = dock(QStringLiteral("dock-parameters"));
    QDockWidget* properties = dock(QStringLiteral("dock-properties"));
    QDockWidget* f = dock(QStringLiteral("dock-frequency"));
    QDockWidget* s = dock(QStringLiteral("dock-similarity"));
    QDockWidget* k = dock(QStringLiteral("dock-kernel"));
    for (QDockWidget* d : {parameters, properties, f, s, k}) {
        d->setFloating(false);
        addDockWidget(d == parameters || d == properties ? Qt::LeftDockWidgetArea : Qt::BottomDockWidgetArea, d);
        d->show();
    }
    splitDockWidget(parameters, properties, Qt::Vertical);
    tabifyDockWidget(f, s);
    tabifyDockWidget(s, k);
    f->raise();
    sizeDocks();
}

// Default dock sizes for the window's current height: the charts get a third (at least 240 px, so
// their axes stay readable), Table 1 its rows.
void MainWindow::sizeDocks() {
    resizeDocks({dock(QStringLiteral("dock-frequency"))}, {std::max(240, height() / 3)}, Qt::Vertical);
    resizeDocks({dock(QStringLiteral("dock-parameters")), dock(QStringLiteral("dock-properties"))},
                {std::max(300, height() / 2), 170}, Qt::Vertical);
}

void MainWindow::resetLayout() {
    if (isFullScreen() || isMaximized()) showNormal();
    arrangeDocks();
    fitOnScreen();
}

// Keeps the window on its screen's available area: no bigger, and not hanging off an edge.
void MainWindow::fitOnScreen() {
    const QScreen* on = screen() ? screen() : QGuiApplication::primaryScreen();
    if (!on) return;
    const QRect area = on->availableGeometry();
    QRect frame = frameGeometry();
    const QSize extra = frame.size() - size();  // title bar and borders
    const QSize fitted(std::min(width(), area.width() - extra.width()), std::min(height(), area.height() - extra.height()));
    if (fitted != size()) resize(fitted);
    frame = frameGeometry();
    const QPoint topLeft(std::clamp(frame.left(), area.left(), std::max(area.left(), area.right() - frame.width() + 1)),
                         std::clamp(frame.top(), area.top(), std::max(area.top(), area.bottom() - frame.height() + 1)));
    if (topLeft != frame.topLeft()) move(topLeft);
}

}  // namespace rope::app
