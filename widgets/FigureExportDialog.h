#pragma once
// File → Export figure: one dialog for every figure view and paper preset. It fills a FigureSpec
// (view or preset, format, size in in / mm / px, DPI, font pt, theme, heatmap colours), shows a
// live preview rendered by the same figure renderer into a QImage — exactly what will be written —
// and offers the equivalent `ropescope figure …` command line. The last folder is remembered.
#include <QDialog>
#include <QImage>
#include <map>
#include <memory>

#include "core/Study.h"
#include "figures/FigureData.h"
#include "figures/FigureSpec.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTimer;

namespace rope::widgets {

class FigureExportDialog : public QDialog {
    Q_OBJECT
public:
    FigureExportDialog(const Study& study, const QString& studyPath, QWidget* parent = nullptr);

    /// Selects a view ("frequency") or a preset ("preset:fig4").
    void select(const QString& key);
    figures::FigureSpec spec() const;
    void setDpi(int dpi);
    /// The 3D figure's camera from a view's direction of projection (focal point − eye, in
    /// (w, h, t) = (x, y, z)): azimuth and elevation as Camera3D defines them.
    void setViewDirection(const double directionOfProjection[3], bool perspective);
    QString fileExtension() const;  ///< "pdf", "svg", "png" or "tex"
    /// The preview as last rendered (at screen resolution).
    QImage previewImage() const { return m_previewImage; }
    QString commandLine(const QString& out) const;
    /// Renders the current spec into `path` (all-or-nothing). False + *error on failure.
    bool exportTo(const QString& path, QString* error);
    /// The attention view's numbers (the attention tab's current maps); without them the view
    /// runs the video pipeline itself.
    void setAttentionData(std::shared_ptr<const figures::AttentionFigureInput> data) {
        m_attention = std::move(data);
        m_cache.clear();
    }

private:
    void updatePreview();
    void chooseFileAndExport();
    void applyPresetDefaults();
    const figures::FigureData& dataFor(const figures::FigureSpec& s);

    Study m_study;
    QString m_studyPath;
    QComboBox* m_figure;
    QComboBox* m_format;
    QDoubleSpinBox* m_width;
    QDoubleSpinBox* m_height;
    QComboBox* m_unit;
    QSpinBox* m_dpi;
    QDoubleSpinBox* m_fontPt;
    QComboBox* m_theme;
    QComboBox* m_colors;
    QDoubleSpinBox* m_azimuth;
    QDoubleSpinBox* m_elevation;
    QComboBox* m_projection;
    QLabel* m_preview;
    QLabel* m_sizeNote;
    QLineEdit* m_command;
    QTimer* m_timer;
    QImage m_previewImage;
    QString m_unitShown = QStringLiteral("in");
    std::shared_ptr<const figures::AttentionFigureInput> m_attention;
    std::map<std::string, std::unique_ptr<figures::FigureData>> m_cache;  // by study + view
};

}  // namespace rope::widgets
