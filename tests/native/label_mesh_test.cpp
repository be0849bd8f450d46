// Label graphs, part 2 (native/src/ops/label_mesh_ops.cpp): values worked out by hand on small
// images, mergeTouchingLabels with more than 65,535 labels and ids beyond 2^24, and the refusal of
// a dense matrix that cannot fit.
#include <cstdint>
#include <vector>

#include "test_support.hpp"

using namespace ijcl_test;
using u32 = std::uint32_t;

namespace {

// 4 x 3 labels:
//   1 1 2 0
//   1 0 2 2
//   0 3 3 3
// Face-neighbour pixel pairs of different ids: (1,2) once, (0,1) 3 times, (0,2) 3 times, (0,3)
// twice, (2,3) twice.
const std::vector<u32> kLabels = {1, 1, 2, 0, 1, 0, 2, 2, 0, 3, 3, 3};

}  // namespace

TEST(LabelMesh, TouchCountMatrixByHand) {
    push<u32>("lm_lbl", 4, 3, 1, kLabels, ijcl::ImageKind::Label);
    run("generateTouchCountMatrix", {img("lm_lbl"), img("lm_count")});
    std::vector<float> want(16, 0.0f);
    want[0 + 4 * 1] = 3;  // (x, y) = (0, 1)
    want[0 + 4 * 2] = 3;
    want[1 + 4 * 2] = 1;
    want[0 + 4 * 3] = 2;
    want[2 + 4 * 3] = 2;
    EXPECT_EQ(pull<float>("lm_count"), want);
    EXPECT_EQ(session().get("lm_count")->shape().to_string(), "4x4x1");
    for (const char* name : {"lm_lbl", "lm_count"}) session().release(name);
}

TEST(LabelMesh, ClosestPointsAndIndexListsByHand) {
    // columns: 0 (background) all 0; 1: rows 0, 1 hold 0, row 2 holds 5; 2: row 1 holds 5
    push<float>("lm_dist", 3, 3, 1, {0, 0, 0, 0, 0, 5, 0, 5, 0});
    run("nClosestPoints", {img("lm_dist"), img("lm_idx"), num(2)});
    EXPECT_EQ(pull<float>("lm_idx"), (std::vector<float>{0, 0, 0, 1, 1, 2}));  // ties: the smaller row first
    run("nClosestDistances", {img("lm_dist"), img("lm_d"), img("lm_idx"), num(3)});
    EXPECT_EQ(pull<float>("lm_d"), (std::vector<float>{0, 0, 0, 0, 0, 0, 0, 5, 5}));
    EXPECT_EQ(pull<float>("lm_idx"), (std::vector<float>{0, 0, 0, 1, 1, 2, 2, 2, 1}));
    run("shortestDistances", {img("lm_dist"), img("lm_short")});
    EXPECT_EQ(pull<float>("lm_short"), (std::vector<float>{0, 0, 0}));

    // index list of 2 points: point 0 joins point 1 (index 2), point 1 joins the background (0)
    push<float>("lm_list", 2, 1, 1, {2, 0});
    run("pointIndexListToTouchMatrix", {img("lm_list"), img("lm_touch")});
    std::vector<float> want(9, 0.0f);
    want[1 + 3 * 2] = 1;  // points 0 and 1: (1, 2)
    want[0 + 3 * 2] = 1;  // point 1 and the background: (0, 2)
    EXPECT_EQ(pull<float>("lm_touch"), want);
    run("adjacencyMatrixToTouchMatrix", {img("lm_dist"), img("lm_adj")});
    EXPECT_EQ(pull<float>("lm_adj"), (std::vector<float>{0, 0, 0, 0, 0, 0, 0, 1, 0}));  // (1, 2) only
    for (const char* name : {"lm_dist", "lm_idx", "lm_d", "lm_short", "lm_list", "lm_touch", "lm_adj"})
        session().release(name);
}

TEST(LabelMesh, MatrixProductEqualityAndSpotDistancesByHand) {
    push<float>("lm_m1", 2, 1, 1, {1, 2});  // width 2, height 1
    push<float>("lm_m2", 1, 2, 1, {3, 4});  // width 1, height 2
    run("multiplyMatrix", {img("lm_m1"), img("lm_m2"), img("lm_prod")});
    EXPECT_EQ(pull<float>("lm_prod"), (std::vector<float>{11}));
    EXPECT_EQ(run("matrixEqual", {img("lm_m1"), img("lm_m1"), num(0), out()}).numbers.at(0).second, 1.0);
    EXPECT_EQ(run("matrixEqual", {img("lm_m1"), img("lm_m2"), num(100), out()}).numbers.at(0).second, 0.0);

    // A: (0, 0) and (3, 0); B: (0, 4). A_B = (4 + 5) / 2; B_A = 4 / (1 + 1) (CLIJ2 Java's divisor)
    std::vector<float> a(20, 0.0f), b(20, 0.0f);
    a[0] = 1;
    a[3] = 1;
    b[4 * 4] = 1;
    push<float>("lm_a", 4, 5, 1, a);
    push<float>("lm_b", 4, 5, 1, b);
    const auto r = run("meanClosestSpotDistance", {img("lm_a"), img("lm_b"), flag(true), out(), out()});
    EXPECT_DOUBLE_EQ(r.numbers.at(0).second, 4.5);
    EXPECT_DOUBLE_EQ(r.numbers.at(1).second, 2.0);
    for (const char* name : {"lm_m1", "lm_m2", "lm_prod", "lm_a", "lm_b"}) session().release(name);
}

