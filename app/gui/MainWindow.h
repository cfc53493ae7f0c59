#pragma once
// The RoPEScope main window: the study's 3D index-growth views in the centre (one per variant
// column, cameras linked), the parameter panel on the left, the charts and Table 1 in docks below.
// It wires widgets to the StudyController and owns menus, recent files and settings; it computes
// nothing itself.
#include <QMainWindow>
#include <QPointer>
#include <memory>

#include "StudyController.h"

class QLabel;
class QMenu;
class QDockWidget;
class QTabWidget;

namespace rope::widgets {
class ParameterPanel;
class FrequencyChartView;
class CurveChartView;
class PropertiesTable;
}  // namespace rope::widgets

namespace rope::app {

class IndexGrowthPanel;
class VniahPanel;
class AttentionPanel;
class ComparePositionsDialog;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;
    StudyController* controller() { return &m_controller; }
    IndexGrowthPanel* growthPanel() { return m_growth; }
    VniahPanel* vniahPanel() { return m_vniah; }
    AttentionPanel* attentionPanel() { return m_attention; }
    QTabWidget* stage() { return m_stage; }
    /// Exports one named view ("index-growth", "frequency", "similarity", "kernel", "properties").
    bool exportView(const QString& view, const QString& path, int dpi, QString* error);
    QStringList viewNames() const;
    bool openStudy(const QString& path);
    /// File → Compare with positions file… (created on first use).
    ComparePositionsDialog* compareDialog();
    /// View → Reset layout: every dock back in its default place and shown, the window on screen.
    void resetLayout();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildDocks();
    void buildMenus();
    void arrangeDocks();
    void sizeDocks();
    void fitOnScreen();
    QDockWidget* dock(const QString& name) const;
    QDockWidget* addDock(QWidget* w, const QString& title, const QString& name, Qt::DockWidgetArea area);
    void showResults(const std::shared_ptr<const StudyResults>& results, double ms);
    void showError(const QString& message);
    void updateBanner();
    void updateTitle();
    bool maybeSave();
    void openDialog();
    bool save();
    bool saveAs();
    void exportDialog(const QString& view);
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    QWidget* viewWidget(const QString& name) const;

    StudyController m_controller;
    widgets::ParameterPanel* m_panel = nullptr;
    IndexGrowthPanel* m_growth = nullptr;
    VniahPanel* m_vniah = nullptr;
    AttentionPanel* m_attention = nullptr;
    QTabWidget* m_stage = nullptr;
    widgets::FrequencyChartView* m_frequency = nullptr;
    widgets::CurveChartView* m_similarity = nullptr;
    widgets::CurveChartView* m_kernel = nullptr;
    widgets::PropertiesTable* m_properties = nullptr;
    QLabel* m_banner = nullptr;
    QString m_fieldError;    ///< the last refused value, until its editor is valid again
    QString m_computeError;  ///< why the current study does not compute, until it does
    QLabel* m_status = nullptr;
    QMenu* m_recent = nullptr;
    QMenu* m_viewMenu = nullptr;
    ComparePositionsDialog* m_compare = nullptr;
};

}  // namespace rope::app
