#include "ijcl/errors.hpp"

#include "ijcl/opencl.hpp"

namespace ijcl {

void fail(const std::string& operation, const std::string& argument, const std::string& message) {
    std::string text;
    if (!operation.empty()) text += "operation '" + operation + "'";
    if (!argument.empty()) text += (text.empty() ? "" : ", ") + std::string("argument '") + argument + "'";
    if (!text.empty()) text += ": ";
    throw Error(text + message);
}

std::string cl_status_name(int status) {
    const char* name = "unknown OpenCL error";
    switch (status) {
        case CL_DEVICE_NOT_FOUND: name = "CL_DEVICE_NOT_FOUND"; break;
        case CL_DEVICE_NOT_AVAILABLE: name = "CL_DEVICE_NOT_AVAILABLE"; break;
        case CL_COMPILER_NOT_AVAILABLE: name = "CL_COMPILER_NOT_AVAILABLE"; break;
        case CL_MEM_OBJECT_ALLOCATION_FAILURE: name = "CL_MEM_OBJECT_ALLOCATION_FAILURE (GPU memory full)"; break;
        case CL_OUT_OF_RESOURCES: name = "CL_OUT_OF_RESOURCES"; break;
        case CL_OUT_OF_HOST_MEMORY: name = "CL_OUT_OF_HOST_MEMORY"; break;
        case CL_BUILD_PROGRAM_FAILURE: name = "CL_BUILD_PROGRAM_FAILURE"; break;
        case CL_INVALID_VALUE: name = "CL_INVALID_VALUE"; break;
        case CL_INVALID_BUFFER_SIZE: name = "CL_INVALID_BUFFER_SIZE"; break;
        case CL_INVALID_KERNEL_ARGS: name = "CL_INVALID_KERNEL_ARGS"; break;
        case CL_INVALID_ARG_INDEX: name = "CL_INVALID_ARG_INDEX"; break;
        case CL_INVALID_ARG_SIZE: name = "CL_INVALID_ARG_SIZE"; break;
        case CL_INVALID_WORK_GROUP_SIZE: name = "CL_INVALID_WORK_GROUP_SIZE"; break;
        case CL_INVALID_WORK_ITEM_SIZE: name = "CL_INVALID_WORK_ITEM_SIZE"; break;
        case CL_INVALID_GLOBAL_WORK_SIZE: name = "CL_INVALID_GLOBAL_WORK_SIZE"; break;
        case CL_INVALID_KERNEL_NAME: name = "CL_INVALID_KERNEL_NAME"; break;
        case CL_INVALID_BINARY: name = "CL_INVALID_BINARY"; break;
        case CL_INVALID_PROGRAM_EXECUTABLE: name = "CL_INVALID_PROGRAM_EXECUTABLE"; break;
        case CL_INVALID_MEM_OBJECT: name = "CL_INVALID_MEM_OBJECT"; break;
        case CL_INVALID_COMMAND_QUEUE: name = "CL_INVALID_COMMAND_QUEUE"; break;
        case -1001: name = "CL_PLATFORM_NOT_FOUND_KHR (no OpenCL driver installed)"; break;
        default: break;
    }
    return std::string(name) + " (" + std::to_string(status) + ")";
}

}  // namespace ijcl
