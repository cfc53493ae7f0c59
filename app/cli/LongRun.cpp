#include "LongRun.h"

#include <unistd.h>

#include <csignal>
#include <fstream>
#include <iostream>

#include "core/Errors.h"

namespace rope::cli {
namespace {

namespace fs = std::filesystem;

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
    const int pct = static_cast<int>(fraction * 100);
    if (m_tty) {
        if (pct != m_last) std::cerr << "\r" << m_name << ": " << pct << "% " << std::flush;
    } else if (pct / 10 > m_last / 10 || m_last < 0) {
        std::cerr << m_name << ": " << pct << "%\n" << std::flush;
    }
    m_last = pct;
}

void Progress::finish(const std::string& summary) {
    if (m_quiet) return;
    if (m_tty) std::cerr << "\r";
    std::cerr << m_name << ": " << summary << "\n" << std::flush;
}

std::string PendingFiles::temp(const std::string& name) {
    std::error_code ec;
    fs::create_directories(*m_dir, ec);
    if (ec || !fs::is_directory(*m_dir))
        throw BadFile("cannot create the output directory " + m_dir->string() + (ec ? ": " + ec.message() : ""));
    const fs::path final = *m_dir / name;
    const fs::path tmp = *m_dir / ("." + name + ".part-" + std::to_string(getpid()));
    m_files.emplace_back(tmp, final);
    return tmp.string();
}

void PendingFiles::text(const std::string& name, const std::string& content) {
    const std::string path = temp(name);
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << content;
    if (!f.good()) throw BadFile("cannot write " + path);
}

void PendingFiles::commit() {
    for (const auto& [tmp, final] : m_files) {
        std::error_code ec;
        fs::rename(tmp, final, ec);
        if (ec) throw BadFile("cannot rename " + tmp.string() + " to " + final.string() + ": " + ec.message());
    }
    m_files.clear();
}

void PendingFiles::discard() {
    for (const auto& [tmp, final] : m_files) {
        std::error_code ec;
        fs::remove(tmp, ec);
    }
    m_files.clear();
}

}  // namespace rope::cli
