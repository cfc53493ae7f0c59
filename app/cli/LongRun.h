#pragma once
// Helpers for subcommands that run for seconds or minutes (vniah, vniah-ablation):
//   InterruptGuard  while alive, Ctrl-C (SIGINT) only sets a lock-free flag — interruptFlag(), which
//                   a RunControl::cancel points to — so workers stop at their next check and the
//                   command can exit cleanly instead of dying mid-write;
//   Progress        percent on stderr: one updating line on a terminal, a line per 10 % otherwise.
// All-or-nothing output files: formats/OutputTransaction.h.
#include <atomic>

#include "core/Progress.h"
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
    /// Starts a stage called `name` (its percentages restart) and returns the rope::Progress
    /// callback (core/Progress.h) that reports it; the CLI never cancels through it (Ctrl-C has
    /// InterruptGuard).
    rope::Progress stage(const std::string& name);
    /// A whole line on stderr (unless quiet).
    void note(const std::string& line);

private:
    std::string m_name;
    bool m_quiet, m_tty;
    int m_last = -1;
};

}  // namespace rope::cli
