#include "ijcl/kernel_cache.hpp"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "ijcl/driver_call.hpp"
#include "ijcl/errors.hpp"

namespace ijcl {

namespace {
std::mutex& activity_mutex() {
    static std::mutex* m = new std::mutex();
    return *m;
}
std::string g_compiling;                               // the kernel file being compiled, or ""
std::chrono::steady_clock::time_point g_compile_start;
std::uint64_t g_compiles_started = 0;
}  // namespace

CompileActivityScope::CompileActivityScope(const std::string& file_name) {
    std::lock_guard<std::mutex> guard(activity_mutex());
    g_compiling = file_name;
    g_compile_start = std::chrono::steady_clock::now();
    ++g_compiles_started;
}

CompileActivityScope::~CompileActivityScope() {
    std::lock_guard<std::mutex> guard(activity_mutex());
    g_compiling.clear();
}

CompileActivity compile_activity() {
    std::lock_guard<std::mutex> guard(activity_mutex());
    CompileActivity a;
    a.file = g_compiling;
    a.compiles_started = g_compiles_started;
    if (!a.file.empty())
        a.elapsed_ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                      std::chrono::steady_clock::now() - g_compile_start)
                                                      .count());
    return a;
}


// Defined in the file CMake generates from kernels/*.cl (native/cmake/embed_kernels.cmake).
const std::map<std::string, std::string>& embedded_kernels();

const std::string& embedded_kernel_source(const std::string& file_name) {
    const auto& all = embedded_kernels();
    auto it = all.find(file_name);
    if (it == all.end()) throw Error("internal: no embedded kernel file '" + file_name + "'");
    return it->second;
}

std::vector<std::string> embedded_kernel_files() {
    std::vector<std::string> names;
    for (const auto& kv : embedded_kernels()) names.push_back(kv.first);
    return names;
}

