#include "ijcl/frame_stream.hpp"

#include <algorithm>
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
    const std::uint64_t bytes = frame_bytes();
    pinned_ = cl::Buffer(device.context(), CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, bytes);
    host_ = queue_.enqueueMapBuffer(pinned_, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, bytes);
    slot_ = std::make_shared<Image>(device.context(), frame_, type_, ImageKind::Intensity,
                                    session_->device_info().max_alloc_bytes);
}

FrameStream::~FrameStream() { close(); }

void FrameStream::check_open(const char* op) const {
    if (closed_) fail(op, "stream", "the frame stream was closed");
}

void FrameStream::prefetch(const TransferEngine::HostCopy& fill) {
    std::lock_guard<std::mutex> guard(mutex_);
    check_open("streamFrame");
    if (pending_) {  // an earlier prefetch nobody took: its upload must end before the memory is reused
        upload_.wait();
        pending_ = false;
    }
    const std::uint64_t bytes = frame_bytes();
    // the Java arrays are copied chunk by chunk, as the TransferEngine does (an element never
    // straddles two calls: chunks are multiples of 8 MiB)
    for (std::uint64_t pos = 0; pos < bytes; pos += TransferEngine::kChunkBytes)
        fill(pos, static_cast<char*>(host_) + pos, std::min(TransferEngine::kChunkBytes, bytes - pos));
    queue_.enqueueWriteBuffer(slot_->buffer(), CL_FALSE, 0, bytes, host_, nullptr, &upload_);
    queue_.flush();
    pending_ = true;
}

bool FrameStream::pending() const {
    std::lock_guard<std::mutex> guard(mutex_);
    return pending_;
}

void FrameStream::take(const std::string& name) {
    std::lock_guard<std::mutex> guard(mutex_);
    check_open("streamFrame");
    if (!pending_) fail("streamFrame", "stream", "no frame was prefetched");
    if (current_session() != session_)
        fail("streamFrame", "stream", "the device changed since the stream was opened; its frames are gone");
    upload_.wait();
    pending_ = false;
    auto fresh = std::make_shared<Image>(session_->device().context(), frame_, type_, ImageKind::Intensity,
                                         session_->device_info().max_alloc_bytes);
    session_->store(name, slot_);
    slot_ = std::move(fresh);
}

void FrameStream::close() noexcept {
    std::lock_guard<std::mutex> guard(mutex_);
    if (closed_) return;
    closed_ = true;
    try {
        queue_.finish();
        if (host_) queue_.enqueueUnmapMemObject(pinned_, host_);
        queue_.finish();
    } catch (...) {
    }
    host_ = nullptr;
    slot_.reset();
    pinned_ = cl::Buffer();
    pending_ = false;
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

}  // namespace ijcl
