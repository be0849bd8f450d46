#include "ijcl/driver_call.hpp"
#include "ijcl/session.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <set>
#include <sstream>

#include "ijcl/errors.hpp"
#include "ijcl/op_call.hpp"
#include "ijcl/tiling.hpp"
#include "host_copy.hpp"
#include "ops/streaming.hpp"

namespace ijcl {
namespace {

// Session::write (push) and Session::read (pull): fails unless the bytes at offset lie inside the
// image, then runs `copy`, reporting an OpenCL error of the transfer as the operation's failure.
template <typename Copy>
void checked_transfer(bool push, const Image& image, std::uint64_t offset, std::uint64_t bytes, Copy copy) {
    const char* op = push ? "push" : "pull";
    if (offset > image.bytes() || bytes > image.bytes() - offset)
        fail(op, "image", std::string(push ? "writing " : "reading ") + std::to_string(bytes) + " bytes at offset " +
                              std::to_string(offset) + " exceeds the image's " + std::to_string(image.bytes()) +
                              " bytes");
    try {
        copy();
    } catch (const cl::Error& e) {
        fail(op, "image", std::string("transfer ") + (push ? "to" : "from") + " the GPU failed: " +
                              cl_status_name(e.err()));
    }
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string signature(const OpSpec& spec) {
    std::string s = spec.name + "(";
    for (std::size_t i = 0; i < spec.params.size(); ++i) s += (i ? ", " : "") + spec.params[i].name;
    return s + ")";
}

// One decimal of KiB/MiB/GiB (1024-based), as CLIJ2's reportMemory writes sizes ("161.8 kb"
// for 165,648 bytes), so that the sizes a CLIJ2 documentation macro prints agree.
std::string human_bytes(std::uint64_t bytes) {
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(1);
    if (bytes >= (1ULL << 30)) s << bytes / double(1ULL << 30) << " GiB";
    else if (bytes >= (1ULL << 20)) s << bytes / double(1ULL << 20) << " MiB";
    else if (bytes >= (1ULL << 10)) s << bytes / double(1ULL << 10) << " KiB";
    else s << bytes << " bytes";
    return s.str();
}

// Every live session, so that shutdown and process exit can drain them all (sessions that
// callers still hold after a replacement included). Never destroyed, like the sessions' driver.
std::mutex& live_mutex() {
    static std::mutex* m = new std::mutex();
    return *m;
}
std::set<Session*>& live_sessions() {
    static std::set<Session*>* s = new std::set<Session*>();
    return *s;
}

// Runs at exit() before the OpenCL driver's static destructors (it is registered after the first
// device was opened, i.e. after the driver was loaded): no driver thread may still compile or run
// a kernel of ours while LLVM tears down. Without the session lock: OpenCL queues are thread safe,
// and a thread stuck in an operation must not hang the exit.
void drain_all_at_exit() {
    Session::drain_all();
}

// Session::write and read of a host-resident image: the caller's copy function on the image's own
// memory, in chunks as the transfer engine hands them out.
void host_transfer(unsigned char* at, std::uint64_t bytes, const TransferEngine::HostCopy& copy) {
    for (std::uint64_t pos = 0; pos < bytes; pos += TransferEngine::kChunkBytes)
        copy(pos, at + pos, std::min<std::uint64_t>(TransferEngine::kChunkBytes, bytes - pos));
}

// pull_view of a host-resident binary or label image: the ImageJ view made on the host.
ImagePtr host_view(const Image& image) {
    const std::uint64_t n = image.shape().pixels();
    if (image.kind() == ImageKind::Binary) {
        auto view = std::make_shared<Image>(Image::InHostMemory{}, image.shape(), PixelType::UInt8, image.kind());
        for (std::uint64_t i = 0; i < n; ++i) {
            double v = 0;
            switch (image.type()) {
                case PixelType::UInt8: v = image.host_data()[i]; break;
                case PixelType::UInt16: v = reinterpret_cast<const std::uint16_t*>(image.host_data())[i]; break;
                case PixelType::UInt32: v = reinterpret_cast<const std::uint32_t*>(image.host_data())[i]; break;
                case PixelType::Float32: v = reinterpret_cast<const float*>(image.host_data())[i]; break;
            }
            const double scaled = v * 255.0;
            view->host_data()[i] = static_cast<unsigned char>(scaled >= 255 ? 255 : scaled <= 0 ? 0 : std::lround(scaled));
        }
        return view;
    }
    if (image.type() != PixelType::UInt32) return nullptr;
    const auto* labels = reinterpret_cast<const std::uint32_t*>(image.host_data());
    std::uint32_t max = 0;
    for (std::uint64_t i = 0; i < n; ++i) max = std::max(max, labels[i]);
    const PixelType target = max <= 65535 ? PixelType::UInt16 : PixelType::Float32;
    auto view = std::make_shared<Image>(Image::InHostMemory{}, image.shape(), target, image.kind());
    for (std::uint64_t i = 0; i < n; ++i) {
        if (target == PixelType::UInt16) reinterpret_cast<std::uint16_t*>(view->host_data())[i] = static_cast<std::uint16_t>(labels[i]);
        else reinterpret_cast<float*>(view->host_data())[i] = static_cast<float>(labels[i]);
    }
    return view;
}

bool is_allocation_failure(int status) {
    return status == CL_MEM_OBJECT_ALLOCATION_FAILURE || status == CL_OUT_OF_RESOURCES ||
           status == CL_OUT_OF_HOST_MEMORY || status == CL_INVALID_BUFFER_SIZE;
}

}  // namespace

Session::Session(const std::string& device_name_substring)
    : device_(Device::open(device_name_substring)),
      kernels_(device_),
      transfer_(device_.context(), device_.queue()) {
    static std::once_flag at_exit;
    std::call_once(at_exit, [] { std::atexit(drain_all_at_exit); });
    const std::uint64_t total = device_.info().global_memory_bytes;
    default_budget_ = total - std::min<std::uint64_t>(total / 10, 1ULL << 30);
    if (const char* env = std::getenv("IJCL_MAX_DEVICE_MEMORY"); env && *env)
        default_budget_ = std::min(total == 0 ? ~std::uint64_t(0) : total,
                                   parse_memory_size(env, "IJCL_MAX_DEVICE_MEMORY"));
    budget_ = default_budget_;
    std::lock_guard<std::mutex> guard(live_mutex());
    live_sessions().insert(this);
}

Session::~Session() {
    {
        std::lock_guard<std::mutex> guard(live_mutex());
        live_sessions().erase(this);
    }
    // Drain before any member (images, programs, the context) is released.
    finish_quietly();
}

void Session::finish_quietly() noexcept {
    try {
        std::lock_guard<std::recursive_mutex> guard(lock_);
        device_.queue().finish();
    } catch (...) {
    }
}

bool Session::device_responds() noexcept {
    if (simulated_loss_) return false;
    try {
        std::lock_guard<std::recursive_mutex> guard(lock_);
        if (closed_) return true;  // closed on purpose, not lost
        cl::Buffer probe(device_.context(), CL_MEM_READ_WRITE, 4);
        device_.queue().enqueueFillBuffer(probe, cl_uint{0}, 0, 4);
        device_.queue().finish();
        return true;
    } catch (...) {
        return false;
    }
}

void Session::close() noexcept {
    try {
        std::lock_guard<std::recursive_mutex> guard(lock_);
        closed_ = true;
        device_.queue().finish();
    } catch (...) {
    }
}

void Session::drain_all() noexcept {
    std::lock_guard<std::mutex> guard(live_mutex());
    for (Session* s : live_sessions()) {
        // a closed session was drained by close() (the JVM's shutdown hook): no driver call at
        // exit, where on Windows the driver's threads are already gone (ExitProcess ends every
        // other thread before a DLL's atexit handlers run) and a wait for them never returns
        if (s->closed_) continue;
        try {
            s->device().queue().finish();
        } catch (...) {
        }
    }
}

void Session::close_all() noexcept {
    std::lock_guard<std::mutex> guard(live_mutex());
    for (Session* s : live_sessions()) s->close();
}

std::uint64_t Session::max_device_memory() const {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    return budget_;
}

void Session::set_max_device_memory(std::uint64_t bytes) {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    const std::uint64_t total = device_.info().global_memory_bytes;
    budget_ = bytes == 0 ? default_budget_ : (total != 0 ? std::min(bytes, total) : bytes);
}

std::uint64_t Session::free_budget() const {
    const auto live = static_cast<std::uint64_t>(std::max<std::int64_t>(0, Image::live_bytes()));
    return live >= budget_ ? 0 : budget_ - live;
}

cl::CommandQueue& Session::tile_queue() {
    if (tile_queue_() == nullptr) tile_queue_ = cl::CommandQueue(device_.context(), device_.device());
    return tile_queue_;
}

void Session::check_open(const std::string& op) const {
    if (closed_) fail(op, "", "ijcl has shut down: the program is exiting, so no further GPU work is started");
}

void Session::fail_out_of_memory(const std::string& op, const std::string& argument, const std::string& what,
                                  std::uint64_t asked) const {
    std::uint64_t held = 0;
    std::vector<std::pair<std::uint64_t, std::string>> largest;
    for (const auto& kv : images_) {
        held += kv.second->bytes();
        largest.emplace_back(kv.second->bytes(), kv.first);
    }
    std::sort(largest.rbegin(), largest.rend());
    const std::uint64_t total = budget_;
    const std::uint64_t in_use = std::max<std::uint64_t>(held, static_cast<std::uint64_t>(
                                                                   std::max<std::int64_t>(0, Image::live_bytes())));
    const std::uint64_t max_alloc = device_.info().max_alloc_bytes;
    std::ostringstream s;
    s << "not enough device memory: " << what << " needs " << human_bytes(asked) << " (" << asked << " bytes)";
    if (max_alloc != 0 && asked > max_alloc)
        s << ", more than the device's largest single allocation (" << human_bytes(max_alloc)
          << "), so it must be processed in smaller parts";
    s << "; the device '" << device_.info().name << "' has " << human_bytes(total)
      << (budget_ < default_budget_ || std::getenv("IJCL_MAX_DEVICE_MEMORY")
              ? " for ijcl (the budget set with IJCL_MAX_DEVICE_MEMORY or the ijcl preference)"
              : "")
      << ", ijcl holds "
      << human_bytes(in_use) << " of it";
    if (!largest.empty()) {
        s << " in " << images_.size() << " image" << (images_.size() == 1 ? "" : "s") << " (largest: ";
        for (std::size_t i = 0; i < largest.size() && i < 3; ++i)
            s << (i ? ", " : "") << "'" << largest[i].second << "' " << human_bytes(largest[i].first);
        s << ")";
    }
    s << ", so at most " << human_bytes(total > in_use ? total - in_use : 0)
      << " is free. Release images that are no longer needed (Ext.IJCL_release(name), Ext.IJCL_clear()) "
         "or process the image in smaller parts";
    fail(op, argument, s.str());
}

ImagePtr Session::allocate(Shape shape, PixelType type, ImageKind kind, const std::string& op,
                           const std::string& argument) {
    const std::uint64_t bytes = shape.pixels() * bytes_per_pixel(type);
    const std::string what = "an image of " + shape.to_string() + " " + pixel_type_name(type);
    const auto& info = device_.info();
    if (shape.width != 0 && shape.height != 0 && shape.depth != 0) {
        // Overflowing sizes (a 2^40 x 2^40 request) are also out of memory.
        const bool overflow = shape.pixels() / shape.width / shape.height != shape.depth ||
                              bytes / bytes_per_pixel(type) != shape.pixels();
        if (overflow) fail_out_of_memory(op, argument, what, ~std::uint64_t(0));
        if (info.max_alloc_bytes != 0 && bytes > info.max_alloc_bytes)
            fail_out_of_memory(op, argument, what, bytes);
        const auto live = static_cast<std::uint64_t>(std::max<std::int64_t>(0, Image::live_bytes()));
        if (live + bytes > budget_) fail_out_of_memory(op, argument, what, bytes);
    }
    try {
        return std::make_shared<Image>(device_.context(), shape, type, kind, info.max_alloc_bytes);
    } catch (const cl::Error& e) {
        if (is_allocation_failure(e.err())) fail_out_of_memory(op, argument, what, bytes);
        throw;
    } catch (const Error& e) {
        if (std::string(e.what()).find("could not allocate") != std::string::npos)
            fail_out_of_memory(op, argument, what, bytes);
        fail(op, argument, e.what());
    }
}

Image& Session::create(const std::string& name, Shape shape, PixelType type, ImageKind kind) {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    check_open("push");
    if (name.empty()) fail("create", "name", "an image name must not be empty");
    images_.erase(name);  // release first so the memory can be reused
    const std::uint64_t bytes = shape.pixels() * bytes_per_pixel(type);
    const bool overflow = shape.width != 0 && shape.height != 0 &&
                          (shape.pixels() / shape.width / shape.height != shape.depth ||
                           bytes / bytes_per_pixel(type) != shape.pixels());
    ImagePtr image;
    if (!overflow && shape.pixels() != 0 && keep_on_host(bytes)) {
        try {
            image = std::make_shared<Image>(Image::InHostMemory{}, shape, type, kind);
        } catch (const Error& e) {
            fail("push", "image", std::string(e.what()) + " (the image is larger than the device-memory budget of " +
                                      human_bytes(budget_) + ", so it is kept in host memory)");
        }
    } else {
        image = allocate(shape, type, kind, "push", "image");
    }
    images_[name] = image;
    return *image;
}

void Session::store(const std::string& name, ImagePtr image) {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    if (name.empty()) fail("store", "name", "an image name must not be empty");
    images_[name] = std::move(image);
}

ImagePtr Session::find(const std::string& name) const {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    auto it = images_.find(name);
    return it == images_.end() ? nullptr : it->second;
}

std::string Session::describe_images_locked() const {
    if (images_.empty()) return "no images are on the GPU";
    std::string names;
    for (const auto& kv : images_) names += (names.empty() ? "" : ", ") + ("'" + kv.first + "'");
    return "images on the GPU: " + names;
}

ImagePtr Session::get(const std::string& name, const std::string& op, const std::string& argument) const {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    auto it = images_.find(name);
    if (it == images_.end()) {
        fail(op, argument, "no image named '" + name + "' is on the GPU (push it first); " +
                               describe_images_locked());
    }
    return it->second;
}

void Session::write(const std::string& name, std::uint64_t offset, const void* data, std::uint64_t bytes) {
    write(name, offset, bytes, copy_from_host(data));
}

void Session::read(const std::string& name, std::uint64_t offset, void* data, std::uint64_t bytes) {
    read(name, offset, bytes, copy_to_host(data));
}

void Session::write(const std::string& name, std::uint64_t offset, std::uint64_t bytes,
                    const TransferEngine::HostCopy& fill) {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    check_open("push");
    auto image = get(name, "push", "image");
    checked_transfer(true, *image, offset, bytes, [&] {
        if (image->on_host()) host_transfer(image->host_data() + offset, bytes, fill);
        else transfer_.write(image->buffer(), offset, bytes, fill);
    });
}

void Session::read(const std::string& name, std::uint64_t offset, std::uint64_t bytes,
                   const TransferEngine::HostCopy& drain) {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    check_open("pull");
    auto image = get(name, "pull", "image");
    checked_transfer(false, *image, offset, bytes, [&] {
        if (image->on_host()) host_transfer(image->host_data() + offset, bytes, drain);
        else transfer_.read(image->buffer(), offset, bytes, drain);
    });
}

bool Session::release(const std::string& name) {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    return images_.erase(name) != 0;
}

void Session::clear() {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    images_.clear();
}

std::vector<ImageSummary> Session::images() const {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    std::vector<ImageSummary> out;
    for (const auto& kv : images_)
        out.push_back({kv.first, kv.second->shape(), kv.second->type(), kv.second->kind(), kv.second->bytes()});
    return out;
}

std::uint64_t Session::memory_in_use() const {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    std::uint64_t total = 0;
    for (const auto& kv : images_) total += kv.second->bytes();
    return total;
}

std::string Session::report_memory() const {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    std::ostringstream s;
    s << "GPU memory of ijcl on " << device_.info().name << ":\n";
    std::uint64_t total = 0;
    for (const auto& kv : images_) {
        const auto& im = *kv.second;
        s << "- " << kv.first << ": " << im.shape().to_string() << " " << pixel_type_name(im.type())
          << (im.kind() == ImageKind::Intensity ? "" : std::string(" (") + image_kind_name(im.kind()) + ")")
          << ", " << human_bytes(im.bytes()) << "\n";
        total += im.bytes();
    }
    s << "= " << images_.size() << " image" << (images_.size() == 1 ? "" : "s") << ", "
      << human_bytes(total) << " (" << total << " bytes) of " << human_bytes(device_.info().global_memory_bytes);
    return s.str();
}

void Session::finish() {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    device_.queue().finish();
}

ImagePtr Session::pull_view(const std::string& name) {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    check_open("pull");
    ImagePtr image = get(name, "pull", "image");
    if (image->on_host()) {
        if (image->kind() != ImageKind::Binary && image->kind() != ImageKind::Label && image->type() != PixelType::UInt32)
            return image;
        ImagePtr view = host_view(*image);
        return view ? view : image;
    }
    PixelType target = image->type();
    float factor = 1.0f;
    if (image->kind() == ImageKind::Binary) {
        target = PixelType::UInt8;
        factor = 255.0f;
    } else if (image->kind() == ImageKind::Label || image->type() == PixelType::UInt32) {
        const OpResult r = execute("getMaximumOfAllPixels", {name, std::monostate{}});
        target = r.numbers.at(0).second <= 65535.0 ? PixelType::UInt16 : PixelType::Float32;
    }
    if (target == image->type() && factor == 1.0f) return image;
    ImagePtr view = allocate(image->shape(), target, image->kind(), "pull", "image");
    const OpSpec& spec = Registry::instance().get("copy");
    OpCall call(*this, spec);
    const auto n = static_cast<std::int64_t>(image->shape().pixels());
    run_streaming(call.kernel("convert.cl", "convert_pixels", {{"SRC", image.get()}, {"DST", view.get()}})
                      .image(*image).image(*view).i64(n).f32(factor),
                  call, n);
    return view;
}

OpResult Session::execute(const std::string& op_name, const std::vector<Value>& args) {
    // Drivers may load their compiler lazily (PoCL at a kernel's first launch): after every
    // operation the host's signal handlers are checked and put back (driver_call.hpp).
    struct KeepHostHandlers {
        ~KeepHostHandlers() { keep_host_signal_handlers(); }
    } keep_host_handlers;
    std::lock_guard<std::recursive_mutex> guard(lock_);
    check_open(op_name);
    const OpSpec& spec = Registry::instance().get(op_name);
    if (args.size() != spec.params.size()) {
        fail(spec.name, "", "expects " + std::to_string(spec.params.size()) + " arguments, " +
                                signature(spec) + ", but got " + std::to_string(args.size()));
    }
    OpCall call(*this, spec);
    std::vector<std::pair<const ParamSpec*, std::string>> outputs;
    std::vector<std::pair<std::string, ImagePtr>> in_place;  // images the operation writes in place

    for (std::size_t i = 0; i < args.size(); ++i) {
        const ParamSpec& p = spec.params[i];
        const Value& v = args[i];
        switch (p.kind) {
            case ParamKind::InputImage:
            case ParamKind::InPlaceImage:
            case ParamKind::OutputImage: {
                const std::string* text = std::get_if<std::string>(&v);
                if (!text || text->empty())
                    fail(spec.name, p.name, "expected the name of an image");
                if (p.kind == ParamKind::OutputImage) {
                    outputs.emplace_back(&p, *text);
                } else {
                    call.inputs_[p.name] = get(*text, spec.name, p.name);
                    if (p.kind == ParamKind::InPlaceImage) in_place.emplace_back(*text, call.inputs_[p.name]);
                }
                break;
            }
            case ParamKind::Number: {
                double x;
                if (const double* d = std::get_if<double>(&v)) x = *d;
                else if (const bool* b = std::get_if<bool>(&v)) x = *b ? 1.0 : 0.0;
                else fail(spec.name, p.name, "expected a number");
                if (!std::isfinite(x)) fail(spec.name, p.name, "expected a finite number, got " + std::to_string(x));
                if (x < p.min || x > p.max) {
                    std::ostringstream range;
                    range << "expected a value from " << p.min << " to " << p.max << ", got " << x;
                    fail(spec.name, p.name, range.str());
                }
                if (p.integer && x != std::floor(x)) {
                    std::ostringstream msg;
                    msg << "expected a whole number, got " << x;
                    fail(spec.name, p.name, msg.str());
                }
                call.numbers_[p.name] = x;
                break;
            }
            case ParamKind::Boolean: {
                bool b;
                if (const bool* pb = std::get_if<bool>(&v)) b = *pb;
                else if (const double* d = std::get_if<double>(&v)) {
                    if (!std::isfinite(*d))
                        fail(spec.name, p.name, "expected true or false (1 or 0), got " + std::to_string(*d));
                    b = *d != 0.0;
                }
                else if (const std::string* s = std::get_if<std::string>(&v)) {
                    const std::string l = lower(*s);
                    if (l == "true" || l == "1") b = true;
                    else if (l == "false" || l == "0") b = false;
                    else fail(spec.name, p.name, "expected true or false, got '" + *s + "'");
                } else fail(spec.name, p.name, "expected true or false");
                call.booleans_[p.name] = b;
                break;
            }
            case ParamKind::String: {
                const std::string* s = std::get_if<std::string>(&v);
                if (!s) fail(spec.name, p.name, "expected a text");
                std::string value = *s;
                if (!p.choices.empty()) {
                    bool matched = false;
                    for (const auto& c : p.choices)
                        if (lower(c) == lower(value)) { value = c; matched = true; }
                    if (!matched) {
                        std::string all;
                        for (const auto& c : p.choices) all += (all.empty() ? "" : ", ") + c;
                        fail(spec.name, p.name, "unknown value '" + *s + "'; expected one of " + all);
                    }
                }
                call.strings_[p.name] = value;
                break;
            }
            case ParamKind::OutputNumber:
                break;
        }
    }

    // Allocate outputs as the operation defines them. An output that is also an input is
    // computed into a temporary and renamed afterwards, so no kernel reads what it writes.
    std::vector<std::pair<std::string, ImagePtr>> to_store;
    std::vector<std::pair<ImagePtr, ImageKind>> reused_kinds;
    for (const auto& out : outputs) {
        auto it = images_.find(out.second);
        if (it != images_.end()) call.existing_outputs_[out.first->name] = it->second;
    }
    // Output descriptions first (the rules also validate the arguments), then where they live.
    std::vector<OutputDesc> descs;
    for (const auto& out : outputs) {
        const ParamSpec& p = *out.first;
        if (p.output_rule) {
            descs.push_back(p.output_rule(call));
        } else {
            const Image& first = call.first_input();
            descs.push_back({first.shape(), first.type(), ImageKind::Intensity});
        }
    }
    // Tiled: an input is host-resident, or the outputs do not fit the free budget and the
    // operation tiles (then the outputs that do not fit stay in host memory).
    bool tiled = false;
    for (const auto& in : call.inputs_) tiled |= in.second->on_host();
    std::uint64_t out_bytes = 0;  // new device memory the outputs need (reused destinations need none)
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const OutputDesc& d = descs[i];
        auto existing = images_.find(outputs[i].second);
        const bool reusable = existing != images_.end() && !existing->second->on_host() &&
                              existing->second->shape() == d.shape && existing->second->type() == d.type;
        if (!reusable) out_bytes += d.shape.pixels() * bytes_per_pixel(d.type);
    }
    const bool outputs_fit = out_bytes <= free_budget();
    if (!outputs_fit && spec.tiling.kind != TileKind::None) tiled = true;
    if (tiled && spec.tiling.kind == TileKind::None) run_tiled(*this, call);  // refuses with a clear error
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const auto& out = outputs[i];
        const ParamSpec& p = *out.first;
        const OutputDesc& desc = descs[i];
        for (const auto& o : to_store)
            if (o.first == out.second)
                fail(spec.name, p.name, "two outputs have the same name '" + out.second + "'");
        // Reuse an existing destination of the same shape and type unless it is also an input.
        ImagePtr image;
        auto existing = images_.find(out.second);
        bool is_input = false;
        for (const auto& in : call.inputs_) is_input |= existing != images_.end() && in.second == existing->second;
        const std::uint64_t bytes = desc.shape.pixels() * bytes_per_pixel(desc.type);
        if (existing != images_.end() && !is_input && existing->second->shape() == desc.shape &&
            existing->second->type() == desc.type && (tiled || !existing->second->on_host())) {
            image = existing->second;
            reused_kinds.emplace_back(image, desc.kind);  // set once the run succeeded
        } else if (tiled && (keep_on_host(bytes) || bytes > free_budget() / 2)) {
            try {
                image = std::make_shared<Image>(Image::InHostMemory{}, desc.shape, desc.type, desc.kind);
            } catch (const Error& e) {
                fail(spec.name, p.name, e.what());
            }
        } else {
            image = allocate(desc.shape, desc.type, desc.kind, spec.name, p.name);
        }
        call.outputs_[p.name] = image;
        to_store.emplace_back(out.second, image);
    }

