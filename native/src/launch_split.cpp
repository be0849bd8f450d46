#include "ijcl/launch_split.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>
#include <regex>
#include <vector>

#include "ijcl/device.hpp"
#include "ijcl/errors.hpp"
#include "ijcl/kernel_cache.hpp"

namespace ijcl {

namespace {

const char* const kShapeBuiltins[] = {"get_group_id", "get_num_groups", "get_global_size", "get_global_offset"};

bool names_shape_builtin(const std::string& text) {
    for (const char* b : kShapeBuiltins)
        if (std::regex_search(text, std::regex(std::string("\\b") + b + "\\s*\\("))) return true;
    return false;
}

// The text without /* */ and // comments (a comment may mention a builtin).
std::string without_comments(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        if (s.compare(i, 2, "/*") == 0) {
            const std::size_t end = s.find("*/", i + 2);
            i = end == std::string::npos ? s.size() : end + 2;
            out += ' ';
        } else if (s.compare(i, 2, "//") == 0) {
            const std::size_t end = s.find('\n', i);
            i = end == std::string::npos ? s.size() : end;
        } else {
            out += s[i++];
        }
    }
    return out;
}

struct Function {
    std::string name;
    bool is_kernel;
    std::string body;
};

// The function definitions of a source without comments (name, whether a kernel, body), and the
// text outside every body (declarations, #defines). A definition is a name, a parenthesised
// parameter list and a brace; `if (...) {` and the like are inside bodies, so never seen here.
std::vector<Function> functions(const std::string& s, std::string& outside) {
    static const std::regex head(R"(\b(\w+)\s*\(([^;{}()]|\([^;{}()]*\))*\)\s*\{)");
    std::vector<Function> out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        std::smatch m;
        if (!std::regex_search(s.begin() + static_cast<std::ptrdiff_t>(pos), s.end(), m, head)) break;
        const std::size_t start = pos + static_cast<std::size_t>(m.position(0));
        const std::size_t open = start + static_cast<std::size_t>(m.length(0)) - 1;
        std::size_t close = open;
        for (int depth = 0; close < s.size(); ++close) {
            if (s[close] == '{') ++depth;
            else if (s[close] == '}' && --depth == 0) break;
        }
        // "kernel" or "__kernel" among the words since the previous definition or statement end
        const std::size_t line = s.find_last_of(";}", start);
        const std::string before = s.substr(line == std::string::npos ? 0 : line + 1, start - (line == std::string::npos ? 0 : line + 1));
        static const std::regex kernel_word(R"((^|[^\w])(__)?kernel\b)");
        out.push_back({m[1].str(), std::regex_search(before, kernel_word), s.substr(open, close - open)});
        outside += s.substr(pos, open - pos);
        pos = close + 1;
    }
    if (pos < s.size()) outside += s.substr(pos);
    return out;
}

// Kernel name -> splittable, for one source text: a kernel is not when its body names a shape
// builtin or calls a function that does (directly or through others), or when one is named
// outside every function body (a macro): then no kernel of the source is.
std::map<std::string, bool> splittable_kernels(const std::string& source) {
    std::string outside;
    const std::vector<Function> fns = functions(without_comments(source), outside);
    std::vector<bool> reads(fns.size());
    for (std::size_t i = 0; i < fns.size(); ++i) reads[i] = names_shape_builtin(fns[i].body);
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t i = 0; i < fns.size(); ++i) {
            if (reads[i]) continue;
            for (std::size_t j = 0; j < fns.size() && !reads[i]; ++j)
                if (reads[j] && !fns[j].is_kernel &&
                    std::regex_search(fns[i].body, std::regex("\\b" + fns[j].name + "\\s*\\(")))
                    reads[i] = changed = true;
        }
    }
    const bool everywhere = names_shape_builtin(outside);
    std::map<std::string, bool> out;
    for (std::size_t i = 0; i < fns.size(); ++i)
        if (fns[i].is_kernel) out[fns[i].name] = !reads[i] && !everywhere;
    return out;
}

std::mutex& cache_mutex() {
    static std::mutex* m = new std::mutex();
    return *m;
}

}  // namespace

bool kernel_splittable_in(const std::string& source, const std::string& kernel_name) {
    const auto kernels = splittable_kernels(source);
    auto it = kernels.find(kernel_name);
    return it != kernels.end() && it->second;
}

