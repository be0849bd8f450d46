// A read-only device buffer initialised from host data at creation (no queue round trip), for
// small tables a kernel reads: filter weights, neighbourhood offsets.
#pragma once

#include <string>
#include <vector>

#include "ijcl/errors.hpp"
#include "ijcl/op_call.hpp"
#include "ijcl/session.hpp"

namespace ijcl {

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

}  // namespace ijcl
