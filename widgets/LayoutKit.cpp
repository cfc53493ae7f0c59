#include "LayoutKit.h"

#include <QLayout>
#include <QWidget>

namespace rope::widgets {

void discardLayoutItems(QLayout* layout) {
    while (QLayoutItem* item = layout->takeAt(0)) {
        if (QWidget* old = item->widget()) {
            old->hide();
            old->setParent(nullptr);
            old->deleteLater();
        }
        delete item;
    }
}

}  // namespace rope::widgets
