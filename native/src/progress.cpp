#include "ijcl/progress.hpp"

#include <algorithm>
#include <mutex>

namespace ijcl {
namespace {
std::mutex& progress_mutex() {
    static std::mutex* m = new std::mutex();
    return *m;
}
WorkProgress g_progress;
}  // namespace

void progress_begin(const std::string& task, std::uint64_t total) {
    std::lock_guard<std::mutex> guard(progress_mutex());
    const std::uint64_t serial = g_progress.serial + 1;
    g_progress = WorkProgress{task, 0, total, serial};
}

void progress_advance(std::uint64_t units) {
    std::lock_guard<std::mutex> guard(progress_mutex());
    if (g_progress.task.empty()) return;
    g_progress.done = g_progress.total ? std::min(g_progress.total, g_progress.done + units) : g_progress.done + units;
}

void progress_end() {
    std::lock_guard<std::mutex> guard(progress_mutex());
    g_progress.task.clear();
    g_progress.done = g_progress.total = 0;
}

WorkProgress progress_now() {
    std::lock_guard<std::mutex> guard(progress_mutex());
    return g_progress;
}

}  // namespace ijcl
