// The process-wide session: the one device and set of named GPU images that the JNI bridge (and
// so every macro, menu command and Java caller in a JVM) works on.
//
// Lifetime rules, which exist because OpenCL drivers keep working after a call returns (PoCL
// compiles a kernel's work-group function and runs it on its own threads after the enqueue):
// - replace_session() waits until the old session's queue is empty before it lets the old
//   session go, so no driver thread still works for a context that is being released;
// - shutdown_sessions() (called from the JVM's shutdown hook: macro end, System.exit, Fiji quit,
//   SIGTERM) waits for the operation in flight on every live session, drains its queue and
//   closes it; any later call fails with a clear error instead of starting driver work while the
//   process tears down (LLVM's static destructors run then, and a PoCL compile still running
//   crashed the JVM: see README, "Reliability").
// - Every Session also drains its queue in an atexit handler registered after the driver was
//   loaded (it runs before the driver's own static destructors), for programs without a JVM.
#pragma once

#include <memory>
#include <string>

#include "ijcl/session.hpp"

namespace ijcl {

// The current session; opens one on the default device (a GPU, else any device) at first use.
// Throws ijcl::Error when no device can be opened or after shutdown_sessions().
std::shared_ptr<Session> current_session();

// Opens a session on the first device whose name contains the text (empty: the default device)
// and makes it current. The previous session's queue is drained first; its images are released
// once no caller holds it any more. Throws (leaving the current session as it was) when the
// device cannot be opened, and after shutdown_sessions().
std::shared_ptr<Session> replace_session(const std::string& device_name_substring);

// Waits for the operation in flight on every live session, drains their queues and closes them.
// Idempotent. Afterwards current_session() and replace_session() throw, and so does any call on
// a session a caller still holds.
void shutdown_sessions();

// True once shutdown_sessions() has run.
bool sessions_shut_down();

// After a call on the current session failed: if its device no longer responds
// (Session::device_responds: a lost context, e.g. after Windows' display watchdog (TDR) reset the
// GPU), closes it and opens a new session on the same device (by name), so that later calls work
// instead of each failing, and returns a sentence for the failed call's error saying so (the
// images that were on the GPU are gone). Returns "" when the device responds, when there is no
// session, or after shutdown_sessions(). Never throws.
std::string recover_if_device_lost() noexcept;

}  // namespace ijcl
