// ijcl_bench: times every registered operation with OpenCL events, plus the device's copy and
// host<->device bandwidth and the cold/warm program-cache start.
//
//   ijcl_bench [--quick] [--device NAME] [--out DIR] [--reps N] [--only SUBSTRING | --only =NAME,NAME...] [--digest]
//   ijcl_bench --tiling [--quick] [--device NAME] [--out DIR] [--reps N]   tiled against untiled (tiling_bench.cpp)
//
// Sizes (uint16, the seed's): 2D 4096x4096 (32 MB), 3D 1024x1024x32 (64 MB) and 1024x1024x256
// (512 MB); --quick uses 1024x1024, 256x256x16 and 256x256x64. Operations whose name says 2D run
// on the 2D size, those that say 3D on the 3D sizes, the others on all. Parameters named sigma*
// or radius* are 2 (the seed table's), other parameters take their registry defaults.
//
// Each operation runs 3 times as warm-up, then --reps times (default 21); the time of one run is
// the span from the first command's start to the last command's end (OpenCL profiling events).
// The table gives the median, the 10th-90th percentile spread, and the achieved bandwidth
// (bytes of the inputs read once plus the outputs written once, over the median time) against
// the measured device-to-device copy bandwidth. Results go to stdout and DIR/ijcl_bench.csv.
// --digest adds the FNV-1a 64 digest of every output image's bytes (column output_fnv1a), so that
// two builds' CSVs show whether a changed kernel gives bit-identical results on the same inputs.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <vector>

#include "ijcl/errors.hpp"
#include "ijcl/launch_split.hpp"
#include "ijcl/registry.hpp"
#include "ijcl/session.hpp"

int tiling_bench(const std::string& device, const std::string& out_dir, int reps, bool quick);

namespace {

using Clock = std::chrono::steady_clock;

// --only TEXT: operations whose name contains TEXT; "=A,B,C": exactly the operations A, B and C.
bool selected(const std::string& only, const std::string& name) {
    if (only.empty()) return true;
    if (only[0] != '=') return name.find(only) != std::string::npos;
    std::stringstream list(only.substr(1));
    std::string item;
    while (std::getline(list, item, ','))
        if (item == name) return true;
    return false;
}

struct Options {
    bool quick = false;
    std::string device;
    std::string out = ".";
    std::string only;
    int reps = 21;
    bool digest = false;
};

struct SizeCase {
    std::string label;
    ijcl::Shape shape;
    bool is3d;
};

struct Stats {
    double median = 0, p10 = 0, p90 = 0, min = 0;
};

Stats stats_of(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return v[static_cast<std::size_t>(q * (v.size() - 1) + 0.5)]; };
    return {at(0.5), at(0.1), at(0.9), v.front()};
}

double event_span_ms(const std::vector<cl::Event>& events) {
    if (events.empty()) return 0.0;
    cl_ulong start = ~0ULL, end = 0;
    for (const auto& e : events) {
        start = std::min<cl_ulong>(start, e.getProfilingInfo<CL_PROFILING_COMMAND_START>());
        end = std::max<cl_ulong>(end, e.getProfilingInfo<CL_PROFILING_COMMAND_END>());
    }
    return (end - start) * 1e-6;
}

// Pseudo-random uint16 pixels (never all zeros: zeros hide wrong indexing and run faster).
std::vector<std::uint16_t> noise(std::uint64_t n, std::uint32_t seed) {
    std::vector<std::uint16_t> v(n);
    std::uint32_t x = seed * 2654435761u + 1;
    for (auto& p : v) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        p = static_cast<std::uint16_t>(x & 0x0FFF);  // 12-bit camera-like range
    }
    return v;
}

