#include "formats/OutputTransaction.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/Errors.h"

namespace rope {

namespace fs = std::filesystem;

namespace {

/// Errors of the machine rather than of the path the user gave.
bool isWriteFailure(int err) { return err == ENOSPC || err == EDQUOT || err == EIO || err == EFBIG || err == EROFS; }

[[noreturn]] void fail(const std::string& message, int err) {
    if (isWriteFailure(err)) throw WriteFailed(message);
    throw BadFile(message);
}

}  // namespace

void writeWholeFile(const std::string& path, std::string_view bytes) {
    std::ofstream f;
    errno = 0;
    f.open(path, std::ios::binary | std::ios::trunc);
    if (!f) fail("cannot write " + path + ": " + std::strerror(errno), errno);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    f.flush();
    const int writeErrno = errno;
    const bool written = f.good();
    f.close();  // a buffered tail that did not fit is reported here, not by write()
    if (!written || !f)  // the path opened: whatever failed now is the machine's (disk full, I/O)
        throw WriteFailed("cannot write " + path + " (" + std::to_string(bytes.size()) + " bytes): " +
                          std::strerror(writeErrno ? writeErrno : errno) + " (disk full?)");
}

OutputTransaction::~OutputTransaction() { rollback(); }

void OutputTransaction::createDirectories(const fs::path& dir) {
    if (dir.empty()) return;
    std::vector<fs::path> missing;  // deepest first
    std::error_code ec;
    for (fs::path d = dir; !d.empty() && !fs::exists(d, ec); d = d.parent_path()) {
        missing.push_back(d);
        if (d == d.parent_path()) break;
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
        if (!fs::create_directory(*it, ec) && ec)
            fail("cannot create the output directory " + it->string() + ": " + ec.message(), ec.value());
        m_createdDirs.push_back(*it);
    }
    if (!fs::is_directory(dir, ec)) throw BadFile("cannot write into " + dir.string() + ": it is not a directory");
}

fs::path OutputTransaction::addEntry(const fs::path& final) {
    if (final.filename().empty()) throw BadFile("cannot write " + final.string() + ": it names a directory, not a file");
    for (const Entry& e : m_entries)
        if (e.final == final) throw BadFile("cannot write " + final.string() + " twice in one run");
    createDirectories(final.parent_path());
    Entry e;
    e.final = final;
    std::string tempName = ".";
    tempName += final.filename().string();
    tempName += ".part-";
    tempName += std::to_string(getpid());
    tempName += '-';
    tempName += std::to_string(m_counter++);
    e.temp = final.parent_path() / tempName;
    m_entries.push_back(e);
    return e.temp;
}

void OutputTransaction::write(const fs::path& final, std::string_view bytes) {
    const fs::path temp = addEntry(final);
    try {
        writeWholeFile(temp.string(), bytes);
    } catch (const WriteFailed& e) {
        throw WriteFailed("cannot write " + final.string() + ": " + e.what());
    } catch (const BadFile& e) {
        throw BadFile("cannot write " + final.string() + ": " + e.what());
    }
}

std::string OutputTransaction::reserve(const fs::path& final) { return addEntry(final).string(); }

std::vector<fs::path> OutputTransaction::finals() const {
    std::vector<fs::path> out;
    for (const Entry& e : m_entries) out.push_back(e.final);
    return out;
}

void OutputTransaction::commit() {
    std::error_code ec;
    for (const Entry& e : m_entries)
        if (!fs::is_regular_file(e.temp, ec)) {
            // The message first: rollback() clears m_entries, and `e` with it (ASan: use after free).
            const std::string message = "cannot write " + e.final.string() + ": its writer produced no file";
            rollback();
            throw WriteFailed(message);
        }
    // Each final that already holds a file is moved aside first, so a failure can put it back.
    std::string failure;
    bool machineFailure = false;  // a rename that failed (I/O) rather than a directory in the way
    for (Entry& e : m_entries) {
        if (fs::exists(fs::symlink_status(e.final, ec))) {
            if (fs::is_directory(e.final, ec)) {
                failure = "cannot replace " + e.final.string() + ": it is a directory";
                break;
            }
            e.backup = e.temp;
            e.backup.replace_filename(e.temp.filename().string() + ".old");
            fs::rename(e.final, e.backup, ec);
            if (ec) {
                e.backup.clear();
                failure = "cannot replace " + e.final.string() + ": " + ec.message();
                machineFailure = true;
                break;
            }
        }
        fs::rename(e.temp, e.final, ec);
        if (ec) {
            failure = "cannot rename " + e.temp.string() + " to " + e.final.string() + ": " + ec.message();
            machineFailure = true;
            break;
        }
        e.renamed = true;
    }
    if (!failure.empty()) {
        rollback();
        if (machineFailure) throw WriteFailed(failure);
        throw BadFile(failure);
    }
    for (Entry& e : m_entries)
        if (!e.backup.empty()) fs::remove(e.backup, ec);
    m_entries.clear();
    m_createdDirs.clear();
}

void OutputTransaction::rollback() {
    std::error_code ec;
    for (Entry& e : m_entries) {
        if (e.renamed) fs::remove(e.final, ec);  // the run's file, already in place
        else fs::remove(e.temp, ec);
        if (!e.backup.empty()) fs::rename(e.backup, e.final, ec);  // what was there before the run
    }
    m_entries.clear();
    removeCreatedDirectories();
}

void OutputTransaction::removeCreatedDirectories() {
    std::error_code ec;
    for (auto it = m_createdDirs.rbegin(); it != m_createdDirs.rend(); ++it) fs::remove(*it, ec);  // only if empty
    m_createdDirs.clear();
}

}  // namespace rope
