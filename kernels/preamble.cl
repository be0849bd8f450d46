// Prepended to every ijcl program (native/src/kernel_cache.cpp), before the #defines that name
// the pixel types (SRC_T, DST_T, CONVERT_DST(x), ...; see native/include/ijcl/op_call.hpp).
//
// Conversions from float to an integer pixel type round to nearest (half up) and saturate, as
// ImageJ does when it writes a float result into an 8- or 16-bit image ((int)(v + 0.5), clamped).
// NaN converts to 0.

#ifdef cl_khr_fp64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define IJCL_HAS_DOUBLE 1
#else
#define IJCL_HAS_DOUBLE 0
#endif

inline uchar ijcl_to_uchar(float x) { return convert_uchar_sat_rtz(x + 0.5f); }
inline ushort ijcl_to_ushort(float x) { return convert_ushort_sat_rtz(x + 0.5f); }
inline uint ijcl_to_uint(float x) { return convert_uint_sat_rtz(x + 0.5f); }
inline float ijcl_to_float(float x) { return x; }

// Clamps a coordinate into [0, size-1] (the edge-pixel padding ImageJ's filters use).
inline long ijcl_clamp(long v, long size) { return v < 0 ? 0 : (v >= size ? size - 1 : v); }
