#pragma once
// A full disk, simulated for one scope: RLIMIT_FSIZE caps how many bytes this process may write to
// any one file, so a write past the cap fails with EFBIG exactly as on a full file system (SIGXFSZ
// is ignored meanwhile so the process is not killed). Restores the limit and the signal on exit.
#include <sys/resource.h>

#include <csignal>

namespace rope::test {

class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        getrlimit(RLIMIT_FSIZE, &m_saved);
        m_previous = std::signal(SIGXFSZ, SIG_IGN);
        rlimit lim = m_saved;
        lim.rlim_cur = bytes;
        m_ok = setrlimit(RLIMIT_FSIZE, &lim) == 0;
    }
    ~FileSizeLimit() {
        setrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, m_previous);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;
    bool active() const { return m_ok; }

private:
    rlimit m_saved{};
    void (*m_previous)(int) = SIG_DFL;
    bool m_ok = false;
};

}  // namespace rope::test
