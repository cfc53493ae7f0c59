#include "VariantPicker.h"

#include <QComboBox>
#include <QStandardItemModel>

#include "core/variants/UserVariants.h"
#include "core/variants/Variant.h"

namespace rope::widgets {
namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

void addHeader(QStandardItemModel* model, VariantGroup g) {
    auto* header = new QStandardItem(qs(variantGroupName(g)));
    header->setFlags(Qt::NoItemFlags);
    QFont f = header->font();
    f.setBold(true);
    header->setFont(f);
    model->appendRow(header);
}

void addItem(QStandardItemModel* model, const VariantEntry& v) {
    auto* item = new QStandardItem(QStringLiteral("   ") + qs(v.displayName));
    item->setData(qs(v.name), Qt::UserRole);
    item->setToolTip(qs(v.summary));
    model->appendRow(item);
}

}  // namespace

void fillVariantPicker(QComboBox* combo, bool customs) {
    auto* model = new QStandardItemModel(combo);
    bool first = true;
    VariantGroup group = VariantGroup::Paper;
    for (const VariantEntry& v : variantRegistry()) {
        if (first || v.group != group) addHeader(model, v.group);
        first = false, group = v.group;
        addItem(model, v);
    }
    const std::vector<CustomVariant> mine = customs ? customVariants() : std::vector<CustomVariant>{};
    if (!mine.empty()) addHeader(model, VariantGroup::User);
    for (const CustomVariant& c : mine)
        if (const VariantEntry* e = findVariant(c.name)) addItem(model, *e);
    combo->setModel(model);  // deletes the previous model, which the combo owns
}

}  // namespace rope::widgets
