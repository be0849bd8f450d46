// Streaming a time-lapse frame by frame: the upload of the next frame overlaps the work on the
// current one.
//
// A FrameStream owns a second in-order command queue on the session's device, two pinned
// (CL_MEM_ALLOC_HOST_PTR, mapped) host buffers of one frame (the second mapped when first needed)
// and the device images ("slots") of the frames in flight. prefetch() copies the next frame into
// a pinned buffer chunk by chunk, enqueuing each chunk's upload on the stream's own queue as soon
// as it is there, then returns: the DMA runs while the session's queue computes. Up to two frames
// are in flight, alternating between the pinned buffers, so the host copy of frame t + 1 runs
// while frame t is still uploading and being taken. take() waits for the oldest frame's upload and
// stores its slot under a name in the session (replacing the image of that name, as a push does).
// The frame stored the time before becomes a spare slot once nothing else holds it (no device
// allocation per frame).
//
// Thread safety: prefetch() runs on any thread, one at a time, and does NOT take the session's
// lock (a Java prefetch thread is not held up by an operation running on the session); it holds
// the stream's own mutex only around its bookkeeping, not while copying, so take() of the frame
// before runs meanwhile. take() takes the session lock through Session::store. A slot is written on
// the stream's queue only, and used on the session's queue only after take() has waited for its
// upload's event; a stored frame is reused as a slot only after Session::finish, so the two
// queues never touch one buffer at the same time. close() waits for a prefetch that is copying.
//
// Memory: the slots in flight, one spare slot and the pinned buffers are the stream's (up to four
// frames beyond the named images: two on the device, two in host memory); they are freed by
// close() or the stream's destruction.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
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
    // thread, chunk by chunk) into pinned memory, each chunk's upload started as soon as it is
    // there; returns before the uploads end. With two frames in flight already, the older one is
    // dropped (after its upload ended). If `fill` throws, the frame is forgotten and the
    // exception passes on.
    void prefetch(const TransferEngine::HostCopy& fill);
    // Whether a prefetched frame waits to be taken.
    bool pending() const;
    // Waits for the oldest prefetched frame's upload and stores it in the session as `name`.
    // Throws ijcl::Error when nothing was prefetched, or when the session is no longer the current one.
    void take(const std::string& name);
    // Waits for the stream's queue and frees its buffers; later calls throw. Idempotent.
    void close() noexcept;

private:
    void check_open(const char* op) const;
    void map_pinned(int b);
    ImagePtr next_slot();

    struct Frame {
        std::uint64_t id;
        ImagePtr slot;     // the device image the frame is uploaded into
        int buffer;        // the pinned buffer it is copied into
        cl::Event upload;  // its last chunk's upload (valid once ready)
        bool ready;        // copied and enqueued
    };

    std::shared_ptr<Session> session_;
    Shape frame_;
    PixelType type_;
    cl::CommandQueue queue_;
    cl::Buffer pinned_[2];
    void* host_[2] = {nullptr, nullptr};
    cl::Event buffer_free_[2];     // the last upload that read each pinned buffer
    int next_buffer_ = 0;
    std::deque<Frame> frames_;     // in flight, oldest first (at most two)
    std::uint64_t serial_ = 0;
    int filling_ = 0;              // prefetches copying outside the lock
    ImagePtr spare_;               // a slot ready for the next prefetch
    ImagePtr stored_;              // the frame take() stored last (a spare once nobody holds it)
    bool closed_ = false;
    std::condition_variable changed_;
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

// The host side's ceiling for streaming: GB/s of parallel_memcpy (the copy a prefetch makes) from
// pageable memory into pinned memory of the session's device, `bytes` per copy, the median of
// `reps` copies after one warm-up, each from memory the copies before did not read (about 1 GB in
// all, beyond the caches); alone, and while DMA uploads from another pinned buffer run (which read
// host memory too).
struct HostCopyRates {
    double alone_gbps = 0;
    double while_uploading_gbps = 0;
};
HostCopyRates host_copy_gbps(Session& session, std::uint64_t bytes, int reps);

}  // namespace ijcl
