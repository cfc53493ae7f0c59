#pragma once
// Helpers for subcommands that run for seconds or minutes (vniah, vniah-ablation):
//   InterruptGuard  while alive, Ctrl-C (SIGINT) only sets a lock-free flag — interruptFlag(), which
//                   a RunControl::cancel points to — so workers stop at their next check and the
//                   command can exit cleanly instead of dying mid-write;
//   Progress        percent on stderr: one updating line on a terminal, a line per 10 % otherwise;
//   PendingFiles    all-or-nothing output: every file is written to a hidden temporary name in the
//                   target directory and commit() renames them all; whatever is not committed is
//                   removed, so an error or an interruption leaves no partial file.
#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rope::cli {

const std::atomic<bool>& interruptFlag();
bool interruptRequested();

class InterruptGuard {
public:
    InterruptGuard();  ///< clears the flag and installs the handler
    ~InterruptGuard();  ///< restores the previous SIGINT disposition
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    void (*m_previous)(int);
};

class Progress {
public:
    Progress(std::string name, bool quiet);
    void operator()(double fraction);
    void finish(const std::string& summary);  ///< the last line: "<name>: <summary>"

private:
    std::string m_name;
    bool m_quiet, m_tty;
    int m_last = -1;
};

class PendingFiles {
public:
    explicit PendingFiles(std::optional<std::filesystem::path> dir) : m_dir(std::move(dir)) {}
    ~PendingFiles() { discard(); }
    PendingFiles(const PendingFiles&) = delete;
    PendingFiles& operator=(const PendingFiles&) = delete;
    bool active() const { return m_dir.has_value(); }
    /// Creates the directory if needed and returns the temporary path to write `name` to.
    std::string temp(const std::string& name);
    /// Writes `content` to the temporary file of `name`. Throws BadFile.
    void text(const std::string& name, const std::string& content);
    /// Renames every temporary file to its name. Throws BadFile.
    void commit();
    /// Removes every temporary file not yet committed.
    void discard();

private:
    std::optional<std::filesystem::path> m_dir;
    std::vector<std::pair<std::filesystem::path, std::filesystem::path>> m_files;  // temporary, final
};

}  // namespace rope::cli
