#include "FigureExportDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/Errors.h"
#include "figures/FigureRenderer.h"
#include "figures/Presets.h"
#include "figures/cli/FigureCommand.h"

namespace rope::widgets {
namespace {

const QString kPresetPrefix = QStringLiteral("preset:");
constexpr int kPreviewWidthPx = 560, kPreviewHeightPx = 440;  // the preview fits this box

double perInch(const QString& unit, double dpi) { return unit == QLatin1String("mm") ? 25.4 : unit == QLatin1String("px") ? dpi : 1.0; }

}  // namespace

FigureExportDialog::FigureExportDialog(const Study& study, const QString& studyPath, QWidget* parent)
    : QDialog(parent), m_study(study), m_studyPath(studyPath), m_figure(new QComboBox), m_format(new QComboBox),
      m_width(new QDoubleSpinBox), m_height(new QDoubleSpinBox), m_unit(new QComboBox), m_dpi(new QSpinBox),
      m_fontPt(new QDoubleSpinBox), m_theme(new QComboBox), m_colors(new QComboBox), m_azimuth(new QDoubleSpinBox), m_elevation(new QDoubleSpinBox),
      m_projection(new QComboBox), m_preview(new QLabel),
      m_sizeNote(new QLabel), m_command(new QLineEdit), m_timer(new QTimer(this)) {
    setWindowTitle(tr("Export figure"));
    for (const figures::ViewInfo& v : figures::figureViews())
        m_figure->addItem(QString::fromStdString(v.human) + tr(" (this study)"), QString::fromStdString(v.name));
    m_figure->insertSeparator(m_figure->count());
    for (const figures::PresetInfo& p : figures::presetList())
        m_figure->addItem(tr("Paper preset %1 — %2").arg(QString::fromStdString(p.name), QString::fromStdString(p.description).section(QLatin1Char(':'), 0, 0)),
                          QString(kPresetPrefix + QString::fromStdString(p.name)));
    m_format->addItem(tr("PDF (vector)"), QStringLiteral("pdf"));
    m_format->addItem(tr("SVG (vector)"), QStringLiteral("svg"));
    m_format->addItem(tr("PNG (image)"), QStringLiteral("png"));
    m_format->addItem(tr("LaTeX table (.tex, Table 1 only)"), QStringLiteral("tex"));
    m_unit->addItems({QStringLiteral("in"), QStringLiteral("mm"), QStringLiteral("px")});
    m_width->setDecimals(2);
    m_height->setDecimals(2);
    m_width->setRange(0.1, 100);
    m_height->setRange(0, 100);
    m_height->setSpecialValueText(tr("automatic"));
    m_width->setValue(figures::kDoubleColumnIn);
    m_dpi->setRange(static_cast<int>(figures::kMinDpi), static_cast<int>(figures::kMaxDpi));
    m_dpi->setValue(300);
    m_fontPt->setRange(figures::kMinFontPt, figures::kMaxFontPt);
    m_fontPt->setSingleStep(0.5);
    m_fontPt->setValue(8);
    m_theme->addItem(tr("Print (white paper)"), QStringLiteral("print"));
    m_theme->addItem(tr("Screen (dark slides)"), QStringLiteral("screen"));
    m_colors->addItem(tr("Paper: red → yellow → green"), QStringLiteral("paper"));
    m_colors->addItem(tr("Colour-blind safe (viridis)"), QStringLiteral("colorblind"));

    m_azimuth->setRange(-360, 360);
    m_azimuth->setDecimals(1);
    m_azimuth->setSuffix(QStringLiteral("°"));
    m_azimuth->setValue(figures::FigureSpec().azimuthDeg);
    m_elevation->setRange(-89, 89);
    m_elevation->setDecimals(1);
    m_elevation->setSuffix(QStringLiteral("°"));
    m_elevation->setValue(figures::FigureSpec().elevationDeg);
    m_projection->addItem(tr("Orthographic"), false);
    m_projection->addItem(tr("Perspective"), true);
    auto* cameraRow = new QHBoxLayout;
    cameraRow->addWidget(new QLabel(tr("azimuth")));
    cameraRow->addWidget(m_azimuth);
    cameraRow->addWidget(new QLabel(tr("elevation")));
    cameraRow->addWidget(m_elevation);
    cameraRow->addWidget(m_projection);
    auto* single = new QPushButton(tr("Single column (3.25 in)"));
    auto* twice = new QPushButton(tr("Double column (6.75 in)"));
    connect(single, &QPushButton::clicked, this, [this] { m_unit->setCurrentText(QStringLiteral("in")); m_width->setValue(figures::kSingleColumnIn); m_height->setValue(0); });
    connect(twice, &QPushButton::clicked, this, [this] { m_unit->setCurrentText(QStringLiteral("in")); m_width->setValue(figures::kDoubleColumnIn); m_height->setValue(0); });
    auto* sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(new QLabel(QStringLiteral("×")));
    sizeRow->addWidget(m_height);
    sizeRow->addWidget(m_unit);
    auto* columnRow = new QHBoxLayout;
    columnRow->addWidget(single);
    columnRow->addWidget(twice);

    auto* form = new QFormLayout;
    form->addRow(tr("Figure"), m_figure);
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("Size (width × height)"), sizeRow);
    form->addRow(QString(), columnRow);
    form->addRow(tr("Resolution (PNG, dpi)"), m_dpi);
    form->addRow(tr("Font size (pt)"), m_fontPt);
    form->addRow(tr("Theme"), m_theme);
    form->addRow(tr("Heatmap colours"), m_colors);
    form->addRow(tr("3D camera"), cameraRow);
    form->addRow(QString(), m_sizeNote);
    m_sizeNote->setStyleSheet(QStringLiteral("color: #666"));

