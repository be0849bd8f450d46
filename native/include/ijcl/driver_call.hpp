// Calls into the OpenCL driver that can load and run its compiler (platform enumeration, program
// builds), made safe for a host process such as the JVM:
//
//  - on a thread with a large stack (64 MiB): a Java thread has a 1 MiB stack by default and GPU
//    compilers (LLVM-based, with large frames) may need more; a native stack overflow there skips
//    the JVM's guard pages and kills the process without an error report;
//  - keeping the process's handlers for the signals a JVM handles itself (SIGSEGV, SIGBUS, SIGILL,
//    SIGTRAP, SIGUSR2, SIGQUIT, SIGHUP, SIGINT, SIGTERM, SIGXFSZ; driver_call.cpp says why not
//    SIGFPE): the JVM relies on its own (safepoint polls and implicit null checks raise SIGSEGV by
//    design). LLVM, loaded by PoCL and by GPU compilers, installs its crash handlers in their
//    place, after which a normal JVM signal kills the process without an error report (seen on
//    an H100 machine with PoCL installed beside NVIDIA's driver, and locally with -Xcheck:jni). A
//    handler changed is put back, silently (counted: driver_handlers_restored).
//
// Exceptions thrown by `call` reach the caller. On Windows (no POSIX signals, stack size fixed at
// link time) the call runs inline.
#pragma once

#include <functional>

namespace ijcl {

void run_driver_call(const std::function<void()>& call);

// How many times a replaced handler was put back (tests, diagnostics).
unsigned long driver_handlers_restored();

// Records the process's current handlers as the host's (the JNI library calls it from JNI_OnLoad,
// when they are the JVM's). From then on run_driver_call and keep_host_signal_handlers put those
// back, whenever and wherever the driver replaced them (PoCL's LLVM does so when it initialises,
// which is not always inside a wrapped call).
void remember_host_signal_handlers();
// Puts back the remembered host handlers that were replaced (a few sigaction calls; Session::execute
// calls it after every operation). Does nothing before remember_host_signal_handlers.
void keep_host_signal_handlers();

}  // namespace ijcl
