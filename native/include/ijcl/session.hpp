// A session: one selected device, its kernel cache, and the GPU images it holds by name.
// This is what the JNI bridge (and the macro extensions above it) talk to.
//
// Thread safety: every public method takes the session's mutex, so calls from several Java
// threads at once are serialised and safe.
//
// Lifetime: a session drains its command queue before it releases anything (~Session), and a
// closed session (close(), close_all()) refuses new work. Every live session also drains its
// queue in an atexit handler; see current_session.hpp for why.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ijcl/device.hpp"
#include "ijcl/image.hpp"
#include "ijcl/kernel_cache.hpp"
#include "ijcl/registry.hpp"
#include "ijcl/table.hpp"
#include "ijcl/transfer.hpp"

namespace ijcl {

// One macro argument: an image name or string, a number, or a boolean.
using Value = std::variant<std::monostate, std::string, double, bool>;

struct OpResult {
    std::vector<std::pair<std::string, double>> numbers;  // OutputNumber parameters, in order
    std::optional<Table> table;
};

struct ImageSummary {
    std::string name;
    Shape shape;
    PixelType type;
    ImageKind kind;
    std::uint64_t bytes;
};

class Session {
public:
    explicit Session(const std::string& device_name_substring);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const DeviceInfo& device_info() const { return device_.info(); }
    Device& device() { return device_; }
    KernelCache& kernels() { return kernels_; }

    // --- images by name ---------------------------------------------------------------------
    // Creates (or replaces) the image `name`. Throws on an empty name or zero size.
    Image& create(const std::string& name, Shape shape, PixelType type,
                  ImageKind kind = ImageKind::Intensity);
    // Copies `bytes` host bytes into the image starting at byte `offset` through pinned staging
    // (see transfer.hpp): when it returns the host memory may be reused; the DMA may still be in
    // flight, ordered before every later command. Throws when the range exceeds the image.
    void write(const std::string& name, std::uint64_t offset, const void* data, std::uint64_t bytes);
    void read(const std::string& name, std::uint64_t offset, void* data, std::uint64_t bytes);
    // The same through a copy function (see TransferEngine::HostCopy), for memory that must be
    // copied by its owner's rules (Java arrays).
    void write(const std::string& name, std::uint64_t offset, std::uint64_t bytes,
               const TransferEngine::HostCopy& fill);
    void read(const std::string& name, std::uint64_t offset, std::uint64_t bytes,
              const TransferEngine::HostCopy& drain);
    // Stores an existing device image under `name` (replacing any image of that name).
    void store(const std::string& name, ImagePtr image);
    ImagePtr find(const std::string& name) const;   // nullptr if absent
    ImagePtr get(const std::string& name, const std::string& op = "",
                 const std::string& argument = "") const;  // throws if absent
    bool release(const std::string& name);          // false if absent
    void clear();
    std::vector<ImageSummary> images() const;
    std::uint64_t memory_in_use() const;            // bytes held by named images
    // Every image held, its shape, type and size, and the total.
    std::string report_memory() const;

    // Prepares the ImageJ view of an image for pulling: binary images become uint8 0/255, label
    // images uint16 when the largest id fits, else float32; others are returned as they are.
    // The returned image is what the host reads; it may be a temporary.
    ImagePtr pull_view(const std::string& name);

    // --- operations ---------------------------------------------------------------------------
    // Runs a registered operation. `args` has one entry per parameter of the spec, in order
    // (OutputNumber entries are ignored). Output images are created with the shape and type the
    // operation defines (an existing image of that name is replaced); an output named like one
    // of the inputs is computed into a temporary first. Waits for the device to finish.
    OpResult execute(const std::string& op_name, const std::vector<Value>& args);

    // Waits for all enqueued work.
    void finish();
    // finish(), ignoring driver errors (for teardown paths).
    void finish_quietly() noexcept;
    // Waits for the call in flight, drains the queue and refuses every later call that would
    // start device work (create, push, pull, execute) with an ijcl::Error. Idempotent.
    void close() noexcept;
    // close() on every live session of the process.
    static void close_all() noexcept;
    // False when the device no longer runs work: a 4-byte fill and a finish on this session's
    // queue fail. That happens when the driver reset the GPU (Windows' display watchdog, TDR,
    // stops a kernel that runs longer than about 2 s, and the context is lost), the GPU fell off
    // the bus, or simulate_device_loss() was called. See recover_if_device_lost().
    bool device_responds() noexcept;
    // For tests of the recovery path: device_responds() answers false from now on.
    void simulate_device_loss() noexcept { simulated_loss_ = true; }
    // Waits for the queued work of every live session (they stay open). A program that embeds
    // ijcl calls this (or shutdown_sessions()) before it returns from main: PoCL compiles kernels
    // lazily on its own threads with LLVM, whose function-local statics are destroyed at exit
    // before this library's exit handler could wait for them (a compile still running then
    // crashes in LLVM). The JNI bridge does it in its JVM shutdown hook, the GoogleTest binary in
    // a global test environment's TearDown.
    static void drain_all() noexcept;

    // Profiling: while set, every kernel launch and device copy of an operation appends its
    // event here (the benchmark harness times operations from these events). Not thread-safe
    // against concurrent execute() calls; used by single-threaded tools only.
    void set_profiling_events(std::vector<cl::Event>* events) { events_ = events; }
    std::vector<cl::Event>* profiling_events() const { return events_; }

    // --- device-memory budget and tiling (see tiling.hpp) ----------------------------------
    // The bytes of device memory ijcl may use: by default what the device reports minus a
    // safety margin (a tenth, at most 1 GiB), or IJCL_MAX_DEVICE_MEMORY when set.
    std::uint64_t max_device_memory() const;
    // Sets the budget (0: back to the default), never above what the device reports.
    void set_max_device_memory(std::uint64_t bytes);
    // Tiles run by operations on host-resident images so far (tests assert that tiling happened).
    std::uint64_t tiles_run() const { return tiles_run_; }

private:
    friend class OpCall;
    friend class TileRunner;
    // A new device image. Refuses, with a message saying what was asked, what the device has,
    // what ijcl holds and what to release, a request that cannot fit (`op` and `argument` name
    // the caller in that message).
    ImagePtr allocate(Shape shape, PixelType type, ImageKind kind, const std::string& op = "",
                      const std::string& argument = "");
    [[noreturn]] void fail_out_of_memory(const std::string& op, const std::string& argument,
                                         const std::string& what, std::uint64_t asked) const;
    void check_open(const std::string& op) const;
    std::string describe_images_locked() const;

    Device device_;
    KernelCache kernels_;
    TransferEngine transfer_;
    std::map<std::string, ImagePtr> images_;
    mutable std::recursive_mutex lock_;
    std::vector<cl::Event>* events_ = nullptr;
    std::atomic<bool> closed_{false};  // read without the lock by drain_all at exit
    std::atomic<bool> simulated_loss_{false};
    std::uint64_t default_budget_ = 0;
    std::uint64_t budget_ = 0;
    std::uint64_t tiles_run_ = 0;
    cl::CommandQueue tile_queue_;  // transfers of tiles (made on first use)
    cl::CommandQueue& tile_queue();
    // Whether an image of `bytes` is kept in host memory when pushed (more than the budget).
    bool keep_on_host(std::uint64_t bytes) const { return bytes > budget_; }
    std::uint64_t free_budget() const;
};

}  // namespace ijcl
