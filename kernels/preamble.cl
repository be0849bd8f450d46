// Prepended to every ijcl program (native/src/kernel_cache.cpp), before the #defines that name
// the pixel types (SRC_T, DST_T, CONVERT_DST(x), ...; see native/include/ijcl/op_call.hpp).
//
// Conversions from float to an integer pixel type round to nearest (half up) and saturate, as
// ImageJ does when it writes a float result into an 8- or 16-bit image ((int)(v + 0.5), clamped).
// NaN converts to 0.

// IJCL_HAS_DOUBLE / IJCL_HAS_INT64_ATOMICS: 1 where the device has cl_khr_fp64 /
// cl_khr_int64_base_atomics and the host has not switched them off (IJCL_NO_FP64 /
// IJCL_NO_INT64_ATOMICS, native/src/kernel_cache.cpp). Kernels test these, never the compiler's
// own cl_khr_* macros, so that the paths without them are the ones a forced run tests.
#if defined(cl_khr_fp64) && !defined(IJCL_NO_FP64)
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define IJCL_HAS_DOUBLE 1
#else
#define IJCL_HAS_DOUBLE 0
#endif
#if defined(cl_khr_int64_base_atomics) && !defined(IJCL_NO_INT64_ATOMICS)
#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable
#define IJCL_HAS_INT64_ATOMICS 1
#else
#define IJCL_HAS_INT64_ATOMICS 0
#endif

// Adds v to the 64-bit *p atomically as far as the final value goes: with
// cl_khr_int64_base_atomics one atom_add; without (Apple Silicon), two 32-bit atomic adds on the
// halves (little-endian, as every OpenCL device ijcl meets), the low half's carry added to the high
// half. The sum after all adds is exact (mod 2^64), whatever their order; a value read while adds
// are still running may be torn, so only read it after the kernel.
inline void ijcl_atomic_add_u64(volatile __global ulong* p, ulong v) {
#if IJCL_HAS_INT64_ATOMICS
    atom_add(p, v);
#else
    volatile __global uint* words = (volatile __global uint*)p;
    const uint lo = (uint)v;
    const uint old = atomic_add(&words[0], lo);
    const uint hi = (uint)(v >> 32) + (old + lo < old ? 1u : 0u);
    if (hi != 0) atomic_add(&words[1], hi);
#endif
}

inline uchar ijcl_to_uchar(float x) { return convert_uchar_sat_rtz(x + 0.5f); }
inline ushort ijcl_to_ushort(float x) { return convert_ushort_sat_rtz(x + 0.5f); }
inline uint ijcl_to_uint(float x) { return convert_uint_sat_rtz(x + 0.5f); }
inline float ijcl_to_float(float x) { return x; }

// Clamps a coordinate into [0, size-1] (the edge-pixel padding ImageJ's filters use).
inline long ijcl_clamp(long v, long size) { return v < 0 ? 0 : (v >= size ? size - 1 : v); }

// --- 16 pixels per work item (pixel-wise kernels: math, binary, threshold, convert, flip, ...) ---
// IJCL_LOAD16(T, p, g, n) returns pixels 16g..16g+15 of the n-pixel buffer p (T* p) widened to
// 32-bit lanes: IJCL_W(T), uint16 for uchar/ushort/uint pixels, float16 for float pixels (so a
// kernel's arithmetic is the same for every integer type). IJCL_STORE16(T, p, g, n, v) narrows
// and writes them (integer lanes must hold values in T's range). A whole vector moves as 32-bit
// words (uint4/uint8/uint16 per 16 pixels of 1/2/4 bytes), unpacked and packed with shifts:
// compilers then emit their widest (16-byte) loads and stores even for 8- and 16-bit pixels
// (NVIDIA's folds an as_ushort16 of a uint8 load into 8-byte ushort loads). This needs g to
// count whole vectors from the start of a buffer (buffers are at least 128-byte aligned). The
// last, partial vector of an image goes pixel by pixel: missing lanes read as 0 and are not
// written. IJCL_TO16(T, x) is CONVERT_<KEY> for 16 float lanes (the same rounding, half up, and
// saturation), giving IJCL_W(T) lanes.
#define IJCL_CAT_(a, b) a##b
#define IJCL_CAT(a, b) IJCL_CAT_(a, b)
#define IJCL_V(T) IJCL_CAT(T, 16)
#define IJCL_W(T) IJCL_CAT(ijcl_wide16_, T)
#define ijcl_wide16_uchar uint16
#define ijcl_wide16_ushort uint16
#define ijcl_wide16_uint uint16
#define ijcl_wide16_float float16
#define IJCL_LOAD16(T, p, g, n) IJCL_CAT(ijcl_load16_, T)(p, g, n)
#define IJCL_STORE16(T, p, g, n, v) IJCL_CAT(ijcl_store16_, T)(p, g, n, v)
#define IJCL_TO16(T, x) IJCL_CAT(ijcl_to16_, T)(x)

