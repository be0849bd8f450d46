// Touching-neighbour statistics (native/src/ops/label_neighbour_ops.cpp): values worked out by
// hand on small images and matrices, and a label image of more than 65,535 labels with ids beyond
// 2^24, whose dense touch matrix could not exist, checked against a plain loop over the pixels.
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "test_support.hpp"

using namespace ijcl_test;
using u32 = std::uint32_t;

namespace {

void expect_vector(const char* op, const std::vector<float>& want) {
    run(op, {img("tn_values"), img("tn_matrix"), img("tn_out")});
    const auto got = pull<float>("tn_out");
    ASSERT_EQ(got.size(), want.size()) << op;
    for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-6 * std::fabs(want[i])) << op << " entry " << i;
}

}  // namespace

TEST(LabelNeighbours, HandWorkedMatrixStatistics) {
    // a 4 x 4 touch matrix marking (0, 2), (1, 2), (1, 3) (x < y): neighbours 0: {2}, 1: {2, 3},
    // 2: {0, 1}, 3: {1}; values 10, 1, 4, 7 (same width: no index correction).
    std::vector<float> m(16, 0.0f);
    m[0 + 4 * 2] = 1;
    m[1 + 4 * 2] = 1;
    m[1 + 4 * 3] = 2;  // any value > 0 marks
    m[3 + 4 * 1] = 1;  // the y < x half is not read
    push<float>("tn_matrix", 4, 4, 1, m);
    push<float>("tn_values", 4, 1, 1, {10, 1, 4, 7});
    run("countTouchingNeighbors", {img("tn_matrix"), img("tn_out")});
    EXPECT_EQ(pull<float>("tn_out"), (std::vector<float>{1, 2, 2, 1}));
    // each entry's own value and its neighbours': {10, 4}, {1, 4, 7}, {10, 1, 4}, {1, 7}
    expect_vector("meanOfTouchingNeighbors", {7, 4, 5, 4});
    expect_vector("minimumOfTouchingNeighbors", {4, 1, 1, 1});
    expect_vector("maximumOfTouchingNeighbors", {10, 7, 10, 7});
    expect_vector("medianOfTouchingNeighbors", {10, 4, 4, 7});  // sorted[k / 2]
    // CLIJ2's kernel: sqrt(sum of squared deviations / (2k - 1)): 18 / 3, 18 / 5, 42 / 5, 18 / 3
    expect_vector("standardDeviationOfTouchingNeighbors",
                  {std::sqrt(6.0f), std::sqrt(3.6f), std::sqrt(8.4f), std::sqrt(6.0f)});
}

TEST(LabelNeighbours, HandWorkedTouchingNeighborCountMap) {
    IJCL_SKIP_WITHOUT_INT64_ATOMICS();  // tests/native/missing_extensions_test.cpp
    //   1 1 2 0      plane 2:  4 4 4 4
    //   1 0 2 2                0 0 0 0
    //   0 3 3 3                0 0 0 0
    // plane 1: 1 and 2 touch at (1,0)-(2,0), 2 and 3 at (2,1)-(2,2) and (3,1)-(3,2); 1 and 3 do
    // not (diagonals do not count). Plane 2: label 4 above 1 (0,0), (1,0) and 2 (2,0).
    const std::vector<u32> plane1 = {1, 1, 2, 0, 1, 0, 2, 2, 0, 3, 3, 3};
    push<u32>("tn_lbl", 4, 3, 1, plane1, ijcl::ImageKind::Label);
    run("touchingNeighborCountMap", {img("tn_lbl"), img("tn_map")});
    EXPECT_EQ(pull<float>("tn_map"), (std::vector<float>{1, 1, 2, 0, 1, 0, 2, 2, 0, 1, 1, 1}));
    std::vector<u32> stack = plane1;
    for (u32 v : {4, 4, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0}) stack.push_back(v);
    push<u32>("tn_lbl", 4, 3, 2, stack, ijcl::ImageKind::Label);
    run("touchingNeighborCountMap", {img("tn_lbl"), img("tn_map")});
    const std::vector<float> want = {2, 2, 3, 0, 2, 0, 3, 3, 0, 1, 1, 1, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0};
    EXPECT_EQ(pull<float>("tn_map"), want);
}

