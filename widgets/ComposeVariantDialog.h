#pragma once
// "Compose variant…": a custom variant from a position design and a frequency allocation of the
// catalogue (core/variants/Catalogue.h) with their options, a name and natural geometry. "Derive
// from" fills every field from any variant at its current options (exact: the built-in's own
// composition); the Table 1 row of the combination is shown as the fields change. Save to library
// (VariantLibrary), Use in column, Export file…, Import file….
#include <QDialog>
#include <map>
#include <string>

#include "core/Params.h"
#include "core/variants/UserVariants.h"

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace rope::widgets {

class ComposeVariantDialog : public QDialog {
    Q_OBJECT
public:
    /// Starts derived from the column's variant at the column's option values.
    explicit ComposeVariantDialog(const Params& column, QWidget* parent = nullptr);
    /// The definition the fields describe (unchecked).
    CustomVariant current() const;
    /// Fills every field from a definition.
    void setVariant(const CustomVariant& v);
    /// Every field from variant `name` (the column's, at its options, or another at its defaults).
    void deriveFrom(const QString& name);
    /// Why the fields do not make a variant that can be saved, in one line; empty when they do.
    QString problem() const;

Q_SIGNALS:
    /// The variant is registered and may be picked (Save to library, Use in column).
    void variantReady(const QString& name);

private:
    void buildOptionEditors();
    void refreshStatus();
    bool registerCurrent(bool toLibrary);
    void exportFile();
    void importFile();

    Params m_column;
    std::string m_derivedFrom;
    QString m_suggested;  ///< the name the dialog proposed (replaced on the next derive)
    std::map<std::string, std::string> m_values;  ///< option key → text, kept across design changes
    QComboBox* m_derive;
    QComboBox* m_design;
    QComboBox* m_allocation;
    QFormLayout* m_options;
    QLineEdit* m_name;
    QLineEdit* m_label;
    QLineEdit* m_theta;
    QLineEdit* m_headDim;
    QLineEdit* m_share;
    QLineEdit* m_sections;
    QComboBox* m_pairs;
    QLabel* m_table1;
    QLabel* m_status;
    QPushButton* m_save;
    QPushButton* m_use;
    QPushButton* m_export;
    bool m_loading = false;
};

}  // namespace rope::widgets
