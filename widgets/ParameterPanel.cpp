#include "ParameterPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QMessageBox>
#include <QStandardItemModel>
#include <QStyle>
#include <QToolButton>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QScopedValueRollback>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "ComposeVariantDialog.h"
#include "PropertiesTable.h"
#include "core/ColumnTitle.h"
#include "VariantLibrary.h"
#include "VariantPicker.h"
#include "core/variants/UserVariants.h"
#include "core/ParamSchema.h"
#include "core/variants/Variant.h"

namespace rope::widgets {
namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

QString tooltipOf(const ParamSpec& spec) {
    QString tip = qs(spec.help) + QStringLiteral("\n\nKey: ") + qs(spec.key);
    if (!spec.cliFlag.empty()) tip += QStringLiteral("   CLI: ") + qs(spec.cliFlag);
    return tip + QStringLiteral("   Default: ") + qs(defaultValue(spec));
}

int decimalsFor(double step) { return step >= 1 || step <= 0 ? 0 : static_cast<int>(std::ceil(-std::log10(step))); }

}  // namespace

bool ParameterPanel::vniahParams(const ParamSpec& spec) {
    return spec.key.rfind("vniah.", 0) == 0 && spec.key != "vniah.task";  // the panel runs both tasks
}
bool ParameterPanel::teachingParams(const ParamSpec& spec) {
    return spec.key.rfind("vniah.", 0) != 0 && spec.key.rfind("attention.", 0) != 0;  // the attention tab edits attention.*
}

