#pragma once
// All-or-nothing output of one command run. Every file of the run is first written to a temporary
// in its own target directory (".NAME.part-PID-N", so the final rename never crosses a file system)
// — flushed, closed and checked — and commit() renames them all at the end. If anything fails
// before or during the commit, every temporary is removed, files the commit had already replaced
// are put back, and directories the run created are removed: nothing of the run remains.
//
//   OutputTransaction out;
//   out.write(dir / "a.json", json);               // small files: bytes in memory
//   writeCapture(out.reserve(dir / "q.safetensors"), capture);   // large files: a writer with a path
//   ...                                             // any exception: the destructor rolls back
//   out.commit();                                   // the files appear together
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace rope {

/// Writes `bytes` to `path` (truncating), then flushes, closes and checks the stream. Throws
/// WriteFailed naming `path` when the machine failed (disk full, I/O error) and BadFile when the
/// path cannot be opened (no permission, missing folder). Not atomic by itself.
void writeWholeFile(const std::string& path, std::string_view bytes);

class OutputTransaction {
public:
    OutputTransaction() = default;
    ~OutputTransaction();  ///< rolls back unless commit() succeeded
    OutputTransaction(const OutputTransaction&) = delete;
    OutputTransaction& operator=(const OutputTransaction&) = delete;

    /// Writes `bytes` now to the temporary of `final` (creating final's directory if needed).
    /// Throws BadFile naming `final`.
    void write(const std::filesystem::path& final, std::string_view bytes);

    /// The temporary path a writer must create for `final` (its directory is created). commit()
    /// refuses if the writer did not create it. Throws BadFile.
    std::string reserve(const std::filesystem::path& final);

    /// Renames every temporary over its final path. On a failure the finals already replaced are
    /// restored, everything of the run is removed and BadFile is thrown.
    void commit();

    /// Removes every temporary and the (then empty) directories this transaction created.
    void rollback();

    /// The final paths, in the order they were added.
    std::vector<std::filesystem::path> finals() const;
    bool empty() const { return m_entries.empty(); }

private:
    struct Entry {
        std::filesystem::path temp, final, backup;  ///< backup: the file final held before, during commit()
        bool renamed = false;
    };
    std::filesystem::path addEntry(const std::filesystem::path& final);
    void createDirectories(const std::filesystem::path& dir);
    void removeCreatedDirectories();

    std::vector<Entry> m_entries;
    std::vector<std::filesystem::path> m_createdDirs;  ///< in creation order, parents first
    size_t m_counter = 0;
};

}  // namespace rope