    m_preview->setMinimumSize(kPreviewWidthPx + 20, kPreviewHeightPx + 20);
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setStyleSheet(QStringLiteral("background: #8a8a8a; padding: 8px"));
    m_command->setReadOnly(true);
    auto* copy = new QPushButton(tr("Copy as command line"));
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_command->text()); });
    auto* commandRow = new QHBoxLayout;
    commandRow->addWidget(m_command, 1);
    commandRow->addWidget(copy);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QPushButton* exportButton = buttons->addButton(tr("Export…"), QDialogButtonBox::AcceptRole);
    connect(exportButton, &QPushButton::clicked, this, &FigureExportDialog::chooseFileAndExport);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* top = new QHBoxLayout;
    top->addLayout(form);
    top->addWidget(m_preview, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addLayout(commandRow);
    layout->addWidget(buttons);

    m_timer->setSingleShot(true);
    m_timer->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, &FigureExportDialog::updatePreview);
    auto later = [this] { m_timer->start(); };
    connect(m_figure, &QComboBox::currentIndexChanged, this, [this, later] { applyPresetDefaults(); later(); });
    for (QComboBox* c : {m_format, m_theme, m_colors}) connect(c, &QComboBox::currentIndexChanged, this, later);
    connect(m_projection, &QComboBox::currentIndexChanged, this, later);
    for (QDoubleSpinBox* b : {m_width, m_height, m_fontPt, m_azimuth, m_elevation}) connect(b, &QDoubleSpinBox::valueChanged, this, later);
    connect(m_dpi, &QSpinBox::valueChanged, this, later);
    connect(m_unit, &QComboBox::currentTextChanged, this, [this, later](const QString& unit) {
        // Keep the physical size: convert the numbers to the new unit.
        const double f = perInch(unit, m_dpi->value()) / perInch(m_unitShown, m_dpi->value());
        m_unitShown = unit;
        const QSignalBlocker a(m_width), b(m_height);
        m_width->setRange(0.01, 100 * perInch(unit, m_dpi->value()));
        m_height->setRange(0, 100 * perInch(unit, m_dpi->value()));
        m_width->setValue(m_width->value() * f);
        m_height->setValue(m_height->value() * f);
        later();
    });
    applyPresetDefaults();
    updatePreview();
}

