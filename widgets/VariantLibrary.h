#pragma once
// The per-user library of saved custom variants: one variant file (core/variants/VariantFile.h) per
// variant in <AppDataLocation>/variants/ (Linux: ~/.local/share/RoPEScope/RoPEScope/variants). Loading
// registers every valid file for the process (so it appears in the picker under "My variants");
// files that cannot be read are skipped and reported, never fatal. Writes are all-or-nothing
// (QSaveFile).
#include <QString>
#include <QStringList>

#include "core/variants/UserVariants.h"

namespace rope::widgets {

class VariantLibrary {
public:
    /// The library folder (not created).
    static QString folder();
    /// Registers every variant file in the folder once per process; returns one message per file
    /// skipped (empty when all loaded). Later calls return the first call's messages.
    static QStringList loadOnce();
    /// Checks, writes <folder>/<name>.json and registers v. False with *error on failure.
    static bool save(const CustomVariant& v, QString* error);
    /// Writes v as a variant file at `path` (all-or-nothing). False with *error on failure.
    static bool exportFile(const CustomVariant& v, const QString& path, QString* error);
    /// Reads a variant file (registers nothing). False with *error naming the file on failure.
    static bool importFile(const QString& path, CustomVariant* out, QString* error);
};

}  // namespace rope::widgets
