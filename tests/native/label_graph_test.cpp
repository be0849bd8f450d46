// Label graphs and neighbour maps (native/src/ops/label_graph_ops.cpp, label_map_ops.cpp): values
// worked out by hand on a small label image, overlap counts with more than 65,535 labels and ids
// beyond 2^24, and the refusal of a dense matrix that cannot fit.
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "test_support.hpp"

using namespace ijcl_test;
using u32 = std::uint32_t;

namespace {

// 4 x 3 labels (the same as label_map_test.cpp):
//   1 1 2 0
//   1 0 2 2
//   0 3 3 3
// Face-neighbour pairs: (1,2), (0,2), (0,1), (0,3), (2,3). Centroids: 1 (1/3, 1/3), 2 (7/3, 2/3),
// 3 (2, 2).
const std::vector<u32> kLabels = {1, 1, 2, 0, 1, 0, 2, 2, 0, 3, 3, 3};

void expect_near_all(const std::vector<float>& got, const std::vector<double>& want, double tol = 1e-6) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "index " << i;
}

}  // namespace

TEST(LabelGraphs, TouchMatrixHalfAndCentroids) {
    push<u32>("lg_lbl", 4, 3, 1, kLabels, ijcl::ImageKind::Label);
    run("generateTouchMatrix", {img("lg_lbl"), img("lg_touch")});
    std::vector<double> want(16, 0.0);
    for (int i : {4, 8, 9, 12, 14}) want[i] = 1;  // (x, y) = (0,1), (0,2), (1,2), (0,3), (2,3)
    expect_near_all(pull<float>("lg_touch"), want);
    EXPECT_EQ(session().get("lg_touch")->shape().to_string(), "4x4x1");

    run("centroidsOfLabels", {img("lg_lbl"), img("lg_pts")});
    EXPECT_EQ(session().get("lg_pts")->shape().to_string(), "3x2x1");
    expect_near_all(pull<float>("lg_pts"), {1.0 / 3, 7.0 / 3, 2, 1.0 / 3, 2.0 / 3, 2});
}

TEST(LabelGraphs, ProximalAndOverlapCounts) {
    IJCL_SKIP_WITHOUT_INT64_ATOMICS();  // tests/native/missing_extensions_test.cpp
    push<u32>("lg_lbl", 4, 3, 1, kLabels, ijcl::ImageKind::Label);
    // centroid distances: d(1,2) = sqrt(4 + 1/9) = 2.03, d(1,3) = sqrt(50/9) = 2.36, d(2,3) = sqrt(17/9) = 1.37
    auto per_label = [](double v1, double v2, double v3) {
        std::vector<double> out;
        for (u32 l : kLabels) out.push_back(l == 0 ? 0 : l == 1 ? v1 : l == 2 ? v2 : v3);
        return out;
    };
    run("labelProximalNeighborCountMap", {img("lg_lbl"), img("lg_lbl"), img("lg_prox"), num(0), num(1.5)});
    expect_near_all(pull<float>("lg_prox"), per_label(1, 2, 2));  // itself (0), plus 2-3
    run("labelProximalNeighborCountMap", {img("lg_lbl"), img("lg_lbl"), img("lg_prox"), num(0.5), num(2.1)});
    expect_near_all(pull<float>("lg_prox"), per_label(1, 2, 1));  // 1-2, 2-1 and 2-3, 3-2

    //   5 0 5 5
    //   6 6 0 5
    //   0 6 0 0   label 1 meets {5, 6}, label 2 {5}, label 3 {6}; background of either never counts
    push<u32>("lg_lbl2", 4, 3, 1, {5, 0, 5, 5, 6, 6, 0, 5, 0, 6, 0, 0}, ijcl::ImageKind::Label);
    run("labelOverlapCountMap", {img("lg_lbl"), img("lg_lbl2"), img("lg_ovl")});
    expect_near_all(pull<float>("lg_ovl"), per_label(2, 1, 1));
}

