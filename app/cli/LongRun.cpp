#include "LongRun.h"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <iostream>


namespace rope::cli {
namespace {

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);  // safe to set from a signal handler

extern "C" void onInterrupt(int) { g_interrupted.store(true); }

}  // namespace

const std::atomic<bool>& interruptFlag() { return g_interrupted; }
bool interruptRequested() { return g_interrupted.load(); }

InterruptGuard::InterruptGuard() {
    g_interrupted = false;
    m_previous = std::signal(SIGINT, onInterrupt);
}

InterruptGuard::~InterruptGuard() { std::signal(SIGINT, m_previous); }

Progress::Progress(std::string name, bool quiet)
    : m_name(std::move(name)), m_quiet(quiet), m_tty(isatty(STDERR_FILENO) != 0) {}

void Progress::operator()(double fraction) {
    if (m_quiet) return;
    const int pct = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100);
    if (m_tty) {
        if (pct != m_last) std::cerr << "\r" << m_name << ": " << pct << "% " << std::flush;
        if (pct == 100 && m_last != 100) std::cerr << "\n";  // a finished stage keeps its line
    } else if (pct / 10 > m_last / 10 || m_last < 0) {
        std::cerr << m_name << ": " << pct << "%\n" << std::flush;
    }
    m_last = pct;
}

rope::Progress Progress::stage(const std::string& name) {
    m_name = name;
    m_last = -1;
    return [this](double f) {
        (*this)(f);
        return true;
    };
}

void Progress::note(const std::string& line) {
    if (!m_quiet) std::cerr << line << "\n" << std::flush;
}

void Progress::finish(const std::string& summary) {
    if (m_quiet) return;
    if (m_tty) std::cerr << "\r";
    std::cerr << m_name << ": " << summary << "\n" << std::flush;
}

}  // namespace rope::cli
