// The label distance family (native/src/ops/label_neighbour_ops.cpp, label_distance_ops.cpp):
// values worked out by hand on small label images and matrices, ids beyond 2^24, and a label
// image of more than 65,535 labels (the touching-distance maps, which need no dense matrix),
// checked against a plain loop over the pixels.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "test_support.hpp"

using namespace ijcl_test;
using u32 = std::uint32_t;

namespace {

// A row of single-pixel labels: ids[x] at x (0 = background), the map 10 * (index + 1) on each
// label (base + k -> 10 (k + 1)), 5 on the background.
void push_row(const std::vector<u32>& ids, u32 base) {
    std::vector<float> map(ids.size());
    for (std::size_t x = 0; x < ids.size(); ++x) map[x] = ids[x] == 0 ? 5.0f : 10.0f * static_cast<float>(ids[x] - base + 1);
    push<u32>("ld_lbl", ids.size(), 1, 1, ids, ijcl::ImageKind::Label);
    push<float>("ld_map", ids.size(), 1, 1, map);
}

// The result at the pixels x0, x1, ... of "ld_out".
std::vector<float> at(const std::vector<std::size_t>& xs) {
    const auto all = pull<float>("ld_out");
    std::vector<float> r;
    for (std::size_t x : xs) r.push_back(all[x]);
    return r;
}

}  // namespace

TEST(LabelDistance, HandWorkedNNearestAndProximalMaps) {
    // labels B+0..B+3 (B = 2^24 + 1: ids float cannot tell apart) at x = 0, 2, 3, 9; background at
    // x = 1 (the pixel read below). Centroid distances: (0,1) 2, (0,2) 3, (0,3) 9, (1,2) 1, (1,3) 7,
    // (2,3) 6. Values 10, 20, 30, 40; background 5.
    const u32 B = (1u << 24) + 1;
    std::vector<u32> ids(10, 0);
    ids[0] = B, ids[2] = B + 1, ids[3] = B + 2, ids[9] = B + 3;
    push_row(ids, B);
    const std::vector<std::size_t> xs = {0, 2, 3, 9, 1};
    // n = 1: nearest 0->1, 1->2, 2->1, 3->2; neighbours either way: {1}, {0, 2}, {1, 3}, {2}
    run("meanOfNNearestNeighborsMap", {img("ld_map"), img("ld_lbl"), img("ld_out"), num(1)});
    EXPECT_EQ(at(xs), (std::vector<float>{15, 20, 30, 35, 0}));
    run("minimumOfNNearestNeighborsMap", {img("ld_map"), img("ld_lbl"), img("ld_out"), num(1)});
    EXPECT_EQ(at(xs), (std::vector<float>{10, 10, 20, 30, 5}));  // background: its own value
    run("maximumOfNNearestNeighborsMap", {img("ld_map"), img("ld_lbl"), img("ld_out"), num(0)});  // n < 1: 1
    EXPECT_EQ(at(xs), (std::vector<float>{20, 30, 40, 40, 5}));
    // n = 2: 0->{1,2}, 1->{2,0}, 2->{1,0}, 3->{2,1}: 0 {1,2}, 1 {0,2,3}, 2 {0,1,3}, 3 {1,2}
    run("meanOfNNearestNeighborsMap", {img("ld_map"), img("ld_lbl"), img("ld_out"), num(2)});
    EXPECT_EQ(at(xs), (std::vector<float>{20, 25, 25, 30, 0}));
    // the mode of the neighbours' values (itself left out), ties the smallest: 0 {20, 30} -> 20
    run("modeOfNNearestNeighborsMap", {img("ld_map"), img("ld_lbl"), img("ld_out"), num(2)});
    EXPECT_EQ(at(xs), (std::vector<float>{20, 10, 10, 20, 0}));
    // CLIJ2's standard deviation, sqrt(sum of squares / (2k - 1)): label 0 {10, 20, 30}: 200 / 5
    run("standardDeviationOfNNearestNeighborsMap", {img("ld_map"), img("ld_lbl"), img("ld_out"), num(2)});
    EXPECT_NEAR(at(xs)[0], std::sqrt(40.0f), 1e-6);
    // n above the number of others: all
    run("meanOfNNearestNeighborsMap", {img("ld_map"), img("ld_lbl"), img("ld_out"), num(50)});
    EXPECT_EQ(at(xs), (std::vector<float>{25, 25, 25, 25, 0}));
    // proximal [2, 6]: 0 {1, 2}, 1 {0}, 2 {0, 3}, 3 {2} (bounds inclusive)
    run("meanOfProximalNeighborsMap", {img("ld_map"), img("ld_lbl"), img("ld_out"), num(2), num(6)});
    EXPECT_EQ(at(xs), (std::vector<float>{20, 15, 80.0f / 3, 35, 0}));
    run("proximalNeighborCountMap", {img("ld_lbl"), img("ld_out"), num(2), num(6)});
    EXPECT_EQ(at(xs), (std::vector<float>{2, 1, 2, 1, 0}));
    run("proximalNeighborCountMap", {img("ld_lbl"), img("ld_out"), num(0), num(3)});
    EXPECT_EQ(at(xs), (std::vector<float>{2, 2, 2, 0, 0}));
    run("minimumOfProximalNeighborsMap", {img("ld_map"), img("ld_lbl"), img("ld_out"), num(100), num(200)});
    EXPECT_EQ(at(xs), (std::vector<float>{10, 20, 30, 40, 5}));  // no neighbour: its own value
}

