#include "core/ParamSchema.h"
#include "figures/views/Views.h"

namespace rope::figures {

QString columnTitle(const Params& p) {
    const QString name = QString::fromStdString(variantDisplayName(p.variant));
    QStringList extras;
    // A variant's own options are the column keys under its name ("videorope.delta").
    const std::string prefix = variantName(p.variant) + ".";
    for (const ParamSpec& s : paramSchema()) {
        if (s.scope != ParamScope::Column || s.key.rfind(prefix, 0) != 0) continue;
        const std::string v = s.get(p);
        if (s.key == "videorope.delta") extras << QStringLiteral("δ = %1").arg(QString::fromStdString(v));
        else if (v != defaultValue(s))
            extras << QStringLiteral("%1 = %2").arg(QString::fromStdString(s.key.substr(s.key.find('.') + 1)),
                                                    QString::fromStdString(v));
    }
    return extras.isEmpty() ? name : name + QStringLiteral(" (") + extras.join(QStringLiteral(", ")) + QStringLiteral(")");
}

}  // namespace rope::figures
