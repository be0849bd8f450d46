// Launch shape of the pixel-wise kernels that handle 16 consecutive pixels per work item
// (IJCL_LOAD16/IJCL_STORE16 in kernels/preamble.cl): ceil(n / 16) work items in groups of up to
// 256, so that no device has to pick a group size for an awkward global size.
#pragma once

#include <cstdint>

#include "ijcl/op_call.hpp"
#include "work_groups.hpp"

namespace ijcl {

constexpr std::int64_t kPixelsPerItem = 16;

// Enqueues `launch` over an n-pixel image, 16 pixels per work item.
inline void run_streaming(KernelLaunch& launch, const OpCall& c, std::int64_t n) {
    const std::int64_t items = (n + kPixelsPerItem - 1) / kPixelsPerItem;
    launch.run(cl::NDRange(static_cast<std::size_t>(items)), cl::NDRange(reduction_group_size(c)));
}

}  // namespace ijcl
