// Connected-component labelling (native/src/ops/labeling_ops.cpp): hand-made shapes with hand
// labels, and shapes needing many propagation steps checked against a plain breadth-first
// labelling written here (raster-order scan, 8/26-connectivity, ids in order of first pixel).
#include <algorithm>
#include <deque>
#include <string>

#include "test_support.hpp"

using namespace ijcl_test;
using u8 = std::uint8_t;
using u32 = std::uint32_t;

namespace {

// Reference: scan pixels in index order; an unlabelled foreground pixel starts a new id and a
// breadth-first flood over its 8 (depth 1) or 26 neighbours.
std::vector<u32> reference_labels(const std::vector<u8>& px, long w, long h, long d) {
    std::vector<u32> out(px.size(), 0);
    u32 next = 0;
    const long rz = d > 1 ? 1 : 0;
    for (long start = 0; start < static_cast<long>(px.size()); ++start) {
        if (!px[start] || out[start]) continue;
        out[start] = ++next;
        std::deque<long> queue{start};
        while (!queue.empty()) {
            const long i = queue.front();
            queue.pop_front();
            const long x = i % w, y = (i / w) % h, z = i / (w * h);
            for (long dz = -rz; dz <= rz; ++dz)
                for (long dy = -1; dy <= 1; ++dy)
                    for (long dx = -1; dx <= 1; ++dx) {
                        const long xx = x + dx, yy = y + dy, zz = z + dz;
                        if (xx < 0 || yy < 0 || zz < 0 || xx >= w || yy >= h || zz >= d) continue;
                        const long j = xx + w * (yy + h * zz);
                        if (px[j] && !out[j]) {
                            out[j] = next;
                            queue.push_back(j);
                        }
                    }
        }
    }
    return out;
}

std::vector<u8> picture(const std::vector<std::string>& rows) {
    std::vector<u8> px;
    for (const auto& r : rows)
        for (char ch : r) px.push_back(ch == '.' ? 0 : 255);
    return px;
}

std::vector<u32> label(const char* in) {
    run("connectedComponentsLabelingBox", {img(in), img("ccl_out")});
    auto image = session().get("ccl_out");
    EXPECT_EQ(image->kind(), ijcl::ImageKind::Label);
    return pull<u32>("ccl_out");
}

// Deterministic pseudo-random binary image (xorshift), `percent` foreground.
std::vector<u8> random_mask(std::size_t n, unsigned percent, std::uint32_t seed) {
    std::vector<u8> px(n);
    std::uint32_t s = seed;
    for (auto& p : px) {
        s ^= s << 13; s ^= s >> 17; s ^= s << 5;
        p = (s % 100) < percent ? 1 : 0;
    }
    return px;
}

}  // namespace

TEST(ConnectedComponents, DiagonalPixelsAreConnectedAndIdsFollowRasterOrder) {
    // The diagonal a (0,0)-(1,1)-(2,2) is one 8-connected object; b starts at (4,0), earlier in
    // raster order than anything else not in a, so it is 2; c at (0,3) is 3. Background 0.
    push<u8>("ccl_diag", 5, 4, 1, picture({"a...b",
                                           ".a..b",
                                           "..a..",
                                           "c...."}));
    EXPECT_EQ(label("ccl_diag"), (std::vector<u32>{1, 0, 0, 0, 2,
                                                   0, 1, 0, 0, 2,
                                                   0, 0, 1, 0, 0,
                                                   3, 0, 0, 0, 0}));
}

TEST(ConnectedComponents, UShapeArmsMergeAtTheBottom) {
    // The two arms of the U start separately in row 0 and meet only in the last row, so it is
    // one object with id 1 (its first pixel is (0,0), index 0); the dot at (3,1) between the
    // arms is id 2 (index 10, after index 0).
    push<u8>("ccl_u", 7, 5, 1, picture({"#.....#",
                                        "#..#..#",
                                        "#.....#",
                                        "#.....#",
                                        "#######"}));
    EXPECT_EQ(label("ccl_u"), (std::vector<u32>{1, 0, 0, 0, 0, 0, 1,
                                                1, 0, 0, 2, 0, 0, 1,
                                                1, 0, 0, 0, 0, 0, 1,
                                                1, 0, 0, 0, 0, 0, 1,
                                                1, 1, 1, 1, 1, 1, 1}));
}

