#include "ijcl/device.hpp"
#include "ijcl/driver_call.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <mutex>
#include <sstream>

#include "ijcl/errors.hpp"

namespace ijcl {
namespace {

// What to install, for the platform the library was built for.
#if defined(_WIN32)
const char* kNoPlatform =
    "no OpenCL platform found. Install (or update) your graphics card's driver from NVIDIA, AMD or "
    "Intel: their drivers include OpenCL. Without a GPU, a CPU OpenCL driver works too (PoCL, or "
    "Intel's CPU Runtime for OpenCL)";
#elif defined(__APPLE__)
const char* kNoPlatform =
    "no OpenCL platform found. macOS includes OpenCL (/System/Library/Frameworks/OpenCL.framework); "
    "if it lists no device, update macOS";
#else
const char* kNoPlatform =
    "no OpenCL platform found. Install the OpenCL ICD loader and a driver: on Debian/Ubuntu "
    "'apt-get install ocl-icd-libopencl1 pocl-opencl-icd' (CPU) or your GPU vendor's OpenCL "
    "driver (e.g. nvidia-opencl-icd, intel-opencl-icd, mesa-opencl-icd)";
#endif

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\0' || std::isspace(static_cast<unsigned char>(s.back())))) s.pop_back();
    std::size_t start = 0;
    while (start < s.size() && std::isspace(static_cast<unsigned char>(s[start]))) ++start;
    return s.substr(start);
}

// CL_DEVICE_EXTENSIONS without the extensions named in IJCL_DISABLE_EXTENSIONS (comma- or
// space-separated, e.g. "cl_khr_fp64,cl_khr_int64_base_atomics"): the device is then treated as if
// it lacked them, so that the paths for devices without them (Apple Silicon: no fp64, no 64-bit
// atomics) run and are tested on one that has them (tests/portability/cl12_kernels.sh).
std::string effective_extensions(const std::string& reported) {
    const char* env = std::getenv("IJCL_DISABLE_EXTENSIONS");
    if (!env || !*env) return reported;
    std::string off = env;
    std::replace(off.begin(), off.end(), ',', ' ');
    std::istringstream names(off), have(reported);
    std::vector<std::string> disabled;
    for (std::string n; names >> n;) disabled.push_back(n);
    std::string kept;
    for (std::string e; have >> e;)
        if (std::find(disabled.begin(), disabled.end(), e) == disabled.end()) kept += e + " ";
    return kept;
}

#ifndef CL_DEVICE_KERNEL_EXEC_TIMEOUT_NV
#define CL_DEVICE_KERNEL_EXEC_TIMEOUT_NV 0x4005   // cl_nv_device_attribute_query
#endif

// Whether the driver kills long kernels on this device (see DeviceInfo::kernel_watchdog).
void find_watchdog(const cl::Device& d, const std::string& extensions, DeviceInfo& i) {
    cl_bool timeout = CL_FALSE;
    if (extensions.find(" cl_nv_device_attribute_query ") != std::string::npos &&
        clGetDeviceInfo(d(), CL_DEVICE_KERNEL_EXEC_TIMEOUT_NV, sizeof timeout, &timeout, nullptr) == CL_SUCCESS) {
        i.kernel_watchdog = timeout == CL_TRUE;
        i.watchdog_source = "CL_DEVICE_KERNEL_EXEC_TIMEOUT_NV";
        return;
    }
#if defined(_WIN32)
    i.kernel_watchdog = i.is_gpu;
    i.watchdog_source = "assumed for a GPU on Windows (TDR)";
#elif defined(__APPLE__)
    i.kernel_watchdog = i.is_gpu;
    i.watchdog_source = "assumed for a GPU on macOS";
#else
    i.watchdog_source = "none assumed on this OS without CL_DEVICE_KERNEL_EXEC_TIMEOUT_NV";
#endif
}

struct Found {
    cl::Device device;
    DeviceInfo info;
};

DeviceInfo describe(const cl::Device& d, const cl::Platform& p) {
    DeviceInfo i;
    i.name = trim(d.getInfo<CL_DEVICE_NAME>());
    i.vendor = trim(d.getInfo<CL_DEVICE_VENDOR>());
    i.platform = trim(p.getInfo<CL_PLATFORM_NAME>());
    i.driver_version = trim(d.getInfo<CL_DRIVER_VERSION>());
    i.opencl_version = trim(d.getInfo<CL_DEVICE_VERSION>());
    const cl_device_type type = d.getInfo<CL_DEVICE_TYPE>();
    i.is_gpu = (type & CL_DEVICE_TYPE_GPU) != 0;
    i.is_cpu = (type & CL_DEVICE_TYPE_CPU) != 0;
    cl_bool unified = CL_FALSE;  // deprecated in OpenCL 2.0 but still answered; an error leaves it false
    if (clGetDeviceInfo(d(), CL_DEVICE_HOST_UNIFIED_MEMORY, sizeof unified, &unified, nullptr) == CL_SUCCESS)
        i.host_unified_memory = unified == CL_TRUE;
    i.global_memory_bytes = d.getInfo<CL_DEVICE_GLOBAL_MEM_SIZE>();
    i.max_alloc_bytes = d.getInfo<CL_DEVICE_MAX_MEM_ALLOC_SIZE>();
    i.local_memory_bytes = d.getInfo<CL_DEVICE_LOCAL_MEM_SIZE>();
    i.max_work_group_size = d.getInfo<CL_DEVICE_MAX_WORK_GROUP_SIZE>();
    i.compute_units = d.getInfo<CL_DEVICE_MAX_COMPUTE_UNITS>();
    const std::string ext = " " + effective_extensions(d.getInfo<CL_DEVICE_EXTENSIONS>()) + " ";
    i.has_fp64 = ext.find(" cl_khr_fp64 ") != std::string::npos;
    i.has_int64_atomics = ext.find(" cl_khr_int64_base_atomics ") != std::string::npos;
    i.correctly_rounded_divide_sqrt =
        (d.getInfo<CL_DEVICE_SINGLE_FP_CONFIG>() & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0;
    find_watchdog(d, " " + d.getInfo<CL_DEVICE_EXTENSIONS>() + " ", i);
    return i;
}

// Platform and device enumeration, one thread at a time. Two threads that enumerate for the first
// time at once (a session opened on one thread while another replaces it: see
// tests/native/session_stress_test.cpp) made the driver stack (ocl-icd 2.3.1 + PoCL 3.1) answer
// one of them with no devices at all, or crash with a null read, under ThreadSanitizer.
std::mutex g_enumerate_mutex;

std::vector<Found> all_devices() {
    std::lock_guard<std::mutex> guard(g_enumerate_mutex);
    // The ICD loader loads and initialises the vendors' drivers here (see driver_call.hpp).
    std::vector<Found> found;
    bool no_platform = false;
    run_driver_call([&] {
        std::vector<cl::Platform> platforms;
        try {
            cl::Platform::get(&platforms);
        } catch (const cl::Error&) {
            no_platform = true;
            return;
        }
        for (const auto& p : platforms) {
            std::vector<cl::Device> devices;
            try {
                p.getDevices(CL_DEVICE_TYPE_ALL, &devices);
            } catch (const cl::Error&) {
                continue;  // a platform without devices
            }
            for (const auto& d : devices) found.push_back({d, describe(d, p)});
        }
        no_platform = platforms.empty();
    });
    if (no_platform) throw Error(kNoPlatform);
    if (found.empty()) throw Error(std::string("no OpenCL device found. ") + kNoPlatform);
    return found;
}

}  // namespace

std::string DeviceInfo::kind_name() const {
    if (is_gpu) return host_unified_memory ? "integrated GPU" : "discrete GPU";
    return is_cpu ? "CPU" : "accelerator/other";
}

std::size_t default_device_index(const std::vector<DeviceInfo>& devices, std::string* reason) {
    auto rank = [](const DeviceInfo& d) { return d.is_gpu ? (d.host_unified_memory ? 2 : 3) : d.is_cpu ? 0 : 1; };
    std::size_t best = 0;
    for (std::size_t i = 1; i < devices.size(); ++i) {
        const DeviceInfo &a = devices[i], &b = devices[best];
        if (rank(a) != rank(b)) {
            if (rank(a) > rank(b)) best = i;
        } else if (a.global_memory_bytes != b.global_memory_bytes) {
            if (a.global_memory_bytes > b.global_memory_bytes) best = i;
        } else if (a.compute_units > b.compute_units) {
            best = i;
        }
    }
    if (reason && !devices.empty()) {
        const DeviceInfo& d = devices[best];
        *reason = "default device '" + d.name + "' (" + d.kind_name() + ", " +
                  std::to_string(d.global_memory_bytes >> 20) + " MiB)";
        std::string others;
        for (std::size_t i = 0; i < devices.size(); ++i)
            if (i != best) others += (others.empty() ? "" : ", ") + ("'" + devices[i].name + "' (" + devices[i].kind_name() + ")");
        if (!others.empty()) *reason += ", preferred over " + others;
        *reason += "; IJCL_DEVICE=<part of a name> chooses another";
    }
    return best;
}

std::vector<DeviceInfo> list_devices() {
    std::vector<DeviceInfo> out;
    for (const auto& f : all_devices()) out.push_back(f.info);
    return out;
}

Device Device::open(const std::string& name_substring) {
    const auto found = all_devices();
    const std::string wanted = lower(trim(name_substring));
    if (wanted.empty()) {
        std::vector<DeviceInfo> infos;
        for (const auto& f : found) infos.push_back(f.info);
        std::string reason;
        const Found& f = found[default_device_index(infos, &reason)];
        Device device(f.device, f.info);
        device.choice_ = reason;
        return device;
    }
    for (const auto& f : found)
        if (lower(f.info.name).find(wanted) != std::string::npos) return Device(f.device, f.info);
    std::string names;
    for (const auto& f : found) names += (names.empty() ? "" : ", ") + ("'" + f.info.name + "'");
    fail("", "device", "no OpenCL device name contains '" + name_substring + "'; available: " + names);
}

Device::Device(cl::Device device, DeviceInfo info)
    : device_(std::move(device)), info_(std::move(info)), launch_split_(launch_split_for(info_)) {
    try {
        run_driver_call([&] {
            context_ = cl::Context(device_);
            queue_ = cl::CommandQueue(context_, device_, CL_QUEUE_PROFILING_ENABLE);
        });
    } catch (const cl::Error& e) {
        throw Error("could not open OpenCL device '" + info_.name + "': " + cl_status_name(e.err()));
    }
}

}  // namespace ijcl