bool name_has(const std::string& name, const char* part) { return name.find(part) != std::string::npos; }

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Which input image a parameter needs, from its name.
std::string input_for(const std::string& op, const std::string& param) {
    const std::string p = lower(param);
    if (name_has(p, "label")) return "labels";
    // maps and centroids of a label image whose parameter CLIJ2 names "input"
    if (name_has(op, "ExtensionMap") || name_has(op, "extensionRatioMap") || op == "pixelCountMap" ||
        name_has(op, "OfLabels"))
        return "labels";
    if (name_has(p, "spots")) return "binary";
    if (name_has(op, "connectedComponents")) return "blobs";
    if (p == "operand2") return "binary2";  // a second, different mask: no cache hits on equal inputs
    if (name_has(p, "binary") || name_has(p, "operand") ||
        (name_has(lower(op), "binary") && p == "source") ||
        ((name_has(op, "erode") || name_has(op, "dilate")) && p == "source"))
        return "binary";
    if (p == "summand2" || p == "minuend" || p == "source2") return "second";
    return "input";
}

struct Row {
    std::string op, size;
    Stats gpu;
    double host_median_ms = 0;
    double bytes = 0;
    double gbps = 0;
    std::size_t launches = 0;
    std::string digest;  // FNV-1a 64 of the output images' bytes, in parameter order (--digest)
};

// FNV-1a 64 over the bytes of the named images, read back in 64 MiB pieces.
std::string output_digest(ijcl::Session& s, const std::vector<std::string>& names) {
    std::uint64_t h = 1469598103934665603ULL;
    std::vector<unsigned char> piece;
    for (const auto& name : names) {
        auto image = s.find(name);
        if (!image) continue;
        const std::uint64_t total = image->bytes();
        for (std::uint64_t at = 0; at < total;) {
            const std::uint64_t n = std::min<std::uint64_t>(total - at, 64ULL << 20);
            piece.resize(n);
            s.read(name, at, piece.data(), n);
            for (unsigned char b : piece) h = (h ^ b) * 1099511628211ULL;
            at += n;
        }
    }
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
    return text;
}

double copy_bandwidth_gbps(ijcl::Session& s, std::uint64_t bytes, int reps) {
    cl::Buffer a(s.device().context(), CL_MEM_READ_WRITE, bytes);
    cl::Buffer b(s.device().context(), CL_MEM_READ_WRITE, bytes);
    auto& q = s.device().queue();
    q.enqueueFillBuffer(a, cl_uchar(1), 0, bytes);
    std::vector<double> t;
    for (int i = 0; i < reps + 3; ++i) {
        cl::Event e;
        q.enqueueCopyBuffer(a, b, 0, 0, bytes, nullptr, &e);
        e.wait();
        if (i >= 3) t.push_back(event_span_ms({e}));
    }
    return 2.0 * bytes / (stats_of(t).median * 1e-3) / 1e9;  // read + write
}

// Host -> device and device -> host bandwidth from pageable (malloc) or pinned
// (CL_MEM_ALLOC_HOST_PTR, mapped) host memory, timed with events.
std::pair<double, double> host_bandwidth_gbps(ijcl::Session& s, std::uint64_t bytes, bool pinned, int reps) {
    auto& q = s.device().queue();
    cl::Buffer dev(s.device().context(), CL_MEM_READ_WRITE, bytes);
    cl::Buffer host_buf;
    void* host = nullptr;
    std::vector<unsigned char> pageable;
    if (pinned) {
        host_buf = cl::Buffer(s.device().context(), CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, bytes);
        host = q.enqueueMapBuffer(host_buf, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, bytes);
    } else {
        pageable.assign(bytes, 1);
        host = pageable.data();
    }
    std::memset(host, 1, bytes);
    std::vector<double> up, down;
    for (int i = 0; i < reps + 2; ++i) {
        cl::Event e1, e2;
        q.enqueueWriteBuffer(dev, CL_TRUE, 0, bytes, host, nullptr, &e1);
        q.enqueueReadBuffer(dev, CL_TRUE, 0, bytes, host, nullptr, &e2);
        if (i >= 2) {
            up.push_back(event_span_ms({e1}));
            down.push_back(event_span_ms({e2}));
        }
    }
    if (pinned) q.enqueueUnmapMemObject(host_buf, host);
    q.finish();
    return {bytes / (stats_of(up).median * 1e-3) / 1e9, bytes / (stats_of(down).median * 1e-3) / 1e9};
}

