#include "VariantLibrary.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include "core/variants/VariantFile.h"

namespace rope::widgets {
namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

bool writeAll(const std::string& text, const QString& path, QString* error) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()) || !file.commit()) {
        *error = QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString());
        return false;
    }
    return true;
}

}  // namespace

QString VariantLibrary::folder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/variants");
}

QStringList VariantLibrary::loadOnce() {
    static const QStringList messages = [] {
        QStringList skipped;
        const QDir dir(folder());
        for (const QFileInfo& f : dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
            QString error;
            CustomVariant v;
            if (!importFile(f.filePath(), &v, &error)) {
                skipped << error;
                continue;
            }
            try {
                registerCustomVariant(v);
            } catch (const std::exception& e) {
                skipped << f.filePath() + QStringLiteral(": ") + qs(e.what());
            }
        }
        return skipped;
    }();
    return messages;
}

bool VariantLibrary::save(const CustomVariant& v, QString* error) {
    try {
        const CustomVariant checked = checkCustomVariant(v);
        if (const auto old = findCustomVariant(checked.name); old && !(*old == checked)) registerCustomVariant(checked);  // throws: names the conflict
        if (!QDir().mkpath(folder())) {
            *error = QStringLiteral("%1: cannot create the library folder").arg(folder());
            return false;
        }
        if (!writeAll(variantFileText(checked), folder() + QStringLiteral("/") + qs(checked.name) + QStringLiteral(".json"), error))
            return false;
        registerCustomVariant(checked);
        return true;
    } catch (const std::exception& e) {
        *error = qs(e.what());
        return false;
    }
}

bool VariantLibrary::exportFile(const CustomVariant& v, const QString& path, QString* error) {
    try {
        return writeAll(variantFileText(v), path, error);
    } catch (const std::exception& e) {
        *error = qs(e.what());
        return false;
    }
}

bool VariantLibrary::importFile(const QString& path, CustomVariant* out, QString* error) {
    const QFileInfo info(path);
    if (!info.isFile()) {
        *error = QStringLiteral("%1: not a regular file; choose a variant file (.json)").arg(path);
        return false;
    }
    if (static_cast<size_t>(info.size()) > kMaxVariantFileBytes) {
        *error = QStringLiteral("%1: %2 bytes is over the %3 KiB a variant file may have").arg(path).arg(info.size()).arg(kMaxVariantFileBytes >> 10);
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot open (%2)").arg(path, file.errorString());
        return false;
    }
    const QByteArray bytes = file.read(static_cast<qint64>(kMaxVariantFileBytes) + 1);
    try {
        *out = readVariantFile(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())), path.toStdString());
        return true;
    } catch (const std::exception& e) {
        *error = qs(e.what());
        return false;
    }
}

}  // namespace rope::widgets
