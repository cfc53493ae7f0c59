#include "MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <vtkCamera.h>

#include "AttentionPanel.h"
#include "ComparePositionsDialog.h"
#include "HelpGuide.h"
#include "IndexGrowthPanel.h"
#include "VniahPanel.h"
#include "widgets/CurveChartView.h"
#include "widgets/FigureExport.h"
#include "widgets/FigureExportDialog.h"
#include "widgets/FrequencyChartView.h"
#include "widgets/IndexGrowthView.h"
#include "viz/IndexGrowthScene.h"
#include "widgets/ParameterPanel.h"
#include "widgets/PropertiesTable.h"

namespace rope::app {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("RoPEScopeMain"));
    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 4);
    m_banner = new QLabel;
    m_banner->setObjectName(QStringLiteral("error-banner"));
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(QStringLiteral("background:#fdecea; color:#8a1c12; border:1px solid #f5c2bd; padding:6px;"));
    m_banner->hide();
    m_growth = new IndexGrowthPanel;
    m_vniah = new VniahPanel(&m_controller);
    m_stage = new QTabWidget;
    m_stage->setDocumentMode(true);
    m_stage->addTab(m_growth, tr("3D index growth"));
    m_stage->addTab(m_vniah, tr("V-NIAH experiment"));
    m_attention = new AttentionPanel(&m_controller);
    m_stage->addTab(m_attention, tr("Attention on a video"));
    layout->addWidget(m_banner);
    layout->addWidget(m_stage, 1);
    setCentralWidget(central);
    buildDocks();
    buildMenus();
    m_status = new QLabel;
    statusBar()->addPermanentWidget(m_status);

    connect(m_panel, &widgets::ParameterPanel::paramEdited, this, [this](const QString& k, const QString& v, int c) {
        QString error;
        if (!m_controller.setParam(k, v, c, &error)) {
            m_panel->showEditError(k, error);  // keep what was typed, say what is wrong
            m_fieldError = error;
            updateBanner();
        }
    });
    connect(m_panel, &widgets::ParameterPanel::editErrorsCleared, this, [this] {
        m_fieldError.clear();
        updateBanner();
    });
    connect(m_panel, &widgets::ParameterPanel::addColumnRequested, this, [this] {
        if (!m_controller.addColumn()) statusBar()->showMessage(tr("A study shows at most %1 columns").arg(kMaxColumns), 4000);
        else m_panel->selectColumn(static_cast<int>(m_controller.study().columns.size()) - 1);  // edits go to the new column
    });
    connect(m_panel, &widgets::ParameterPanel::dragStarted, this, [this] {
        m_controller.beginContinuousEdit();  // one drag = one undo step
        m_growth->setInteractive(true);
    });
    connect(m_panel, &widgets::ParameterPanel::dragFinished, this, [this] {
        m_controller.endContinuousEdit();
        m_growth->setInteractive(false);
    });
    connect(&m_controller, &StudyController::notice, this, [this](const QString& m) { statusBar()->showMessage(m, 10000); });
    connect(m_panel, &widgets::ParameterPanel::removeColumnRequested, this, [this](int c) { m_controller.removeColumn(c); });
    connect(&m_controller, &StudyController::studyChanged, this, [this] { m_panel->showStudy(m_controller.study()); });
    connect(&m_controller, &StudyController::resultsReady, this, &MainWindow::showResults);
    connect(&m_controller, &StudyController::computeFailed, this, &MainWindow::showError);
    connect(&m_controller, &StudyController::fileStateChanged, this, &MainWindow::updateTitle);
    m_panel->showStudy(m_controller.study());

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) resize(1500, 950);
    fitOnScreen();  // saved on a bigger screen, or bigger than this one
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray()))
        QTimer::singleShot(0, this, &MainWindow::sizeDocks);  // once the window has its size
    updateTitle();
}

MainWindow::~MainWindow() {
    // The panels hold the controller and may still touch it while they stop their workers; they
    // must go before the m_controller member does (the QMainWindow base would delete them after).
    delete takeCentralWidget();
    qDeleteAll(findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly));
}

