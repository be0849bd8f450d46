#include "ijcl/transfer.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <thread>

#include "ijcl/errors.hpp"
#include "host_copy.hpp"

namespace ijcl {
namespace {

// A small fixed pool of workers for parallel_memcpy (threads are created once per process).
class CopyPool {
public:
    static CopyPool& instance() {
        static CopyPool pool;
        return pool;
    }
    int workers() const { return static_cast<int>(threads_.size()); }

    // Runs fn(0..n-1) on the pool and the calling thread; returns when all are done.
    void run(int n, const std::function<void(int)>& fn) {
        std::unique_lock<std::mutex> caller(call_mutex_);
        {
            std::lock_guard<std::mutex> g(m_);
            fn_ = &fn;
            next_ = 1;  // task 0 runs on the caller
            total_ = n;
            done_ = 0;
            ++generation_;
        }
        cv_.notify_all();
        fn(0);
        std::unique_lock<std::mutex> g(m_);
        ++done_;
        for (;;) {
            if (next_ < total_) {
                const int task = next_++;
                g.unlock();
                fn(task);
                g.lock();
                ++done_;
                continue;
            }
            if (done_ == total_) break;
            finished_.wait(g);
        }
        fn_ = nullptr;
    }

private:
    CopyPool() {
        const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
        const int n = static_cast<int>(std::min(7u, hw > 1 ? hw - 1 : 0u));
        for (int i = 0; i < n; ++i) threads_.emplace_back([this] { loop(); });
    }
    ~CopyPool() {
        {
            std::lock_guard<std::mutex> g(m_);
            stop_ = true;
        }
        cv_.notify_all();
        for (auto& t : threads_) t.join();
    }
    void loop() {
        std::unique_lock<std::mutex> g(m_);
        for (;;) {
            cv_.wait(g, [&] { return stop_ || (fn_ && next_ < total_); });
            if (stop_) return;
            const int task = next_++;
            const auto* fn = fn_;
            g.unlock();
            (*fn)(task);
            g.lock();
            if (++done_ == total_) finished_.notify_all();
        }
    }

    std::vector<std::thread> threads_;
    std::mutex m_, call_mutex_;
    std::condition_variable cv_, finished_;
    const std::function<void(int)>* fn_ = nullptr;
    int next_ = 0, total_ = 0, done_ = 0;
    unsigned generation_ = 0;
    bool stop_ = false;
};

}  // namespace

void parallel_memcpy(void* dst, const void* src, std::uint64_t bytes) {
    constexpr std::uint64_t kMinPerThread = 256ULL << 10;
    auto& pool = CopyPool::instance();
    const int parts = static_cast<int>(std::min<std::uint64_t>(pool.workers() + 1, bytes / kMinPerThread));
    if (parts <= 1) {
        std::memcpy(dst, src, bytes);
        return;
    }
    const std::uint64_t step = (bytes / parts + 63) & ~std::uint64_t(63);
    pool.run(parts, [&](int i) {
        const std::uint64_t begin = std::min<std::uint64_t>(bytes, step * i);
        const std::uint64_t end = std::min<std::uint64_t>(bytes, begin + step);
        if (end > begin)
            std::memcpy(static_cast<char*>(dst) + begin, static_cast<const char*>(src) + begin, end - begin);
    });
}

TransferEngine::TransferEngine(const cl::Context& context, cl::CommandQueue& queue)
    : context_(context), queue_(queue) {}

TransferEngine::~TransferEngine() {
    try {
        queue_.finish();
        for (auto& s : slots_)
            if (s.host) queue_.enqueueUnmapMemObject(s.pinned, s.host);
        queue_.finish();
    } catch (...) {
    }
}

void TransferEngine::ensure_slots() {
    if (!slots_.empty()) return;
    slots_.resize(kSlots);
    for (auto& s : slots_) {
        s.pinned = cl::Buffer(context_, CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, kChunkBytes);
        s.host = queue_.enqueueMapBuffer(s.pinned, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, kChunkBytes);
    }
}

void TransferEngine::wait(Slot& slot) {
    if (slot.busy) {
        slot.pending.wait();
        slot.busy = false;
    }
}

void TransferEngine::write(const cl::Buffer& dst, std::uint64_t offset, const void* src, std::uint64_t bytes) {
    write(dst, offset, bytes, copy_from_host(src));
}

void TransferEngine::read(const cl::Buffer& src, std::uint64_t offset, void* dst, std::uint64_t bytes) {
    read(src, offset, bytes, copy_to_host(dst));
}

void TransferEngine::write(const cl::Buffer& dst, std::uint64_t offset, std::uint64_t bytes, const HostCopy& fill) {
    ensure_slots();
    for (std::uint64_t done = 0; done < bytes;) {
        const std::uint64_t n = std::min(kChunkBytes, bytes - done);
        Slot& slot = slots_[next_];
        next_ = (next_ + 1) % kSlots;
        wait(slot);
        fill(done, slot.host, n);
        queue_.enqueueWriteBuffer(dst, CL_FALSE, offset + done, n, slot.host, nullptr, &slot.pending);
        slot.busy = true;
        done += n;
    }
    queue_.flush();
}

void TransferEngine::read(const cl::Buffer& src, std::uint64_t offset, std::uint64_t bytes, const HostCopy& drain) {
    ensure_slots();
    for (auto& s : slots_) wait(s);
    // Keep up to kSlots reads in flight; copy each out as it completes.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> inflight(kSlots, {0, 0});
    std::uint64_t issued = 0, copied = 0;
    int head = 0, tail = 0, count = 0;
    while (copied < bytes) {
        while (issued < bytes && count < kSlots) {
            const std::uint64_t n = std::min(kChunkBytes, bytes - issued);
            Slot& slot = slots_[head];
            queue_.enqueueReadBuffer(src, CL_FALSE, offset + issued, n, slot.host, nullptr, &slot.pending);
            slot.busy = true;
            inflight[head] = {issued, n};
            head = (head + 1) % kSlots;
            issued += n;
            ++count;
        }
        queue_.flush();
        Slot& slot = slots_[tail];
        wait(slot);
        drain(inflight[tail].first, slot.host, inflight[tail].second);
        copied += inflight[tail].second;
        tail = (tail + 1) % kSlots;
        --count;
    }
    next_ = head;
}

}  // namespace ijcl
