// Automatic overlapped tiling (tiling.hpp): with a small device-memory budget, images pushed
// larger than it stay in host memory and operations on them run in tiles; every result must equal
// the untiled run byte for byte, and more than one tile must have run.
//
// Inputs are real images from ../shared/data (IJCL_DATA_DIR overrides), repeated side by side
// inside the test to make them larger than the budget (nothing generated is written to disk).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ijcl/tiling.hpp"
#include "shared_images.hpp"
#include "test_support.hpp"

namespace {

using ijcl::PixelType;
using namespace ijcl_test;

// Sets a budget on an empty session (the budget counts every image held); restores the default
// budget and releases the test's images when the test ends.
struct Budget {
    explicit Budget(std::uint64_t bytes) {
        session().clear();
        session().set_max_device_memory(bytes);
    }
    ~Budget() {
        session().set_max_device_memory(0);
        session().clear();
    }
};

// Runs `op` on the images of `inputs` (argument list with the names "in0", "in1" and "out")
// untiled, then with the inputs pushed under a budget of `budget` bytes; expects equal bytes in
// every output and more than one tile.
void expect_tiled_equal(const std::vector<Raw>& inputs, std::uint64_t budget, const std::string& op,
                        const std::vector<ijcl::Value>& args, const std::vector<std::string>& outputs = {"out"}) {
    session().clear();
    for (std::size_t i = 0; i < inputs.size(); ++i) push_raw("in" + std::to_string(i), inputs[i]);
    const RunResult untiled = run_and_pull(op, args, outputs);
    session().clear();

    Budget small(budget);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        push_raw("in" + std::to_string(i), inputs[i]);
        ASSERT_TRUE(session().get("in" + std::to_string(i))->on_host()) << "input not kept in host memory";
    }
    const std::uint64_t before = session().tiles_run();
    const RunResult tiled = run_and_pull(op, args, outputs);
    const std::uint64_t tiles = session().tiles_run() - before;
    EXPECT_GT(tiles, 1u) << op << " ran in " << tiles << " tile(s)";
    expect_same_results(untiled, tiled, op, outputs, "the tiled run", "the untiled run");
}

}  // namespace

TEST(Tiling, ParsesMemorySizes) {
    EXPECT_EQ(ijcl::parse_memory_size("1048576", "x"), 1048576u);
    EXPECT_EQ(ijcl::parse_memory_size("512M", "x"), 512ull << 20);
    EXPECT_EQ(ijcl::parse_memory_size("4G", "x"), 4ull << 30);
    EXPECT_EQ(ijcl::parse_memory_size("64 KiB", "x"), 64ull << 10);
    expect_error([] { ijcl::parse_memory_size("lots", "IJCL_MAX_DEVICE_MEMORY"); }, {"IJCL_MAX_DEVICE_MEMORY", "512M"});
    expect_error([] { ijcl::parse_memory_size("0", "x"); }, {"larger than 0"});
}

TEST(Tiling, BudgetRefusesAllocationsAndKeepsLargeImagesOnTheHost) {
    Budget small(64 << 10);
    EXPECT_EQ(session().max_device_memory(), 64u << 10);
    std::vector<float> big(40 << 10);  // 160 KiB: more than the budget
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<float>(i % 977) * 0.5f;
    push("big", 256, 160, 1, big);
    EXPECT_TRUE(session().get("big")->on_host());
    EXPECT_EQ(pull<float>("big"), big);  // pull of a host-resident image returns its pixels
    // Two images that each fit but not together: the second is refused as if the device were small.
    push("a", 100, 100, 1, std::vector<float>(10000, 1.0f));
    EXPECT_FALSE(session().get("a")->on_host());
    expect_error([] { session().create("b", {100, 100, 1}, PixelType::Float32); },
                 {"not enough device memory", "IJCL_MAX_DEVICE_MEMORY"});
    // An operation that cannot be tiled says so, naming itself.
    expect_error([] { run("transposeXY", {img("big"), img("t")}); }, {"transposeXY", "cannot be tiled"});
}

TEST(Tiling, PixelwiseOperationsEqualUntiled) {
    REQUIRE_DATA();
    const Raw blobs = repeat(read_tiff("blobs.tif"), 4, 4);  // 1024 x 1016 uint8
    ASSERT_EQ(blobs.width, 1024u);
    expect_tiled_equal({blobs}, 512 << 10, "addImageAndScalar", {img("in0"), img("out"), num(7.5)});
    expect_tiled_equal({blobs, repeat(read_tiff("blobs.tif"), 4, 4)}, 512 << 10, "addImages",
                       {img("in0"), img("in1"), img("out")});
    expect_tiled_equal({blobs}, 512 << 10, "greaterConstant", {img("in0"), img("out"), num(128)});
    expect_tiled_equal({blobs}, 512 << 10, "multiplyImageAndScalar", {img("in0"), img("out"), num(1.7)});
}

