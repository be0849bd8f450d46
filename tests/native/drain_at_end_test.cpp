// After the last test, before main returns: waits for every session's queued work. PoCL compiles
// kernels lazily on its own threads with LLVM; a compile still running when exit() destroys LLVM's
// function-local statics crashed the test binary after "[  PASSED  ]" (seen with a cold PoCL
// cache: SIGSEGV in llvm::vfs::FileSystem::exists under clang's driver, while the main thread was
// in ~Session from an exit handler). See Session::drain_all.
#include <gtest/gtest.h>

#include "ijcl/session.hpp"

namespace {

class DrainAtEnd : public ::testing::Environment {
public:
    void TearDown() override { ijcl::Session::drain_all(); }
};

const ::testing::Environment* const registered = ::testing::AddGlobalTestEnvironment(new DrainAtEnd);

}  // namespace
