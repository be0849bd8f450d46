#include "ijcl/image.hpp"

#include <atomic>
#include <new>

#include "ijcl/errors.hpp"

namespace ijcl {
namespace {
std::atomic<std::int64_t> g_live_count{0};
std::atomic<std::int64_t> g_live_bytes{0};
}  // namespace

std::int64_t Image::live_count() { return g_live_count.load(); }
std::int64_t Image::live_bytes() { return g_live_bytes.load(); }

Image::~Image() {
    if (host_) return;
    g_live_count -= 1;
    g_live_bytes -= static_cast<std::int64_t>(bytes());
}

std::string Shape::to_string() const {
    return std::to_string(width) + "x" + std::to_string(height) + "x" + std::to_string(depth);
}

const char* image_kind_name(ImageKind kind) {
    switch (kind) {
        case ImageKind::Intensity: return "intensity";
        case ImageKind::Binary: return "binary";
        case ImageKind::Label: return "label";
    }
    return "?";
}

Image::Image(const cl::Context& context, Shape shape, PixelType type, ImageKind kind,
             std::uint64_t max_alloc_bytes)
    : shape_(shape), type_(type), kind_(kind) {
    if (shape.width == 0 || shape.height == 0 || shape.depth == 0) {
        fail("", "", "cannot create an image of size " + shape.to_string() +
                         ": width, height and depth must be at least 1");
    }
    const std::uint64_t size = bytes();
    if (max_alloc_bytes != 0 && size > max_alloc_bytes) {
        fail("", "", "an image of " + shape.to_string() + " " + pixel_type_name(type) + " needs " +
                         std::to_string(size) + " bytes, more than the device's largest allocation (" +
                         std::to_string(max_alloc_bytes) + " bytes)");
    }
    try {
        buffer_ = cl::Buffer(context, CL_MEM_READ_WRITE, static_cast<std::size_t>(size));
    } catch (const cl::Error& e) {
        fail("", "", "could not allocate " + std::to_string(size) + " bytes on the device: " +
                         cl_status_name(e.err()));
    }
    g_live_count += 1;
    g_live_bytes += static_cast<std::int64_t>(size);
}

Image::Image(InHostMemory, Shape shape, PixelType type, ImageKind kind) : shape_(shape), type_(type), kind_(kind) {
    if (shape.width == 0 || shape.height == 0 || shape.depth == 0) {
        fail("", "", "cannot create an image of size " + shape.to_string() +
                         ": width, height and depth must be at least 1");
    }
    try {
        host_.reset(new unsigned char[static_cast<std::size_t>(bytes())]);
    } catch (const std::bad_alloc&) {
        fail("", "", "could not allocate " + std::to_string(bytes()) + " bytes of host memory for an image of " +
                         shape.to_string() + " " + pixel_type_name(type));
    }
}

}  // namespace ijcl