    // A failed run leaves no partly written image under a destination's name: a destination that
    // was reused in place is released (new ones were never stored), unless the operation failed
    // before it enqueued any work (an argument it refused), when the destination is untouched.
    // The same holds for an image written in place (ParamKind::InPlaceImage).
    const auto drop_reused = [&] {
        if (!call.enqueued_) return;
        for (const auto& s : to_store) {
            auto it = images_.find(s.first);
            if (it != images_.end() && it->second == s.second) images_.erase(it);
        }
        for (const auto& s : in_place) {
            auto it = images_.find(s.first);
            if (it != images_.end() && it->second == s.second) images_.erase(it);
        }
    };
    try {
        if (tiled) run_tiled(*this, call);
        else spec.run(call);
    } catch (const cl::Error& e) {
        drop_reused();
        if (is_allocation_failure(e.err()))
        {
            std::uint64_t asked = 0;
            for (const auto& o : to_store) asked += o.second->bytes();
            fail_out_of_memory(spec.name, "", "the operation's output images and temporaries (outputs alone: " +
                                                  human_bytes(asked) + ")", asked);
        }
        fail(spec.name, "", std::string("OpenCL call ") + e.what() + " failed: " + cl_status_name(e.err()));
    } catch (...) {
        drop_reused();
        throw;
    }

    for (auto& k : reused_kinds) k.first->set_kind(k.second);
    // written values need not be 0/1 or label ids any more
    for (auto& w : in_place) w.second->set_kind(ImageKind::Intensity);
    for (auto& s : to_store) images_[s.first] = s.second;

    OpResult result;
    for (const auto& p : spec.params) {
        if (p.kind != ParamKind::OutputNumber) continue;
        bool found = false;
        for (const auto& r : call.results_)
            if (r.first == p.name) { result.numbers.emplace_back(p.name, r.second); found = true; }
        if (!found) fail(spec.name, p.name, "internal: the operation set no value");
    }
    result.table = std::move(call.table_);
    return result;
}

}  // namespace ijcl
