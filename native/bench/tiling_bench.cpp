// ijcl_bench --tiling: the cost of automatic tiling (issue 13). Each operation runs on a 1024 x
// 1024 x 256 uint16 volume (512 MB; --quick: 256 x 256 x 64) twice, end to end from host memory to host memory:
//   untiled  push to the device, the operation, pull (the budget holds the whole image);
//   tiled    the budget set to a quarter of the image, so the pushed image stays in host memory
//            and the operation runs in overlapping tiles, each sent, computed and read back.
// Wall-clock medians of --reps runs (after one warm-up), their ratio, the number of tiles, and
// whether the two results are byte-identical. Results go to stdout and DIR/ijcl_tiling.csv.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "ijcl/op_call.hpp"
#include "ijcl/session.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Case {
    std::string op;
    std::vector<ijcl::Value> args;  // "in" is the input, "out" the output
    bool image_output;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int tiling_bench(const std::string& device, const std::string& out_dir, int reps, bool quick) {
    const ijcl::Shape shape = quick ? ijcl::Shape{256, 256, 64} : ijcl::Shape{1024, 1024, 256};
    const std::uint64_t bytes = shape.pixels() * 2;
    std::vector<std::uint16_t> input(shape.pixels());
    std::uint32_t state = 12345;
    for (auto& p : input) {  // smooth structure plus noise, like a fluorescence volume
        state = state * 1664525u + 1013904223u;
        p = static_cast<std::uint16_t>(1000 + (state >> 22));
    }
    std::vector<std::uint16_t> result(shape.pixels());
    const std::vector<Case> cases = {
        {"addImageAndScalar", {std::string("in"), std::string("out"), 10.0}, true},
        {"gaussianBlur3D", {std::string("in"), std::string("out"), 2.0, 2.0, 2.0}, true},
        {"mean3DBox", {std::string("in"), std::string("out"), 2.0, 2.0, 2.0}, true},
        {"median3DBox", {std::string("in"), std::string("out"), 1.0, 1.0, 1.0}, true},
        {"maximumZProjection", {std::string("in"), std::string("out")}, true},
        {"sumOfAllPixels", {std::string("in"), std::monostate{}}, false},
    };
    ijcl::Session s(device);
    std::ofstream csv(out_dir + "/ijcl_tiling.csv");
    csv << "operation,untiled_ms,tiled_ms,ratio,tiles,identical\n";
    std::cout << "device: " << s.device().info().name << "\n"
              << "operation, untiled ms (push + op + pull), tiled ms (budget " << bytes / 4 / (1 << 20)
              << " MB), tiled/untiled, tiles, identical\n";
    for (const auto& c : cases) {
      try {
        std::vector<unsigned char> untiled_bytes, tiled_bytes;
        double untiled_number = 0, tiled_number = 0;
        double times[2] = {0, 0};
        std::uint64_t tiles = 0;
        for (int mode = 0; mode < 2; ++mode) {
            s.clear();
            s.set_max_device_memory(mode == 0 ? 0 : bytes / 4);
            std::vector<double> ms;
            for (int r = 0; r < reps + 1; ++r) {
                s.clear();
                const std::uint64_t before = s.tiles_run();
                const auto t0 = Clock::now();
                s.create("in", shape, ijcl::PixelType::UInt16);
                s.write("in", 0, input.data(), bytes);
                const ijcl::OpResult res = s.execute(c.op, c.args);
                std::vector<unsigned char> pulled;
                if (c.image_output) {
                    auto image = s.get("out");
                    pulled.resize(image->bytes());
                    s.read("out", 0, pulled.data(), pulled.size());
                }
                s.finish();
                const double t = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
                if (r > 0) ms.push_back(t);
                if (mode == 1) tiles = s.tiles_run() - before;
                (mode == 0 ? untiled_bytes : tiled_bytes) = std::move(pulled);
                if (!res.numbers.empty()) (mode == 0 ? untiled_number : tiled_number) = res.numbers.front().second;
            }
            times[mode] = median(ms);
        }
        s.clear();
        s.set_max_device_memory(0);
        const bool identical = untiled_bytes == tiled_bytes && untiled_number == tiled_number;
        std::cout << c.op << ", " << times[0] << ", " << times[1] << ", " << times[1] / times[0] << ", " << tiles
                  << ", " << (identical ? "yes" : "NO") << "\n";
        csv << c.op << "," << times[0] << "," << times[1] << "," << times[1] / times[0] << "," << tiles << ","
            << (identical ? "yes" : "no") << "\n";
      } catch (const std::exception& e) {
        std::cout << c.op << ": " << e.what() << "\n";
        s.set_max_device_memory(0);
      }
    }
    return 0;
}