TEST(LabelGraphs, DistanceMatrixModeAndMeshes) {
    push<u32>("lg_lbl", 4, 3, 1, kLabels, ijcl::ImageKind::Label);
    run("centroidsOfLabels", {img("lg_lbl"), img("lg_pts")});
    push<float>("lg_origin", 1, 2, 1, {0, 0});
    run("generateDistanceMatrix", {img("lg_pts"), img("lg_origin"), img("lg_dist")});
    EXPECT_EQ(session().get("lg_dist")->shape().to_string(), "4x2x1");
    expect_near_all(pull<float>("lg_dist"), {0, 0, 0, 0, 0, std::sqrt(2.0) / 3, std::sqrt(53.0) / 3, std::sqrt(8.0)});

    // values per label 0..3: 7, 9, 9, 2; neighbours from the touch matrix: 0: {1, 2, 3} -> 9;
    // 1: {0, 2} -> 7 and 9 tie -> 7; 2: {0, 1, 3} -> 7, 9, 2 tie -> 2; 3: {0, 2} -> 7
    run("generateTouchMatrix", {img("lg_lbl"), img("lg_touch")});
    push<float>("lg_values", 4, 1, 1, {7, 9, 9, 2});
    run("modeOfTouchingNeighbors", {img("lg_values"), img("lg_touch"), img("lg_mode")});
    expect_near_all(pull<float>("lg_mode"), {9, 7, 2, 7});

    // two points (0.5, 0.5) and (4.5, 0.5): a line of length 4 sampled at t = 0, 0.5, ..., 3.5 gives
    // x = 0.5 .. 4.0, truncated 0..4 (the end point itself is not drawn); drawn into an existing
    // 6 x 2 destination
    push<float>("lg_two", 2, 2, 1, {0.5f, 4.5f, 0.5f, 0.5f});
    push<float>("lg_pair", 3, 3, 1, {0, 0, 0, 0, 0, 0, 0, 1, 0});  // (x=1, y=2): points 0 and 1
    push<float>("lg_mesh", 6, 2, 1, std::vector<float>(12, 0.0f));
    run("touchMatrixToMesh", {img("lg_two"), img("lg_pair"), img("lg_mesh")});
    expect_near_all(pull<float>("lg_mesh"), {1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0});
    run("generateDistanceMatrix", {img("lg_two"), img("lg_two"), img("lg_d2")});
    push<float>("lg_mesh", 6, 2, 1, std::vector<float>(12, 0.0f));
    run("distanceMatrixToMesh", {img("lg_two"), img("lg_d2"), img("lg_mesh"), num(4)});  // 4 < 4: no line
    expect_near_all(pull<float>("lg_mesh"), std::vector<double>(12, 0.0));
    run("distanceMatrixToMesh", {img("lg_two"), img("lg_d2"), img("lg_mesh"), num(4.5)});
    expect_near_all(pull<float>("lg_mesh"), {1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0});
    // a new destination: CLIJ2 Java's size, the largest coordinate of each row truncated: points
    // (0.5, 0.5) and (4.5, 1.5) give 4 x 1. The line's length counts the y difference twice (CLIJ2
    // reads the missing z row as y): sqrt(16 + 1 + 1) = 4.243, samples t = 0 .. 4 give x = 0.5 +
    // 4t / 4.243, y = 0.5 + t / 4.243: (0,0) (0,0) (1,0) (1,0) (2,0), then y >= 1 (outside)
    push<float>("lg_two_b", 2, 2, 1, {0.5f, 4.5f, 0.5f, 1.5f});
    run("touchMatrixToMesh", {img("lg_two_b"), img("lg_pair"), img("lg_mesh_new")});
    EXPECT_EQ(session().get("lg_mesh_new")->shape().to_string(), "4x1x1");
    expect_near_all(pull<float>("lg_mesh_new"), {1, 1, 1, 0});
    // a largest coordinate below 1 would make an empty mesh: refused, naming the point list
    expect_error([] { run("touchMatrixToMesh", {img("lg_two"), img("lg_pair"), img("lg_mesh_none")}); },
                 {"pointlist", "below 1"});
}

TEST(LabelGraphs, DenseMatrixThatCannotFitIsRefusedNamingTheLabelImage) {
    // largest id 2e8: the touch matrix would be (2e8 + 1)^2 floats = 160,000 TB
    push<u32>("lg_huge", 2, 1, 1, {0, 200000000}, ijcl::ImageKind::Label);
    push<float>("lg_keep", 2, 2, 1, {1, 2, 3, 4});
    expect_error([] { run("generateTouchMatrix", {img("lg_huge"), img("lg_keep")}); },
                 {"generateTouchMatrix", "label_map", "dense", "largest single allocation"});
    expect_near_all(pull<float>("lg_keep"), {1, 2, 3, 4});
    // ids 2^24 + 1 and 2^24 + 2 (distinct only as integers): a 3 x 3 matrix of 2^24 + 3 ids is 113 TB
    push<u32>("lg_huge", 2, 1, 1, {(1u << 24) + 1, (1u << 24) + 2}, ijcl::ImageKind::Label);
    expect_error([] { run("generateTouchMatrix", {img("lg_huge"), img("lg_keep")}); }, {"label_map", "dense"});
}

TEST(LabelGraphs, OverlapCountsBeyond65535LabelsAndIdsBeyond2To24) {
    IJCL_SKIP_WITHOUT_INT64_ATOMICS();  // tests/native/missing_extensions_test.cpp
    // map1: label base + k covers pixels 2k, 2k + 1 (75,000 labels); map2: label base + i / 3 at
    // pixel i. So label k meets map2 ids floor(2k / 3) and floor((2k + 1) / 3): 1 or 2 of them.
    // Consecutive ids beyond 2^24 are not distinct in float.
    const std::uint64_t w = 500, h = 300, n = w * h;
    const u32 base = (1u << 24) + 1;
    std::vector<u32> a(n), b(n);
    for (std::uint64_t i = 0; i < n; ++i) {
        a[i] = base + static_cast<u32>(i / 2);
        b[i] = base + static_cast<u32>(i / 3);
    }
    push<u32>("lg_a", w, h, 1, a, ijcl::ImageKind::Label);
    push<u32>("lg_b", w, h, 1, b, ijcl::ImageKind::Label);
    run("labelOverlapCountMap", {img("lg_a"), img("lg_b"), img("lg_ov")});
    const auto got = pull<float>("lg_ov");
    EXPECT_EQ(got[0], 1.0f);  // k = 0: pixels 0, 1 -> map2 id base + 0 only
    EXPECT_EQ(got[2], 2.0f);  // k = 1: pixels 2, 3 -> base + 0 and base + 1
    EXPECT_EQ(got[4], 1.0f);  // k = 2: pixels 4, 5 -> base + 1 only
    std::size_t bad = 0;
    for (std::uint64_t i = 0; i < n; ++i) {
        const std::uint64_t k = i / 2;
        const float want = (2 * k) / 3 == (2 * k + 1) / 3 ? 1.0f : 2.0f;
        if (got[i] != want) ++bad;
    }
    EXPECT_EQ(bad, 0u);
    for (const char* name : {"lg_a", "lg_b", "lg_ov"}) session().release(name);
}
