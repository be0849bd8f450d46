// Long kernel launches split into shorter ones, for GPUs whose driver kills a kernel that runs too
// long: Windows' display-driver watchdog (TDR) resets a GPU whose kernel runs longer than about
// 2 s and the OpenCL context is lost (reported against CLIJ2 and clEsperanto); macOS has its own
// GPU watchdog; NVIDIA's driver reports the watchdog on any OS (CL_DEVICE_KERNEL_EXEC_TIMEOUT_NV,
// true on a GPU that drives a display under X or WDDM). See DeviceInfo::kernel_watchdog.
//
// A launch is cut along its slowest axis (z planes, else y rows, else x for 1D launches), in
// blocks of the work-group size, and the pieces are enqueued with global offsets, so each work
// item keeps its get_global_id and computes exactly what it computes in one launch: results are
// the same bytes. Kernels whose work depends on the launch's shape (get_group_id,
// get_num_groups, get_global_size or get_global_offset: the reductions, histograms and the
// labeling's block numbering) always run as one launch (kernel_splittable); they loop over their
// data with a fixed number of work groups, so they do not grow long with the image.
//
// Timed mode (a device with a watchdog): the first piece is 1/256 of the launch (at least one
// block); after each piece the queue waits for it and times it (event profiling), and the next
// piece is sized to take `target_seconds` (0.1 s, a twentieth of Windows' 2 s), growing at most
// 64x per piece. The last piece is not waited for. A launch that fits in one block runs whole.
#pragma once

#include <cstddef>
#include <string>

#include "ijcl/opencl.hpp"

namespace ijcl {

struct DeviceInfo;

struct LaunchSplit {
    enum class Mode { Off, Timed, Parts };
    Mode mode = Mode::Off;
    double target_seconds = 0.1;   // Timed: the time each piece aims at
    unsigned parts = 1;            // Parts: every splittable launch in this many pieces (tests)
};

// The policy for a device, from IJCL_SPLIT_LAUNCHES:
//   auto (or unset)  Timed on a device with a kernel watchdog (DeviceInfo::kernel_watchdog), else Off
//   on               Timed on every device
//   off              never split
//   N (2..1000)      every splittable launch in N pieces of equal block counts, untimed (tests: the
//                    suite with IJCL_SPLIT_LAUNCHES=3, ctest SplitLaunches.Suite)
// Anything else throws ijcl::Error naming the variable and the accepted values.
LaunchSplit launch_split_for(const DeviceInfo& info);

// One line for device listings: whether launches are split on `info`'s device and why.
std::string launch_split_summary(const DeviceInfo& info);

// Whether kernel `kernel_name` of kernels/`file_name` may run in pieces: false when its body, or
// any code of its file or of preamble.cl outside kernel bodies (helpers it may call), names
// get_group_id, get_num_groups, get_global_size or get_global_offset. Read from the embedded
// source once per file.
bool kernel_splittable(const std::string& file_name, const std::string& kernel_name);
// The same test on a source text (exposed for tests).
bool kernel_splittable_in(const std::string& source, const std::string& kernel_name);

// How a launch of global size `global` (already a multiple of `local` in every dimension) and
// work-group size `local` (NullRange: blocks of 1) is cut. Units are blocks along the slowest
// axis; in a 3D launch a unit is one block of rows of one block of planes, so a piece is either
// whole block-planes or rows within one block-plane.
class LaunchPlan {
public:
    LaunchPlan(const cl::NDRange& global, const cl::NDRange& local);

    std::size_t units() const { return units_; }

    struct Piece {
        std::size_t offset[3] = {0, 0, 0};
        std::size_t size[3] = {1, 1, 1};
        std::size_t units = 0;   // units this piece covers (at most the number asked for)
    };
    // The piece that starts at unit `first` and covers at most `count` units (at least one).
    Piece piece(std::size_t first, std::size_t count) const;

    cl::NDRange offset_range(const Piece& p) const;
    cl::NDRange size_range(const Piece& p) const;

private:
    cl_uint dims_;
    std::size_t global_[3] = {1, 1, 1};
    std::size_t block_[3] = {1, 1, 1};
    std::size_t rows_per_plane_ = 1;   // 3D: y blocks per z block
    std::size_t units_ = 1;
};

}  // namespace ijcl
