// Hand-worked cases of segmentation_ops.cpp: the degenerate inputs where ijcl deliberately
// differs from CLIJ2 (which would never finish), ids beyond 2^24 kept exactly, and small
// worked examples of the flood fills, edges, overlap measures and matrices.
#include <cmath>
#include <cstdint>
#include <vector>

#include "test_support.hpp"

using namespace ijcl_test;
using u8 = std::uint8_t;
using u32 = std::uint32_t;

TEST(Segmentation, FillHolesAndFloodFillHandWorked) {
    // 5 x 5, a ring with a one-pixel hole in the middle and a gap-free outside
    const std::vector<u8> ring = {0, 0, 0, 0, 0,
                                  0, 1, 1, 1, 0,
                                  0, 1, 0, 1, 0,
                                  0, 1, 1, 1, 0,
                                  0, 0, 0, 0, 0};
    push<u8>("sg_ring", 5, 5, 1, ring);
    run("binaryFillHoles", {img("sg_ring"), img("sg_filled")});
    std::vector<u8> filled = ring;
    filled[12] = 1;
    EXPECT_EQ(pull<u8>("sg_filled"), filled);
    // flood 0 -> 1 from the ring: the outside (connected to the ring) and the hole become 1
    run("floodFillDiamond", {img("sg_ring"), img("sg_flood"), num(0), num(1)});
    EXPECT_EQ(pull<u8>("sg_flood"), std::vector<u8>(25, 1));
    // value_to_replace == value_replacement: a copy (CLIJ2 never ends)
    run("floodFillDiamond", {img("sg_ring"), img("sg_flood"), num(1), num(1)});
    EXPECT_EQ(pull<u8>("sg_flood"), ring);
    // inner edge: every ring pixel touches background through a face
    run("binaryEdgeDetection", {img("sg_ring"), img("sg_edges")});
    EXPECT_EQ(pull<u8>("sg_edges"), ring);
}

TEST(Segmentation, DistanceMapHandWorkedAndWithoutBackground) {
    // a 5 x 5 square of foreground in a 7 x 7 image: 1 on its rim, 2 inside (diamond step), 3 in
    // the centre (box step)
    std::vector<u8> sq(49, 0);
    for (int y = 1; y <= 5; ++y)
        for (int x = 1; x <= 5; ++x) sq[x + 7 * y] = 1;
    push<u8>("sg_sq", 7, 7, 1, sq);
    run("distanceMap", {img("sg_sq"), img("sg_dist")});
    const std::vector<float> d = pull<float>("sg_dist");
    EXPECT_EQ(d[0], 0.0f);
    EXPECT_EQ(d[1 + 7 * 1], 1.0f);
    EXPECT_EQ(d[2 + 7 * 2], 2.0f);
    EXPECT_EQ(d[3 + 7 * 3], 3.0f);
    // no background pixel at all: CLIJ2 would loop forever; ijcl stops (two idle steps)
    push<u8>("sg_full", 4, 3, 1, std::vector<u8>(12, 1));
    run("distanceMap", {img("sg_full"), img("sg_dist")});
    EXPECT_EQ(pull<float>("sg_dist"), std::vector<float>(12, 3.0f));
}

TEST(Segmentation, IdsBeyond2To24StayExact) {
    // two touching labels whose ids differ only beyond float precision, and background
    const u32 a = (1u << 24) + 1, b = (1u << 24) + 2;
    push<u32>("sg_big", 4, 1, 1, {a, 0, 0, b}, ijcl::ImageKind::Label);
    run("labelVoronoiOctagon", {img("sg_big"), img("sg_grown")});
    // step 0 (box): pixel 1 takes a, pixel 2 takes b; nothing is left
    EXPECT_EQ(pull<u32>("sg_grown"), (std::vector<u32>{a, a, b, b}));
    // a dense (2^24 + 3)^2 float matrix cannot fit: a clear error, not a crash
    EXPECT_THROW(run("generateBinaryOverlapMatrix", {img("sg_big"), img("sg_big"), img("sg_m")}), ijcl::Error);
}

