// OpenCL platforms and devices: listing, selection by name, and the context and in-order queue
// that one ijcl session uses.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ijcl/launch_split.hpp"
#include "ijcl/opencl.hpp"

namespace ijcl {

struct DeviceInfo {
    std::string name;
    std::string vendor;
    std::string platform;
    std::string driver_version;
    std::string opencl_version;   // CL_DEVICE_VERSION, e.g. "OpenCL 3.0 CUDA"
    bool is_gpu = false;
    std::uint64_t global_memory_bytes = 0;
    std::uint64_t max_alloc_bytes = 0;
    std::uint64_t local_memory_bytes = 0;
    std::size_t max_work_group_size = 0;
    std::uint32_t compute_units = 0;
    bool has_fp64 = false;
    bool has_int64_atomics = false;
    // CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT in CL_DEVICE_SINGLE_FP_CONFIG: float division and sqrt
    // can be built correctly rounded (IEEE 754, as Java's float arithmetic in ImageJ).
    bool correctly_rounded_divide_sqrt = false;
    bool is_cpu = false;
    // CL_DEVICE_HOST_UNIFIED_MEMORY: a GPU sharing the host's memory is an integrated one.
    bool host_unified_memory = false;
    // The driver kills a kernel that runs too long (a GPU that drives a display: Windows' TDR
    // after about 2 s, macOS's GPU watchdog). From CL_DEVICE_KERNEL_EXEC_TIMEOUT_NV where the
    // driver answers it (NVIDIA, any OS); otherwise assumed for every GPU on Windows and macOS
    // and for none elsewhere. Long launches are split there (launch_split.hpp).
    bool kernel_watchdog = false;
    std::string watchdog_source;   // how kernel_watchdog was found, for logs

    std::string type_name() const { return is_gpu ? "GPU" : "CPU/other"; }
    // "discrete GPU", "integrated GPU", "CPU" or "accelerator/other", for the default choice's log.
    std::string kind_name() const;
};

// The default device among `devices` (when none is asked for by name): a discrete GPU before an
// integrated one (a laptop's integrated GPU is slower and shares the memory), any other
// accelerator before a CPU; within a kind the one with the most global memory, then the most
// compute units, then the first listed. Returns its index; `reason` (when not null) gets one line
// naming the choice and what it was preferred over. Empty `devices`: 0, no reason.
std::size_t default_device_index(const std::vector<DeviceInfo>& devices, std::string* reason = nullptr);

// Every device of every OpenCL platform. Throws ijcl::Error when no platform is installed; the
// message names the Debian packages that provide one (ocl-icd-libopencl1 plus a driver such as
// pocl-opencl-icd or the GPU vendor's ICD).
std::vector<DeviceInfo> list_devices();

class Device {
public:
    // Selects a device. With an empty name: default_device_index's choice (a discrete GPU first).
    // Otherwise: the first device whose name contains `name_substring` (case-insensitive);
    // throws ijcl::Error listing the available devices when none matches.
    static Device open(const std::string& name_substring);

    const DeviceInfo& info() const { return info_; }
    // Why the default device was chosen (default_device_index's line); empty when one was named.
    const std::string& choice() const { return choice_; }
    const cl::Context& context() const { return context_; }
    const cl::Device& device() const { return device_; }
    cl::CommandQueue& queue() { return queue_; }
    // How long kernel launches are cut on this device (launch_split_for(info()) at open).
    const LaunchSplit& launch_split() const { return launch_split_; }
    // Replaces it (tests: a split policy on a device that has no watchdog).
    void set_launch_split(const LaunchSplit& split) { launch_split_ = split; }

private:
    Device(cl::Device device, DeviceInfo info);

    cl::Device device_;
    DeviceInfo info_;
    std::string choice_;
    cl::Context context_;
    cl::CommandQueue queue_;
    LaunchSplit launch_split_;
};

}  // namespace ijcl