void FigureExportDialog::select(const QString& key) {
    const int i = m_figure->findData(key);
    if (i >= 0) m_figure->setCurrentIndex(i);
    updatePreview();
}

void FigureExportDialog::applyPresetDefaults() {
    const QString key = m_figure->currentData().toString();
    if (!key.startsWith(kPresetPrefix)) return;
    const figures::FigureSpec p = figures::loadPreset(key.mid(kPresetPrefix.size()).toStdString());
    const QSignalBlocker a(m_width), b(m_height), c(m_fontPt), d(m_unit);
    m_unit->setCurrentText(QStringLiteral("in"));
    m_unitShown = QStringLiteral("in");
    m_width->setRange(0.1, 100);
    m_height->setRange(0, 100);
    m_width->setValue(p.widthIn);
    m_height->setValue(p.heightIn);
    m_fontPt->setValue(p.fontPt);
    const QSignalBlocker e(m_azimuth), f(m_elevation), g(m_projection);
    m_azimuth->setValue(p.azimuthDeg);
    m_elevation->setValue(p.elevationDeg);
    m_projection->setCurrentIndex(p.perspective ? 1 : 0);
}

void FigureExportDialog::setViewDirection(const double dop[3], bool perspective) {
    // Eye direction e = −dop = (−cos el · cos az, sin el, cos el · sin az) (figures/Camera3D.h).
    const double n = std::sqrt(dop[0] * dop[0] + dop[1] * dop[1] + dop[2] * dop[2]);
    if (!(n > 0)) return;
    const double ex = -dop[0] / n, ey = -dop[1] / n, ez = -dop[2] / n;
    m_elevation->setValue(std::clamp(std::asin(std::clamp(ey, -1.0, 1.0)) * 180 / std::numbers::pi, -89.0, 89.0));
    m_azimuth->setValue(std::atan2(ez, -ex) * 180 / std::numbers::pi);
    m_projection->setCurrentIndex(perspective ? 1 : 0);
    updatePreview();
}

figures::FigureSpec FigureExportDialog::spec() const {
    const QString key = m_figure->currentData().toString();
    figures::FigureSpec s;
    if (key.startsWith(kPresetPrefix)) {
        s = figures::loadPreset(key.mid(kPresetPrefix.size()).toStdString());
    } else {
        s.study = m_study;
        s.view = key.toStdString();
        s.studyPath = m_studyPath.toStdString();
        s.source = m_studyPath.isEmpty() ? "the study open in RoPEScope" : m_studyPath.toStdString();
    }
    const double k = perInch(m_unit->currentText(), m_dpi->value());
    s.widthIn = m_width->value() / k;
    s.heightIn = m_height->value() / k;
    s.dpi = m_dpi->value();
    s.azimuthDeg = m_azimuth->value();
    s.elevationDeg = m_elevation->value();
    s.perspective = m_projection->currentData().toBool();
    s.fontPt = m_fontPt->value();
    s.theme = m_theme->currentData().toString() == QLatin1String("screen") ? figures::Theme::Screen : figures::Theme::Print;
    s.rateColors = m_colors->currentData().toString() == QLatin1String("colorblind") ? figures::RateColors::ColorBlindSafe
                                                                                      : figures::RateColors::Paper;
    return s;
}

void FigureExportDialog::setDpi(int dpi) { m_dpi->setValue(dpi); }

QString FigureExportDialog::fileExtension() const { return m_format->currentData().toString(); }

const figures::FigureData& FigureExportDialog::dataFor(const figures::FigureSpec& s) {
    const std::string key = studyToJson(s.study) + "|" + (s.view == "vniah" || s.view == "attention" ? s.view : "");
    auto it = m_cache.find(key);
    if (it == m_cache.end()) {
        QApplication::setOverrideCursor(Qt::WaitCursor);
        auto data = std::make_unique<figures::FigureData>();
        if (s.view == "attention") data->attention = m_attention;
        try {
            figures::computeFigureData(s, data.get());
        } catch (...) {
            QApplication::restoreOverrideCursor();
            throw;
        }
        QApplication::restoreOverrideCursor();
        it = m_cache.emplace(key, std::move(data)).first;
    }
    return *it->second;
}

