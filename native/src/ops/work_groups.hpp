// Work-group sizing for the kernels that combine values in local memory (reductions, prefix
// sums): kernels/reduction.cl, kernels/labeling.cl.
#pragma once

#include <cstddef>

#include "ijcl/device.hpp"
#include "ijcl/op_call.hpp"

namespace ijcl {

// The largest power of two <= min(256, the device's maximum work-group size).
inline std::size_t reduction_group_size(const OpCall& c) {
    const std::size_t limit = c.device_info().max_work_group_size;
    std::size_t size = 1;
    while (size * 2 <= 256 && size * 2 <= limit) size *= 2;
    return size;
}

}  // namespace ijcl
