// 64-bit indexing (issue 13): an image of more than 2^32 voxels processed untiled on one device.
// Runs only with IJCL_LARGE_IMAGE_TEST=1 on a device whose budget holds it (about 13 GB for the
// images below; the GPU machine's run, tests/bench/gpu_scale.sh), skipped elsewhere.
//
// The volume is 2048 x 2048 x 1025 uint8 (4,299,161,600 voxels, 2^32 + 4,194,304): a voxel index
// computed in 32 bits wraps for the last 4,194,304 voxels, i.e. the whole last plane, so every check
// below covers that plane. Oracles are computed on the host from the same formula as the input.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using namespace ijcl_test;


std::uint8_t value_at(std::uint64_t x, std::uint64_t y, std::uint64_t z) {
    return static_cast<std::uint8_t>((x * 7 + y * 13 + z * 29) % 251);
}

}  // namespace

TEST(LargeImages, MoreThan2Pow32VoxelsUntiled) {
    const char* on = std::getenv("IJCL_LARGE_IMAGE_TEST");
    const std::string mode = on ? on : "";
    if (mode != "1" && mode != "small") GTEST_SKIP() << "set IJCL_LARGE_IMAGE_TEST=1 (needs about 9 GB of device memory)";
    // "small": the same checks on 256 x 256 x 9 (a check of the test itself on any device).
    const std::uint64_t W = mode == "1" ? 2048 : 256, H = W, D = mode == "1" ? 1025 : 9;
    const std::uint64_t n = W * H * D;
    if (mode == "1") ASSERT_GT(n, std::uint64_t(1) << 32);
    if (session().max_device_memory() < 2 * n + (64ull << 20))
        GTEST_SKIP() << "the device budget (" << session().max_device_memory() << " bytes) cannot hold it untiled";
    session().clear();
    std::vector<std::uint8_t> input(n);
    for (std::uint64_t z = 0; z < D; ++z)
        for (std::uint64_t y = 0; y < H; ++y)
            for (std::uint64_t x = 0; x < W; ++x) input[(z * H + y) * W + x] = value_at(x, y, z);
    push("big", W, H, D, input);
    ASSERT_FALSE(session().get("big")->on_host()) << "the image must be on the device (untiled)";

    // Pixel-wise: every voxel + 3 (no saturation: values < 251).
    run("addImageAndScalar", {img("big"), img("big_plus"), num(3)});
    const std::uint64_t tiles_before = session().tiles_run();
    {
        const auto got = pull<std::uint8_t>("big_plus");
        std::uint64_t differ = 0, first = 0;
        for (std::uint64_t i = 0; i < n; ++i)
            if (got[i] != input[i] + 3 && differ++ == 0) first = i;
        EXPECT_EQ(differ, 0u) << "addImageAndScalar: first wrong voxel at index " << first;
    }
    session().release("big_plus");

    // Z projection: the maximum over all 1025 planes, the last included.
    run("maximumZProjection", {img("big"), img("big_max")});
    {
        const auto got = pull<std::uint8_t>("big_max");
        ASSERT_EQ(got.size(), W * H);
        std::vector<std::uint8_t> m(W * H, 0);
        for (std::uint64_t z = 0; z < D; ++z)
            for (std::uint64_t i = 0; i < W * H; ++i) m[i] = std::max(m[i], input[z * W * H + i]);
        std::uint64_t differ = 0;
        for (std::uint64_t i = 0; i < W * H; ++i) differ += got[i] != m[i];
        EXPECT_EQ(differ, 0u) << "maximumZProjection";
    }
    session().release("big_max");

    // Reductions: the sum (exact in double: < 2^53) and the maximum of the last plane alone.
    {
        double sum = 0;
        for (auto v : input) sum += v;
        const auto r = run("sumOfAllPixels", {img("big"), out()});
        ASSERT_EQ(r.numbers.size(), 1u);
        EXPECT_EQ(r.numbers[0].second, sum) << "sumOfAllPixels";
    }

    // A neighbourhood filter across the last plane: mean3DBox radius 1 at voxels of the last two planes.
    run("mean3DBox", {img("big"), img("big_mean"), num(1), num(1), num(1)});
    {
        const auto got = pull<std::uint8_t>("big_mean");
        std::uint64_t differ = 0, checked = 0;
        for (std::uint64_t z = D - 2; z < D; ++z)
            for (std::uint64_t y = 1; y + 1 < H; y += 97)
                for (std::uint64_t x = 1; x + 1 < W; x += 89) {
                    // mean3DBox (docs/reference.md): voxels outside the volume take the value of the
                    // nearest edge voxel; the exact sum of 27 divided once, rounded to nearest.
                    double s = 0;
                    int c = 0;
                    for (std::int64_t dz = -1; dz <= 1; ++dz)
                        for (std::int64_t dy = -1; dy <= 1; ++dy)
                            for (std::int64_t dx = -1; dx <= 1; ++dx) {
                                const std::int64_t zz = std::min<std::int64_t>(std::int64_t(D) - 1, std::int64_t(z) + dz);
                                s += input[(std::uint64_t(zz) * H + y + dy) * W + x + dx];
                                ++c;
                            }
                    const double mean = s / c;
                    const double v = got[(z * H + y) * W + x];
                    differ += v != std::floor(mean + 0.5) && std::abs(v - mean) != 0.5;
                    ++checked;
                }
        EXPECT_GT(checked, mode == "1" ? 1000u : 10u);
        EXPECT_EQ(differ, 0u) << "mean3DBox in the last planes (of " << checked << " checked)";
    }
    EXPECT_EQ(session().tiles_run(), tiles_before) << "nothing may have run tiled";
    session().clear();
}
