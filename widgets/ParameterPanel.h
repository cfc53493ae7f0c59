#pragma once
// The parameter panel, generated from the parameter schema (core/ParamSchema.h): one editor per
// spec, its range, step, choices and tooltip taken from the spec. "Study" parameters (sequence, θ,
// head_dim, sections) are edited once; "column" parameters (variant, δ, layout switches) for the
// column chosen in the column selector. Options that only matter for another variant are hidden.
//
// Binding goes both ways without echo: a user edit emits paramEdited(); the owner applies it and
// calls showStudy(), which refreshes every editor under an m_updating guard so no edit signal
// fires while values are being loaded.
#include <QWidget>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "core/ParamSchema.h"
#include "core/Study.h"
#include "core/variants/Variant.h"

class QComboBox;
class QFormLayout;
class QLabel;
class QPushButton;

namespace rope::widgets {

class ParameterPanel : public QWidget {
    Q_OBJECT
public:
    /// Which schema entries a panel edits.
    using Filter = std::function<bool(const ParamSpec&)>;
    /// Everything the teaching views use (all but the experiment's vniah.* settings).
    static bool teachingParams(const ParamSpec& spec);
    /// The V-NIAH experiment's settings only.
    static bool vniahParams(const ParamSpec& spec);

    explicit ParameterPanel(QWidget* parent = nullptr, Filter filter = teachingParams);
    void showStudy(const Study& study);
    /// Marks one editor as holding a refused value (red, message as tooltip) and keeps what the
    /// user typed, so a typo in a long sequence is fixed rather than retyped. Cleared by showStudy()
    /// and as soon as the editor holds a valid value again (editErrorsCleared() then fires).
    void showEditError(const QString& key, const QString& message);
    bool hasEditErrors() const { return !m_errorKeys.empty(); }
    int currentColumn() const;
    /// Shows column `column`'s options (e.g. the column just added) and emits currentColumnChanged.
    void selectColumn(int column);

Q_SIGNALS:
    void paramEdited(const QString& key, const QString& value, int column);
    void addColumnRequested();
    void removeColumnRequested(int column);
    void currentColumnChanged(int column);
    /// No editor holds a refused value any more.
    void editErrorsCleared();
    /// A slider is held / released: views may draw a lighter level of detail meanwhile.
    void dragStarted();
    void dragFinished();

private:
    struct Editor {
        QWidget* widget = nullptr;       ///< the row's field widget
        QWidget* label = nullptr;
        std::function<void(const QString&)> load;  ///< shows a value without emitting
    };
    void addEditor(QFormLayout* form, const ParamSpec& spec);
    QWidget* makeEnumEditor(const ParamSpec& spec, Editor& e);
    QWidget* makeVariantPicker(QComboBox* combo, Editor& e);
    void showVariantInfo(const VariantEntry& v);
    QWidget* makeRealEditor(const ParamSpec& spec, Editor& e);
    QWidget* makeIntegerEditor(const ParamSpec& spec, Editor& e);
    QWidget* makeTextEditor(const ParamSpec& spec, Editor& e);
    QWidget* makeBoolEditor(const ParamSpec& spec, Editor& e);
    void edited(const std::string& key, const QString& value);
    void refresh();
    void clearEditError(const std::string& key);

    QComboBox* m_columns;
    QPushButton* m_remove;
    std::map<std::string, Editor> m_editors;
    std::set<std::string> m_errorKeys;
    Filter m_filter;
    Study m_study;
    bool m_updating = false;
};

}  // namespace rope::widgets