TEST(ConnectedComponents, SnakeAndSpiralAreSingleObjects) {
    // A snake: full rows on even y, joined at alternating ends, 41x40 -> one object (id 1), the
    // worst case for label propagation (information must travel the whole path).
    const long w = 41, h = 40;
    std::vector<u8> snake(w * h, 0);
    for (long y = 0; y < h; ++y)
        for (long x = 0; x < w; ++x) {
            const bool row = y % 2 == 0;
            const bool joint = (y % 4 == 1 && x == w - 1) || (y % 4 == 3 && x == 0);
            snake[x + w * y] = (row || joint) ? 1 : 0;
        }
    push<u8>("ccl_snake", w, h, 1, snake);
    const auto got = label("ccl_snake");
    for (long i = 0; i < w * h; ++i) ASSERT_EQ(got[i], snake[i] ? 1u : 0u) << "pixel " << i;

    // A square spiral drawn inwards from (0,0) by a turtle that keeps a one-pixel gap to the
    // arms already drawn (it turns right when the pixel two steps ahead is painted or outside
    // the image, and stops when it cannot move after turning): one path, so one object.
    const long n = 33;
    std::vector<u8> spiral(n * n, 0);
    auto inside = [n](long px, long py) { return px >= 0 && py >= 0 && px < n && py < n; };
    auto can_move = [&](long px, long py, long ddx, long ddy) {
        const long nx = px + ddx, ny = py + ddy;
        if (!inside(nx, ny) || spiral[nx + n * ny]) return false;
        return !inside(nx + ddx, ny + ddy) || !spiral[nx + ddx + n * (ny + ddy)];
    };
    long x = 0, y = 0, dx = 1, dy = 0;
    spiral[0] = 1;
    for (;;) {
        if (!can_move(x, y, dx, dy)) {
            const long t = dx;  // turn right (y grows downwards)
            dx = -dy;
            dy = t;
            if (!can_move(x, y, dx, dy)) break;
        }
        x += dx;
        y += dy;
        spiral[x + n * y] = 1;
    }
    push<u8>("ccl_spiral", n, n, 1, spiral);
    const auto expected = reference_labels(spiral, n, n, 1);
    EXPECT_EQ(*std::max_element(expected.begin(), expected.end()), 1u);  // the turtle drew one path
    EXPECT_GT(std::count(spiral.begin(), spiral.end(), 1), n * n / 3);  // ... and a long one
    EXPECT_EQ(label("ccl_spiral"), expected);
}

TEST(ConnectedComponents, ThreeDimensionalUsesTwentySixNeighbours) {
    // 4x4x3: voxels (0,0,0) and (1,1,1) touch at a corner -> one object, id 1. (3,3,0) and
    // (3,3,2) are two planes apart -> separate: (3,3,0) has index 15, (3,3,2) index 47, so they
    // get ids 2 and 3 (object 1's first voxel has index 0).
    std::vector<u8> v(48, 0);
    v[0] = 1;                   // (0,0,0)
    v[1 + 4 * (1 + 4 * 1)] = 1;  // (1,1,1) = 21
    v[15] = 1;                  // (3,3,0)
    v[3 + 4 * (3 + 4 * 2)] = 1;  // (3,3,2) = 47
    push<u8>("ccl_3d", 4, 4, 3, v);
    std::vector<u32> expected(48, 0);
    expected[0] = expected[21] = 1;
    expected[15] = 2;
    expected[47] = 3;
    EXPECT_EQ(label("ccl_3d"), expected);
}

TEST(ConnectedComponents, RandomImagesMatchReferenceExactly) {
    // Many objects with irregular merges, spread over several prefix-sum blocks.
    struct Case { long w, h, d; unsigned percent; std::uint32_t seed; };
    for (const Case& k : {Case{300, 200, 1, 40, 7u}, Case{64, 48, 1, 55, 11u},
                          Case{37, 29, 13, 25, 3u}, Case{1, 500, 1, 50, 5u}, Case{500, 1, 3, 50, 9u},
                          // near the percolation thresholds: huge, tangled objects with many merges
                          Case{1024, 768, 1, 41, 13u}, Case{128, 96, 40, 10, 17u}}) {
        const auto px = random_mask(static_cast<std::size_t>(k.w * k.h * k.d), k.percent, k.seed);
        push<u8>("ccl_rand", k.w, k.h, k.d, px);
        const auto expected = reference_labels(px, k.w, k.h, k.d);
        const auto got = label("ccl_rand");
        long mismatches = 0;
        for (std::size_t i = 0; i < px.size(); ++i) mismatches += got[i] != expected[i];
        EXPECT_EQ(mismatches, 0) << k.w << "x" << k.h << "x" << k.d;
    }
}

TEST(ConnectedComponents, EmptyAndFullImages) {
    push<u8>("ccl_empty", 9, 7, 2, std::vector<u8>(126, 0));
    EXPECT_EQ(label("ccl_empty"), std::vector<u32>(126, 0));
    push<float>("ccl_full", 9, 7, 2, std::vector<float>(126, 0.25f));
    EXPECT_EQ(label("ccl_full"), std::vector<u32>(126, 1));
}

TEST(ConnectedComponents, MissingInputIsAnError) {
    expect_error([] { run("connectedComponentsLabelingBox", {img("ccl_never_pushed"), img("ccl_o")}); },
                 {"argument 'binary_input'", "ccl_never_pushed"});
}