bool kernel_splittable(const std::string& file_name, const std::string& kernel_name) {
    static auto* files = new std::map<std::string, std::map<std::string, bool>>();
    std::lock_guard<std::mutex> guard(cache_mutex());
    auto it = files->find(file_name);
    if (it == files->end()) {
        // The preamble's helpers count as code outside the file's kernels.
        const std::string source = embedded_kernel_source("preamble.cl") + "\n" + embedded_kernel_source(file_name);
        it = files->emplace(file_name, splittable_kernels(source)).first;
    }
    auto k = it->second.find(kernel_name);
    return k != it->second.end() && k->second;
}

LaunchSplit launch_split_for(const DeviceInfo& info) {
    LaunchSplit split;
    const char* env = std::getenv("IJCL_SPLIT_LAUNCHES");
    const std::string value = env ? env : "";
    if (value.empty() || value == "auto") {
        split.mode = info.kernel_watchdog ? LaunchSplit::Mode::Timed : LaunchSplit::Mode::Off;
    } else if (value == "on") {
        split.mode = LaunchSplit::Mode::Timed;
    } else if (value == "off") {
        split.mode = LaunchSplit::Mode::Off;
    } else {
        char* end = nullptr;
        const long n = std::strtol(value.c_str(), &end, 10);
        if (*end != '\0' || n < 2 || n > 1000)
            throw Error("IJCL_SPLIT_LAUNCHES='" + value + "': expected auto, on, off or a number of pieces from 2 to 1000");
        split.mode = LaunchSplit::Mode::Parts;
        split.parts = static_cast<unsigned>(n);
    }
    return split;
}

std::string launch_split_summary(const DeviceInfo& info) {
    const LaunchSplit split = launch_split_for(info);
    const std::string why = info.kernel_watchdog ? "kernel watchdog (" + info.watchdog_source + ")" : "no kernel watchdog";
    switch (split.mode) {
        case LaunchSplit::Mode::Timed: return why + "; long launches split into pieces of about 0.1 s";
        case LaunchSplit::Mode::Parts: return why + "; launches split into " + std::to_string(split.parts) + " pieces (IJCL_SPLIT_LAUNCHES)";
        case LaunchSplit::Mode::Off: break;
    }
    return why + "; launches not split";
}

LaunchPlan::LaunchPlan(const cl::NDRange& global, const cl::NDRange& local) : dims_(global.dimensions()) {
    for (cl_uint i = 0; i < dims_; ++i) {
        global_[i] = global[i];
        block_[i] = local.dimensions() == 0 ? 1 : local[i];
    }
    if (dims_ == 3) {
        rows_per_plane_ = global_[1] / block_[1];
        units_ = global_[2] / block_[2] * rows_per_plane_;
    } else {
        units_ = global_[dims_ - 1] / block_[dims_ - 1];
    }
}

LaunchPlan::Piece LaunchPlan::piece(std::size_t first, std::size_t count) const {
    Piece p;
    for (cl_uint i = 0; i < dims_; ++i) p.size[i] = global_[i];
    count = std::max<std::size_t>(1, std::min(count, units_ - first));
    if (dims_ == 3) {
        const std::size_t plane = first / rows_per_plane_, row = first % rows_per_plane_;
        if (row == 0 && count >= rows_per_plane_) {   // whole block-planes
            const std::size_t planes = count / rows_per_plane_;
            p.offset[2] = plane * block_[2];
            p.size[2] = planes * block_[2];
            p.units = planes * rows_per_plane_;
        } else {                                      // rows of one block-plane
            const std::size_t rows = std::min(count, rows_per_plane_ - row);
            p.offset[2] = plane * block_[2];
            p.size[2] = block_[2];
            p.offset[1] = row * block_[1];
            p.size[1] = rows * block_[1];
            p.units = rows;
        }
    } else {
        const cl_uint axis = dims_ - 1;
        p.offset[axis] = first * block_[axis];
        p.size[axis] = count * block_[axis];
        p.units = count;
    }
    return p;
}

cl::NDRange LaunchPlan::offset_range(const Piece& p) const {
    return dims_ == 1 ? cl::NDRange(p.offset[0])
           : dims_ == 2 ? cl::NDRange(p.offset[0], p.offset[1])
                        : cl::NDRange(p.offset[0], p.offset[1], p.offset[2]);
}

cl::NDRange LaunchPlan::size_range(const Piece& p) const {
    return dims_ == 1 ? cl::NDRange(p.size[0])
           : dims_ == 2 ? cl::NDRange(p.size[0], p.size[1])
                        : cl::NDRange(p.size[0], p.size[1], p.size[2]);
}

}  // namespace ijcl