TEST(Tiling, CoordinateRowsEqualUntiled) {
    REQUIRE_DATA();
    // Rows that read x, y, z or the image border must see the whole image's coordinates in every
    // tile; a tile that counted from its own corner would restart the ramps at each tile border.
    const Raw lund = read_tiff("Lund_MAX_001300.tif");           // 512 x 1024 uint16
    const Raw beads = repeat(read_tiff("beads_3d.tif"), 2, 2);  // 300 x 300 x 41 uint8
    for (const Raw* image : {&lund, &beads}) {
        const std::uint64_t budget = image == &lund ? 512 << 10 : 1 << 20;
        for (const char* op : {"setRampX", "setRampY", "setRampZ"})
            expect_tiled_equal({*image}, budget, op, {img("in0")}, {"in0"});
        for (const char* op : {"setImageBorders", "setWhereXequalsY", "setWhereXgreaterThanY", "setWhereXsmallerThanY"})
            expect_tiled_equal({*image}, budget, op, {img("in0"), num(7)}, {"in0"});
        expect_tiled_equal({*image}, budget, "setColumn", {img("in0"), num(image->width - 1), num(9)}, {"in0"});
        expect_tiled_equal({*image}, budget, "setRow", {img("in0"), num(image->height - 2), num(9)}, {"in0"});
        expect_tiled_equal({*image}, budget, "setPlane", {img("in0"), num(image->depth - 1), num(9)}, {"in0"});
        for (double dimension : {0.0, 1.0, 2.0})
            expect_tiled_equal({*image}, budget, "multiplyImageAndCoordinate", {img("in0"), img("out"), num(dimension)});
    }
}

TEST(Tiling, GaussianWithImageJDownscalingEqualsUntiled) {
    REQUIRE_DATA();
    const Raw blobs = repeat(read_tiff("blobs.tif"), 3, 3);  // 768 x 762 uint8
    // sigma 10 > 8.5: ImageJ reduces each line by floor(10 / 4) = 2 before blurring.
    expect_tiled_equal({blobs}, 384 << 10, "gaussianBlur2D", {img("in0"), img("out"), num(10), num(9)});
    expect_tiled_equal({blobs}, 384 << 10, "gaussianBlur2D", {img("in0"), img("out"), num(1.5), num(3)});
    const Raw lund = read_tiff("Lund_MAX_001300.tif");  // 512 x 1024 uint16
    expect_tiled_equal({lund}, 768 << 10, "gaussianBlur2D", {img("in0"), img("out"), num(12.5), num(12.5)});
}

TEST(Tiling, Gaussian3DEqualsUntiled) {
    REQUIRE_DATA();
    const Raw beads = repeat(read_tiff("beads_3d.tif"), 2, 1);  // 300 x 150 x 41 uint8
    expect_tiled_equal({beads}, 1 << 20, "gaussianBlur3D", {img("in0"), img("out"), num(2), num(2), num(1.5)});
}

TEST(Tiling, MedianWithLargeRadiusEqualsUntiled) {
    REQUIRE_DATA();
    const Raw blobs = repeat(read_tiff("blobs.tif"), 2, 1);  // 512 x 254 uint8
    // radius 15: the halo (16 pixels) is sized from the radius, no fixed overlap would do.
    expect_tiled_equal({blobs}, 96 << 10, "median2DSphere", {img("in0"), img("out"), num(15), num(15)});
    expect_tiled_equal({blobs}, 96 << 10, "maximum2DBox", {img("in0"), img("out"), num(9), num(4)});
    expect_tiled_equal({blobs}, 96 << 10, "topHatSphere", {img("in0"), img("out"), num(6), num(6), num(0)});
}

