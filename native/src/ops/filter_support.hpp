// Launch helpers shared by the filter operations (gaussian_ops.cpp, rank_filters.cpp): small
// read-only tables for kernels, and the work-group shape of the per-pixel filter kernels.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "ijcl/device.hpp"
#include "ijcl/errors.hpp"
#include "ijcl/op_call.hpp"
#include "ijcl/session.hpp"

namespace ijcl {

// A read-only device buffer initialised from host data at creation (no queue round trip), for
// the tables a kernel reads: filter weights, neighbourhood offsets.
template <typename T>
cl::Buffer constant_buffer(OpCall& c, const std::vector<T>& values) {
    std::vector<T> data = values;
    if (data.empty()) data.resize(1);  // OpenCL buffers cannot be empty
    try {
        return cl::Buffer(c.session().device().context(), CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
                          data.size() * sizeof(T), data.data());
    } catch (const cl::Error& e) {
        c.fail("", "could not allocate a table of " + std::to_string(data.size() * sizeof(T)) +
                       " bytes: " + cl_status_name(e.err()));
    }
}

// Work-group shape for a kernel with one work item per pixel over (width, height, depth): rows of
// 64 x 4 pixels, so a group reads whole cache lines along x (64 x 1 for single-row images). The
// range is rounded up to it; kernels ignore the extra work items. NullRange (the driver's choice)
// where the device cannot run 256 work items per group.
inline cl::NDRange pixel_group(const OpCall& c, const Shape& shape) {
    if (c.device_info().max_work_group_size < 256) return cl::NullRange;
    if (shape.height == 1) return cl::NDRange(64, 1, 1);
    return cl::NDRange(64, 4, 1);
}

// ImageJ's Gaussian blur (gaussian_ops.cpp; gaussianBlur2D/3D) of `src` into `dst` (same shape;
// dst's pixel type may differ: float for intermediate results); sigma 0 leaves an axis unblurred.
void gaussian_blur_image(OpCall& c, const Image& src, Image& dst, const std::array<double, 3>& sigma);

}  // namespace ijcl
