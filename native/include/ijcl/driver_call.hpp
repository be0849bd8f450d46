// Calls into the OpenCL driver that can load and run its compiler (platform enumeration, program
// builds), made safe for a host process such as the JVM:
//
//  - on a thread with a large stack (64 MiB): a Java thread has a 1 MiB stack by default and GPU
//    compilers (LLVM-based, with large frames) may need more; a native stack overflow there skips
//    the JVM's guard pages and kills the process without an error report;
//  - keeping the process's handlers for SIGSEGV, SIGBUS, SIGFPE and SIGILL: the JVM relies on its
//    own (safepoint polls and implicit null checks raise SIGSEGV by design); a driver or its
//    compiler that installs its own in their place makes a later, normal JVM signal fatal. A
//    handler changed during the call is put back and reported once on stderr.
//
// Exceptions thrown by `call` reach the caller. On Windows (no POSIX signals, stack size fixed at
// link time) the call runs inline.
#pragma once

#include <functional>

namespace ijcl {

void run_driver_call(const std::function<void()>& call);

// How many times run_driver_call found a handler replaced and restored it (tests, diagnostics).
unsigned long driver_handlers_restored();

}  // namespace ijcl
