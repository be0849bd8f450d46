// Compiled OpenCL programs, cached in memory and as program binaries on disk.
//
// Every kernel source in kernels/*.cl is embedded into the library at build time. A program is
// the preamble (kernels/preamble.cl), a block of #defines (pixel types and other compile-time
// choices, never image sizes: sizes are kernel arguments), and one kernel file. It is built once
// per device and define set and kept in memory; its binary is also stored on disk under a key
// made of the device name, driver version, full source and build options, so a new process skips
// the compiler. No build option relaxes results (no -cl-fast-relaxed-math); where the device
// supports it, float division and sqrt are built correctly rounded
// (-cl-fp32-correctly-rounded-divide-sqrt), so a GPU divides as Java and the CPU device do.
//
// Disk cache folder: $IJCL_CACHE_DIR, else $XDG_CACHE_HOME/ijcl, else ~/.cache/ijcl. Set
// IJCL_CACHE_DIR=off to disable it. Binaries are written to a temporary file and renamed, so
// concurrent processes never read a torn file.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "ijcl/device.hpp"
#include "ijcl/opencl.hpp"

namespace ijcl {

// Ordered (name, value) pairs that become "#define name value" lines.
using Defines = std::vector<std::pair<std::string, std::string>>;

// Source text of an embedded kernel file, by file name ("math.cl"); throws ijcl::Error if absent.
const std::string& embedded_kernel_source(const std::string& file_name);
// Names of all embedded kernel files.
std::vector<std::string> embedded_kernel_files();

struct KernelCacheStats {
    std::size_t memory_hits = 0;
    std::size_t disk_hits = 0;
    std::size_t compiles = 0;
};

// What the compiler is doing now, for a host that shows progress ("compiling kernels for ..."):
// the kernel file being compiled from source (empty when none; disk-cache loads do not count),
// for how long, and how many source compiles this process has started. Pollable from any thread.
struct CompileActivity {
    std::string file;
    std::uint64_t elapsed_ms = 0;
    std::uint64_t compiles_started = 0;
};
CompileActivity compile_activity();

// Marks a source compile as in progress for its lifetime (used by KernelCache::build).
class CompileActivityScope {
public:
    explicit CompileActivityScope(const std::string& file_name);
    ~CompileActivityScope();
    CompileActivityScope(const CompileActivityScope&) = delete;
    CompileActivityScope& operator=(const CompileActivityScope&) = delete;
};

class KernelCache {
public:
    explicit KernelCache(Device& device);

    // The kernel `kernel_name` of `file_name` built with `defines`. Build errors throw ijcl::Error
    // carrying the build log.
    cl::Kernel get(const std::string& file_name, const std::string& kernel_name,
                   const Defines& defines);

    KernelCacheStats stats() const;
    // Forgets the in-memory programs (the disk cache stays).
    void clear_memory();

    static std::string disk_cache_dir();

private:
    cl::Program build(const std::string& source, const std::string& key);
    // Appends a non-empty build log to <dir>/build-logs/<file>.log (never to stdout or stderr).
    void write_build_log(const cl::Program& program, const std::string& file_name, const std::string& dir) const;

    Device& device_;
    mutable std::mutex mutex_;
    std::map<std::string, cl::Program> programs_;              // key: file + defines
    std::map<std::string, cl::Kernel> kernels_;                // key: program key + kernel name
    KernelCacheStats stats_;
};

}  // namespace ijcl