TEST(LabelMesh, MeshesOfTouchingAndNearestLabels) {
    // 7 x 1: labels 1 (x 0..1), 2 (x 2..3), 3 (x 5..6); 1 and 2 touch. Centroids 0.5, 2.5, 5.5.
    push<u32>("lm_row", 7, 1, 1, {1, 1, 2, 2, 0, 3, 3}, ijcl::ImageKind::Label);
    run("drawMeshBetweenTouchingLabels", {img("lm_row"), img("lm_mesh")});
    EXPECT_EQ(pull<float>("lm_mesh"), (std::vector<float>{1, 1, 1, 0, 0, 0, 0}));  // 0.5 towards 2.5
    run("drawDistanceMeshBetweenTouchingLabels", {img("lm_row"), img("lm_mesh")});
    EXPECT_EQ(pull<float>("lm_mesh"), (std::vector<float>{2, 2, 2, 0, 0, 0, 0}));
    run("drawMeshBetweenProximalLabels", {img("lm_row"), img("lm_mesh"), num(3.5)});
    EXPECT_EQ(pull<float>("lm_mesh"), (std::vector<float>{1, 1, 1, 1, 1, 1, 0}));  // 1-2 and 2-3 (distance 3: 2.5 towards 5.5 reaches 5.0)
    // nearest label of 1: 2 (0.5 -> 2.5); of 2: 1 (2.5 -> 0.5); 3 (the largest id) draws nothing of its own
    run("drawMeshBetweenNNearestLabels", {img("lm_row"), img("lm_mesh"), num(1)});
    EXPECT_EQ(pull<float>("lm_mesh"), (std::vector<float>{1, 1, 1, 0, 0, 0, 0}));
    for (const char* name : {"lm_row", "lm_mesh"}) session().release(name);
}

TEST(LabelMesh, MergeTouchingLabelsBeyond65535LabelsAndIdsBeyond2To24) {
    // rows y even hold segments of 2 pixels (x % 3 = 0, 1) with ids base + 2k and base + 2k + 1,
    // k = the segment's raster index; x % 3 = 2 and odd rows are background. 80,000 labels, every
    // two merging into segment k's group, numbered k + 1 (the order of the groups' largest ids).
    const std::uint64_t w = 600, h = 400, n = w * h;
    const u32 base = (1u << 24) + 1;
    std::vector<u32> labels(n, 0), want(n, 0);
    for (std::uint64_t y = 0; y < h; y += 2)
        for (std::uint64_t x = 0; x < w; ++x) {
            if (x % 3 == 2) continue;
            const u32 k = static_cast<u32>(x / 3 + (w / 3) * (y / 2));
            labels[x + w * y] = base + 2 * k + static_cast<u32>(x % 3);
            want[x + w * y] = k + 1;
        }
    push<u32>("lm_many", w, h, 1, labels, ijcl::ImageKind::Label);
    run("mergeTouchingLabels", {img("lm_many"), img("lm_merged")});
    const auto got = pull<u32>("lm_merged");
    std::size_t bad = 0;
    for (std::uint64_t i = 0; i < n; ++i)
        if (got[i] != want[i]) ++bad;
    EXPECT_EQ(bad, 0u);
    EXPECT_EQ(got[0], 1u);
    for (const char* name : {"lm_many", "lm_merged"}) session().release(name);
}

TEST(LabelMesh, DenseMatrixThatCannotFitIsRefusedNamingTheInput) {
    push<u32>("lm_huge", 2, 1, 1, {(1u << 24) + 1, (1u << 24) + 2}, ijcl::ImageKind::Label);
    push<float>("lm_keep", 2, 2, 1, {1, 2, 3, 4});
    expect_error([] { run("generateTouchCountMatrix", {img("lm_huge"), img("lm_keep")}); },
                 {"label_map", "dense", "largest single allocation"});
    expect_error([] { run("drawMeshBetweenTouchingLabels", {img("lm_huge"), img("lm_keep")}); }, {"input", "dense"});
    EXPECT_EQ(pull<float>("lm_keep"), (std::vector<float>{1, 2, 3, 4}));
    for (const char* name : {"lm_huge", "lm_keep"}) session().release(name);
}