ComparePositionsDialog* MainWindow::compareDialog() {
    if (!m_compare) m_compare = new ComparePositionsDialog(&m_controller, m_growth, this);
    return m_compare;
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New (demo study)"), QKeySequence::New, this, [this] {
        if (maybeSave()) m_controller.resetStudy(demoStudy(), QString());
    });
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::openDialog);
    m_recent = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &MainWindow::saveAs);
    file->addSeparator();
    file->addAction(tr("&Export figure…"), this, [this] { exportDialog(QString()); });
    file->addAction(tr("&Compare with positions file…"), this, [this] { compareDialog()->show(); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_controller.undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_controller.undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* d : findChildren<QDockWidget*>()) {
        m_viewMenu->addAction(d->toggleViewAction());
        // A dock shown again must not push the window past the screen.
        connect(d->toggleViewAction(), &QAction::triggered, this, [this](bool on) {
            if (on) QTimer::singleShot(0, this, &MainWindow::fitOnScreen);
        });
    }
    QAction* reset = m_viewMenu->addAction(tr("Reset &layout"), this, &MainWindow::resetLayout);
    reset->setObjectName(QStringLiteral("action-reset-layout"));
    reset->setToolTip(tr("Parameters and Table 1 on the left, the charts as tabs below, every dock shown, the window on the screen"));
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(tr("Reset 3D &camera"), QKeySequence(Qt::CTRL | Qt::Key_R), this, [this] { m_growth->resetCamera(); });
    m_viewMenu->addAction(m_growth->fitAction());
    m_viewMenu->addAction(m_growth->sameScaleAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* guide = help->addAction(tr("&Guide to the views"), QKeySequence::HelpContents, this, [this] { HelpGuide::showFor(this); });
    guide->setObjectName(QStringLiteral("action-help-guide"));
    help->addAction(tr("&README: the desktop app"), this,
                    [this] { HelpGuide::showFor(this, QUrl(QStringLiteral("doc:README.md#The desktop app"))); });
    help->addSeparator();
    help->addAction(tr("&About RoPEScope"), this, [this] {
        QMessageBox::about(this, tr("About RoPEScope"),
                           tr("<b>RoPEScope</b> %1<br>See how rotary position embeddings behave on video: where each "
                              "variant puts every token in (t, h, w), which frequencies drive time and space, and what "
                              "that does to attention.<br><br>Grew from VideoRoPE (arXiv 2502.05173).")
                               .arg(QApplication::applicationVersion()));
    });
}

QStringList MainWindow::viewNames() const {
    return {QStringLiteral("index-growth"), QStringLiteral("frequency"), QStringLiteral("similarity"),
            QStringLiteral("kernel"), QStringLiteral("properties"), QStringLiteral("vniah"),
            QStringLiteral("attention")};
}

QWidget* MainWindow::viewWidget(const QString& name) const {
    if (name == QLatin1String("index-growth")) return m_growth;
    if (name == QLatin1String("frequency")) return m_frequency;
    if (name == QLatin1String("similarity")) return m_similarity;
    if (name == QLatin1String("kernel")) return m_kernel;
    if (name == QLatin1String("properties")) return m_properties;
    if (name == QLatin1String("vniah")) return m_vniah;
    if (name == QLatin1String("attention")) return m_attention;
    return nullptr;
}

void MainWindow::showResults(const std::shared_ptr<const StudyResults>& results, double ms) {
    m_computeError.clear();
    updateBanner();
    m_growth->showResults(results);
    m_frequency->showResults(results);
    m_similarity->showResults(results);
    m_kernel->showResults(results);
    m_properties->showResults(results);
    m_status->setText(tr("%1 tokens (%2 visual) · %3 columns · computed in %4 ms")
                          .arg(results->sequence.tokenCount())
                          .arg(results->sequence.visualTokenCount())
                          .arg(results->columns.size())
                          .arg(ms, 0, 'f', 1));
}

void MainWindow::showError(const QString& message) {
    m_computeError = message;
    updateBanner();
}

void MainWindow::updateBanner() {
    // Two kinds of error, each cleared by its own cause: a refused value (cleared when every editor
    // holds a valid value again, e.g. after Undo or retyping) and a study that does not compute
    // (cleared by the next good result).
    QStringList lines;
    if (!m_fieldError.isEmpty())
        lines << tr("<b>Value not applied:</b> %1").arg(m_fieldError.toHtmlEscaped());
    if (!m_computeError.isEmpty())
        lines << tr("<b>Cannot compute this study:</b> %1<br>The views still show the last valid study.")
                     .arg(m_computeError.toHtmlEscaped());
    m_banner->setText(lines.join(QStringLiteral("<br>")));
    m_banner->setVisible(!lines.isEmpty());
}

void MainWindow::updateTitle() {
    const QString name = m_controller.filePath().isEmpty() ? tr("Demo study") : QFileInfo(m_controller.filePath()).fileName();
    setWindowTitle(QStringLiteral("%1%2 — RoPEScope").arg(name, m_controller.isModified() ? QStringLiteral(" *") : QString()));
}

bool MainWindow::maybeSave() {
    if (!m_controller.isModified()) return true;
    const auto answer = QMessageBox::question(this, tr("Unsaved changes"), tr("The study has unsaved changes. Save them?"),
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save) return save();
    return answer == QMessageBox::Discard;
}

bool MainWindow::openStudy(const QString& path) {
    QString error;
    if (!m_controller.openFile(path, &error)) {
        QMessageBox::critical(this, tr("Cannot open study"), error + tr("\n\nNothing was changed."));
        return false;
    }
    rememberRecent(path);
    return true;
}

void MainWindow::openDialog() {
    if (!maybeSave()) return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open study"), QString(), tr("RoPEScope study (*.json)"));
    if (!path.isEmpty()) openStudy(path);
}

bool MainWindow::save() {
    if (m_controller.filePath().isEmpty()) return saveAs();
    QString error;
    if (!m_controller.saveFile(m_controller.filePath(), &error)) {
        QMessageBox::critical(this, tr("Cannot save study"), error);
        return false;
    }
    return true;
}

bool MainWindow::saveAs() {
    QString path = QFileDialog::getSaveFileName(this, tr("Save study"), QStringLiteral("study.json"), tr("RoPEScope study (*.json)"));
    if (path.isEmpty()) return false;
    if (!path.endsWith(QLatin1String(".json"))) path += QStringLiteral(".json");
    QString error;
    if (!m_controller.saveFile(path, &error)) {
        QMessageBox::critical(this, tr("Cannot save study"), error);
        return false;
    }
    rememberRecent(path);
    return true;
}

bool MainWindow::exportView(const QString& view, const QString& path, int dpi, QString* error) {
    const QString figure = view == QLatin1String("properties") ? QStringLiteral("table1") : view;
    if (figures::findView(figure.toStdString())) {  // rendered from data (figures/), not grabbed
        widgets::FigureExportDialog d(m_controller.study(), m_controller.filePath(), this);
        d.setAttentionData(m_attention->figureInput());  // the attention tab's maps, as data
        d.select(figure);
        d.setDpi(dpi);
        return d.exportTo(path, error);
    }
    QWidget* w = viewWidget(view);
    if (!w) {
        *error = tr("unknown view \"%1\"; views are %2").arg(view, viewNames().join(QStringLiteral(", ")));
        return false;
    }
    return widgets::exportWidget(w, path, dpi, error);
}

void MainWindow::exportDialog(const QString& view) {
    widgets::FigureExportDialog d(m_controller.study(), m_controller.filePath(), this);
    d.setAttentionData(m_attention->figureInput());
    if (!m_growth->views().empty()) {  // the 3D figure starts from the on-screen camera
        double direction[3];
        vtkCamera* camera = m_growth->views().front()->scene().camera();
        camera->GetDirectionOfProjection(direction);
        d.setViewDirection(direction, !camera->GetParallelProjection());
    }
    if (!view.isEmpty()) d.select(view);
    d.exec();
}

void MainWindow::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList files = settings.value(QStringLiteral("recentFiles")).toStringList();
    files.removeAll(path);
    files.prepend(path);
    settings.setValue(QStringLiteral("recentFiles"), files.mid(0, 8));
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    m_recent->clear();
    const QStringList files = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& f : files) m_recent->addAction(f, this, [this, f] {
        if (maybeSave()) openStudy(f);
    });
    m_recent->setEnabled(!files.isEmpty());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

}  // namespace rope::app
