// Streaming a time-lapse frame by frame: the upload of the next frame overlaps the work on the
// current one.
//
// A FrameStream owns a second in-order command queue on the session's device, a pinned
// (CL_MEM_ALLOC_HOST_PTR, mapped) host buffer of one frame and one device image of one frame
// (the "slot"). prefetch() copies the next frame into the pinned buffer and enqueues its upload
// on the stream's own queue, then returns: the DMA runs while the session's queue computes on the
// current frame. take() waits for that upload and stores the slot under a name in the session
// (replacing the image of that name, as a push does); the stream then allocates a fresh slot.
//
// Thread safety: prefetch() runs on any thread and does NOT take the session's lock (so a Java
// prefetch thread is not held up by an operation running on the session), only the stream's own
// mutex. take() takes the session lock through Session::store. The slot is written on the
// stream's queue only, and used on the session's queue only after take() has waited for the
// upload's event, so the two queues never touch one buffer at the same time.
//
// Memory: the slot and the pinned buffer are the stream's (two frames beyond the named images);
// they are freed by close() or the stream's destruction.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "ijcl/image.hpp"
#include "ijcl/opencl.hpp"
#include "ijcl/transfer.hpp"

namespace ijcl {

class Session;

class FrameStream {
public:
    FrameStream(std::shared_ptr<Session> session, Shape frame, PixelType type);
    ~FrameStream();
    FrameStream(const FrameStream&) = delete;
    FrameStream& operator=(const FrameStream&) = delete;

    const Shape& frame() const { return frame_; }
    PixelType type() const { return type_; }
    std::uint64_t frame_bytes() const { return frame_.pixels() * bytes_per_pixel(type_); }

    // Copies one frame (frame_bytes(); `fill` as TransferEngine::HostCopy, called on this
    // thread) into pinned memory and starts its upload; returns before the upload ends. An
    // earlier prefetch not taken yet is dropped (after its upload ended).
    void prefetch(const TransferEngine::HostCopy& fill);
    // Whether a prefetched frame waits to be taken.
    bool pending() const;
    // Waits for the prefetched frame's upload and stores it in the session as `name`. Throws
    // ijcl::Error when nothing was prefetched, or when the session is no longer the current one.
    void take(const std::string& name);
    // Waits for the stream's queue and frees its buffers; later calls throw. Idempotent.
    void close() noexcept;

private:
    void check_open(const char* op) const;

    std::shared_ptr<Session> session_;
    Shape frame_;
    PixelType type_;
    cl::CommandQueue queue_;
    cl::Buffer pinned_;
    void* host_ = nullptr;
    ImagePtr slot_;
    cl::Event upload_;
    bool pending_ = false;
    bool closed_ = false;
    mutable std::mutex mutex_;
};

// Process-wide handles for the JNI bridge: open() returns a handle > 0; find() throws
// ijcl::Error for an unknown or closed handle; close_stream() is idempotent; close_all_streams()
// runs at shutdown (before the sessions drain).
std::int64_t open_stream(std::shared_ptr<Session> session, Shape frame, PixelType type);
std::shared_ptr<FrameStream> find_stream(std::int64_t handle);
void close_stream(std::int64_t handle) noexcept;
void close_all_streams() noexcept;

// Host -> device bandwidth from pinned memory on the session's device (GB/s, 1e9 bytes/s): the
// median of `reps` blocking uploads of `bytes` from a mapped CL_MEM_ALLOC_HOST_PTR buffer, on a
// queue of its own, after one warm-up. The yardstick of the streaming benchmark.
double pinned_upload_gbps(Session& session, std::uint64_t bytes, int reps);

}  // namespace ijcl
