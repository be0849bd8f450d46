// A GPU image: one OpenCL buffer holding width x height x depth pixels of one pixel type.
//
// Memory layout: x fastest, then y, then z (index = x + width * (y + height * z)), the layout of
// an ImageJ stack's planes laid end to end. Sizes and offsets are 64-bit, so images over 4 GiB
// are addressable. A 2D image has depth 1.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "ijcl/opencl.hpp"
#include "ijcl/pixel_type.hpp"

namespace ijcl {

struct Shape {
    std::uint64_t width = 1;
    std::uint64_t height = 1;
    std::uint64_t depth = 1;

    std::uint64_t pixels() const { return width * height * depth; }
    bool operator==(const Shape& o) const {
        return width == o.width && height == o.height && depth == o.depth;
    }
    bool operator!=(const Shape& o) const { return !(*this == o); }
    std::string to_string() const;  // "WxHxD"
};

// What the pixel values mean. Binary images hold 0 and 1 (pulled to ImageJ as 0/255 8-bit);
// label images hold 0 for background and object ids 1..n.
enum class ImageKind : int { Intensity = 0, Binary = 1, Label = 2 };

const char* image_kind_name(ImageKind kind);

class Image {
public:
    // Allocates an uninitialised buffer on the context. Throws ijcl::Error on a zero-sized shape
    // or when the device cannot hold it (the message gives the bytes requested and the device's
    // maximum single allocation).
    Image(const cl::Context& context, Shape shape, PixelType type, ImageKind kind,
          std::uint64_t max_alloc_bytes);
    // A host-resident image (see tiling.hpp): its pixels stay in host memory, uninitialised, and
    // operations on it run in tiles. Throws ijcl::Error when the host cannot hold it.
    struct InHostMemory {};
    Image(InHostMemory, Shape shape, PixelType type, ImageKind kind);
    ~Image();
    Image(const Image&) = delete;
    Image& operator=(const Image&) = delete;

    // Device buffers held by Image objects in this process, named or temporary (for leak checks).
    static std::int64_t live_count();
    static std::int64_t live_bytes();

    const Shape& shape() const { return shape_; }
    PixelType type() const { return type_; }
    ImageKind kind() const { return kind_; }
    void set_kind(ImageKind kind) { kind_ = kind; }
    std::uint64_t bytes() const { return shape_.pixels() * bytes_per_pixel(type_); }
    std::uint64_t plane_bytes() const { return shape_.width * shape_.height * bytes_per_pixel(type_); }
    // Device images only (a host-resident image has no buffer; operations never see one).
    const cl::Buffer& buffer() const { return buffer_; }
    bool on_host() const { return host_ != nullptr; }
    unsigned char* host_data() const { return host_.get(); }

private:
    Shape shape_;
    PixelType type_;
    ImageKind kind_;
    cl::Buffer buffer_;
    std::unique_ptr<unsigned char[]> host_;
};

using ImagePtr = std::shared_ptr<Image>;

}  // namespace ijcl
