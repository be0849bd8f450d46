#include "ijcl/op_call.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>

#include "ijcl/errors.hpp"
#include "ijcl/session.hpp"

namespace ijcl {

namespace {
std::atomic<std::uint64_t> g_launch_count{0};
std::atomic<std::uint64_t> g_split_pieces{0};
}

std::uint64_t KernelLaunch::launch_count() { return g_launch_count.load(); }
std::uint64_t KernelLaunch::split_piece_count() { return g_split_pieces.load(); }

void add_type_defines(Defines& defines, const std::string& key, PixelType type) {
    const std::string cl = opencl_type_name(type);
    defines.emplace_back(key + "_T", cl);
    defines.emplace_back(key + "_IS_FLOAT", is_float(type) ? "1" : "0");
    defines.emplace_back(key + "_TYPE_ID", std::to_string(static_cast<int>(type)));
    defines.emplace_back("CONVERT_" + key + "(x)", "ijcl_to_" + cl + "(x)");
    defines.emplace_back(key + "_MAX", type == PixelType::Float32 ? "FLT_MAX"
                                       : type == PixelType::UInt32 ? "4294967295.0f"
                                       : std::to_string(static_cast<long>(max_value(type))) + ".0f");
}

KernelLaunch::KernelLaunch(cl::Kernel kernel, cl::CommandQueue& queue, std::vector<cl::Event>* events,
                           const LaunchSplit* split, bool splittable)
    : kernel_(std::move(kernel)), queue_(queue), events_(events), split_(split), splittable_(splittable) {}

KernelLaunch& KernelLaunch::image(const Image& image) { kernel_.setArg(next_++, image.buffer()); return *this; }
KernelLaunch& KernelLaunch::buffer(const cl::Buffer& buffer) { kernel_.setArg(next_++, buffer); return *this; }
KernelLaunch& KernelLaunch::shape(const Image& image) {
    i64(static_cast<std::int64_t>(image.shape().width));
    i64(static_cast<std::int64_t>(image.shape().height));
    return i64(static_cast<std::int64_t>(image.shape().depth));
}
KernelLaunch& KernelLaunch::i64(std::int64_t value) { cl_long v = value; kernel_.setArg(next_++, v); return *this; }
KernelLaunch& KernelLaunch::i32(std::int32_t value) { cl_int v = value; kernel_.setArg(next_++, v); return *this; }
KernelLaunch& KernelLaunch::u32(std::uint32_t value) { cl_uint v = value; kernel_.setArg(next_++, v); return *this; }
KernelLaunch& KernelLaunch::f32(float value) { cl_float v = value; kernel_.setArg(next_++, v); return *this; }
KernelLaunch& KernelLaunch::f64(double value) { cl_double v = value; kernel_.setArg(next_++, v); return *this; }
KernelLaunch& KernelLaunch::local_bytes(std::size_t bytes) {
    kernel_.setArg(next_++, cl::Local(bytes));
    return *this;
}

void KernelLaunch::run(const cl::NDRange& global, const cl::NDRange& local) {
    cl::NDRange g = global;
    if (local.dimensions() != 0) {
        std::size_t dims[3] = {1, 1, 1};
        for (cl_uint i = 0; i < global.dimensions(); ++i) {
            const std::size_t l = local[i];
            dims[i] = (global[i] + l - 1) / l * l;
        }
        g = global.dimensions() == 1   ? cl::NDRange(dims[0])
            : global.dimensions() == 2 ? cl::NDRange(dims[0], dims[1])
                                       : cl::NDRange(dims[0], dims[1], dims[2]);
    }
    for (cl_uint i = 0; i < g.dimensions(); ++i)
        if (g[i] == 0) return;  // nothing to do
    try {
        if (split_ && splittable_ && split_->mode != LaunchSplit::Mode::Off && LaunchPlan(g, local).units() > 1)
            run_split(g, local);
        else
            enqueue(cl::NullRange, g, local, nullptr);
        g_launch_count.fetch_add(1, std::memory_order_relaxed);
    } catch (const cl::Error& e) {
        std::string name;
        try { name = kernel_.getInfo<CL_KERNEL_FUNCTION_NAME>(); } catch (...) {}
        throw Error("launching kernel '" + name + "' failed: " + cl_status_name(e.err()));
    }
}

void KernelLaunch::enqueue(const cl::NDRange& offset, const cl::NDRange& global, const cl::NDRange& local,
                           cl::Event* event) {
    cl::Event own;
    if (!event && events_) event = &own;
    queue_.enqueueNDRangeKernel(kernel_, offset, global, local, nullptr, event);
    if (events_) events_->push_back(*event);
}

// The launch in pieces (launch_split.hpp). Parts mode: equal block counts, no waiting. Timed mode:
// the first piece 1/256 of the blocks; each later one sized from the time per block the previous
// pieces took (event profiling, or the host clock if the driver gives no times) to take the
// target time, growing at most 64x; every piece but the last is waited for.
void KernelLaunch::run_split(const cl::NDRange& global, const cl::NDRange& local) {
    const LaunchPlan plan(global, local);
    const std::size_t total = plan.units();
    const bool timed = split_->mode == LaunchSplit::Mode::Timed;
    std::size_t count = timed ? std::max<std::size_t>(1, total / 256)
                              : (total + split_->parts - 1) / split_->parts;
    for (std::size_t first = 0; first < total;) {
        const LaunchPlan::Piece piece = plan.piece(first, count);
        const bool last = first + piece.units >= total;
        cl::Event event;
        const auto start = std::chrono::steady_clock::now();
        enqueue(plan.offset_range(piece), plan.size_range(piece), local, &event);
        g_split_pieces.fetch_add(1, std::memory_order_relaxed);
        first += piece.units;
        if (last || !timed) continue;
        event.wait();
        double seconds = 0;
        try {
            const cl_ulong begin = event.getProfilingInfo<CL_PROFILING_COMMAND_START>();
            const cl_ulong end = event.getProfilingInfo<CL_PROFILING_COMMAND_END>();
            seconds = end > begin ? (end - begin) * 1e-9 : 0;
        } catch (const cl::Error&) {
        }
        if (seconds <= 0)
            seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double per_unit = std::max(seconds, 1e-7) / static_cast<double>(piece.units);
        const double wanted = split_->target_seconds / per_unit;
        count = static_cast<std::size_t>(std::clamp(wanted, 1.0, static_cast<double>(piece.units) * 64.0));
    }
}

OpCall::OpCall(Session& session, const OpSpec& spec) : session_(session), spec_(spec) {}

Image& OpCall::input(const std::string& name) const {
    auto it = inputs_.find(name);
    if (it == inputs_.end()) throw Error("internal: '" + spec_.name + "' has no input '" + name + "'");
    return *it->second;
}

Image& OpCall::output(const std::string& name) const {
    auto it = outputs_.find(name);
    if (it == outputs_.end()) throw Error("internal: '" + spec_.name + "' has no output '" + name + "'");
    return *it->second;
}

double OpCall::number(const std::string& name) const {
    auto it = numbers_.find(name);
    if (it == numbers_.end()) throw Error("internal: '" + spec_.name + "' has no number '" + name + "'");
    return it->second;
}

std::int64_t OpCall::integer(const std::string& name) const {
    return static_cast<std::int64_t>(std::llround(number(name)));
}

bool OpCall::boolean(const std::string& name) const {
    auto it = booleans_.find(name);
    if (it == booleans_.end()) throw Error("internal: '" + spec_.name + "' has no boolean '" + name + "'");
    return it->second;
}

const std::string& OpCall::string(const std::string& name) const {
    auto it = strings_.find(name);
    if (it == strings_.end()) throw Error("internal: '" + spec_.name + "' has no string '" + name + "'");
    return it->second;
}

Image& OpCall::first_input() const {
    for (const auto& p : spec_.params)
        if (p.kind == ParamKind::InputImage || p.kind == ParamKind::InPlaceImage) return input(p.name);
    throw Error("internal: '" + spec_.name + "' has no input image");
}

const Image* OpCall::existing_output(const std::string& name) const {
    auto it = existing_outputs_.find(name);
    return it == existing_outputs_.end() ? nullptr : it->second.get();
}

void OpCall::set_result(const std::string& name, double value) { results_.emplace_back(name, value); }
void OpCall::set_table(Table table) { table_ = std::move(table); }

KernelLaunch OpCall::kernel(const std::string& file, const std::string& kernel_name,
                            const std::vector<std::pair<std::string, const Image*>>& typed,
                            const Defines& extra) {
    enqueued_ = true;
    std::vector<std::pair<std::string, PixelType>> types;
    for (const auto& t : typed) types.emplace_back(t.first, t.second->type());
    return kernel_t(file, kernel_name, types, extra);
}

KernelLaunch OpCall::kernel_t(const std::string& file, const std::string& kernel_name,
                              const std::vector<std::pair<std::string, PixelType>>& typed,
                              const Defines& extra) {
    enqueued_ = true;
    Defines defines;
    for (const auto& t : typed) add_type_defines(defines, t.first, t.second);
    defines.insert(defines.end(), extra.begin(), extra.end());
    return KernelLaunch(session_.kernels().get(file, kernel_name, defines), session_.device().queue(),
                        session_.profiling_events(), &session_.device().launch_split(),
                        kernel_splittable(file, kernel_name));
}

ImagePtr OpCall::temp(const Shape& shape, PixelType type, ImageKind kind) {
    return session_.allocate(shape, type, kind, spec_.name, "");
}

void OpCall::copy_buffer(const cl::Buffer& src, const cl::Buffer& dst, std::size_t bytes,
                         std::size_t src_offset, std::size_t dst_offset) {
    if (bytes == 0) return;
    enqueued_ = true;
    if (auto* events = session_.profiling_events()) {
        cl::Event event;
        queue().enqueueCopyBuffer(src, dst, src_offset, dst_offset, bytes, nullptr, &event);
        events->push_back(event);
    } else {
        queue().enqueueCopyBuffer(src, dst, src_offset, dst_offset, bytes);
    }
}

cl::Buffer OpCall::temp_buffer(std::size_t bytes) {
    try {
        return cl::Buffer(session_.device().context(), CL_MEM_READ_WRITE, bytes == 0 ? 1 : bytes);
    } catch (const cl::Error& e) {
        ijcl::fail(spec_.name, "", "could not allocate a temporary of " + std::to_string(bytes) +
                                       " bytes: " + cl_status_name(e.err()));
    }
}

cl::CommandQueue& OpCall::queue() {
    enqueued_ = true;  // the operation may enqueue anything on it
    return session_.device().queue();
}
const DeviceInfo& OpCall::device_info() const { return session_.device_info(); }

void OpCall::fail(const std::string& argument, const std::string& message) const {
    ijcl::fail(spec_.name, argument, message);
}

}  // namespace ijcl
