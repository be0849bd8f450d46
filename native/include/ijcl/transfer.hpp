// Host <-> device transfers through pinned staging memory.
//
// Pageable host memory (a Java array, a std::vector) crosses PCIe at a fraction of the link's
// speed: the driver first copies it into pinned memory of its own, one buffer at a time. This
// engine keeps a ring of pinned (CL_MEM_ALLOC_HOST_PTR, mapped) staging buffers: the host side
// copies a chunk into a free staging buffer with several threads while the device DMAs the
// previous chunk, so host copies and the link overlap.
//
// write() returns once the source bytes have been copied into staging (the caller may then
// reuse or release its memory); the DMA may still be in flight, ordered before any later command
// on the same in-order queue. read() returns when the destination holds the bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "ijcl/opencl.hpp"

namespace ijcl {

class TransferEngine {
public:
    TransferEngine(const cl::Context& context, cl::CommandQueue& queue);
    ~TransferEngine();
    TransferEngine(const TransferEngine&) = delete;
    TransferEngine& operator=(const TransferEngine&) = delete;

    // Copies `n` bytes between the caller's memory and pinned staging memory; `pos` is where
    // these bytes lie within the transfer (0 <= pos < bytes; chunks start at multiples of
    // kChunkBytes, so an element never straddles two calls). Called on the calling thread, with
    // no OpenCL call in progress: the JNI bridge copies Java arrays here with Get/Set<Type>ArrayRegion.
    using HostCopy = std::function<void(std::uint64_t pos, void* staging, std::uint64_t n)>;

    void write(const cl::Buffer& dst, std::uint64_t offset, std::uint64_t bytes, const HostCopy& fill);
    void read(const cl::Buffer& src, std::uint64_t offset, std::uint64_t bytes, const HostCopy& drain);
    // The same from and to plain host memory (copied with parallel_memcpy).
    void write(const cl::Buffer& dst, std::uint64_t offset, const void* src, std::uint64_t bytes);
    void read(const cl::Buffer& src, std::uint64_t offset, void* dst, std::uint64_t bytes);

    static constexpr std::uint64_t kChunkBytes = 8ULL << 20;   // one staging buffer
    static constexpr int kSlots = 4;                           // ring size

private:
    struct Slot {
        cl::Buffer pinned;
        void* host = nullptr;
        cl::Event pending;   // the last DMA that used this slot
        bool busy = false;
    };
    void ensure_slots();
    void wait(Slot& slot);

    const cl::Context& context_;
    cl::CommandQueue& queue_;
    std::vector<Slot> slots_;
    int next_ = 0;
};

// memcpy split over a few threads for large copies (host memory bandwidth of one core is well
// below the PCIe link's).
void parallel_memcpy(void* dst, const void* src, std::uint64_t bytes);

// Several copies (`bytes` from `src` to `dst` each, no overlaps) as one parallel_memcpy: the
// bytes of all segments are split evenly over the threads, so many small segments (the planes of
// a stack) cost one hand-over to the pool instead of one each.
struct CopySegment {
    void* dst;
    const void* src;
    std::uint64_t bytes;
};
void parallel_copy(const std::vector<CopySegment>& segments);

// The threads parallel_memcpy copies with, the caller included: IJCL_COPY_THREADS (1-256) where
// set, else the hardware threads up to 16 (read once per process).
int copy_threads();

}  // namespace ijcl
