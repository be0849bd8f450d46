#include "ijcl/transfer.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>
#include <thread>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "ijcl/errors.hpp"
#include "host_copy.hpp"

namespace ijcl {
namespace {

// A small fixed pool of workers for parallel_memcpy (threads are created once per process).
class CopyPool {
public:
    // Never destroyed: joining the workers at process exit deadlocks on Windows, where
    // ExitProcess has ended every other thread before a DLL's static destructors run. The workers
    // sleep on a condition variable between copies; the process ends them.
    static CopyPool& instance() {
        static CopyPool* pool = new CopyPool();
        return *pool;
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
        const int n = copy_threads() - 1;  // the caller copies too
        for (int i = 0; i < n; ++i) threads_.emplace_back([this] { loop(); });
    }
    void loop() {
        std::unique_lock<std::mutex> g(m_);
        for (;;) {
            cv_.wait(g, [&] { return fn_ && next_ < total_; });
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
};

}  // namespace

int copy_threads() {
    static const int n = [] {
        if (const char* env = std::getenv("IJCL_COPY_THREADS")) {
            char* end = nullptr;
            const long v = std::strtol(env, &end, 10);
            if (end != env && *end == '\0' && v >= 1 && v <= 256) return static_cast<int>(v);
        }
        const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
        return static_cast<int>(std::min(16u, hw));
    }();
    return n;
}

namespace {
// memcpy with non-temporal (streaming) stores on x86-64 for large copies: the destination's cache
// lines are written without first being read, a third less memory traffic for copies far larger
// than the caches (pinned staging memory, Java arrays of whole planes). Elsewhere memcpy.
void copy_streaming(void* dst, const void* src, std::uint64_t n) {
#if defined(__SSE2__)
    if (n >= (64u << 10)) {
        char* d = static_cast<char*>(dst);
        const char* s = static_cast<const char*>(src);
        const std::uint64_t head = (16 - (reinterpret_cast<std::uintptr_t>(d) & 15)) & 15;
        std::memcpy(d, s, head);
        d += head;
        s += head;
        n -= head;
        const std::uint64_t blocks = n / 64;
        for (std::uint64_t i = 0; i < blocks; ++i, d += 64, s += 64) {
            const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
            const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 16));
            const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 32));
            const __m128i e = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 48));
            _mm_stream_si128(reinterpret_cast<__m128i*>(d), a);
            _mm_stream_si128(reinterpret_cast<__m128i*>(d + 16), b);
            _mm_stream_si128(reinterpret_cast<__m128i*>(d + 32), c);
            _mm_stream_si128(reinterpret_cast<__m128i*>(d + 48), e);
        }
        std::memcpy(d, s, n % 64);
        _mm_sfence();  // streaming stores are weakly ordered: visible before the copy counts as done
        return;
    }
#endif
    std::memcpy(dst, src, n);
}
}  // namespace

void parallel_copy(const std::vector<CopySegment>& segments) {
    constexpr std::uint64_t kMinPerThread = 256ULL << 10;
    std::uint64_t total = 0;
    for (const auto& s : segments) total += s.bytes;
    auto& pool = CopyPool::instance();
    const int parts = static_cast<int>(std::min<std::uint64_t>(pool.workers() + 1, total / kMinPerThread));
    if (parts <= 1) {
        for (const auto& s : segments) std::memcpy(s.dst, s.src, s.bytes);
        return;
    }
    // Part i copies bytes [step * i, step * (i + 1)) of the segments laid end to end.
    const std::uint64_t step = (total / parts + 63) & ~std::uint64_t(63);
    pool.run(parts, [&](int i) {
        std::uint64_t begin = std::min<std::uint64_t>(total, step * i);
        const std::uint64_t end = std::min<std::uint64_t>(total, begin + step);
        std::uint64_t at = 0;  // where the current segment starts
        for (const auto& s : segments) {
            if (begin >= end) break;
            if (begin < at + s.bytes) {
                const std::uint64_t from = begin - at, n = std::min(end, at + s.bytes) - begin;
                copy_streaming(static_cast<char*>(s.dst) + from, static_cast<const char*>(s.src) + from, n);
                begin += n;
            }
            at += s.bytes;
        }
    });
}

void parallel_memcpy(void* dst, const void* src, std::uint64_t bytes) {
    parallel_copy({CopySegment{dst, src, bytes}});
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