namespace {

// Build options: OpenCL 1.2 C, nothing that changes numerical results. `-w` (a standard OpenCL
// build option) silences warnings: some drivers print the compiler's diagnostics to the process's
// own stderr (PoCL: "17 warnings generated.", all from its own headers), which would reach the
// user's console and macro output. A build log that is not empty all the same is written to
// <cache dir>/build-logs/ (see write_build_log); a failed build's log is part of the error.
const char* kBuildOptions = "-cl-std=CL1.2 -w";

// Float division and sqrt correctly rounded wherever the device can build them so (OpenCL's
// default allows 2.5 ulp for x / y and 3 ulp for sqrt, which NVIDIA's driver uses): results then
// equal the IEEE arithmetic of Java/ImageJ and of the CPU device bit for bit, e.g. a mean of
// three values (measured: 26.6666679 instead of 26.666666 on an H200 without it).
// IJCL_NO_FP64 / IJCL_NO_INT64_ATOMICS tell the kernels (kernels/preamble.cl) that the device lacks
// cl_khr_fp64 / cl_khr_int64_base_atomics as ijcl sees it (DeviceInfo, which honours
// IJCL_DISABLE_EXTENSIONS), whatever the compiler itself predefines.
std::string build_options(const DeviceInfo& info) {
    return std::string(kBuildOptions) + (info.correctly_rounded_divide_sqrt ? " -cl-fp32-correctly-rounded-divide-sqrt" : "") +
           (info.has_fp64 ? "" : " -D IJCL_NO_FP64=1") + (info.has_int64_atomics ? "" : " -D IJCL_NO_INT64_ATOMICS=1");
}

// With IJCL_KERNEL_DUMP set to a folder, every program compiled from source is also written there
// (<file>-<key>.cl, its first line a comment with the build options), so that a test can compile
// every variant a run used with another compiler (tests/portability/cl12_kernels.sh).
void dump_program(const std::string& source, const std::string& file_name, const std::string& key,
                  const std::string& options) {
    const char* dir = std::getenv("IJCL_KERNEL_DUMP");
    if (!dir || !*dir) return;
    std::error_code ignored;
    std::filesystem::create_directories(dir, ignored);
    std::ofstream out(std::string(dir) + "/" + file_name.substr(0, file_name.rfind('.')) + "-" + key + ".cl");
    out << "// ijcl build options: " << options << "\n" << source << "\n";
}

std::uint64_t fnv1a(const std::string& text, std::uint64_t h = 1469598103934665603ULL) {
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

std::string hex(std::uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

void make_dirs(const std::string& path) {
    std::error_code ignored;  // a folder that cannot be made shows as a failed write later
    std::filesystem::create_directories(std::filesystem::u8path(path), ignored);
}

std::string defines_text(const Defines& defines) {
    std::string text;
    for (const auto& d : defines) text += "#define " + d.first + " " + d.second + "\n";
    return text;
}

}  // namespace

std::string KernelCache::disk_cache_dir() {
    if (const char* dir = std::getenv("IJCL_CACHE_DIR")) {
        if (std::string(dir) == "off") return "";
        return dir;
    }
#ifdef _WIN32
    // Windows: the user's local application data (HOME is not set there as a rule).
    if (const char* local = std::getenv("LOCALAPPDATA")) return std::string(local) + "/ijcl/cache";
#endif
    if (const char* xdg = std::getenv("XDG_CACHE_HOME")) return std::string(xdg) + "/ijcl";
    if (const char* home = std::getenv("HOME")) return std::string(home) + "/.cache/ijcl";
    return "";
}

KernelCache::KernelCache(Device& device) : device_(device) {}

KernelCacheStats KernelCache::stats() const {
    std::lock_guard<std::mutex> guard(mutex_);
    return stats_;
}

void KernelCache::clear_memory() {
    std::lock_guard<std::mutex> guard(mutex_);
    kernels_.clear();
    programs_.clear();
}

cl::Kernel KernelCache::get(const std::string& file_name, const std::string& kernel_name,
                            const Defines& defines) {
    std::lock_guard<std::mutex> guard(mutex_);
    const std::string program_key = file_name + "\n" + defines_text(defines);
    const std::string kernel_key = program_key + "\n" + kernel_name;
    auto k = kernels_.find(kernel_key);
    if (k != kernels_.end()) {
        ++stats_.memory_hits;
        return k->second;
    }
    auto p = programs_.find(program_key);
    if (p == programs_.end()) {
        const std::string source = embedded_kernel_source("preamble.cl") + "\n" +
                                   defines_text(defines) + "\n" +
                                   embedded_kernel_source(file_name);
        p = programs_.emplace(program_key, build(source, file_name)).first;
    } else {
        ++stats_.memory_hits;
    }
    try {
        cl::Kernel kernel(p->second, kernel_name.c_str());
        kernels_.emplace(kernel_key, kernel);
        return kernel;
    } catch (const cl::Error& e) {
        throw Error("internal: kernel '" + kernel_name + "' not found in " + file_name + ": " +
                    cl_status_name(e.err()));
    }
}

void KernelCache::write_build_log(const cl::Program& program, const std::string& file_name,
                                  const std::string& dir) const {
    if (dir.empty()) return;
    try {
        std::string log = program.getBuildInfo<CL_PROGRAM_BUILD_LOG>(device_.device());
        while (!log.empty() && (log.back() == '\0' || std::isspace(static_cast<unsigned char>(log.back()))))
            log.pop_back();
        if (log.empty()) return;
        make_dirs(dir + "/build-logs");
        std::ofstream out(dir + "/build-logs/" + file_name + ".log", std::ios::app);
        out << "--- " << file_name << " on " << device_.info().name << "\n" << log << "\n";
    } catch (...) {
        // Logging is best effort.
    }
}

cl::Program KernelCache::build(const std::string& source, const std::string& file_name) {
    const DeviceInfo& info = device_.info();
    const std::string dir = disk_cache_dir();
    const std::string key = hex(fnv1a(info.name + "\n" + info.platform + "\n" + info.driver_version +
                                      "\n" + build_options(info) + "\n" + source));
    const std::string path = dir.empty() ? "" : dir + "/" + key + ".bin";
    dump_program(source, file_name, key, build_options(info));  // from the disk cache too

    if (!path.empty()) {
        std::ifstream in(path, std::ios::binary);
        if (in) {
            std::vector<unsigned char> binary((std::istreambuf_iterator<char>(in)),
                                              std::istreambuf_iterator<char>());
            if (!binary.empty()) {
                try {
                    cl::Program::Binaries binaries{binary};
                    cl::Program program(device_.context(), {device_.device()}, binaries);
                    run_driver_call([&] { program.build({device_.device()}, build_options(info).c_str()); });
                    ++stats_.disk_hits;
                    return program;
                } catch (const cl::Error&) {
                    // A stale or foreign binary: fall through and compile from source.
                }
            }
        }
    }

    cl::Program program(device_.context(), source);
    CompileActivityScope compiling(file_name);  // pollable by the host (compile_activity)
    try {
        // On a large stack, keeping the host's signal handlers (driver_call.hpp).
        run_driver_call([&] { program.build({device_.device()}, build_options(info).c_str()); });
    } catch (const cl::Error& e) {
        std::string log;
        try {
            log = program.getBuildInfo<CL_PROGRAM_BUILD_LOG>(device_.device());
        } catch (...) {
        }
        throw Error("internal: building kernels/" + file_name + " failed (" +
                    cl_status_name(e.err()) + "):\n" + log);
    }
    ++stats_.compiles;
    write_build_log(program, file_name, dir);

    if (!path.empty()) {
        try {
            auto binaries = program.getInfo<CL_PROGRAM_BINARIES>();
            if (!binaries.empty() && !binaries.front().empty()) {
                make_dirs(dir);
                std::random_device rd;
                const std::string tmp = path + ".tmp" + std::to_string(rd()) + "_" +
                                        std::to_string(rd());
                {
                    std::ofstream out(tmp, std::ios::binary);
                    out.write(reinterpret_cast<const char*>(binaries.front().data()),
                              static_cast<std::streamsize>(binaries.front().size()));
                }
                // Windows' rename fails where the target exists: another process wrote the same
                // binary (the name is a hash of everything that went into it); drop this copy.
                if (std::rename(tmp.c_str(), path.c_str()) != 0) std::remove(tmp.c_str());
            }
        } catch (...) {
            // The disk cache is an optimisation; failing to write it is not an error.
        }
    }
    return program;
}

}  // namespace ijcl
