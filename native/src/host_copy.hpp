// The TransferEngine::HostCopy functions of plain host memory, copied with parallel_memcpy: used
// by the pointer overloads of TransferEngine::write/read and Session::write/read.
#pragma once

#include <cstdint>

#include "ijcl/transfer.hpp"

namespace ijcl {

// Fills the staging memory from `data` (a write to the GPU).
inline TransferEngine::HostCopy copy_from_host(const void* data) {
    const char* from = static_cast<const char*>(data);
    return [from](std::uint64_t pos, void* staging, std::uint64_t n) { parallel_memcpy(staging, from + pos, n); };
}

// Drains the staging memory into `data` (a read from the GPU).
inline TransferEngine::HostCopy copy_to_host(void* data) {
    char* to = static_cast<char*>(data);
    return [to](std::uint64_t pos, void* staging, std::uint64_t n) { parallel_memcpy(to + pos, staging, n); };
}

}  // namespace ijcl