TEST(LabelDistance, NNearestTiesTakeTheSmallerId) {
    // labels 1, 2, 3 at x = 0, 2, 4: label 2 is as far from 1 as from 3 and chooses 1 (n = 1);
    // 1 chooses 2, 3 chooses 2: neighbours 1 {2}, 2 {1, 3}, 3 {2}.
    push_row({1, 0, 2, 0, 3}, 1);
    run("maximumOfNNearestNeighborsMap", {img("ld_map"), img("ld_lbl"), img("ld_out"), num(1)});
    EXPECT_EQ(at({0, 2, 4}), (std::vector<float>{20, 30, 30}));
    // the matrix from their distance matrix (background row/column first): 1 -> 2, 2 -> 1, 3 -> 2
    std::vector<float> d = {0, 0, 0, 0, 0, 0, 2, 4, 0, 2, 0, 2, 0, 4, 2, 0};
    push<float>("ld_dist", 4, 4, 1, d);
    run("generateNNearestNeighborsMatrix", {img("ld_dist"), img("ld_out"), num(1)});
    std::vector<float> want(16, 0.0f);
    want[1 + 4 * 2] = 1, want[2 + 4 * 3] = 1;  // (1, 2) and (2, 3), the x < y half
    EXPECT_EQ(pull<float>("ld_out"), want);
    run("generateProximalNeighborsMatrix", {img("ld_dist"), img("ld_out"), num(3), num(4)});
    std::vector<float> prox(16, 0.0f);
    prox[1 + 4 * 3] = 1, prox[3 + 4 * 1] = 1;  // only 1 and 3 lie 4 apart; both halves
    EXPECT_EQ(pull<float>("ld_out"), prox);
    // a matrix that is not square: the 3 x 4 corner (no column 3): only (1, 2) marked (column 2
    // chooses 1; nobody chooses for 3)
    std::vector<float> d3;
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 3; ++x) d3.push_back(d[x + 4 * y]);
    push<float>("ld_dist3", 3, 4, 1, d3);
    run("generateNNearestNeighborsMatrix", {img("ld_dist3"), img("ld_out"), num(1)});
    std::vector<float> want3(12, 0.0f);
    want3[1 + 3 * 2] = 1;
    EXPECT_EQ(pull<float>("ld_out"), want3);
    // far-off: column 1's entries of rows 2, 3 are 2 and 4: the 1 largest is 4, both 3
    run("averageDistanceOfNFarOffPoints", {img("ld_dist"), img("ld_out"), num(1)});
    EXPECT_EQ(pull<float>("ld_out")[1], 4.0f);
    run("averageDistanceOfNFarOffPoints", {img("ld_dist"), img("ld_out"), num(5)});
    EXPECT_EQ(pull<float>("ld_out")[1], 3.0f);
}

