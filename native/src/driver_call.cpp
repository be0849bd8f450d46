#include "ijcl/driver_call.hpp"

#include <atomic>
#include <cstring>
#include <exception>
#include <iostream>

#ifndef _WIN32
#include <pthread.h>
#include <signal.h>
#endif

namespace ijcl {

namespace {
std::atomic<unsigned long> g_restored{0};

#ifndef _WIN32
constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
constexpr std::size_t kStackBytes = std::size_t(64) << 20;

const char* signal_name(int s) {
    return s == SIGSEGV ? "SIGSEGV" : s == SIGBUS ? "SIGBUS" : s == SIGFPE ? "SIGFPE" : "SIGILL";
}

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
#endif
}  // namespace

unsigned long driver_handlers_restored() { return g_restored.load(); }

void run_driver_call(const std::function<void()>& call) {
#ifdef _WIN32
    call();
#else
    struct sigaction before[4];
    for (int i = 0; i < 4; ++i) sigaction(kSignals[i], nullptr, &before[i]);

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

    for (int i = 0; i < 4; ++i) {
        struct sigaction now;
        sigaction(kSignals[i], nullptr, &now);
        if (same_handler(now, before[i])) continue;
        sigaction(kSignals[i], &before[i], nullptr);
        if (g_restored.fetch_add(1) == 0)
            std::cerr << "ijcl: the OpenCL driver replaced the " << signal_name(kSignals[i])
                      << " handler during a call; the previous one (the host's, e.g. the JVM's) was put back"
                      << std::endl;
    }
    if (job.error) std::rethrow_exception(job.error);
#endif
}

}  // namespace ijcl