TEST(Tiling, OctagonFiltersEqualUntiled) {
    REQUIRE_DATA();
    const Raw blobs = repeat(read_tiff("blobs.tif"), 2, 1);        // 512 x 254 uint8
    const Raw beads = repeat(read_tiff("beads_3d.tif"), 2, 1);     // 300 x 150 x 41 uint8
    // The halo is the number of steps: a wrong one shows within a few iterations.
    for (const char* op : {"minimumOctagon", "maximumOctagon"}) {
        for (double iterations : {1.0, 2.0, 7.0})
            expect_tiled_equal({blobs}, 96 << 10, op, {img("in0"), img("out"), num(iterations)});
        expect_tiled_equal({beads}, 1 << 20, op, {img("in0"), img("out"), num(3)});
    }
}

TEST(Tiling, ZProjectionsEqualUntiled) {
    REQUIRE_DATA();
    const Raw beads = repeat(read_tiff("beads_3d.tif"), 2, 2);  // 300 x 300 x 41 uint8
    expect_tiled_equal({beads}, 1 << 20, "maximumZProjection", {img("in0"), img("out")});
    expect_tiled_equal({beads}, 1 << 20, "sumZProjection", {img("in0"), img("out")});
    expect_tiled_equal({beads}, 1 << 20, "argMaximumZProjection", {img("in0"), img("out"), img("arg")}, {"out", "arg"});
}

TEST(Tiling, XAndYProjectionsEqualUntiled) {
    REQUIRE_DATA();
    const Raw beads = read_tiff("beads_3d.tif");  // 150 x 150 x 41 uint8
    // An X projection's output is depth x height, a Y projection's width x depth: the tiles split
    // only the axis the output keeps (y, x). Shapes where the output's other axis has the input's
    // size (width = depth for X, height = depth for Y) would be split there if sizes were compared.
    const Raw tall = crop(repeat(beads, 1, 2), beads.depth, 300);  // 41 x 300 x 41
    const Raw wide = crop(repeat(beads, 2, 1), 300, beads.depth);  // 300 x 41 x 41
    const Raw big = repeat(beads, 2, 2);                           // 300 x 300 x 41
    for (const char* op : {"maximumXProjection", "minimumXProjection", "meanXProjection", "sumXProjection"}) {
        expect_tiled_equal({tall}, 256 << 10, op, {img("in0"), img("out")});
        expect_tiled_equal({big}, 1 << 20, op, {img("in0"), img("out")});
    }
    for (const char* op : {"maximumYProjection", "minimumYProjection", "meanYProjection", "sumYProjection"}) {
        expect_tiled_equal({wide}, 256 << 10, op, {img("in0"), img("out")});
        expect_tiled_equal({big}, 1 << 20, op, {img("in0"), img("out")});
    }
}

TEST(Tiling, ReductionsCombineTilesExactly) {
    REQUIRE_DATA();
    const Raw lund = read_tiff("Lund_MAX_001300.tif");  // 512 x 1024 uint16
    for (const char* op : {"getSumOfAllPixels", "getMaximumOfAllPixels", "getMinimumOfAllPixels",
                           "getMeanOfAllPixels", "countNonZeroPixels"})
        expect_tiled_equal({lund}, 512 << 10, op, {img("in0"), out()}, {});
    expect_tiled_equal({lund}, 512 << 10, "meanOfPixelsAboveThreshold", {img("in0"), num(300), out()}, {});
    expect_tiled_equal({lund, lund}, 768 << 10, "getMeanOfMaskedPixels", {img("in0"), img("in1"), out()}, {});
}

namespace {

// `raw` as a binary image: 1 where the pixel is at least `level`, else 0 (uint8).
Raw binarize(const Raw& raw, unsigned level) {
    Raw r = raw;
    r.bits = 8;
    const std::size_t n = raw.width * raw.height * raw.depth;
    r.bytes.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned v = raw.bits == 16 ? (raw.bytes[2 * i] | raw.bytes[2 * i + 1] << 8) : raw.bytes[i];
        r.bytes[i] = v >= level ? 1 : 0;
    }
    return r;
}

// Draws into plane 0 of `r` a rectangular spiral 1 pixel wide (4-connected) that winds inwards
// with `gap` pixels between its turns: one object that crosses every tile border of any grid
// whose cores are wider than `gap`. Returns its pixels.
std::vector<std::size_t> draw_spiral(Raw& r, std::uint64_t gap) {
    std::vector<std::size_t> path;
    auto put = [&](std::uint64_t x, std::uint64_t y) {
        r.bytes[y * r.width + x] = 1;
        path.push_back(y * r.width + x);
    };
    std::uint64_t left = 2, top = 2, right = r.width - 3, bottom = r.height - 3, from = left;
    while (right > left + 2 * gap && bottom > top + 2 * gap) {
        for (std::uint64_t x = from; x <= right; ++x) put(x, top);
        for (std::uint64_t y = top; y <= bottom; ++y) put(right, y);
        for (std::uint64_t x = left; x <= right; ++x) put(x, bottom);
        for (std::uint64_t y = top + gap; y <= bottom; ++y) put(left, y);
        from = left;
        left += gap, top += gap, right -= gap, bottom -= gap;
    }
    return path;
}