TEST(LabelDistance, HandWorkedCentroidDistances) {
    IJCL_SKIP_WITHOUT_INT64_ATOMICS();  // tests/native/missing_extensions_test.cpp
    //   1 1 2 2      centroids: label 1 (0.5, 0.5), label 2 (2.5, 0), label 3 (2.5, 1)
    //   1 1 3 3
    const std::vector<u32> l = {1, 1, 2, 2, 1, 1, 3, 3};
    push<u32>("ld_lbl", 4, 2, 1, l, ijcl::ImageKind::Label);
    run("euclideanDistanceFromLabelCentroidMap", {img("ld_lbl"), img("ld_out")});
    const float h = std::sqrt(0.5f);
    EXPECT_EQ(pull<float>("ld_out"), (std::vector<float>{h, h, 0.5f, 0.5f, h, h, 0.5f, 0.5f}));
    // touching: 1-2 (along x), 1-3 (along x), 2-3 (along y). Distances 1-2 and 1-3: sqrt(2^2 +
    // 0.5^2), 2-3: 1
    const float d = std::sqrt(4.25f), m = (d + 1.0f) / 2;
    const auto expect = [&](const char* op, const std::vector<float>& want) {
        run(op, {img("ld_lbl"), img("ld_out")});
        const auto got = pull<float>("ld_out");
        ASSERT_EQ(got.size(), want.size());
        for (std::size_t i = 0; i < got.size(); ++i) EXPECT_FLOAT_EQ(got[i], want[i]) << op << " pixel " << i;
    };
    expect("averageNeighborDistanceMap", {d, d, m, m, d, d, m, m});
    expect("minimumTouchingNeighborDistanceMap", {d, d, 1, 1, d, d, 1, 1});
    expect("maximumTouchingNeighborDistanceMap", {d, d, d, d, d, d, d, d});
    expect("touchingNeighborDistanceRangeRatioMap", {1, 1, d, d, 1, 1, d, d});
    // a label without touching neighbours: the ratio is 0 / 0 (NaN), as CLIJ2; background 0
    push<u32>("ld_lbl", 3, 1, 1, {1, 0, 0}, ijcl::ImageKind::Label);
    run("touchingNeighborDistanceRangeRatioMap", {img("ld_lbl"), img("ld_out")});
    const auto ratio = pull<float>("ld_out");
    EXPECT_TRUE(std::isnan(ratio[0]));
    EXPECT_EQ(ratio[1], 0.0f);
}

TEST(LabelDistance, MoreThan65535LabelsTouchingDistanceMaps) {
    IJCL_SKIP_WITHOUT_INT64_ATOMICS();  // tests/native/missing_extensions_test.cpp
    // 600 x 250 pixels; label of pixel (x, y) = 2^24 + 1 + x / 2 + 300 y (75,000 labels two pixels
    // wide), background where (x + 2 y) % 11 == 0. Dense touch and distance matrices would need
    // about 2 x 4 x (2^24 + 75,001)^2 bytes.
    const u32 w = 600, h = 250, base = (1u << 24) + 1;
    std::vector<u32> labels(w * h);
    for (u32 y = 0; y < h; ++y)
        for (u32 x = 0; x < w; ++x) labels[x + w * y] = (x + 2 * y) % 11 == 0 ? 0 : base + x / 2 + 300 * y;
    std::map<u32, std::set<u32>> touching;
    std::map<u32, double> sx, sy, count;
    for (u32 y = 0; y < h; ++y)
        for (u32 x = 0; x < w; ++x) {
            const u32 a = labels[x + w * y];
            if (a) sx[a] += x, sy[a] += y, count[a] += 1;
            for (int k = 0; k < 2; ++k) {
                const u32 nx = x + (k == 0), ny = y + (k == 1);
                if (nx >= w || ny >= h) continue;
                const u32 b = labels[nx + w * ny];
                if (a && b && a != b) touching[a].insert(b), touching[b].insert(a);
            }
        }
    EXPECT_GT(touching.size(), 65535u);
    push<u32>("ld_big", w, h, 1, labels, ijcl::ImageKind::Label);
    run("maximumTouchingNeighborDistanceMap", {img("ld_big"), img("ld_out")});
    const auto got = pull<float>("ld_out");
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        const u32 l = labels[i];
        double want = 0;
        if (l && touching.count(l))
            for (u32 o : touching[l]) {
                const double dx = sx[l] / count[l] - sx[o] / count[o], dy = sy[l] / count[l] - sy[o] / count[o];
                want = std::fmax(want, std::sqrt(dx * dx + dy * dy));
            }
        if (std::fabs(got[i] - want) > 1e-4 && mismatches++ < 5) ADD_FAILURE() << "pixel " << i << ": " << got[i] << " != " << want;
    }
    EXPECT_EQ(mismatches, 0u);
}

