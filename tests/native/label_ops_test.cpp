// Label basics (native/src/ops/label_ops.cpp, connectedComponentsLabelingDiamond in
// labeling_ops.cpp): values worked out by hand on small images, and label images with more than
// 65,535 labels and ids beyond 2^24 (float cannot hold them: 2^24 + 1 rounds to 2^24), checked
// against the definitions written as plain loops.
#include <cstdint>
#include <vector>

#include "test_support.hpp"

using namespace ijcl_test;
using u8 = std::uint8_t;
using u16 = std::uint16_t;
using u32 = std::uint32_t;

namespace {

// 6 x 5 labels: ids 1 (1 px, on the edge), 3 (1 px, on the edge), 5 (3 px), 9 (2 px) inside.
const std::vector<u32> kLabels = {
    1, 0, 0, 0, 0, 0,
    0, 0, 5, 5, 0, 0,
    0, 0, 5, 0, 9, 0,
    0, 0, 0, 0, 9, 0,
    0, 0, 0, 0, 0, 3};

// The image kLabels becomes when id l is replaced by map[l] (map[0] = 0).
std::vector<u32> mapped(const std::vector<u32>& map) {
    std::vector<u32> out;
    for (u32 l : kLabels) out.push_back(map.at(l));
    return out;
}

}  // namespace