TEST(Segmentation, ErodeLabelsAndOverlapHandWorked) {
    // two 3 x 3 labels side by side in a 7 x 3 image; erosion radius 1 removes every pixel with a
    // face neighbour (inside the image) of another id, background included
    const std::vector<u32> two = {1, 1, 1, 2, 2, 2, 0,
                                  1, 1, 1, 2, 2, 2, 0,
                                  1, 1, 1, 2, 2, 2, 0};
    push<u32>("sg_two", 7, 3, 1, two, ijcl::ImageKind::Label);
    run("erodeLabels", {img("sg_two"), img("sg_er"), num(1), ijcl::Value(false)});
    // image borders do not erode (CLIJ2 clamps): label 1 keeps x = 0..1, label 2 only x = 4
    const std::vector<u32> want = {1, 1, 0, 0, 2, 0, 0,
                                   1, 1, 0, 0, 2, 0, 0,
                                   1, 1, 0, 0, 2, 0, 0};
    EXPECT_EQ(pull<u32>("sg_er"), want);
    // Jaccard of the non-zero pixels: |A and B| = 9, |A or B| = 18
    const ijcl::OpResult r = run("getJaccardIndex", {img("sg_two"), img("sg_er"), ijcl::Value(std::monostate{})});
    ASSERT_EQ(r.numbers.size(), 1u);
    EXPECT_DOUBLE_EQ(r.numbers[0].second, 9.0 / 18.0);
    const ijcl::OpResult s = run("getSorensenDiceCoefficient", {img("sg_two"), img("sg_er"), ijcl::Value(std::monostate{})});
    EXPECT_DOUBLE_EQ(s.numbers[0].second, 2.0 * 0.5 / 1.5);
}

TEST(Segmentation, ErodeLabelsBeyond65535Labels) {
    // 260 x 260 touching 3 x 3 blocks, ids 1..67600 (beyond 16 bits): erosion radius 1 keeps each
    // block's centre (its face neighbours hold its own id) and renumbers in id order: unchanged ids
    const int blocks = 260, w = 3 * blocks;
    std::vector<u32> tiles(static_cast<std::size_t>(w) * w);
    for (int y = 0; y < w; ++y)
        for (int x = 0; x < w; ++x) tiles[x + static_cast<std::size_t>(w) * y] = 1u + (x / 3) + blocks * (y / 3);
    push<u32>("sg_tiles", w, w, 1, tiles, ijcl::ImageKind::Label);
    run("erodeLabels", {img("sg_tiles"), img("sg_tiles_er"), num(1), ijcl::Value(false)});
    const std::vector<u32> out = pull<u32>("sg_tiles_er");
    std::size_t wrong = 0;
    for (int y = 0; y < w; ++y)
        for (int x = 0; x < w; ++x) {
            // image borders do not erode: a block pixel on the image border stays when its in-image
            // face neighbours share its id
            const bool cx = x % 3 == 1 || (x == 0) || (x == w - 1), cy = y % 3 == 1 || (y == 0) || (y == w - 1);
            const u32 want = (cx && cy) ? tiles[x + static_cast<std::size_t>(w) * y] : 0u;
            if (out[x + static_cast<std::size_t>(w) * y] != want) ++wrong;
        }
    EXPECT_EQ(wrong, 0u);
    EXPECT_EQ(out[4 + static_cast<std::size_t>(w) * (w - 2)], 1u + 1 + blocks * (blocks - 1));  // a block of the last row
}

TEST(Segmentation, VoronoiOtsuLabelingFollowsClij2JavaAtTheLowEdge) {
    // sigmas 0 (one-tap blurs: the image itself). Background 10, three isolated pixels of 100, one
    // in the first column. Histogram: bins 0 and 255 only; CLIJ2's Otsu (last k of largest
    // variance) gives level 254, threshold 10 + (255 / 255) 90 = 100: the three pixels are
    // foreground. CLIJ2's maxima kernel never marks the first column (its clamped read there comes
    // first under the position x - 1), so that pixel has no seed and stays 0; the other two are
    // labels 1 and 2 in raster order.
    std::vector<float> v(8 * 3, 10.0f);
    v[0 + 8 * 1] = v[3 + 8 * 1] = v[6 + 8 * 1] = 100.0f;
    push<float>("sg_vo", 8, 3, 1, v);
    run("voronoiOtsuLabeling", {img("sg_vo"), img("sg_vo_l"), num(0), num(0)});
    std::vector<u32> want(8 * 3, 0);
    want[3 + 8 * 1] = 1;
    want[6 + 8 * 1] = 2;
    EXPECT_EQ(pull<u32>("sg_vo_l"), want);
}
