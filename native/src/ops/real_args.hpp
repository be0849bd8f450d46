// Double-precision arguments for kernels that reproduce ImageJ's double arithmetic exactly
// (multiplyImageAndScalar, rotate2D, the auto-threshold histogram). Such kernels declare their
// arguments as `real` (each such kernel file starts with `#if REAL_IS_DOUBLE typedef double
// real; #else typedef float real; #endif`), and the host passes doubles on devices with
// cl_khr_fp64 and floats elsewhere. Without fp64 the
// results may differ from ImageJ's at exact rounding ties; the operations' docs say so.
#pragma once

#include "ijcl/kernel_cache.hpp"
#include "ijcl/op_call.hpp"

namespace ijcl {

inline bool use_double(const OpCall& c) { return c.device_info().has_fp64; }

// The define that selects `real`'s type in a kernel file.
inline Defines real_defines(const OpCall& c) {
    return {{"REAL_IS_DOUBLE", use_double(c) ? "1" : "0"}};
}

// Sets a `real` kernel argument.
inline KernelLaunch& real_arg(KernelLaunch& launch, const OpCall& c, double value) {
    return use_double(c) ? launch.f64(value) : launch.f32(static_cast<float>(value));
}

}  // namespace ijcl
