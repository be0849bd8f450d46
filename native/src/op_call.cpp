#include "ijcl/op_call.hpp"

#include <atomic>
#include <cmath>

#include "ijcl/errors.hpp"
#include "ijcl/session.hpp"

namespace ijcl {

namespace {
std::atomic<std::uint64_t> g_launch_count{0};
}

std::uint64_t KernelLaunch::launch_count() { return g_launch_count.load(); }

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

KernelLaunch::KernelLaunch(cl::Kernel kernel, cl::CommandQueue& queue, std::vector<cl::Event>* events)
    : kernel_(std::move(kernel)), queue_(queue), events_(events) {}

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
        if (events_) {
            cl::Event event;
            queue_.enqueueNDRangeKernel(kernel_, cl::NullRange, g, local, nullptr, &event);
            events_->push_back(event);
        } else {
            queue_.enqueueNDRangeKernel(kernel_, cl::NullRange, g, local);
        }
        g_launch_count.fetch_add(1, std::memory_order_relaxed);
    } catch (const cl::Error& e) {
        std::string name;
        try { name = kernel_.getInfo<CL_KERNEL_FUNCTION_NAME>(); } catch (...) {}
        throw Error("launching kernel '" + name + "' failed: " + cl_status_name(e.err()));
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
                        session_.profiling_events());
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