TEST(LabelNeighbours, MoreThan65535LabelsWithIdsBeyond2To24WithoutAMatrix) {
    IJCL_SKIP_WITHOUT_INT64_ATOMICS();  // tests/native/missing_extensions_test.cpp
    // 600 x 250 pixels; label of pixel (x, y) = 2^24 + 1 + x / 2 + 300 y (two pixels wide: 75,000
    // labels, consecutive ids that float cannot tell apart), background where (x + 2 y) % 11 == 0.
    // A dense touch matrix would need 4 x 75,001^2 bytes of ids up to 2^24 + 75,000: about 1.1 PB.
    const u32 w = 600, h = 250, base = (1u << 24) + 1;
    std::vector<u32> labels(w * h);
    for (u32 y = 0; y < h; ++y)
        for (u32 x = 0; x < w; ++x) labels[x + w * y] = (x + 2 * y) % 11 == 0 ? 0 : base + x / 2 + 300 * y;
    std::map<u32, std::set<u32>> touching;
    auto join = [&](u32 a, u32 b) {
        if (a == 0 || b == 0 || a == b) return;
        touching[a].insert(b);
        touching[b].insert(a);
    };
    for (u32 y = 0; y < h; ++y)
        for (u32 x = 0; x < w; ++x) {
            if (x + 1 < w) join(labels[x + w * y], labels[x + 1 + w * y]);
            if (y + 1 < h) join(labels[x + w * y], labels[x + w * (y + 1)]);
        }
    push<u32>("tn_big", w, h, 1, labels, ijcl::ImageKind::Label);
    run("touchingNeighborCountMap", {img("tn_big"), img("tn_big_map")});
    const auto got = pull<float>("tn_big_map");
    ASSERT_EQ(got.size(), labels.size());
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        const u32 l = labels[i];
        const float want = l == 0 ? 0.0f : static_cast<float>(touching.count(l) ? touching[l].size() : 0);
        if (got[i] != want && mismatches++ < 5) ADD_FAILURE() << "pixel " << i << ": " << got[i] << " != " << want;
    }
    EXPECT_EQ(mismatches, 0u);
    EXPECT_GT(touching.size(), 65535u);

    // meanOfTouchingNeighborsMap on the same labels, the map = (id mod 1000) on each label: the
    // float sum of its own and its neighbours' values in increasing id order, over their number.
    std::vector<float> map(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) map[i] = static_cast<float>(labels[i] % 1000);
    push<float>("tn_big_values", w, h, 1, map);
    run("meanOfTouchingNeighborsMap", {img("tn_big_values"), img("tn_big"), img("tn_big_map"), num(1), flag(true)});
    const auto means = pull<float>("tn_big_map");
    mismatches = 0;
    for (std::size_t i = 0; i < means.size(); ++i) {
        const u32 l = labels[i];
        float want = 0;
        if (l != 0) {
            std::set<u32> members = touching[l];
            members.insert(l);
            float sum = 0;
            for (u32 m : members) sum = sum + static_cast<float>(m % 1000);
            want = sum / static_cast<float>(members.size());
        }
        if (means[i] != want && mismatches++ < 5) ADD_FAILURE() << "mean pixel " << i << ": " << means[i] << " != " << want;
    }
    EXPECT_EQ(mismatches, 0u);
}

