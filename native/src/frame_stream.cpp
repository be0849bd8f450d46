#include "ijcl/frame_stream.hpp"

#include <algorithm>
#include <deque>
#include <chrono>
#include <map>
#include <vector>

#include "ijcl/current_session.hpp"
#include "ijcl/errors.hpp"
#include "ijcl/session.hpp"

namespace ijcl {

FrameStream::FrameStream(std::shared_ptr<Session> session, Shape frame, PixelType type)
    : session_(std::move(session)), frame_(frame), type_(type) {
    if (frame_.pixels() == 0) fail("streamFrame", "image", "a frame must hold at least one pixel");
    Device& device = session_->device();
    queue_ = cl::CommandQueue(device.context(), device.device());
    map_pinned(0);  // the second pinned buffer only when two frames are in flight
}

FrameStream::~FrameStream() { close(); }

void FrameStream::check_open(const char* op) const {
    if (closed_) fail(op, "stream", "the frame stream was closed");
}

void FrameStream::map_pinned(int b) {
    if (host_[b]) return;
    const std::uint64_t bytes = frame_bytes();
    pinned_[b] = cl::Buffer(session_->device().context(), CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, bytes);
    host_[b] = queue_.enqueueMapBuffer(pinned_[b], CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, bytes);
}

ImagePtr FrameStream::next_slot() {
    if (spare_) return std::move(spare_);
    return std::make_shared<Image>(session_->device().context(), frame_, type_, ImageKind::Intensity,
                                   session_->device_info().max_alloc_bytes);
}

void FrameStream::prefetch(const TransferEngine::HostCopy& fill) {
    std::uint64_t id;
    int b;
    ImagePtr slot;
    {
        std::unique_lock<std::mutex> lock(mutex_);
        check_open("streamFrame");
        // two frames in flight already (prefetches run one at a time, so both are copied): the
        // oldest, which nobody took, is dropped once its upload ended
        changed_.wait(lock, [&] { return closed_ || frames_.size() < 2 || frames_.front().ready; });
        check_open("streamFrame");
        if (frames_.size() >= 2) {
            frames_.front().upload.wait();
            spare_ = std::move(frames_.front().slot);
            frames_.pop_front();
        }
        b = next_buffer_;
        map_pinned(b);
        if (buffer_free_[b]()) buffer_free_[b].wait();  // its previous frame's upload has read it
        next_buffer_ ^= 1;
        slot = next_slot();
        id = ++serial_;
        frames_.push_back(Frame{id, slot, b, cl::Event(), false});
        ++filling_;
    }
    // Outside the lock, so take() of the frame before runs meanwhile. Chunk by chunk (multiples of
    // 8 MiB: an element never straddles two fill calls), each chunk's upload enqueued as soon as it
    // is in pinned memory: the DMA of chunk k runs while chunk k + 1 is copied. The queue is in
    // order, so the last chunk's event ends the frame.
    cl::Event last;
    try {
        const std::uint64_t bytes = frame_bytes();
        for (std::uint64_t pos = 0; pos < bytes; pos += TransferEngine::kChunkBytes) {
            const std::uint64_t n = std::min(TransferEngine::kChunkBytes, bytes - pos);
            char* at = static_cast<char*>(host_[b]) + pos;
            fill(pos, at, n);
            queue_.enqueueWriteBuffer(slot->buffer(), CL_FALSE, pos, n, at, nullptr, &last);
            queue_.flush();
        }
    } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        try {
            queue_.finish();  // nothing enqueued may still read the pinned buffer or write the slot
        } catch (...) {
        }
        frames_.erase(std::remove_if(frames_.begin(), frames_.end(), [&](const Frame& f) { return f.id == id; }),
                      frames_.end());
        --filling_;
        changed_.notify_all();
        throw;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& f : frames_)
        if (f.id == id) {
            f.upload = last;
            f.ready = true;
        }
    buffer_free_[b] = last;
    --filling_;
    changed_.notify_all();
}

bool FrameStream::pending() const {
    std::lock_guard<std::mutex> guard(mutex_);
    return !frames_.empty();
}

void FrameStream::take(const std::string& name) {
    std::unique_lock<std::mutex> lock(mutex_);
    check_open("streamFrame");
    if (frames_.empty()) fail("streamFrame", "stream", "no frame was prefetched");
    if (current_session() != session_)
        fail("streamFrame", "stream", "the device changed since the stream was opened; its frames are gone");
    const std::uint64_t id = frames_.front().id;
    changed_.wait(lock, [&] { return closed_ || frames_.empty() || frames_.front().id != id || frames_.front().ready; });
    check_open("streamFrame");
    if (frames_.empty() || frames_.front().id != id) fail("streamFrame", "stream", "the prefetch of the frame failed");
    Frame frame = std::move(frames_.front());
    frames_.pop_front();
    frame.upload.wait();
    session_->store(name, frame.slot);
    // The frame stored before this one becomes the next spare slot when nothing holds it any more
    // (replaced under its name, or released), after the session's queue has finished every
    // command that could still read it: no allocation per frame.
    if (stored_ && stored_.use_count() == 1 && !spare_) {
        session_->finish();
        spare_ = std::move(stored_);
    }
    stored_ = std::move(frame.slot);
}

