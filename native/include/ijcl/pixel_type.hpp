// Pixel types of GPU images and their OpenCL C names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ijcl {

// uint8 and uint16 hold ImageJ 8- and 16-bit images, float32 holds 32-bit images, and uint32
// holds label images (label ids are exact up to 2^32-1, unlike ImageJ's 32-bit float images).
enum class PixelType : int { UInt8 = 0, UInt16 = 1, Float32 = 2, UInt32 = 3 };

std::size_t bytes_per_pixel(PixelType type);
// "uint8", "uint16", "float32", "uint32".
const char* pixel_type_name(PixelType type);
// OpenCL C scalar type: "uchar", "ushort", "float", "uint".
const char* opencl_type_name(PixelType type);
bool is_float(PixelType type);
// Largest value the type holds (for float32: FLT_MAX).
double max_value(PixelType type);
// Parses the names above (and "8", "16", "32"); throws ijcl::Error naming the argument.
PixelType parse_pixel_type(const std::string& text, const std::string& argument);

}  // namespace ijcl
