#include "ijcl/driver_call.hpp"

#include <atomic>
#include <cstring>
#include <exception>

#ifndef _WIN32
#include <pthread.h>
#include <signal.h>
#endif

namespace ijcl {

namespace {
std::atomic<unsigned long> g_restored{0};

#ifndef _WIN32
// The signals a JVM handles itself (HotSpot on Linux and macOS: faults for safepoint polls, implicit
// null checks and stack banging; SIGUSR2 suspend/resume; SIGQUIT thread dumps; SIGHUP, SIGINT and
// SIGTERM run the shutdown hooks), plus SIGXFSZ, which it ignores. Not SIGFPE: PoCL installs its
// own to survive integer division by zero in kernels and passes other faults to the previous
// handler (the JVM's).
constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGUSR2, SIGQUIT, SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
constexpr int kCount = sizeof kSignals / sizeof kSignals[0];
constexpr std::size_t kStackBytes = std::size_t(64) << 20;

struct sigaction g_host[kCount];
std::atomic<bool> g_host_known{false};

bool same_handler(const struct sigaction& a, const struct sigaction& b) {
    if ((a.sa_flags & SA_SIGINFO) != (b.sa_flags & SA_SIGINFO)) return false;
    return (a.sa_flags & SA_SIGINFO) ? a.sa_sigaction == b.sa_sigaction : a.sa_handler == b.sa_handler;
}

struct Job {
    const std::function<void()>* call;
    std::exception_ptr error;
};

void* run_job(void* p) {
    Job* job = static_cast<Job*>(p);
    try {
        (*job->call)();
    } catch (...) {
        job->error = std::current_exception();
    }
    return nullptr;
}
// Puts back `wanted[i]` wherever the current handler differs; reports the first time.
void put_back(const struct sigaction* wanted) {
    for (int i = 0; i < kCount; ++i) {
        struct sigaction now;
        sigaction(kSignals[i], nullptr, &now);
        if (same_handler(now, wanted[i])) continue;
        sigaction(kSignals[i], &wanted[i], nullptr);
        g_restored.fetch_add(1);  // silent: PoCL does this in every process (driver_handlers_restored)
    }
}
#endif
}  // namespace

unsigned long driver_handlers_restored() { return g_restored.load(); }

void remember_host_signal_handlers() {
#ifndef _WIN32
    for (int i = 0; i < kCount; ++i) sigaction(kSignals[i], nullptr, &g_host[i]);
    g_host_known = true;
#endif
}

void keep_host_signal_handlers() {
#ifndef _WIN32
    if (g_host_known) put_back(g_host);
#endif
}

void run_driver_call(const std::function<void()>& call) {
#ifdef _WIN32
    call();
#else
    struct sigaction before[kCount];
    for (int i = 0; i < kCount; ++i) sigaction(kSignals[i], nullptr, &before[i]);

    Job job{&call, nullptr};
    pthread_attr_t attr;
    bool threaded = pthread_attr_init(&attr) == 0;
    pthread_t thread;
    if (threaded) {
        threaded = pthread_attr_setstacksize(&attr, kStackBytes) == 0 &&
                   pthread_create(&thread, &attr, run_job, &job) == 0;
        pthread_attr_destroy(&attr);
    }
    if (threaded) pthread_join(thread, nullptr);
    else run_job(&job);  // no thread could be made: run here rather than fail

    put_back(g_host_known ? g_host : before);
    if (job.error) std::rethrow_exception(job.error);
#endif
}

}  // namespace ijcl