void FrameStream::close() noexcept {
    std::unique_lock<std::mutex> lock(mutex_);
    if (closed_) return;
    closed_ = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return filling_ == 0; });  // a prefetch copying into pinned memory
    try {
        queue_.finish();
        for (int b = 0; b < 2; ++b)
            if (host_[b]) queue_.enqueueUnmapMemObject(pinned_[b], host_[b]);
        queue_.finish();
    } catch (...) {
    }
    for (int b = 0; b < 2; ++b) {
        host_[b] = nullptr;
        pinned_[b] = cl::Buffer();
        buffer_free_[b] = cl::Event();
    }
    frames_.clear();
    spare_.reset();
    stored_.reset();
}

namespace {
std::mutex& streams_mutex() {
    static std::mutex* m = new std::mutex();
    return *m;
}
std::map<std::int64_t, std::shared_ptr<FrameStream>>& streams() {
    static auto* s = new std::map<std::int64_t, std::shared_ptr<FrameStream>>();
    return *s;
}
std::int64_t next_handle = 1;
}  // namespace

std::int64_t open_stream(std::shared_ptr<Session> session, Shape frame, PixelType type) {
    auto stream = std::make_shared<FrameStream>(std::move(session), frame, type);
    std::lock_guard<std::mutex> guard(streams_mutex());
    const std::int64_t handle = next_handle++;
    streams()[handle] = std::move(stream);
    return handle;
}

std::shared_ptr<FrameStream> find_stream(std::int64_t handle) {
    std::lock_guard<std::mutex> guard(streams_mutex());
    auto it = streams().find(handle);
    if (it == streams().end()) fail("streamFrame", "stream", "no open frame stream " + std::to_string(handle));
    return it->second;
}

void close_stream(std::int64_t handle) noexcept {
    std::shared_ptr<FrameStream> stream;
    {
        std::lock_guard<std::mutex> guard(streams_mutex());
        auto it = streams().find(handle);
        if (it == streams().end()) return;
        stream = std::move(it->second);
        streams().erase(it);
    }
    stream->close();
}

void close_all_streams() noexcept {
    std::map<std::int64_t, std::shared_ptr<FrameStream>> all;
    {
        std::lock_guard<std::mutex> guard(streams_mutex());
        all.swap(streams());
    }
    for (auto& kv : all) kv.second->close();
}

double pinned_upload_gbps(Session& session, std::uint64_t bytes, int reps) {
    if (bytes == 0 || reps < 1) fail("pinnedUploadGbps", "bytes", "expected bytes > 0 and reps >= 1");
    Device& device = session.device();
    cl::CommandQueue queue(device.context(), device.device());
    cl::Buffer pinned(device.context(), CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, bytes);
    void* host = queue.enqueueMapBuffer(pinned, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, bytes);
    std::fill(static_cast<char*>(host), static_cast<char*>(host) + bytes, 1);
    cl::Buffer target(device.context(), CL_MEM_READ_WRITE, bytes);
    std::vector<double> seconds;
    for (int r = 0; r <= reps; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        queue.enqueueWriteBuffer(target, CL_TRUE, 0, bytes, host);
        const auto t1 = std::chrono::steady_clock::now();
        if (r > 0) seconds.push_back(std::chrono::duration<double>(t1 - t0).count());
    }
    queue.enqueueUnmapMemObject(pinned, host);
    queue.finish();
    std::sort(seconds.begin(), seconds.end());
    return static_cast<double>(bytes) / 1e9 / seconds[seconds.size() / 2];
}

HostCopyRates host_copy_gbps(Session& session, std::uint64_t bytes, int reps) {
    if (bytes == 0 || reps < 1) fail("hostCopyGbps", "bytes", "expected bytes > 0 and reps >= 1");
    Device& device = session.device();
    cl::CommandQueue queue(device.context(), device.device());
    // plain (pageable) memory, as a Java array is, and far larger than the caches: each copy reads
    // the next `bytes` of about 1 GB, as a stream reads frames it has not touched before
    const std::uint64_t regions = std::max<std::uint64_t>(2, (1ULL << 30) / bytes);
    std::vector<char> source(bytes * regions, 1);
    cl::Buffer pinned(device.context(), CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, bytes);
    void* host = queue.enqueueMapBuffer(pinned, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, bytes);
    cl::Buffer other(device.context(), CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, bytes);
    void* other_host = queue.enqueueMapBuffer(other, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, bytes);
    std::fill(static_cast<char*>(other_host), static_cast<char*>(other_host) + bytes, 1);
    cl::Buffer target(device.context(), CL_MEM_READ_WRITE, bytes);
    const auto median_copy_seconds = [&](bool uploading) {
        std::vector<double> seconds;
        for (int r = 0; r <= reps; ++r) {
            // with uploads: the DMA reads another pinned buffer while the copy runs, as when streaming
            if (uploading)
                for (int k = 0; k < 4; ++k) queue.enqueueWriteBuffer(target, CL_FALSE, 0, bytes, other_host);
            if (uploading) queue.flush();
            const auto t0 = std::chrono::steady_clock::now();
            parallel_memcpy(host, source.data() + bytes * (static_cast<std::uint64_t>(r) % regions), bytes);
            const auto t1 = std::chrono::steady_clock::now();
            queue.finish();
            if (r > 0) seconds.push_back(std::chrono::duration<double>(t1 - t0).count());
        }
        std::sort(seconds.begin(), seconds.end());
        return seconds[seconds.size() / 2];
    };
    HostCopyRates rates;
    rates.alone_gbps = static_cast<double>(bytes) / 1e9 / median_copy_seconds(false);
    rates.while_uploading_gbps = static_cast<double>(bytes) / 1e9 / median_copy_seconds(true);
    queue.enqueueUnmapMemObject(pinned, host);
    queue.enqueueUnmapMemObject(other, other_host);
    queue.finish();
    return rates;
}

}  // namespace ijcl