ParameterPanel::ParameterPanel(QWidget* parent, Filter filter)
    : QWidget(parent), m_columns(new QComboBox), m_remove(new QPushButton), m_filter(std::move(filter)) {
    auto* studyBox = new QGroupBox(QStringLiteral("Study (all columns)"));
    auto* studyForm = new QFormLayout(studyBox);
    auto* columnBox = new QGroupBox(QStringLiteral("Variant column"));
    auto* columnLayout = new QVBoxLayout(columnBox);
    auto* tabs = new QHBoxLayout;
    auto* add = new QPushButton(QStringLiteral("Add"));
    add->setObjectName(QStringLiteral("add-column"));
    m_remove->setObjectName(QStringLiteral("remove-column"));
    m_columns->setObjectName(QStringLiteral("column-selector"));
    add->setToolTip(QStringLiteral("Add a variant column (up to %1)").arg(kMaxColumns));
    m_remove->setText(QStringLiteral("Remove"));
    m_remove->setToolTip(QStringLiteral("Remove the selected column"));
    m_columns->setToolTip(QStringLiteral("The variant column whose options are shown below"));
    // The panel lives in a ~340 px dock: combos shrink to a short name (full title as tooltip) so
    // the Add / Remove buttons keep their full text whatever the columns are called.
    m_columns->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_columns->setMinimumContentsLength(12);
    tabs->addWidget(new QLabel(QStringLiteral("Column")));
    tabs->addWidget(m_columns, 1);
    auto* buttons = new QHBoxLayout;  // a row of their own: never squeezed by a long column name
    buttons->addStretch(1);
    buttons->addWidget(add);
    buttons->addWidget(m_remove);
    for (QPushButton* b : {add, m_remove}) b->setMinimumWidth(b->sizeHint().width());
    auto* columnForm = new QFormLayout;
    columnLayout->addLayout(tabs);
    columnLayout->addLayout(buttons);
    columnLayout->addLayout(columnForm);
    bool anyColumnParam = false;
    for (const ParamSpec& spec : paramSchema()) {
        if (!m_filter(spec)) continue;
        addEditor(spec.scope == ParamScope::Study ? studyForm : columnForm, spec);
        anyColumnParam = anyColumnParam || spec.scope == ParamScope::Column;
    }
    columnBox->setVisible(anyColumnParam);
    if (!anyColumnParam) studyBox->setTitle(QStringLiteral("Settings"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(studyBox);
    layout->addWidget(columnBox);
    layout->addStretch(1);
    connect(add, &QPushButton::clicked, this, &ParameterPanel::addColumnRequested);
    connect(m_remove, &QPushButton::clicked, this, [this] { Q_EMIT removeColumnRequested(currentColumn()); });
    connect(m_columns, &QComboBox::currentIndexChanged, this, [this](int c) {
        if (m_updating) return;
        refresh();
        Q_EMIT currentColumnChanged(c);
    });
}

int ParameterPanel::currentColumn() const { return std::max(0, m_columns->currentIndex()); }

void ParameterPanel::addEditor(QFormLayout* form, const ParamSpec& spec) {
    Editor e;
    switch (spec.type) {
        case ParamType::Enum: e.widget = makeEnumEditor(spec, e); break;
        case ParamType::Real: e.widget = makeRealEditor(spec, e); break;
        case ParamType::Integer: e.widget = makeIntegerEditor(spec, e); break;
        case ParamType::Bool: e.widget = makeBoolEditor(spec, e); break;
        default: e.widget = makeTextEditor(spec, e); break;
    }
    e.widget->setToolTip(tooltipOf(spec));
    e.widget->setObjectName(qs("param:" + spec.key));  // tests and xdotool scripts find editors by key
    auto* label = new QLabel(qs(spec.label));
    label->setToolTip(tooltipOf(spec));
    label->setWordWrap(true);  // "Extrapolation factor s" takes two lines instead of widening the dock
    e.label = label;
    form->addRow(label, e.widget);
    m_editors[spec.key] = e;
}

QWidget* ParameterPanel::makeEnumEditor(const ParamSpec& spec, Editor& e) {
    auto* combo = new QComboBox;
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);  // long labels: popup shows all
    combo->setMinimumContentsLength(10);
    if (spec.key == "variant") return makeVariantPicker(combo, e);
    for (size_t i = 0; i < spec.choices.size(); ++i)
        combo->addItem(qs(i < spec.choiceLabels.size() ? spec.choiceLabels[i] : spec.choices[i]), qs(spec.choices[i]));
    connect(combo, &QComboBox::currentIndexChanged, this,
            [this, combo, key = spec.key](int) { edited(key, combo->currentData().toString()); });
    e.load = [combo](const QString& v) { combo->setCurrentIndex(combo->findData(v)); };
    return combo;
}

QWidget* ParameterPanel::makeVariantPicker(QComboBox* combo, Editor& e) {
    // Grouped as the registry groups them (Paper variants / Deployed models / Research), then "My
    // variants": the per-user library, loaded once, and every custom variant registered since.
    for (const QString& skipped : VariantLibrary::loadOnce()) qWarning("variant library: %s", qPrintable(skipped));
    fillVariantPicker(combo);
    auto* info = new QToolButton;
    info->setIcon(style()->standardIcon(QStyle::SP_MessageBoxInformation));  // DejaVu has no ⓘ glyph
    info->setText(QStringLiteral("Info"));
    info->setToolTip(QStringLiteral("Reference and documented disagreements of this variant"));
    connect(info, &QToolButton::clicked, this, [this, combo] {
        const VariantEntry* v = findVariant(combo->currentData().toString().toStdString());
        if (v) showVariantInfo(*v);
    });
    auto* compose = new QToolButton;
    compose->setObjectName(QStringLiteral("composeVariant"));
    compose->setText(QStringLiteral("Compose…"));
    compose->setToolTip(QStringLiteral("Compose a custom variant from a position design and a frequency allocation, "
                                       "derived from this column's variant"));
    connect(compose, &QToolButton::clicked, this, [this] {
        ComposeVariantDialog dialog(m_study.columns.at(static_cast<size_t>(currentColumn())), this);
        connect(&dialog, &ComposeVariantDialog::variantReady, this,
                [this](const QString& name) { Q_EMIT paramEdited(QStringLiteral("variant"), name, currentColumn()); });
        dialog.exec();
    });
    connect(combo, &QComboBox::currentIndexChanged, this,
            [this, combo](int) { edited("variant", combo->currentData().toString()); });
    // Custom variants registered since the list was filled (composer, study file) join it on load.
    e.load = [combo, listed = std::make_shared<size_t>(customVariants().size())](const QString& v) {
        if (customVariants().size() != *listed) {
            fillVariantPicker(combo);
            *listed = customVariants().size();
        }
        combo->setCurrentIndex(combo->findData(v));
    };
    // Picker and Info on one line, Compose… under them: the three side by side are wider than the
    // ~340 px dock and pushed the column buttons out of view.
    auto* box = new QWidget;
    auto* lines = new QVBoxLayout(box);
    lines->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    row->addWidget(combo, 1);
    row->addWidget(info);
    auto* under = new QHBoxLayout;
    under->addStretch(1);
    under->addWidget(compose);
    lines->addLayout(row);
    lines->addLayout(under);
    return box;
}

void ParameterPanel::showVariantInfo(const VariantEntry& v) {
    QString text = QStringLiteral("<b>%1</b> (<code>%2</code>) — %3<br><br>").arg(qs(v.displayName), qs(v.name), qs(v.summary));
    text += QStringLiteral("<b>Design:</b> %1; <b>allocation:</b> %2<br>").arg(qs(v.design), qs(v.allocation));
    text += QStringLiteral("<b>Reference:</b> %1 <code>%2</code> %3 (spec: %4)<br>")
                .arg(qs(v.reference.repo), qs(v.reference.file), qs(v.reference.function), qs(v.reference.spec));
    if (!v.disagreements.empty()) {
        text += QStringLiteral("<br><b>Where implementations disagree:</b><ul>");
        for (const std::string& d : v.disagreements) text += QStringLiteral("<li>%1</li>").arg(qs(d).toHtmlEscaped());
        text += QStringLiteral("</ul>");
    }
    QMessageBox box(QMessageBox::Information, qs(v.displayName), text, QMessageBox::Close, this);
    box.setTextFormat(Qt::RichText);
    box.exec();
}

QWidget* ParameterPanel::makeRealEditor(const ParamSpec& spec, Editor& e) {
    auto* box = new QWidget;
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    auto* spin = new QDoubleSpinBox;
    spin->setDecimals(decimalsFor(spec.step));  // θ (step 0) and budgets: whole numbers
    spin->setRange(spec.minExclusive ? spec.min + (spec.step > 0 ? spec.step : 1) : spec.min, spec.max);
    spin->setSingleStep(spec.step > 0 ? spec.step : 1);
    spin->setKeyboardTracking(false);
    row->addWidget(spin, 1);
    QSlider* slider = nullptr;
    if (spec.sliderMax > 0 && spec.step > 0) {  // δ: drag it and watch every view
        slider = new QSlider(Qt::Horizontal);
        slider->setRange(1, static_cast<int>(spec.sliderMax / spec.step));
        row->insertWidget(0, slider, 2);
        connect(slider, &QSlider::sliderPressed, this, &ParameterPanel::dragStarted);
        connect(slider, &QSlider::sliderReleased, this, &ParameterPanel::dragFinished);
        connect(slider, &QSlider::valueChanged, this, [this, spec, slider](int v) {
            edited(spec.key, QString::number(v * spec.step, 'g', 6));
        });
    }
    connect(spin, &QDoubleSpinBox::valueChanged, this,
            [this, key = spec.key](double v) { edited(key, QString::number(v, 'g', 12)); });
    e.load = [spin, slider, step = spec.step](const QString& v) {
        spin->setValue(v.toDouble());
        if (slider) slider->setValue(static_cast<int>(std::lround(v.toDouble() / step)));
    };
    return box;
}

QWidget* ParameterPanel::makeIntegerEditor(const ParamSpec& spec, Editor& e) {
    auto* spin = new QSpinBox;
    constexpr double kIntMax = std::numeric_limits<int>::max();  // a spin box holds an int
    spin->setRange(static_cast<int>(std::clamp(spec.min, -kIntMax, kIntMax)), static_cast<int>(std::clamp(spec.max, -kIntMax, kIntMax)));
    spin->setSingleStep(static_cast<int>(spec.step));
    spin->setKeyboardTracking(false);
    connect(spin, &QSpinBox::valueChanged, this, [this, key = spec.key](int v) { edited(key, QString::number(v)); });
    e.load = [spin](const QString& v) { spin->setValue(v.toInt()); };
    return spin;
}

QWidget* ParameterPanel::makeTextEditor(const ParamSpec& spec, Editor& e) {
    auto* line = new QLineEdit;
    if (spec.type == ParamType::SequenceText) line->setPlaceholderText(QStringLiteral("text:8,video:8x6x8,text:8"));
    connect(line, &QLineEdit::editingFinished, this, [this, line, key = spec.key] { edited(key, line->text().trimmed()); });
    // A refused value typed back to the study's value (by hand or with the line's own Ctrl+Z) is
    // valid again at once, before Return.
    connect(line, &QLineEdit::textChanged, this, [this, key = spec.key](const QString& text) {
        if (m_updating || !m_errorKeys.count(key) || m_study.columns.empty()) return;
        const Params& shown = m_study.columns.at(static_cast<size_t>(currentColumn()));
        if (qs(requireParam(key).get(shown)) == text.trimmed()) clearEditError(key);
    });
    e.load = [line](const QString& v) { line->setText(v); };
    return line;
}

QWidget* ParameterPanel::makeBoolEditor(const ParamSpec& spec, Editor& e) {
    auto* check = new QCheckBox;
    connect(check, &QCheckBox::toggled, this,
            [this, key = spec.key](bool on) { edited(key, on ? QStringLiteral("on") : QStringLiteral("off")); });
    e.load = [check](const QString& v) { check->setChecked(v == QLatin1String("on")); };
    return check;
}

void ParameterPanel::edited(const std::string& key, const QString& value) {
    if (m_updating) return;
    const ParamSpec& spec = requireParam(key);
    const Params& shown = m_study.columns.at(static_cast<size_t>(currentColumn()));
    if (qs(spec.get(shown)) == value) {  // e.g. the spin box echoing the slider, or a typo undone by hand
        clearEditError(key);
        return;
    }
    Q_EMIT paramEdited(qs(key), value, currentColumn());
}

void ParameterPanel::showStudy(const Study& study) {
    m_study = study;
    refresh();
}

void ParameterPanel::showEditError(const QString& key, const QString& message) {
    const auto it = m_editors.find(key.toStdString());
    if (it == m_editors.end()) return;
    it->second.widget->setStyleSheet(QStringLiteral("QLineEdit, QAbstractSpinBox, QComboBox { border: 2px solid #c0392b; }"));
    it->second.widget->setToolTip(message);
    m_errorKeys.insert(it->first);
}

void ParameterPanel::clearEditError(const std::string& key) {
    if (m_errorKeys.erase(key) == 0) return;
    Editor& e = m_editors[key];
    e.widget->setStyleSheet(QString());
    e.widget->setToolTip(tooltipOf(requireParam(key)));
    if (m_errorKeys.empty()) Q_EMIT editErrorsCleared();
}

void ParameterPanel::selectColumn(int column) {
    if (column < 0 || column >= m_columns->count() || column == m_columns->currentIndex()) return;
    m_columns->setCurrentIndex(column);  // refreshes the editors and emits currentColumnChanged
}

void ParameterPanel::refresh() {
    if (m_study.columns.empty()) return;
    const QScopedValueRollback<bool> guard(m_updating, true);
    const int keep = std::min(currentColumn(), static_cast<int>(m_study.columns.size()) - 1);
    m_columns->clear();
    for (size_t c = 0; c < m_study.columns.size(); ++c) {
        m_columns->addItem(QStringLiteral("%1 · %2").arg(c + 1).arg(qs(columnShortTitle(m_study.columns[c]))));
        m_columns->setItemData(static_cast<int>(c), qs(columnTitle(m_study.columns[c])), Qt::ToolTipRole);
    }
    m_columns->setCurrentIndex(keep);
    m_remove->setEnabled(m_study.columns.size() > 1);
    const Params& p = m_study.columns[static_cast<size_t>(keep)];
    const std::string variant = variantName(p.variant);
    const bool hadErrors = !m_errorKeys.empty();
    m_errorKeys.clear();  // every editor is reloaded from the study below
    for (const ParamSpec& spec : paramSchema()) {
        if (!m_filter(spec)) continue;
        Editor& e = m_editors[spec.key];
        e.load(qs(spec.get(p)));
        e.widget->setStyleSheet(QString());
        e.widget->setToolTip(tooltipOf(spec));
        const bool relevant = appliesTo(spec, variant);
        e.widget->setVisible(relevant);
        e.label->setVisible(relevant);
    }
    if (hadErrors) Q_EMIT editErrorsCleared();
}

}  // namespace rope::widgets