#ifdef __ENDIAN_LITTLE__
#define IJCL_UNPACK_uchar(w, v) \
    (v).s048c = (w) & 0xFFu; (v).s159d = ((w) >> 8) & 0xFFu; (v).s26ae = ((w) >> 16) & 0xFFu; (v).s37bf = (w) >> 24
#define IJCL_PACK_uchar(v) ((v).s048c | ((v).s159d << 8) | ((v).s26ae << 16) | ((v).s37bf << 24))
#define IJCL_UNPACK_ushort(w, v) (v).even = (w) & 0xFFFFu; (v).odd = (w) >> 16
#define IJCL_PACK_ushort(v) ((v).even | ((v).odd << 16))
#define IJCL_WORDS_uchar uint4
#define IJCL_WORDS_ushort uint8
#else  // no word tricks on a big-endian device: plain vector loads
#define IJCL_UNPACK_uchar(w, v) v = convert_uint16(w)
#define IJCL_PACK_uchar(v) convert_uchar16(v)
#define IJCL_UNPACK_ushort(w, v) v = convert_uint16(w)
#define IJCL_PACK_ushort(v) convert_ushort16(v)
#define IJCL_WORDS_uchar uchar16
#define IJCL_WORDS_ushort ushort16
#endif
#define IJCL_UNPACK_uint(w, v) v = (w)
#define IJCL_PACK_uint(v) (v)
#define IJCL_WORDS_uint uint16
#define IJCL_UNPACK_float(w, v) v = (w)
#define IJCL_PACK_float(v) (v)
#define IJCL_WORDS_float float16

#define IJCL_STREAM_TYPE(T)                                                                    \
    inline IJCL_W(T) IJCL_CAT(ijcl_load16_, T)(__global const T* p, long g, long n) {          \
        IJCL_W(T) v;                                                                           \
        if (16 * g + 16 <= n) {                                                                \
            const IJCL_CAT(IJCL_WORDS_, T) w = ((__global const IJCL_CAT(IJCL_WORDS_, T)*)p)[g]; \
            IJCL_CAT(IJCL_UNPACK_, T)(w, v);                                                   \
            return v;                                                                          \
        }                                                                                      \
        T t[16];                                                                               \
        for (int k = 0; k < 16; ++k) t[k] = 16 * g + k < n ? p[16 * g + k] : (T)0;             \
        return IJCL_CAT(convert_, IJCL_W(T))(vload16(0, t));                                   \
    }                                                                                          \
    inline void IJCL_CAT(ijcl_store16_, T)(__global T* p, long g, long n, IJCL_W(T) v) {       \
        if (16 * g + 16 <= n) {                                                                \
            ((__global IJCL_CAT(IJCL_WORDS_, T)*)p)[g] = IJCL_CAT(IJCL_PACK_, T)(v);          \
            return;                                                                            \
        }                                                                                      \
        T t[16];                                                                               \
        vstore16(IJCL_CAT(convert_, IJCL_V(T))(v), 0, t);                                      \
        for (int k = 0; k < 16 && 16 * g + k < n; ++k) p[16 * g + k] = t[k];                   \
    }
IJCL_STREAM_TYPE(uchar)
IJCL_STREAM_TYPE(ushort)
IJCL_STREAM_TYPE(uint)
IJCL_STREAM_TYPE(float)

inline uint16 ijcl_to16_uchar(float16 x) { return convert_uint16(convert_uchar16_sat_rtz(x + 0.5f)); }
inline uint16 ijcl_to16_ushort(float16 x) { return convert_uint16(convert_ushort16_sat_rtz(x + 0.5f)); }
inline uint16 ijcl_to16_uint(float16 x) { return convert_uint16_sat_rtz(x + 0.5f); }
inline float16 ijcl_to16_float(float16 x) { return x; }
