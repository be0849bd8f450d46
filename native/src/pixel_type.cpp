#include "ijcl/pixel_type.hpp"

#include <cfloat>

#include "ijcl/errors.hpp"

namespace ijcl {

std::size_t bytes_per_pixel(PixelType type) {
    switch (type) {
        case PixelType::UInt8: return 1;
        case PixelType::UInt16: return 2;
        case PixelType::Float32: return 4;
        case PixelType::UInt32: return 4;
    }
    return 0;
}

const char* pixel_type_name(PixelType type) {
    switch (type) {
        case PixelType::UInt8: return "uint8";
        case PixelType::UInt16: return "uint16";
        case PixelType::Float32: return "float32";
        case PixelType::UInt32: return "uint32";
    }
    return "?";
}

const char* opencl_type_name(PixelType type) {
    switch (type) {
        case PixelType::UInt8: return "uchar";
        case PixelType::UInt16: return "ushort";
        case PixelType::Float32: return "float";
        case PixelType::UInt32: return "uint";
    }
    return "?";
}

bool is_float(PixelType type) { return type == PixelType::Float32; }

double max_value(PixelType type) {
    switch (type) {
        case PixelType::UInt8: return 255.0;
        case PixelType::UInt16: return 65535.0;
        case PixelType::Float32: return FLT_MAX;
        case PixelType::UInt32: return 4294967295.0;
    }
    return 0;
}

PixelType parse_pixel_type(const std::string& text, const std::string& argument) {
    if (text == "uint8" || text == "8") return PixelType::UInt8;
    if (text == "uint16" || text == "16") return PixelType::UInt16;
    if (text == "float32" || text == "32" || text == "float") return PixelType::Float32;
    if (text == "uint32" || text == "label") return PixelType::UInt32;
    fail("", argument, "unknown pixel type '" + text + "'; expected uint8, uint16, float32 or uint32");
}

}  // namespace ijcl
