#include "ComposeVariantDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QScrollArea>
#include <QVBoxLayout>

#include "VariantLibrary.h"
#include "VariantPicker.h"
#include "core/Errors.h"
#include "core/ParamSchema.h"
#include "core/Properties.h"
#include "core/TextFormat.h"
#include "core/text/TextParse.h"
#include "core/variants/Variant.h"

namespace rope::widgets {
namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }
std::string ss(const QString& s) { return s.trimmed().toStdString(); }

/// A free name for a variant derived from `base`: "videorope-custom", then "videorope-custom-2", …
QString suggestedName(const std::string& base) {
    const std::string stem = (base.size() > 30 ? base.substr(0, 30) : base) + "-custom";
    std::string name = stem;
    for (int k = 2; findVariant(name) && k < 1000; ++k) name = stem + "-" + std::to_string(k);
    return qs(name);
}

/// The name used to preview a combination's Table 1 row without registering it.
constexpr const char* kPreviewName = "composer-preview";

}  // namespace

ComposeVariantDialog::ComposeVariantDialog(const Params& column, QWidget* parent)
    : QDialog(parent), m_column(column), m_derive(new QComboBox), m_design(new QComboBox), m_allocation(new QComboBox),
      m_options(new QFormLayout), m_name(new QLineEdit), m_label(new QLineEdit), m_theta(new QLineEdit),
      m_headDim(new QLineEdit), m_share(new QLineEdit), m_sections(new QLineEdit), m_pairs(new QComboBox),
      m_table1(new QLabel), m_status(new QLabel), m_save(new QPushButton(QStringLiteral("Save to library"))),
      m_use(new QPushButton(QStringLiteral("Use in column"))), m_export(new QPushButton(QStringLiteral("Export file…"))) {
    setWindowTitle(QStringLiteral("Compose variant"));
    setObjectName(QStringLiteral("composeVariantDialog"));
    m_derive->setObjectName(QStringLiteral("deriveFrom"));
    m_design->setObjectName(QStringLiteral("design"));
    m_allocation->setObjectName(QStringLiteral("allocation"));
    m_name->setObjectName(QStringLiteral("variantName"));
    m_save->setObjectName(QStringLiteral("saveToLibrary"));
    m_use->setObjectName(QStringLiteral("useInColumn"));
    fillVariantPicker(m_derive);
    m_derive->setToolTip(QStringLiteral("Fill every field from this variant (the column's variant at its current options)"));
    for (const DesignDecl& d : designCatalogue()) {
        m_design->addItem(qs(d.label), qs(d.name));
        m_design->setItemData(m_design->count() - 1, qs(d.summary + " Axes: " + joinText(d.axes, ", ")), Qt::ToolTipRole);
    }
    for (const AllocationDecl& a : allocationCatalogue()) {
        m_allocation->addItem(qs(a.label), qs(a.name));
        m_allocation->setItemData(m_allocation->count() - 1, qs(a.summary), Qt::ToolTipRole);
    }
    m_pairs->addItem(QStringLiteral("rotate-half (c, c + R/2)"), QStringLiteral("half"));
    m_pairs->addItem(QStringLiteral("adjacent (2c, 2c + 1)"), QStringLiteral("adjacent"));
    m_name->setPlaceholderText(QStringLiteral("lowercase, e.g. videorope-nope"));
    m_label->setPlaceholderText(QStringLiteral("optional, shown in the picker"));
    m_sections->setPlaceholderText(QStringLiteral("T,H,W"));
    m_table1->setWordWrap(true);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("composerStatus"));

    auto* top = new QFormLayout;
    top->addRow(QStringLiteral("Derive from"), m_derive);
    top->addRow(QStringLiteral("Position design"), m_design);
    top->addRow(QStringLiteral("Frequency allocation"), m_allocation);
    auto* optionsBox = new QGroupBox(QStringLiteral("Options"));
    optionsBox->setLayout(m_options);
    auto* scroll = new QScrollArea;
    scroll->setWidget(optionsBox);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* naming = new QGroupBox(QStringLiteral("Name and natural geometry"));
    auto* form = new QFormLayout(naming);
    form->addRow(QStringLiteral("Name"), m_name);
    form->addRow(QStringLiteral("Label"), m_label);
    auto* geometry = new QHBoxLayout;
    geometry->addWidget(new QLabel(QStringLiteral("θ")));
    geometry->addWidget(m_theta, 2);
    geometry->addWidget(new QLabel(QStringLiteral("head_dim")));
    geometry->addWidget(m_headDim, 1);
    geometry->addWidget(new QLabel(QStringLiteral("rotary share")));
    geometry->addWidget(m_share, 1);
    form->addRow(QStringLiteral("Geometry"), geometry);
    form->addRow(QStringLiteral("Sections t,h,w"), m_sections);
    form->addRow(QStringLiteral("Pair layout"), m_pairs);
    auto* buttons = new QDialogButtonBox;
    auto* import = new QPushButton(QStringLiteral("Import file…"));
    buttons->addButton(import, QDialogButtonBox::ActionRole);
    buttons->addButton(m_export, QDialogButtonBox::ActionRole);
    buttons->addButton(m_use, QDialogButtonBox::ApplyRole);
    buttons->addButton(m_save, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(scroll, 1);
    layout->addWidget(naming);
    layout->addWidget(m_table1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(620, 700);

    connect(m_derive, &QComboBox::activated, this, [this](int) { deriveFrom(m_derive->currentData().toString()); });
    for (QComboBox* c : {m_design, m_allocation})
        connect(c, &QComboBox::currentIndexChanged, this, [this](int) {
            if (m_loading) return;
            buildOptionEditors();
            refreshStatus();
        });
    for (QLineEdit* e : {m_name, m_label, m_theta, m_headDim, m_share, m_sections})
        connect(e, &QLineEdit::textEdited, this, [this] { refreshStatus(); });
    connect(m_pairs, &QComboBox::currentIndexChanged, this, [this](int) { refreshStatus(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_save, &QPushButton::clicked, this, [this] { registerCurrent(true); });
    connect(m_use, &QPushButton::clicked, this, [this] { registerCurrent(false); });
    connect(m_export, &QPushButton::clicked, this, &ComposeVariantDialog::exportFile);
    connect(import, &QPushButton::clicked, this, &ComposeVariantDialog::importFile);
    m_derive->setCurrentIndex(m_derive->findData(qs(column.variant)));
    deriveFrom(qs(column.variant));
}

void ComposeVariantDialog::deriveFrom(const QString& name) {
    try {
        const std::string variant = name.toStdString();
        Params p = variant == m_column.variant ? m_column : paramsFor(variant);
        const QString typed = m_name->text();
        const bool suggested = typed.isEmpty() || typed == m_suggested;  // the user's own name stays
        if (suggested) m_suggested = suggestedName(variant);
        CustomVariant v = deriveCustomVariant(p, suggested ? m_suggested.toStdString() : ss(typed));
        if (v.derivedFrom.empty()) v.derivedFrom = variant;
        setVariant(v);
    } catch (const std::exception& e) {
        m_status->setText(qs(e.what()));
    }
}

void ComposeVariantDialog::setVariant(const CustomVariant& v) {
    {
        const QScopedValueRollback<bool> guard(m_loading, true);
        m_derivedFrom = v.derivedFrom;
        m_values = v.composition.values;
        m_design->setCurrentIndex(m_design->findData(qs(v.composition.design)));
        m_allocation->setCurrentIndex(m_allocation->findData(qs(v.composition.allocation)));
        m_name->setText(qs(v.name));
        m_label->setText(qs(v.displayName));
        m_theta->setText(qs(formatNumber(v.theta)));
        m_headDim->setText(QString::number(v.headDim));
        m_share->setText(qs(formatNumber(v.rotaryShare)));
        m_sections->setText(QStringLiteral("%1,%2,%3").arg(v.sections[0]).arg(v.sections[1]).arg(v.sections[2]));
        m_pairs->setCurrentIndex(v.composition.pairLayout == PairLayout::Adjacent ? 1 : 0);
    }
    buildOptionEditors();
    refreshStatus();
}

void ComposeVariantDialog::buildOptionEditors() {
    while (m_options->rowCount() > 0) m_options->removeRow(0);
    Composition c{ss(m_design->currentData().toString()), ss(m_allocation->currentData().toString()), {}};
    const std::vector<VariantOption> decls = compositionOptions(c);
    for (const VariantOption& o : decls) {
        // A value typed for an option of the same name in the previous design or allocation carries
        // over ("temporal_band" from section-bands to zero-temporal-band).
        if (!m_values.count(o.key)) {
            const std::string suffix = o.key.substr(o.key.find('.'));
            for (const auto& [key, value] : std::map<std::string, std::string>(m_values))
                if (key.size() > suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0) {
                    try {
                        m_values[o.key] = checkOptionValue(o, value);
                    } catch (const InvalidParameter&) {
                    }
                    break;
                }
        }
        const std::string value = m_values.count(o.key) ? m_values[o.key] : o.defaultValue;
        m_values[o.key] = value;
        QWidget* editor = nullptr;
        if (!o.choices.empty()) {
            auto* combo = new QComboBox;
            for (size_t i = 0; i < o.choices.size(); ++i)
                combo->addItem(qs(i < o.choiceLabels.size() ? o.choiceLabels[i] : o.choices[i]), qs(o.choices[i]));
            combo->setCurrentIndex(std::max(0, combo->findData(qs(value))));
            connect(combo, &QComboBox::currentIndexChanged, this, [this, combo, key = o.key](int) {
                m_values[key] = ss(combo->currentData().toString());
                refreshStatus();
            });
            editor = combo;
        } else {
            auto* line = new QLineEdit(qs(value));
            if (!o.specialValues.empty()) line->setPlaceholderText(QStringLiteral("a number, or ") + qs(joinText(o.specialValues, ", ")));
            connect(line, &QLineEdit::textEdited, this, [this, key = o.key](const QString& t) {
                m_values[key] = ss(t);
                refreshStatus();
            });
            editor = line;
        }
        editor->setObjectName(qs(o.key));
        editor->setToolTip(qs(o.help + "\n\nKey: " + o.key + "   Default: " + o.defaultValue));
        auto* label = new QLabel(qs(o.label));
        label->setToolTip(editor->toolTip());
        m_options->addRow(label, editor);
    }
    if (decls.empty()) m_options->addRow(new QLabel(QStringLiteral("This design and allocation have no options.")));
}

CustomVariant ComposeVariantDialog::current() const {
    CustomVariant v;
    v.name = ss(m_name->text());
    v.displayName = ss(m_label->text());
    v.derivedFrom = m_derivedFrom;
    v.composition.design = ss(m_design->currentData().toString());
    v.composition.allocation = ss(m_allocation->currentData().toString());
    for (const VariantOption& o : compositionOptions(v.composition))
        if (m_values.count(o.key)) v.composition.values[o.key] = m_values.at(o.key);
    v.composition.pairLayout = m_pairs->currentData().toString() == QLatin1String("adjacent") ? PairLayout::Adjacent : PairLayout::Half;
    double theta = 0, share = 0;
    int64_t headDim = 0;
    v.theta = parseFinite(ss(m_theta->text()), theta) ? theta : 0;
    v.headDim = parseWhole(ss(m_headDim->text()), headDim) && headDim > 0 && headDim < 100000 ? static_cast<int>(headDim) : 0;
    v.rotaryShare = parseFinite(ss(m_share->text()), share) ? share : 0;
    const QStringList parts = m_sections->text().split(QLatin1Char(','));
    for (int i = 0; i < 3; ++i) {
        int64_t n = -1;
        v.sections[static_cast<size_t>(i)] = parts.size() == 3 && parseWhole(ss(parts[i]), n) && n >= -1 && n < 100000 ? static_cast<int>(n) : -1;
    }
    return v;
}

QString ComposeVariantDialog::problem() const {
    try {
        const CustomVariant v = checkCustomVariant(current());
        if (const auto old = findCustomVariant(v.name); old && !(*old == v))
            return QStringLiteral("The name %1 is in use in this session for another variant; choose a new name.").arg(qs(v.name));
        return {};
    } catch (const std::exception& e) {
        return qs(e.what());
    }
}

void ComposeVariantDialog::refreshStatus() {
    if (m_loading) return;
    const QString why = problem();
    m_status->setText(why.isEmpty() ? QStringLiteral("<span style='color:#1e7b34'>Valid combination.</span>")
                                    : QStringLiteral("<span style='color:#c0392b'>%1</span>").arg(why.toHtmlEscaped()));
    m_save->setEnabled(why.isEmpty());
    m_use->setEnabled(why.isEmpty());
    m_export->setEnabled(why.isEmpty());
    QString table = QStringLiteral("<b>Table 1</b> (derived): ");
    try {
        CustomVariant preview = current();
        preview.name = kPreviewName;
        const PendingCustomVariants pending({preview});  // this thread only, never registered
        const Properties props = deriveProperties(paramsFor(kPreviewName));
        QStringList cells;
        for (Property p : {Property::Structure, Property::FrequencyAllocation, Property::SpatialSymmetry, Property::TemporalScaling})
            cells << (props[p].holds ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + qs(propertyTitle(p));
        table += cells.join(QStringLiteral(" · "));
        m_table1->setToolTip(qs(propertyProbeRule()));
    } catch (const std::exception&) {
        table += QStringLiteral("—");
    }
    m_table1->setText(table);
}

bool ComposeVariantDialog::registerCurrent(bool toLibrary) {
    const CustomVariant v = current();
    QString error;
    if (toLibrary) {
        if (!VariantLibrary::save(v, &error)) {
            m_status->setText(error);
            return false;
        }
    } else {
        try {
            registerCustomVariant(v);
        } catch (const std::exception& e) {
            m_status->setText(qs(e.what()));
            return false;
        }
    }
    Q_EMIT variantReady(qs(v.name));
    accept();
    return true;
}

void ComposeVariantDialog::exportFile() {
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export variant file"), m_name->text() + QStringLiteral(".json"),
                                                      QStringLiteral("Variant files (*.json)"));
    if (path.isEmpty()) return;
    QString error;
    if (!VariantLibrary::exportFile(current(), path, &error)) QMessageBox::warning(this, QStringLiteral("Export variant"), error);
}

void ComposeVariantDialog::importFile() {
    const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Import variant file"), QString(),
                                                      QStringLiteral("Variant files (*.json)"));
    if (path.isEmpty()) return;
    CustomVariant v;
    QString error;
    if (!VariantLibrary::importFile(path, &v, &error)) {
        QMessageBox::warning(this, QStringLiteral("Import variant"), error);  // nothing changes
        return;
    }
    setVariant(v);
}

}  // namespace rope::widgets
