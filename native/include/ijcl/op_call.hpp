// What an operation's implementation sees: its resolved arguments, a way to launch kernels on
// the session's queue, and temporaries. Implementations live in native/src/ops/*.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ijcl/image.hpp"
#include "ijcl/kernel_cache.hpp"
#include "ijcl/launch_split.hpp"
#include "ijcl/registry.hpp"
#include "ijcl/table.hpp"

namespace ijcl {

class Session;

// Builds the argument list of one kernel and enqueues it. Arguments are set in the order of the
// kernel's signature; the typed setters make the OpenCL C type explicit.
class KernelLaunch {
public:
    // `events`, when not null, receives the event of every launch (for profiling). `split`, when
    // not null, is the device's policy for long launches (launch_split.hpp), applied when
    // `splittable` (kernel_splittable: the kernel's work does not depend on the launch's shape).
    KernelLaunch(cl::Kernel kernel, cl::CommandQueue& queue, std::vector<cl::Event>* events = nullptr,
                 const LaunchSplit* split = nullptr, bool splittable = false);

    KernelLaunch& image(const Image& image);          // __global T*
    KernelLaunch& buffer(const cl::Buffer& buffer);   // __global T*
    KernelLaunch& shape(const Image& image);          // long width, long height, long depth
    KernelLaunch& i64(std::int64_t value);            // long
    KernelLaunch& i32(std::int32_t value);            // int
    KernelLaunch& u32(std::uint32_t value);           // uint
    KernelLaunch& f32(float value);                   // float
    KernelLaunch& f64(double value);                  // double
    KernelLaunch& local_bytes(std::size_t bytes);     // __local T*

    // Enqueues without waiting. `global` is rounded up to a multiple of `local` when given;
    // kernels must guard against out-of-range ids. Under a split policy the launch may be
    // enqueued as several pieces with global offsets, waiting for each but the last one in
    // Timed mode (launch_split.hpp); the results are the same.
    void run(const cl::NDRange& global, const cl::NDRange& local = cl::NullRange);

    // Kernels enqueued in this process so far (every device, every session): lets GPU mode's tests
    // and report tell that a command really ran on the device. A launch run in pieces counts once.
    static std::uint64_t launch_count();
    // Pieces enqueued by launches that were split (every device, every session), for tests.
    static std::uint64_t split_piece_count();

private:
    void enqueue(const cl::NDRange& offset, const cl::NDRange& global, const cl::NDRange& local, cl::Event* event);
    void run_split(const cl::NDRange& global, const cl::NDRange& local);

    cl::Kernel kernel_;
    cl::CommandQueue& queue_;
    std::vector<cl::Event>* events_;
    const LaunchSplit* split_;
    bool splittable_;
    cl_uint next_ = 0;
};

class OpCall {
public:
    OpCall(Session& session, const OpSpec& spec);

    const OpSpec& spec() const { return spec_; }
    const std::string& op_name() const { return spec_.name; }

    // Resolved arguments, by parameter name.
    Image& input(const std::string& name) const;
    Image& output(const std::string& name) const;
    double number(const std::string& name) const;
    std::int64_t integer(const std::string& name) const;
    bool boolean(const std::string& name) const;
    const std::string& string(const std::string& name) const;
    // The first input image parameter (used by default output rules).
    Image& first_input() const;
    // The image that already carries an output parameter's name, or nullptr (for output rules
    // of operations that write into an existing destination, e.g. paste2D).
    const Image* existing_output(const std::string& name) const;

    // Results.
    void set_result(const std::string& name, double value);
    void set_table(Table table);

    // Kernels: the kernel `kernel_name` from kernels/`file`, with pixel-type defines for each
    // (KEY, image) pair: KEY_T (OpenCL type), KEY_IS_FLOAT (0/1), CONVERT_KEY(x) (float to
    // KEY_T, rounded to nearest and saturated as ImageJ does), KEY_MAX; plus extra defines.
    KernelLaunch kernel(const std::string& file, const std::string& kernel_name,
                        const std::vector<std::pair<std::string, const Image*>>& typed,
                        const Defines& extra = {});
    // Same, with explicit pixel types instead of images.
    KernelLaunch kernel_t(const std::string& file, const std::string& kernel_name,
                          const std::vector<std::pair<std::string, PixelType>>& typed,
                          const Defines& extra = {});

    // A temporary image, released when the call ends.
    ImagePtr temp(const Shape& shape, PixelType type, ImageKind kind = ImageKind::Intensity);
    // Device-to-device copy of `bytes` bytes (recorded for profiling like kernel launches).
    void copy_buffer(const cl::Buffer& src, const cl::Buffer& dst, std::size_t bytes,
                     std::size_t src_offset = 0, std::size_t dst_offset = 0);
    cl::Buffer temp_buffer(std::size_t bytes);

    Session& session() { return session_; }
    cl::CommandQueue& queue();
    const class DeviceInfo& device_info() const;

    // Throws ijcl::Error "operation 'OP', argument 'ARG': MESSAGE".
    [[noreturn]] void fail(const std::string& argument, const std::string& message) const;

    // Filled by the session before run().
    std::map<std::string, ImagePtr> inputs_;
    std::map<std::string, ImagePtr> outputs_;
    std::map<std::string, double> numbers_;
    std::map<std::string, bool> booleans_;
    std::map<std::string, std::string> strings_;
    std::vector<std::pair<std::string, double>> results_;
    std::optional<Table> table_;
    std::map<std::string, ImagePtr> existing_outputs_;
    // Filled by TileRunner::for_each_tile when the call runs on one tile: the tile's origin in the
    // whole input image (x, y, z, pixels, halo included) and that image's shape. An untiled call
    // has origin 0 and no whole shape (its images are whole). For operations whose results depend
    // on where a pixel lies (pixel-wise rows reading coordinates or the image border).
    std::uint64_t tile_origin_[3] = {0, 0, 0};
    std::optional<Shape> whole_shape_;
    // Whether the operation has asked for a kernel, a copy or the queue: before that, nothing
    // can have been written, so a refused call leaves a reused destination as it was.
    bool enqueued_ = false;

private:
    Session& session_;
    const OpSpec& spec_;
};

// Pixel-type #defines for one key, as OpCall::kernel makes them (exposed for tests and tools).
void add_type_defines(Defines& defines, const std::string& key, PixelType type);

}  // namespace ijcl