TEST(LabelOps, RelabelTableHandWorked) {
    push<u32>("lo_l", 6, 5, 1, kLabels, ijcl::ImageKind::Label);
    // closeIndexGaps: ids in order 1, 3, 5, 9 -> 1, 2, 3, 4
    run("closeIndexGapsInLabelMap", {img("lo_l"), img("lo_o")});
    EXPECT_EQ(pull<u32>("lo_o"), mapped({0, 1, 0, 2, 0, 3, 0, 0, 0, 4}));
    // on edges: 1 and 3 removed; absent ids 2, 4, 6, 7, 8 keep numbers (as CLIJ2): 5 -> 3, 9 -> 7
    run("excludeLabelsOnEdges", {img("lo_l"), img("lo_o")});
    EXPECT_EQ(pull<u32>("lo_o"), mapped({0, 0, 1, 0, 2, 3, 4, 5, 6, 7}));
    // size 2..2: only 9 (2 px); absent ids (0 px) are removed too
    run("excludeLabelsOutsideSizeRange", {img("lo_l"), img("lo_o"), num(2), num(2)});
    EXPECT_EQ(pull<u32>("lo_o"), mapped({0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
    // size 0..2: 5 (3 px) removed, absent ids kept and numbered
    run("excludeLabelsOutsideSizeRange", {img("lo_l"), img("lo_o"), num(0), num(2)});
    EXPECT_EQ(pull<u32>("lo_o"), mapped({0, 1, 2, 3, 4, 0, 5, 6, 7, 8}));
    // flags: remove 5
    push<u8>("lo_flags", 10, 1, 1, {1, 0, 0, 0, 0, 1, 0, 0, 0, 0});
    run("excludeLabels", {img("lo_flags"), img("lo_l"), img("lo_o")});
    EXPECT_EQ(pull<u32>("lo_o"), mapped({0, 1, 2, 3, 4, 0, 5, 6, 7, 8}));
    // values 10 l; out of range 25..55 removes all but 3, 4, 5; within range removes 3, 4, 5
    push<float>("lo_vals", 10, 1, 1, {0, 10, 20, 30, 40, 50, 60, 70, 80, 90});
    run("excludeLabelsWithValuesOutOfRange", {img("lo_vals"), img("lo_l"), img("lo_o"), num(25), num(55)});
    EXPECT_EQ(pull<u32>("lo_o"), mapped({0, 0, 0, 1, 2, 3, 0, 0, 0, 0}));
    run("excludeLabelsWithValuesWithinRange", {img("lo_vals"), img("lo_l"), img("lo_o"), num(25), num(55)});
    EXPECT_EQ(pull<u32>("lo_o"), mapped({0, 1, 2, 0, 0, 0, 3, 4, 5, 6}));
    // inclusive limits: 30..50 within range removes 3, 4, 5 as well
    run("excludeLabelsWithValuesWithinRange", {img("lo_vals"), img("lo_l"), img("lo_o"), num(30), num(50)});
    EXPECT_EQ(pull<u32>("lo_o"), mapped({0, 1, 2, 0, 0, 0, 3, 4, 5, 6}));
    // a uint16 label image gives the same uint32 result
    std::vector<u16> l16(kLabels.begin(), kLabels.end());
    push<u16>("lo_l16", 6, 5, 1, l16);
    run("closeIndexGapsInLabelMap", {img("lo_l16"), img("lo_o16")});
    EXPECT_EQ(pull<u32>("lo_o16"), mapped({0, 1, 0, 2, 0, 3, 0, 0, 0, 4}));
    // a vector shorter than largest id + 1: ids 8 and 9 take the new id of the last entry (8, as
    // CLIJ2's clamped lookup); flags 0,0,0,0,0,1,0,0,0 keep 1..4, 6..8 -> 1..4, 5..7; 9 -> 7
    push<float>("lo_short", 9, 1, 1, {0, 0, 0, 0, 0, 1, 0, 0, 0});
    run("excludeLabels", {img("lo_short"), img("lo_l"), img("lo_o")});
    EXPECT_EQ(pull<u32>("lo_o"), mapped({0, 1, 2, 3, 4, 0, 5, 6, 7, 7}));
}

TEST(LabelOps, EdgesIn3DIncludeFirstAndLastPlane) {
    // 3 x 3 x 3: label 4 at the centre, label 2 at (1, 1, 0) (first plane), label 6 at (1, 1, 2).
    std::vector<u32> v(27, 0);
    v[1 + 3 * 1 + 9 * 1] = 4;
    v[1 + 3 * 1] = 2;
    v[1 + 3 * 1 + 9 * 2] = 6;
    push<u32>("lo_3d", 3, 3, 3, v, ijcl::ImageKind::Label);
    run("excludeLabelsOnEdges", {img("lo_3d"), img("lo_3o")});
    const auto got = pull<u32>("lo_3o");
    // 2 and 6 removed; ids 1, 3, 4, 5 numbered 1, 2, 3, 4
    EXPECT_EQ(got[1 + 3 + 9], 3u);
    EXPECT_EQ(got[1 + 3], 0u);
    EXPECT_EQ(got[1 + 3 + 18], 0u);
}

TEST(LabelOps, GrowthHandWorked) {
    // 7 x 1: box step [0 3 3 3 0 8 8], then diamond step: x4 sees 3 and 8 -> 8
    push<u32>("lo_g", 7, 1, 1, {0, 0, 3, 0, 0, 0, 8}, ijcl::ImageKind::Label);
    run("dilateLabels", {img("lo_g"), img("lo_go"), num(1)});
    EXPECT_EQ(pull<u32>("lo_go"), (std::vector<u32>{0, 3, 3, 3, 0, 8, 8}));
    run("dilateLabels", {img("lo_g"), img("lo_go"), num(0)});
    EXPECT_EQ(pull<u32>("lo_go"), (std::vector<u32>{0, 0, 3, 0, 0, 0, 8}));
    run("extendLabelingViaVoronoi", {img("lo_g"), img("lo_go")});
    EXPECT_EQ(pull<u32>("lo_go"), (std::vector<u32>{3, 3, 3, 3, 8, 8, 8}));
    // 5 x 5, one label at the centre: radius 1 = the 3 x 3 box, radius 2 = 5 x 5 without corners
    std::vector<u32> c(25, 0);
    c[12] = 2;
    push<u32>("lo_c", 5, 5, 1, c, ijcl::ImageKind::Label);
    run("dilateLabels", {img("lo_c"), img("lo_co"), num(2)});
    const auto d2 = pull<u32>("lo_co");
    for (int y = 0; y < 5; ++y)
        for (int x = 0; x < 5; ++x) {
            const bool corner = (x == 0 || x == 4) && (y == 0 || y == 4);
            EXPECT_EQ(d2[x + 5 * y], corner ? 0u : 2u) << x << "," << y;
        }
    // voronoiLabeling: components 1 (x0) and 2 (x6): box [1 1 0 0 0 2 2], diamond [1 1 1 0 2 2 2],
    // box: x3 sees 1 and 2 -> 2
    push<u8>("lo_b", 7, 1, 1, {1, 0, 0, 0, 0, 0, 1}, ijcl::ImageKind::Binary);
    run("voronoiLabeling", {img("lo_b"), img("lo_bo")});
    EXPECT_EQ(pull<u32>("lo_bo"), (std::vector<u32>{1, 1, 1, 2, 2, 2, 2}));
    // masked: x2 outside the mask stays 0 and blocks the growth
    push<u8>("lo_s", 5, 1, 1, {1, 0, 0, 0, 1}, ijcl::ImageKind::Binary);
    push<u8>("lo_m", 5, 1, 1, {1, 1, 0, 1, 1}, ijcl::ImageKind::Binary);
    run("maskedVoronoiLabeling", {img("lo_s"), img("lo_m"), img("lo_mo")});
    EXPECT_EQ(pull<u32>("lo_mo"), (std::vector<u32>{1, 1, 0, 2, 2}));
    // a seed outside the mask is ignored
    push<u8>("lo_m2", 5, 1, 1, {0, 1, 1, 1, 0}, ijcl::ImageKind::Binary);
    run("maskedVoronoiLabeling", {img("lo_s"), img("lo_m2"), img("lo_mo")});
    EXPECT_EQ(pull<u32>("lo_mo"), (std::vector<u32>{0, 0, 0, 0, 0}));
    // shapes must agree
    push<u8>("lo_m3", 4, 1, 1, {1, 1, 1, 1}, ijcl::ImageKind::Binary);
    expect_error([] { run("maskedVoronoiLabeling", {img("lo_s"), img("lo_m3"), img("lo_mo")}); }, {"mask"});
}

TEST(LabelOps, SpotsMasksAndDiamondHandWorked) {
    push<u16>("lo_sp", 4, 2, 1, {0, 5, 0, 1, 0, 0, 2, 0});
    run("labelSpots", {img("lo_sp"), img("lo_spo")});
    EXPECT_EQ(pull<u32>("lo_spo"), (std::vector<u32>{0, 1, 0, 2, 0, 0, 3, 0}));
    // ids 2^24 + 1 and 2^24 are told apart
    push<u32>("lo_big", 3, 1, 1, {16777217u, 16777216u, 3u}, ijcl::ImageKind::Label);
    run("labelToMask", {img("lo_big"), img("lo_bm"), num(16777217)});
    EXPECT_EQ(pull<u8>("lo_bm"), (std::vector<u8>{1, 0, 0}));
    push<u16>("lo_src", 3, 1, 1, {10, 20, 30});
    run("maskLabel", {img("lo_src"), img("lo_big"), img("lo_ml"), num(16777216)});
    EXPECT_EQ(pull<u16>("lo_ml"), (std::vector<u16>{0, 20, 0}));
    // checkerboard corners: one object with 8-connectivity, five with 4-connectivity
    push<u8>("lo_x", 3, 3, 1, {1, 0, 1, 0, 1, 0, 1, 0, 1}, ijcl::ImageKind::Binary);
    run("connectedComponentsLabelingDiamond", {img("lo_x"), img("lo_xo")});
    EXPECT_EQ(pull<u32>("lo_xo"), (std::vector<u32>{1, 0, 2, 0, 3, 0, 4, 0, 5}));
    // 3D: (0,0,0)-(0,0,1) face neighbours (one object), (1,1,1) only a corner neighbour
    push<u8>("lo_x3", 2, 2, 2, {1, 0, 0, 0, 1, 0, 0, 1}, ijcl::ImageKind::Binary);
    run("connectedComponentsLabelingDiamond", {img("lo_x3"), img("lo_x3o")});
    EXPECT_EQ(pull<u32>("lo_x3o"), (std::vector<u32>{1, 0, 0, 0, 1, 0, 0, 2}));
}

TEST(LabelOps, LabelEdgesHandWorked) {
    // 4 x 3: ids 2^24 + 1 and 2^24 side by side (one float would merge them)
    const u32 a = 16777217u, b = 16777216u;
    push<u32>("lo_e", 4, 3, 1, {a, a, b, b, a, a, b, b, 0, 0, 0, 0}, ijcl::ImageKind::Label);
    run("detectLabelEdges", {img("lo_e"), img("lo_eo")});
    // row 0: (1,0) and (2,0) meet the other label; (0,0), (3,0) only their own id
    // row 1: all meet another id (the other label or the background below)
    // row 2: background below labels: all marked
    EXPECT_EQ(pull<u8>("lo_eo"), (std::vector<u8>{0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1}));
    run("reduceLabelsToLabelEdges", {img("lo_e"), img("lo_ro")});
    EXPECT_EQ(pull<u32>("lo_ro"), (std::vector<u32>{0, a, b, 0, a, a, b, b, 0, 0, 0, 0}));
}

// 400 x 400 with every even pixel i labelled 2^24 + 1 + i/2: 80,000 labels, consecutive ids beyond
// 2^24 (pairs of which one float would merge).
TEST(LabelOps, ManyLabelsBeyond2To24) {
    const int w = 400, h = 400;
    const u32 base = 16777217u;
    std::vector<u32> v(w * h, 0);
    for (int i = 0; i < w * h; i += 2) v[i] = base + i / 2;
    push<u32>("lo_many", w, h, 1, v, ijcl::ImageKind::Label);
    run("closeIndexGapsInLabelMap", {img("lo_many"), img("lo_mo")});
    auto got = pull<u32>("lo_mo");
    for (int i = 0; i < w * h; ++i) ASSERT_EQ(got[i], i % 2 ? 0u : u32(i / 2 + 1)) << i;
    // dilateLabels radius 1: each odd pixel takes the largest id of its 3 x 3 box (a plain loop)
    run("dilateLabels", {img("lo_many"), img("lo_md"), num(1)});
    got = pull<u32>("lo_md");
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const int i = x + w * y;
            u32 want = v[i];
            if (want == 0)
                for (int dy = -1; dy <= 1; ++dy)
                    for (int dx = -1; dx <= 1; ++dx) {
                        const int xx = x + dx, yy = y + dy;
                        if (xx >= 0 && xx < w && yy >= 0 && yy < h) want = std::max(want, v[xx + w * yy]);
                    }
            ASSERT_EQ(got[i], want) << x << "," << y;
        }
    // excludeLabelsOnEdges: the kept labels are the interior ones, numbered in id order (every id
    // from 1 to 2^24 is absent and keeps a number, as in CLIJ2)
    run("excludeLabelsOnEdges", {img("lo_many"), img("lo_me")});
    got = pull<u32>("lo_me");
    u32 next = base - 1;  // ids 1 .. base - 1 are absent: numbered 1 .. base - 1
    for (int i = 0; i < w * h; i += 2) {
        const int x = i % w, y = i / w;
        const bool edge = x == 0 || x == w - 1 || y == 0 || y == h - 1;
        if (edge) {
            ASSERT_EQ(got[i], 0u) << i;
        } else {
            ASSERT_EQ(got[i], ++next) << i;
        }
    }
    // labelToMask picks exactly one of two consecutive ids beyond 2^24
    run("labelToMask", {img("lo_many"), img("lo_mm"), num(base + 1)});
    const auto mask = pull<u8>("lo_mm");
    for (int i = 0; i < w * h; ++i) ASSERT_EQ(mask[i], i == 2 ? 1 : 0) << i;
}