std::vector<ijcl::Value> arguments_for(const ijcl::OpSpec& spec, const SizeCase& size) {
    std::vector<ijcl::Value> args;
    int out_index = 0;
    for (const auto& p : spec.params) {
        switch (p.kind) {
            case ijcl::ParamKind::InputImage: args.emplace_back(input_for(spec.name, p.name)); break;
            // written in place (set, setRampX, ...): its own image, so that no other operation's
            // input changes
            case ijcl::ParamKind::InPlaceImage: args.emplace_back(std::string("scratch")); break;
            case ijcl::ParamKind::OutputImage: args.emplace_back("out" + std::to_string(out_index++)); break;
            case ijcl::ParamKind::Number: {
                const std::string n = lower(p.name);
                double v = p.default_value.empty() ? 1.0 : std::atof(p.default_value.c_str());
                if (name_has(n, "sigma") || name_has(n, "radius")) v = 2.0;
                if (!size.is3d && (n == "sigma_z" || n == "radius_z")) v = 0.0;
                if (n == "threshold") v = 2048;
                args.emplace_back(v);
                break;
            }
            case ijcl::ParamKind::Boolean: args.emplace_back(p.default_value != "false"); break;
            case ijcl::ParamKind::String:
                args.emplace_back(p.default_value.empty() && !p.choices.empty() ? p.choices.front() : p.default_value);
                break;
            case ijcl::ParamKind::OutputNumber: args.emplace_back(std::monostate{}); break;
        }
    }
    return args;
}

double bytes_moved(ijcl::Session& s, const ijcl::OpSpec& spec, const std::vector<ijcl::Value>& args) {
    double bytes = 0;
    for (std::size_t i = 0; i < spec.params.size(); ++i) {
        const auto kind = spec.params[i].kind;
        if (kind != ijcl::ParamKind::InputImage && kind != ijcl::ParamKind::OutputImage &&
            kind != ijcl::ParamKind::InPlaceImage)
            continue;
        if (auto im = s.find(std::get<std::string>(args[i]))) bytes += static_cast<double>(im->bytes());
    }
    return bytes;
}

// "blobs": separate 12x12x6 cuboids on a 16x16x8 grid (12x12 squares in 2D), a stand-in for
// segmented nuclei with many objects (65536 at 4096x4096, 16384 at 1024x1024x32); the labels of
// the statistics benchmark are its connected components. Random-noise masks would give millions
// of one-pixel objects, which no real image has.
std::vector<std::uint8_t> blob_grid(const ijcl::Shape& shape) {
    std::vector<std::uint8_t> v(shape.pixels());
    std::size_t i = 0;
    for (std::uint64_t z = 0; z < shape.depth; ++z)
        for (std::uint64_t y = 0; y < shape.height; ++y)
            for (std::uint64_t x = 0; x < shape.width; ++x)
                v[i++] = (x % 16 < 12) && (y % 16 < 12) && (shape.depth == 1 || z % 8 < 6);
    return v;
}