TEST(LabelDistance, NNearestMapsMatchABruteForceOnTiles) {
    // 127 x 93 x 7 pixels of 16 x 16 x 2 tiles (id = 1 + x / 16 + 8 (y / 16) + 48 (z / 2)): 192
    // labels whose centroids lie on a grid (many equal distances, exact in float: multiples of 0.5
    // whose squares and sums are exact). The map = the id. Each label's n nearest by (distance,
    // id), neighbours either way round, the mean in increasing id order.
    const u32 w = 127, h = 93, d = 7;
    std::vector<u32> labels(w * h * d);
    std::vector<float> map(labels.size());
    for (u32 z = 0; z < d; ++z)
        for (u32 y = 0; y < h; ++y)
            for (u32 x = 0; x < w; ++x) {
                const u32 l = 1 + x / 16 + 8 * (y / 16) + 48 * (z / 2);
                labels[x + w * (y + h * z)] = l;
                map[x + w * (y + h * z)] = static_cast<float>(l);
            }
    const u32 m = 192;
    std::vector<double> cx(m + 1), cy(m + 1), cz(m + 1), cnt(m + 1);
    for (u32 z = 0; z < d; ++z)
        for (u32 y = 0; y < h; ++y)
            for (u32 x = 0; x < w; ++x) {
                const u32 l = labels[x + w * (y + h * z)];
                cx[l] += x, cy[l] += y, cz[l] += z, cnt[l] += 1;
            }
    auto dist = [&](u32 a, u32 b) {
        const double dx = cx[a] / cnt[a] - cx[b] / cnt[b], dy = cy[a] / cnt[a] - cy[b] / cnt[b],
                     dz = cz[a] / cnt[a] - cz[b] / cnt[b];
        return std::sqrt(dx * dx + dy * dy + dz * dz);
    };
    push<u32>("ld_tiles", w, h, d, labels, ijcl::ImageKind::Label);
    push<float>("ld_tile_map", w, h, d, map);
    for (int n : {1, 4}) {
        std::vector<std::set<u32>> nearest(m + 1);
        for (u32 a = 1; a <= m; ++a) {
            std::vector<std::pair<double, u32>> others;
            for (u32 b = 1; b <= m; ++b)
                if (b != a) others.emplace_back(dist(a, b), b);
            std::sort(others.begin(), others.end());
            for (int k = 0; k < n; ++k) nearest[a].insert(others[k].second);
        }
        run("meanOfNNearestNeighborsMap", {img("ld_tile_map"), img("ld_tiles"), img("ld_out"), num(n)});
        const auto got = pull<float>("ld_out");
        std::size_t mismatches = 0;
        for (u32 a = 1; a <= m; ++a) {
            std::set<u32> members = nearest[a];
            for (u32 b = 1; b <= m; ++b)
                if (nearest[b].count(a)) members.insert(b);
            members.insert(a);
            float sum = 0;
            for (u32 b : members) sum = sum + static_cast<float>(b);
            const float want = sum / static_cast<float>(members.size());
            // the first pixel of tile a
            const u32 tx = (a - 1) % 8, ty = ((a - 1) / 8) % 6, tz = (a - 1) / 48;
            const float g = got[16 * tx + w * (16 * ty + h * 2 * tz)];
            if (g != want && mismatches++ < 5) ADD_FAILURE() << "n " << n << " label " << a << ": " << g << " != " << want << " (" << members.size() << " members)";
        }
        EXPECT_EQ(mismatches, 0u) << "n = " << n;
    }
}
