// Progress of long native work inside one operation (e.g. an image processed in tiles), for the
// host to show: the code doing the work declares a task and its units and advances them; the Java
// side polls progress_now() from its own thread while an operation runs (net.ijcl.CompileWatch)
// and shows ImageJ's progress bar or a stderr line (net.ijcl.Progress) once the operation has
// taken more than half a second. Cheap: a mutex-guarded counter, no callback into Java.
//
//   ijcl::ProgressScope progress("tiles", tile_count);
//   for (...) { run_tile(...); progress.advance(); }
//
// One task at a time per process (the last begun is shown); nested scopes restore nothing.
#pragma once

#include <cstdint>
#include <string>

namespace ijcl {

struct WorkProgress {
    std::string task;            // empty: no task running
    std::uint64_t done = 0;
    std::uint64_t total = 0;
    std::uint64_t serial = 0;    // increases with every task begun (tells two tasks of one name apart)
};

void progress_begin(const std::string& task, std::uint64_t total);
void progress_advance(std::uint64_t units = 1);
void progress_end();
WorkProgress progress_now();

class ProgressScope {
public:
    ProgressScope(const std::string& task, std::uint64_t total) { progress_begin(task, total); }
    ~ProgressScope() { progress_end(); }
    ProgressScope(const ProgressScope&) = delete;
    ProgressScope& operator=(const ProgressScope&) = delete;
    void advance(std::uint64_t units = 1) { progress_advance(units); }
};

}  // namespace ijcl
