#include "ijcl/session.hpp"

#include <cmath>
#include <sstream>

#include "ijcl/errors.hpp"
#include "ijcl/op_call.hpp"
#include "ops/streaming.hpp"

namespace ijcl {
namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string signature(const OpSpec& spec) {
    std::string s = spec.name + "(";
    for (std::size_t i = 0; i < spec.params.size(); ++i) s += (i ? ", " : "") + spec.params[i].name;
    return s + ")";
}

std::string human_bytes(std::uint64_t bytes) {
    std::ostringstream s;
    s.precision(3);
    if (bytes >= (1ULL << 30)) s << bytes / double(1ULL << 30) << " GiB";
    else if (bytes >= (1ULL << 20)) s << bytes / double(1ULL << 20) << " MiB";
    else if (bytes >= (1ULL << 10)) s << bytes / double(1ULL << 10) << " KiB";
    else s << bytes << " bytes";
    return s.str();
}

}  // namespace

Session::Session(const std::string& device_name_substring)
    : device_(Device::open(device_name_substring)),
      kernels_(device_),
      transfer_(device_.context(), device_.queue()) {}

ImagePtr Session::allocate(Shape shape, PixelType type, ImageKind kind) {
    return std::make_shared<Image>(device_.context(), shape, type, kind, device_.info().max_alloc_bytes);
}

Image& Session::create(const std::string& name, Shape shape, PixelType type, ImageKind kind) {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    if (name.empty()) fail("create", "name", "an image name must not be empty");
    images_.erase(name);  // release first so the memory can be reused
    auto image = allocate(shape, type, kind);
    images_[name] = image;
    return *image;
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
    std::lock_guard<std::recursive_mutex> guard(lock_);
    auto image = get(name, "push", "image");
    if (offset + bytes > image->bytes())
        fail("push", "image", "writing " + std::to_string(bytes) + " bytes at offset " + std::to_string(offset) +
                                  " exceeds the image's " + std::to_string(image->bytes()) + " bytes");
    try {
        transfer_.write(image->buffer(), offset, data, bytes);
    } catch (const cl::Error& e) {
        fail("push", "image", "transfer to the GPU failed: " + cl_status_name(e.err()));
    }
}

void Session::read(const std::string& name, std::uint64_t offset, void* data, std::uint64_t bytes) {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    auto image = get(name, "pull", "image");
    if (offset + bytes > image->bytes())
        fail("pull", "image", "reading " + std::to_string(bytes) + " bytes at offset " + std::to_string(offset) +
                                  " exceeds the image's " + std::to_string(image->bytes()) + " bytes");
    try {
        transfer_.read(image->buffer(), offset, data, bytes);
    } catch (const cl::Error& e) {
        fail("pull", "image", "transfer from the GPU failed: " + cl_status_name(e.err()));
    }
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
    ImagePtr image = get(name, "pull", "image");
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
    ImagePtr view = allocate(image->shape(), target, image->kind());
    const OpSpec& spec = Registry::instance().get("copy");
    OpCall call(*this, spec);
    const auto n = static_cast<std::int64_t>(image->shape().pixels());
    run_streaming(call.kernel("convert.cl", "convert_pixels", {{"SRC", image.get()}, {"DST", view.get()}})
                      .image(*image).image(*view).i64(n).f32(factor),
                  call, n);
    return view;
}

OpResult Session::execute(const std::string& op_name, const std::vector<Value>& args) {
    std::lock_guard<std::recursive_mutex> guard(lock_);
    const OpSpec& spec = Registry::instance().get(op_name);
    if (args.size() != spec.params.size()) {
        fail(spec.name, "", "expects " + std::to_string(spec.params.size()) + " arguments, " +
                                signature(spec) + ", but got " + std::to_string(args.size()));
    }
    OpCall call(*this, spec);
    std::vector<std::pair<const ParamSpec*, std::string>> outputs;

    for (std::size_t i = 0; i < args.size(); ++i) {
        const ParamSpec& p = spec.params[i];
        const Value& v = args[i];
        switch (p.kind) {
            case ParamKind::InputImage:
            case ParamKind::OutputImage: {
                const std::string* text = std::get_if<std::string>(&v);
                if (!text || text->empty())
                    fail(spec.name, p.name, "expected the name of an image");
                if (p.kind == ParamKind::InputImage) call.inputs_[p.name] = get(*text, spec.name, p.name);
                else outputs.emplace_back(&p, *text);
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
                else if (const double* d = std::get_if<double>(&v)) b = *d != 0.0;
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
    for (const auto& out : outputs) {
        const ParamSpec& p = *out.first;
        OutputDesc desc;
        if (p.output_rule) {
            desc = p.output_rule(call);
        } else {
            const Image& first = call.first_input();
            desc = {first.shape(), first.type(), ImageKind::Intensity};
        }
        for (const auto& o : to_store)
            if (o.first == out.second)
                fail(spec.name, p.name, "two outputs have the same name '" + out.second + "'");
        // Reuse an existing destination of the same shape and type unless it is also an input.
        ImagePtr image;
        auto existing = images_.find(out.second);
        bool is_input = false;
        for (const auto& in : call.inputs_) is_input |= existing != images_.end() && in.second == existing->second;
        if (existing != images_.end() && !is_input && existing->second->shape() == desc.shape &&
            existing->second->type() == desc.type) {
            image = existing->second;
            image->set_kind(desc.kind);
        } else {
            image = allocate(desc.shape, desc.type, desc.kind);
        }
        call.outputs_[p.name] = image;
        to_store.emplace_back(out.second, image);
    }

    try {
        spec.run(call);
    } catch (const cl::Error& e) {
        fail(spec.name, "", std::string("OpenCL call ") + e.what() + " failed: " + cl_status_name(e.err()));
    }

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
