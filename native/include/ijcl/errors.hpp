// Error type of the ijcl core. Every failure the core reports is an ijcl::Error whose message
// names the operation, the argument and what was expected; the JNI bridge turns it into a Java
// exception. Nothing in the core aborts the process.
#pragma once

#include <stdexcept>
#include <string>

namespace ijcl {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Builds "operation 'OP', argument 'ARG': MESSAGE" (either part may be empty) and throws it.
[[noreturn]] void fail(const std::string& operation, const std::string& argument,
                       const std::string& message);

// Human-readable name of an OpenCL status code, e.g. "CL_OUT_OF_RESOURCES (-5)".
std::string cl_status_name(int status);

}  // namespace ijcl