void prepare_inputs(ijcl::Session& s, const SizeCase& size) {
    s.clear();
    const auto px = noise(size.shape.pixels(), 7);
    s.create("input", size.shape, ijcl::PixelType::UInt16);
    s.write("input", 0, px.data(), px.size() * 2);
    const auto px2 = noise(size.shape.pixels(), 11);
    s.create("second", size.shape, ijcl::PixelType::UInt16);
    s.write("second", 0, px2.data(), px2.size() * 2);
    s.create("scratch", size.shape, ijcl::PixelType::UInt16);
    s.write("scratch", 0, px2.data(), px2.size() * 2);
    s.execute("threshold", {std::string("input"), std::string("binary"), 3000.0});
    s.execute("threshold", {std::string("second"), std::string("binary2"), 3000.0});
    const auto blobs = blob_grid(size.shape);
    s.create("blobs", size.shape, ijcl::PixelType::UInt8, ijcl::ImageKind::Binary);
    s.write("blobs", 0, blobs.data(), blobs.size());
    s.execute("connectedComponentsLabelingBox", {std::string("blobs"), std::string("labels")});
    s.finish();
}

std::string fmt(double v, int precision = 3) {
    std::ostringstream o;
    o.setf(std::ios::fixed);
    o.precision(precision);
    o << v;
    return o.str();
}

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    bool tiling = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) { std::cerr << a << " needs a value\n"; std::exit(2); }
            return argv[++i];
        };
        if (a == "--quick") opt.quick = true;
        else if (a == "--device") opt.device = next();
        else if (a == "--out") opt.out = next();
        else if (a == "--reps") opt.reps = std::max(3, std::atoi(next().c_str()));
        else if (a == "--only") opt.only = next();
        else if (a == "--tiling") tiling = true;
        else if (a == "--digest") opt.digest = true;
        else { std::cerr << "unknown option " << a << "\nusage: ijcl_bench [--quick] [--device NAME] [--out DIR] [--reps N] [--only TEXT] [--digest] | --tiling [--device NAME] [--out DIR] [--reps N]\n"; return 2; }
    }
    if (opt.quick && opt.reps == 21) opt.reps = 5;
    ::mkdir(opt.out.c_str(), 0755);
    if (tiling) {
        try {
            return tiling_bench(opt.device, opt.out, opt.reps == 21 ? 5 : opt.reps, opt.quick);
        } catch (const std::exception& e) {
            std::cerr << "ijcl_bench --tiling: " << e.what() << "\n";
            return 1;
        }
    }

    try {
        // Cold and warm start: the first call of the demo's operations with an empty on-disk
        // program cache, then in a fresh session (empty memory cache) with the disk cache warm.
        char tmpl[] = "/tmp/ijcl-bench-cache-XXXXXX";
        const std::string cache_dir = mkdtemp(tmpl);
        setenv("IJCL_CACHE_DIR", cache_dir.c_str(), 1);
        std::map<std::string, double> cold_ms, warm_ms;
        // The demo's operations.
        const std::vector<std::string> start_ops = {"gaussianBlur2D", "automaticThreshold",
                                                    "connectedComponentsLabelingBox", "statisticsOfLabelledPixels",
                                                    "topHatSphere", "detectMaxima2DBox", "binaryAnd",
                                                    "countNonZeroPixels", "gaussianBlur3D", "getMaximumOfAllPixels"};
        const auto& registry = ijcl::Registry::instance();
        // NVIDIA's driver keeps its own cache of compiled kernels; disable it so the cold pass
        // measures a real compile and the warm pass ijcl's own disk cache.
        setenv("CUDA_CACHE_DISABLE", "1", 1);
        for (int pass = 0; pass < 2; ++pass) {
            ijcl::Session s(opt.device);
            // Inputs written from the host, so no kernel is compiled before the timed calls.
            const ijcl::Shape small{256, 254, 1};
            const auto px = noise(small.pixels(), 3);
            std::vector<std::uint8_t> binary(px.size());
            std::vector<std::uint32_t> labels(px.size());
            for (std::size_t i = 0; i < px.size(); ++i) {
                binary[i] = px[i] > 2048;
                labels[i] = binary[i] ? static_cast<std::uint32_t>(1 + (i % 256) / 16) : 0;
            }
            s.create("input", small, ijcl::PixelType::UInt16);
            s.write("input", 0, px.data(), px.size() * 2);
            s.create("second", small, ijcl::PixelType::UInt16);
            s.write("second", 0, px.data(), px.size() * 2);
            s.create("scratch", small, ijcl::PixelType::UInt16);
            s.write("scratch", 0, px.data(), px.size() * 2);
            for (const char* name : {"binary", "binary2", "blobs"}) {
                s.create(name, small, ijcl::PixelType::UInt8, ijcl::ImageKind::Binary);
                s.write(name, 0, binary.data(), binary.size());
            }
            s.create("labels", small, ijcl::PixelType::UInt32, ijcl::ImageKind::Label);
            s.write("labels", 0, labels.data(), labels.size() * 4);
            s.finish();
            SizeCase size{"start", small, false};
            for (const auto& name : start_ops) {
                if (!registry.contains(name)) continue;
                const auto& spec = registry.get(name);
                const auto args = arguments_for(spec, size);
                const auto t0 = Clock::now();
                s.execute(name, args);
                s.finish();
                const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
                (pass == 0 ? cold_ms : warm_ms)[name] = ms;
            }
        }
        unsetenv("CUDA_CACHE_DISABLE");

        ijcl::Session s(opt.device);
        const auto& info = s.device_info();
        std::cout << "device: " << info.name << " (" << info.platform << ", driver " << info.driver_version
                  << ", " << info.opencl_version << ", " << info.global_memory_bytes / (1 << 20) << " MiB)\n"
                  << "launch splitting: " << ijcl::launch_split_summary(info) << "\n";

        const std::uint64_t bw_bytes = opt.quick ? (64ULL << 20) : (512ULL << 20);
        const double copy_gbps = copy_bandwidth_gbps(s, bw_bytes, opt.reps);
        const auto pageable = host_bandwidth_gbps(s, bw_bytes, false, std::min(opt.reps, 7));
        const auto pinned = host_bandwidth_gbps(s, bw_bytes, true, std::min(opt.reps, 7));
        std::cout << "device copy bandwidth (read+write): " << fmt(copy_gbps, 1) << " GB/s\n"
                  << "host->device / device->host, pageable: " << fmt(pageable.first, 1) << " / "
                  << fmt(pageable.second, 1) << " GB/s; pinned: " << fmt(pinned.first, 1) << " / "
                  << fmt(pinned.second, 1) << " GB/s (" << (bw_bytes >> 20) << " MB)\n";
        for (const auto& kv : cold_ms)
            std::cout << "first call " << kv.first << ": cold (empty program cache) " << fmt(kv.second, 1)
                      << " ms, warm disk cache " << fmt(warm_ms[kv.first], 1) << " ms\n";

        std::vector<SizeCase> sizes;
        if (opt.quick) {
            sizes = {{"2D 1024x1024", {1024, 1024, 1}, false},
                     {"3D 256x256x16", {256, 256, 16}, true},
                     {"3D 256x256x64", {256, 256, 64}, true}};
        } else {
            sizes = {{"2D 4096x4096", {4096, 4096, 1}, false},
                     {"3D 1024x1024x32", {1024, 1024, 32}, true},
                     {"3D 1024x1024x256", {1024, 1024, 256}, true}};
        }

        std::vector<Row> rows;
        std::vector<cl::Event> events;
        for (const auto& size : sizes) {
            prepare_inputs(s, size);
            for (const auto* spec : registry.all()) {
                const std::string& name = spec->name;
                if (!selected(opt.only, name)) continue;
                const bool says2d = name_has(name, "2D"), says3d = name_has(name, "3D") || name_has(name, "ZProjection");
                if (says2d && size.is3d) continue;
                if (says3d && !size.is3d) continue;
                const auto args = arguments_for(*spec, size);
                Row row{name, size.label, {}, 0, 0, 0, 0};
                std::vector<double> gpu_ms, host_ms;
                try {
                    for (int r = 0; r < opt.reps + 3; ++r) {
                        events.clear();
                        s.set_profiling_events(&events);
                        const auto t0 = Clock::now();
                        s.execute(name, args);
                        s.finish();
                        const double host = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
                        s.set_profiling_events(nullptr);
                        if (r < 3) continue;
                        gpu_ms.push_back(event_span_ms(events));
                        host_ms.push_back(host);
                        row.launches = events.size();
                    }
                } catch (const ijcl::Error& e) {
                    s.set_profiling_events(nullptr);
                    std::cerr << "skipped " << name << " at " << size.label << ": " << e.what() << "\n";
                    continue;
                }
                row.gpu = stats_of(gpu_ms);
                row.host_median_ms = stats_of(host_ms).median;
                row.bytes = bytes_moved(s, *spec, args);
                row.gbps = row.gpu.median > 0 ? row.bytes / (row.gpu.median * 1e-3) / 1e9 : 0;
                if (opt.digest) {
                    std::vector<std::string> outputs;
                    for (std::size_t i = 0; i < spec->params.size(); ++i)
                        if (spec->params[i].kind == ijcl::ParamKind::OutputImage)
                            outputs.push_back(std::get<std::string>(args[i]));
                    row.digest = output_digest(s, outputs);
                }
                rows.push_back(row);
                std::cout << "  " << size.label << "  " << name << ": " << fmt(row.gpu.median) << " ms\n" << std::flush;
                for (int o = 0; o < 4; ++o) s.release("out" + std::to_string(o));
            }
        }

        // Table and CSV.
        std::printf("\n%-34s %-18s %10s %10s %10s %10s %8s %7s %5s\n", "operation", "size", "median ms",
                    "p10 ms", "p90 ms", "host ms", "GB/s", "%copy", "cmds");
        std::ofstream csv(opt.out + "/ijcl_bench.csv");
        csv << "device,operation,size,median_ms,p10_ms,p90_ms,min_ms,host_median_ms,bytes,gbps,percent_of_copy,launches,output_fnv1a\n";
        for (const auto& r : rows) {
            const double pct = copy_gbps > 0 ? 100.0 * r.gbps / copy_gbps : 0;
            std::printf("%-34s %-18s %10.4f %10.4f %10.4f %10.4f %8.1f %6.1f%% %5zu\n", r.op.c_str(), r.size.c_str(),
                        r.gpu.median, r.gpu.p10, r.gpu.p90, r.host_median_ms, r.gbps, pct, r.launches);
            csv << '"' << info.name << "\"," << r.op << ',' << r.size << ',' << r.gpu.median << ',' << r.gpu.p10 << ','
                << r.gpu.p90 << ',' << r.gpu.min << ',' << r.host_median_ms << ',' << r.bytes << ',' << r.gbps << ','
                << pct << ',' << r.launches << ',' << r.digest << '\n';
        }
        std::ofstream limits(opt.out + "/ijcl_bench_limits.csv");
        limits << "device,copy_gbps,pageable_h2d_gbps,pageable_d2h_gbps,pinned_h2d_gbps,pinned_d2h_gbps\n"
               << '"' << info.name << "\"," << copy_gbps << ',' << pageable.first << ',' << pageable.second << ','
               << pinned.first << ',' << pinned.second << '\n';
        for (const auto& kv : cold_ms)
            limits << "# first call " << kv.first << " cold_ms=" << kv.second << " warm_ms=" << warm_ms[kv.first] << '\n';
        std::cout << "\nwrote " << opt.out << "/ijcl_bench.csv and ijcl_bench_limits.csv\n";
    } catch (const ijcl::Error& e) {
        std::cerr << "ijcl_bench: " << e.what() << "\n";
        return 1;
    } catch (const cl::Error& e) {
        std::cerr << "ijcl_bench: OpenCL " << e.what() << ": " << ijcl::cl_status_name(e.err()) << "\n";
        return 1;
    }
    return 0;
}
