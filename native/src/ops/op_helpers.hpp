// Small helpers shared by the operation files in native/src/ops/.
#pragma once

#include <cstdint>
#include <string>

#include "ijcl/op_call.hpp"

namespace ijcl {

inline std::int64_t pixel_count(const Image& image) {
    return static_cast<std::int64_t>(image.shape().pixels());
}

// Output rule: the shape and pixel type of input `name`, with `kind`.
inline OutputRule same_as(const std::string& name, ImageKind kind = ImageKind::Intensity) {
    return [name, kind](const OpCall& c) {
        const Image& in = c.input(name);
        return OutputDesc{in.shape(), in.type(), kind};
    };
}

// Output rule: the shape of input `name` with a fixed pixel type and kind.
inline OutputRule shape_of(const std::string& name, PixelType type, ImageKind kind = ImageKind::Intensity) {
    return [name, type, kind](const OpCall& c) { return OutputDesc{c.input(name).shape(), type, kind}; };
}

// Throws "operation 'OP', argument 'B': shape WxHxD differs from A's shape ..." on a mismatch.
inline void require_same_shape(const OpCall& c, const std::string& a, const std::string& b) {
    const Shape& sa = c.input(a).shape();
    const Shape& sb = c.input(b).shape();
    if (sa != sb)
        c.fail(b, "its shape " + sb.to_string() + " differs from the shape of '" + a + "' (" +
                      sa.to_string() + ")");
}

// 3D NDRange covering an image.
inline cl::NDRange range_of(const Image& image) {
    return cl::NDRange(image.shape().width, image.shape().height, image.shape().depth);
}

}  // namespace ijcl