// Draws into plane 0 of `r` diagonal lines x - y = c for c = -height + step, ..., one pixel per
// row: their pixels touch only corner to corner, so each line is one object under
// 8-connectivity and where it crosses a tile border only a corner joins it. Returns each line's
// pixels.
std::vector<std::vector<std::size_t>> draw_diagonals(Raw& r, std::int64_t step) {
    std::vector<std::vector<std::size_t>> lines;
    for (std::int64_t c = -static_cast<std::int64_t>(r.height) + step; c < static_cast<std::int64_t>(r.width); c += step) {
        std::vector<std::size_t> line;
        for (std::int64_t y = 0; y < static_cast<std::int64_t>(r.height); ++y) {
            const std::int64_t x = y + c;
            if (x < 0 || x >= static_cast<std::int64_t>(r.width)) continue;
            r.bytes[y * r.width + x] = 1;
            line.push_back(y * r.width + x);
        }
        if (line.size() > 1) lines.push_back(line);
    }
    return lines;
}

}  // namespace

TEST(Tiling, LabelingJoinsObjectsAcrossTileBorders) {
    REQUIRE_DATA();
    const Raw source = repeat(read_tiff("blobs.tif"), 4, 4);  // 1024 x 1016
    // Real objects: blobs thresholded, repeated so that objects touch the seams.
    const Raw blobs = binarize(source, 128);
    // A spiral winding across every tile border over the blobs' bright cores, and
    // corner-connected diagonal lines alone (nothing else may join two of them).
    Raw winding = binarize(source, 200);
    const std::vector<std::size_t> spiral = draw_spiral(winding, 24);
    Raw diagonal = binarize(source, 256);
    const std::vector<std::vector<std::size_t>> lines = draw_diagonals(diagonal, 97);
    for (const Raw* input : std::vector<const Raw*>{&blobs, &winding, &diagonal})
        for (const char* op : {"connectedComponentsLabelingBox", "connectedComponentsLabelingDiamond", "labelSpots"})
            expect_tiled_equal({*input}, 512 << 10, op, {img("in0"), img("out")});

    // Independent of the untiled run: the spiral is one object, each diagonal line another. Here
    // the input fits the budget and stays on the device, the uint32 labels do not: tiles are
    // copied from a device image just pushed (the tile transfers must wait for the push).
    auto labels_of = [&](const Raw& input) {
        Budget small(2 << 20);
        push_raw("in0", input);
        EXPECT_FALSE(session().get("in0")->on_host());
        const std::uint64_t before = session().tiles_run();
        run("connectedComponentsLabelingBox", {img("in0"), img("out")});
        EXPECT_GT(session().tiles_run() - before, 3u);
        const auto bytes = pull_bytes("out");
        std::vector<std::uint32_t> labels(bytes.size() / 4);
        std::memcpy(labels.data(), bytes.data(), bytes.size());
        return labels;
    };
    auto one_label = [](const std::vector<std::uint32_t>& labels, const std::vector<std::size_t>& pixels) {
        std::size_t other = 0;
        for (std::size_t i : pixels) other += labels[i] != labels[pixels.front()];
        return labels[pixels.front()] != 0 && other == 0;
    };
    EXPECT_TRUE(one_label(labels_of(winding), spiral)) << "the spiral is split";
    const std::vector<std::uint32_t> diagonal_labels = labels_of(diagonal);
    std::vector<std::uint32_t> seen;
    for (const auto& line : lines) {
        EXPECT_TRUE(one_label(diagonal_labels, line)) << "a diagonal line is split";
        seen.push_back(diagonal_labels[line.front()]);
    }
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end()) << "two diagonal lines share a label";
}

TEST(Tiling, Labeling3DJoinsAcrossTileBorders) {
    REQUIRE_DATA();
    const Raw beads = binarize(repeat(read_tiff("beads_3d.tif"), 2, 2), 40);  // 300 x 300 x 41
    for (const char* op : {"connectedComponentsLabelingBox", "connectedComponentsLabelingDiamond"})
        expect_tiled_equal({beads}, 3 << 20, op, {img("in0"), img("out")});
}