void FigureExportDialog::updatePreview() {
    try {
        const figures::FigureSpec s = spec();
        if (fileExtension() == QLatin1String("tex") && s.view != "table1")
            throw InvalidParameter("format", "LaTeX", "is only made for Table 1");
        const figures::FigureData& data = dataFor(s);
        const figures::ViewDrawing drawing = figures::buildView(s, data);
        const QSizeF page = figures::pageSize(s, drawing);
        // Render at the resolution that makes the preview fit, not at the export DPI.
        const double dpi = std::min(kPreviewWidthPx / (page.width() / 72), kPreviewHeightPx / (page.height() / 72));
        m_previewImage = figures::renderImage(s, drawing, std::max(10.0, dpi));
        m_preview->setPixmap(QPixmap::fromImage(m_previewImage));
        m_sizeNote->setText(tr("%1 × %2 in · %3 × %4 mm%5")
                                .arg(page.width() / 72, 0, 'f', 2).arg(page.height() / 72, 0, 'f', 2)
                                .arg(page.width() / 72 * 25.4, 0, 'f', 0).arg(page.height() / 72 * 25.4, 0, 'f', 0)
                                .arg(fileExtension() == QLatin1String("png")
                                         ? tr(" · %1 × %2 px").arg(qRound(page.width() / 72 * s.dpi)).arg(qRound(page.height() / 72 * s.dpi))
                                         : QString()));
        const QString dir = QSettings().value(QStringLiteral("export/dir")).toString();
        m_command->setText(commandLine(QDir(dir.isEmpty() ? QDir::currentPath() : dir)
                                           .filePath(QString::fromStdString(s.presetName.empty() ? s.view : s.presetName) +
                                                     QLatin1Char('.') + fileExtension())));
        m_command->setCursorPosition(0);  // show the start of the command
    } catch (const std::exception& e) {
        m_previewImage = QImage();
        m_preview->setText(tr("Cannot draw this figure: %1").arg(QString::fromUtf8(e.what())));
        m_command->clear();
    }
}

QString FigureExportDialog::commandLine(const QString& out) const {
    return QString::fromStdString(figures::figureCommandLine(spec(), out.toStdString()));
}

bool FigureExportDialog::exportTo(const QString& path, QString* error) {
    try {
        const figures::FigureSpec s = spec();
        const figures::FigureData& data = dataFor(s);
        const figures::ViewDrawing drawing = figures::buildView(s, data);
        const figures::FileFormat f = figures::formatFromPath(path.toStdString());
        figures::writeAtomically(path.toStdString(), figures::renderBytes(s, data, drawing, f));
        return true;
    } catch (const std::exception& e) {
        *error = QString::fromUtf8(e.what());
        return false;
    }
}

void FigureExportDialog::chooseFileAndExport() {
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("export/dir"), QDir::homePath()).toString();
    const figures::FigureSpec s = spec();
    const QString ext = fileExtension();
    const QString name = QString::fromStdString(s.presetName.empty() ? s.view : s.presetName) + QLatin1Char('.') + ext;
    QString path = QFileDialog::getSaveFileName(this, tr("Export figure"), QDir(dir).filePath(name),
                                                m_format->currentText() + QStringLiteral(" (*.") + ext + QLatin1Char(')'));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + ext;
    settings.setValue(QStringLiteral("export/dir"), QFileInfo(path).absolutePath());
    QString error;
    if (!exportTo(path, &error)) QMessageBox::critical(this, tr("Export failed"), error);
    else {
        m_command->setText(commandLine(path));
        m_command->setCursorPosition(0);
    }
}

}  // namespace rope::widgets