TEST(LabelNeighbours, HandWorkedTouchingNeighbourMaps) {
    IJCL_SKIP_WITHOUT_INT64_ATOMICS();  // tests/native/missing_extensions_test.cpp
    //   labels     map (constant per label; background 5)
    //   1 1 2 0    10 10 20  5
    //   1 0 2 2    10  5 20 20
    //   0 3 3 3     5 40 40 40
    // touching: 1-2, 2-3; the background touches 1, 2 and 3.
    push<u32>("tm_lbl", 4, 3, 1, {1, 1, 2, 0, 1, 0, 2, 2, 0, 3, 3, 3}, ijcl::ImageKind::Label);
    push<float>("tm_map", 4, 3, 1, {10, 10, 20, 5, 10, 5, 20, 20, 5, 40, 40, 40});
    auto expect = [](const char* op, double radius, bool ignore, float bg, float v1, float v2, float v3) {
        run(op, {img("tm_map"), img("tm_lbl"), img("tm_out"), num(radius), flag(ignore)});
        const auto got = pull<float>("tm_out");
        const std::vector<u32> l = {1, 1, 2, 0, 1, 0, 2, 2, 0, 3, 3, 3};
        for (std::size_t i = 0; i < l.size(); ++i) {
            const float want = l[i] == 0 ? bg : l[i] == 1 ? v1 : l[i] == 2 ? v2 : v3;
            EXPECT_NEAR(got[i], want, 1e-5f) << op << " radius " << radius << " ignore " << ignore << " pixel " << i;
        }
    };
    // itself and its neighbours: 1 {10, 20}, 2 {10, 20, 40}, 3 {20, 40}; background alone {5}
    expect("meanOfTouchingNeighborsMap", 1, true, 0, 15, 70.0f / 3, 30);
    expect("minimumOfTouchingNeighborsMap", 1, true, 5, 10, 10, 20);
    expect("maximumOfTouchingNeighborsMap", 1, true, 5, 20, 40, 40);
    // sqrt(sum of squared deviations / (2k - 1)): 50 / 3, (177.78 + 11.11 + 277.78) / 5, 200 / 3; background 0
    expect("standardDeviationOfTouchingNeighborsMap", 1, true, 0, std::sqrt(50.0f / 3),
           std::sqrt((1600.0f / 9 + 100.0f / 9 + 2500.0f / 9) / 5), std::sqrt(200.0f / 3));
    // neighbours without itself: 1 {20}, 2 {10, 40} (tie: the smaller), 3 {20}; background none
    expect("modeOfTouchingNeighborsMap", 1, true, 0, 20, 10, 20);
    // radius 2: neighbours of neighbours: every label reaches every other
    expect("meanOfTouchingNeighborsMap", 2, true, 0, 70.0f / 3, 70.0f / 3, 70.0f / 3);
    // the background as a neighbour (value 5): 1 {5, 10, 20}, 2 {5, 10, 20, 40}, 3 {5, 20, 40}, 0 {5, 10, 20, 40}
    expect("meanOfTouchingNeighborsMap", 1, false, 0, 35.0f / 3, 75.0f / 4, 65.0f / 3);
    expect("maximumOfTouchingNeighborsMap", 1, false, 40, 20, 40, 40);
    // radius 0: the map itself
    expect("minimumOfTouchingNeighborsMap", 0, true, 5, 10, 20, 40);
    expect_error([] { run("meanOfTouchingNeighborsMap", {img("tm_map"), img("tm_lbl"), img("tm_out"), num(-1), flag(true)}); },
                 {"radius"});
}

TEST(LabelNeighbours, HandWorkedDistancesOfTouchingNeighbours) {
    // touch matrix marks (0, 2), (1, 2), (1, 3); distances there 7, 3, 5 (others 100: never read)
    std::vector<float> t(16, 0.0f), d(16, 100.0f);
    t[0 + 4 * 2] = t[1 + 4 * 2] = t[1 + 4 * 3] = 1;
    d[0 + 4 * 2] = 7;
    d[1 + 4 * 2] = 3;
    d[1 + 4 * 3] = 5;
    push<float>("td_touch", 4, 4, 1, t);
    push<float>("td_dist", 4, 4, 1, d);
    auto got = [](const char* op) {
        run(op, {img("td_dist"), img("td_touch"), img("td_out")});
        return pull<float>("td_out");
    };
    // entry 0: the labels touching the background {2}: 7; 1: {2, 3}; 2: {1} (background left out); 3: {1}
    EXPECT_EQ(got("averageDistanceOfTouchingNeighbors"), (std::vector<float>{7, 4, 3, 5}));
    EXPECT_EQ(got("minimumDistanceOfTouchingNeighbors"), (std::vector<float>{7, 3, 3, 5}));
    EXPECT_EQ(got("maximumDistanceOfTouchingNeighbors"), (std::vector<float>{7, 5, 3, 5}));
}

