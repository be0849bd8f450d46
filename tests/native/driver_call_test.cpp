// run_driver_call (driver_call.hpp): driver calls run on a large stack, keep the process's signal
// handlers, and pass exceptions on. The "driver" here is a lambda doing what a driver could do.
#include <csignal>
#include <cstring>
#include <stdexcept>

#include <gtest/gtest.h>

#include "ijcl/driver_call.hpp"

#ifndef _WIN32
#include <signal.h>

namespace {

void host_handler(int, siginfo_t*, void*) {}
void driver_handler(int) {}

// Stack use far beyond a Java thread's 1 MiB (a compiler's deep recursion or large frames).
int deep(int n) {
    volatile char frame[64 * 1024];
    frame[0] = static_cast<char>(n);
    frame[sizeof frame - 1] = static_cast<char>(n);
    if (n == 0) return 0;
    const int below = deep(n - 1);
    return below + (frame[0] == static_cast<char>(n) && frame[sizeof frame - 1] == static_cast<char>(n) ? 0 : 1);
}

}  // namespace

TEST(DriverCall, PutsBackASignalHandlerTheDriverReplaced) {
    struct sigaction original, host, seen;
    sigaction(SIGSEGV, nullptr, &original);
    std::memset(&host, 0, sizeof host);
    host.sa_sigaction = host_handler;
    host.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &host, nullptr);  // as the JVM installs its own
    const unsigned long before = ijcl::driver_handlers_restored();
    ijcl::run_driver_call([] { std::signal(SIGSEGV, driver_handler); });
    sigaction(SIGSEGV, nullptr, &seen);
    EXPECT_TRUE(seen.sa_flags & SA_SIGINFO);
    EXPECT_EQ(seen.sa_sigaction, &host_handler) << "the host's SIGSEGV handler was not put back";
    EXPECT_EQ(ijcl::driver_handlers_restored(), before + 1);
    ijcl::run_driver_call([] {});  // nothing changed: nothing restored
    EXPECT_EQ(ijcl::driver_handlers_restored(), before + 1);
    sigaction(SIGSEGV, &original, nullptr);
}

TEST(DriverCall, RunsOnAStackLargerThanAJavaThreads) {
    int result = -1;
    ijcl::run_driver_call([&] { result = deep(16 * 16); });  // 256 frames of 64 KiB: 16 MiB
    EXPECT_EQ(result, 0);
}

TEST(DriverCall, PassesExceptionsOn) {
    EXPECT_THROW(ijcl::run_driver_call([] { throw std::runtime_error("build failed"); }), std::runtime_error);
}
#endif