namespace {

// A 16-bit `raw` as 32-bit float pixels, each multiplied by `factor` (non-integer values).
Raw to_float(const Raw& raw, float factor) {
    Raw r = raw;
    r.bits = 32;
    const std::size_t n = raw.width * raw.height * raw.depth;
    r.bytes.resize(4 * n);
    for (std::size_t i = 0; i < n; ++i) {
        const float v = static_cast<float>(raw.bytes[2 * i] | raw.bytes[2 * i + 1] << 8) * factor;
        std::memcpy(&r.bytes[4 * i], &v, 4);
    }
    return r;
}

}  // namespace

TEST(Tiling, AutomaticThresholdsEqualUntiled) {
    REQUIRE_DATA();
    // ImageJ's four binnings of 16/32-bit images (2D and stack histograms), and 8-bit.
    const Raw lund = read_tiff("Lund_MAX_001300.tif");                // 512 x 1024 uint16 (2D)
    const Raw cells = read_tiff("cancer_cell_migration_crop.tif");   // 130 x 130 x 48 uint16
    const Raw beads = repeat(read_tiff("beads_3d.tif"), 2, 1);        // 300 x 150 x 41 uint8
    for (const Raw* input : std::vector<const Raw*>{&lund, &cells, &beads})
        for (const char* method : {"Otsu", "Default", "Triangle", "MaxEntropy"}) {
            SCOPED_TRACE(method);
            expect_tiled_equal({*input}, 512 << 10, "automaticThreshold", {img("in0"), img("out"), std::string(method)});
            expect_tiled_equal({*input}, 512 << 10, "getAutomaticThreshold", {img("in0"), std::string(method), out()}, {});
        }
    for (const Raw& input : {to_float(lund, 0.37f), to_float(cells, 1.3f)}) {
        expect_tiled_equal({input}, 1 << 20, "thresholdOtsu", {img("in0"), img("out")});
        expect_tiled_equal({input}, 1 << 20, "thresholdLi", {img("in0"), img("out")});
    }
    expect_tiled_equal({lund}, 512 << 10, "threshold", {img("in0"), img("out"), num(300)});
}

namespace {

// A 16-bit label image for `raw`: the pixels at or above `level` get the id of their block of
// `block` x `block` x `block` pixels (1, 2, ... in raster order of the blocks), the others 0.
Raw block_labels(const Raw& raw, unsigned level, std::uint64_t block) {
    const Raw mask = binarize(raw, level);
    Raw r = raw;
    r.bits = 16;
    r.bytes.assign(2 * raw.width * raw.height * raw.depth, 0);
    const std::uint64_t bx = (raw.width + block - 1) / block, by = (raw.height + block - 1) / block;
    for (std::uint64_t z = 0; z < raw.depth; ++z)
        for (std::uint64_t y = 0; y < raw.height; ++y)
            for (std::uint64_t x = 0; x < raw.width; ++x) {
                const std::size_t i = (z * raw.height + y) * raw.width + x;
                if (!mask.bytes[i]) continue;
                const std::uint64_t id = 1 + ((z / block) * by + y / block) * bx + x / block;
                r.bytes[2 * i] = static_cast<unsigned char>(id & 0xFF);
                r.bytes[2 * i + 1] = static_cast<unsigned char>(id >> 8);
            }
    return r;
}

}  // namespace

TEST(Tiling, StatisticsTablesEqualUntiled) {
    REQUIRE_DATA();
    const Raw lund = read_tiff("Lund_MAX_001300.tif");       // 512 x 1024 uint16
    const Raw lund_labels = block_labels(lund, 200, 96);     // labels spanning tile borders
    const Raw beads = repeat(read_tiff("beads_3d.tif"), 2, 1);  // 300 x 150 x 41 uint8
    const Raw beads_labels = block_labels(beads, 30, 20);
    for (const char* op : {"statisticsOfLabelledPixels", "statisticsOfBackgroundAndLabelledPixels"}) {
        expect_tiled_equal({lund, lund_labels}, 768 << 10, op, {img("in0"), img("in1")}, {});
        expect_tiled_equal({beads, beads_labels}, 1 << 20, op, {img("in0"), img("in1")}, {});
    }
    expect_tiled_equal({lund}, 512 << 10, "statisticsOfImage", {img("in0")}, {});
    expect_tiled_equal({beads}, 1 << 20, "statisticsOfImage", {img("in0")}, {});
}