TEST(LabelNeighbours, HandWorkedNClosest) {
    // points 1, 2, 3 at x = 0, 1, 3: distances d12 = 1, d13 = 3, d23 = 2 (both halves, as
    // generateDistanceMatrix fills them); row and column 0 (background) 0.
    std::vector<float> d(16, 0.0f);
    auto set = [&](int a, int b, float v) { d[a + 4 * b] = d[b + 4 * a] = v; };
    set(1, 2, 1);
    set(1, 3, 3);
    set(2, 3, 2);
    push<float>("nc_dist", 4, 4, 1, d);
    auto got = [](double n) {
        run("averageDistanceOfNClosestPoints", {img("nc_dist"), img("nc_out"), num(n)});
        return pull<float>("nc_out");
    };
    // column 0 reads the background column's zeros
    EXPECT_EQ(got(1), (std::vector<float>{0, 1, 1, 2}));
    EXPECT_EQ(got(2.7), (std::vector<float>{0, 2, 1.5f, 2.5f}));  // n truncated to 2
    EXPECT_EQ(got(50), (std::vector<float>{0, 2, 1.5f, 2.5f}));   // only two others
    for (float v : got(0)) EXPECT_TRUE(std::isnan(v));             // 0 / 0, as CLIJ2
    // the same from a label image: one pixel each at x = 0, 1, 3 with ids beyond 2^24 (and a gap)
    const u32 b = 1u << 24;
    push<u32>("nc_lbl", 5, 1, 1, {b + 1, b + 2, 0, b + 7, 0}, ijcl::ImageKind::Label);
    run("averageDistanceOfNClosestNeighborsMap", {img("nc_lbl"), img("nc_map"), num(1)});
    EXPECT_EQ(pull<float>("nc_map"), (std::vector<float>{1, 1, 0, 2, 0}));
    run("averageDistanceOfNClosestNeighborsMap", {img("nc_lbl"), img("nc_map"), num(2)});
    EXPECT_EQ(pull<float>("nc_map"), (std::vector<float>{2, 1.5f, 0, 2.5f, 0}));
}

TEST(LabelNeighbours, HandWorkedAdjacencyAndNeighboursOfNeighbours) {
    // touch matrix marks (0, 2), (1, 2), (1, 3): adjacent (with itself) 0: {0, 2}, 1: {1, 2, 3},
    // 2: {0, 1, 2}, 3: {1, 3}; within two steps 0: {0, 1, 2}, 1 and 2: all, 3: {1, 2, 3}.
    std::vector<float> t(16, 0.0f);
    t[0 + 4 * 2] = t[1 + 4 * 2] = t[1 + 4 * 3] = 1;
    push<float>("an_touch", 4, 4, 1, t);
    auto matrix = [](std::vector<std::vector<int>> sets) {
        std::vector<float> m(16, 0.0f);
        for (int y = 0; y < 4; ++y)
            for (int x : sets[y]) m[x + 4 * y] = 1;
        return m;
    };
    run("touchMatrixToAdjacencyMatrix", {img("an_touch"), img("an_out")});
    EXPECT_EQ(pull<float>("an_out"), matrix({{0, 2}, {1, 2, 3}, {0, 1, 2}, {1, 3}}));
    run("neighborsOfNeighbors", {img("an_touch"), img("an_out")});
    EXPECT_EQ(pull<float>("an_out"), matrix({{0, 1, 2}, {0, 1, 2, 3}, {0, 1, 2, 3}, {1, 2, 3}}));
    // a 4 x 3 matrix is read as 4 x 4 with a zero last row: marks (0, 2), (1, 2); written 4 x 3
    std::vector<float> rect(t.begin(), t.begin() + 12);
    push<float>("an_rect", 4, 3, 1, rect);
    run("touchMatrixToAdjacencyMatrix", {img("an_rect"), img("an_out2")});
    const auto adj = matrix({{0, 2}, {1, 2}, {0, 1, 2}, {3}});
    EXPECT_EQ(pull<float>("an_out2"), std::vector<float>(adj.begin(), adj.begin() + 12));
}
