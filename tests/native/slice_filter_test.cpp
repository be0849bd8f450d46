// The slices work: octagon filters, minimum/maximum compositions (bottom-hat, greyscale opening),
// binary openings/closings, slice-by-slice binary steps and the minima detectors, on small
// images worked out by hand. CLIJ2 and ImageJ agreement on real images: the clij2_oracles.tsv
// rows and tests/java/net/ijcl/ops/SliceFilterImageJTest.java.
#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "test_support.hpp"

using namespace ijcl_test;

using u8 = std::uint8_t;
using u16 = std::uint16_t;

TEST(Octagon, AlternatesBoxAndDiamondByHand) {
    // 5x5 image, one bright pixel in the middle. Step 1 (box) makes the 3x3 square bright,
    // step 2 (diamond) adds the face neighbours of that square: everything but the 4 corners.
    std::vector<u8> v(25, 1);
    v[12] = 9;
    push<u8>("oct_src", 5, 5, 1, v);
    run("maximumOctagon", {img("oct_src"), img("oct_out"), num(1)});
    std::vector<u8> box(25, 1);
    for (int y = 1; y <= 3; ++y)
        for (int x = 1; x <= 3; ++x) box[x + 5 * y] = 9;
    EXPECT_EQ(pull<u8>("oct_out"), box);
    run("maximumOctagon", {img("oct_src"), img("oct_out"), num(2)});
    std::vector<u8> octagon(25, 9);
    for (int i : {0, 4, 20, 24}) octagon[i] = 1;
    EXPECT_EQ(pull<u8>("oct_out"), octagon);
    // 0 iterations copy; the minimum version removes the bright pixel in one step.
    run("maximumOctagon", {img("oct_src"), img("oct_out"), num(0)});
    EXPECT_EQ(pull<u8>("oct_out"), v);
    run("minimumOctagon", {img("oct_src"), img("oct_out"), num(1)});
    EXPECT_EQ(pull<u8>("oct_out"), std::vector<u8>(25, 1));
}

TEST(Octagon, ManyIterationsGiveTheImageExtreme) {
    // 5x4x3 random uint16: after (w-1)+(h-1)+(d-1) = 9 steps every voxel holds the extreme; a
    // billion iterations (capped) give the same.
    std::mt19937 rng(3);
    std::vector<u16> v(60);
    for (auto& x : v) x = static_cast<u16>(rng() % 60000);
    push<u16>("oct3", 5, 4, 3, v);
    run("maximumOctagon", {img("oct3"), img("oct3_out"), num(1e9)});
    EXPECT_EQ(pull<u16>("oct3_out"), std::vector<u16>(60, *std::max_element(v.begin(), v.end())));
    run("minimumOctagon", {img("oct3"), img("oct3_out"), num(9)});
    EXPECT_EQ(pull<u16>("oct3_out"), std::vector<u16>(60, *std::min_element(v.begin(), v.end())));
}

TEST(Compositions, BottomHatAndGreyscaleOpeningByHand) {
    // 7x1 line, box radius 1 along x. Closing: maximum 10 10 10 30 30 30 30, then minimum
    // 10 10 10 10 30 30 30; bottom-hat = closing - source = 0 0 10 0 0 0 0 (the dip at x = 2).
    std::vector<u8> dip = {10, 10, 0, 10, 30, 30, 30};
    push<u8>("comp_dip", 7, 1, 1, dip);
    run("bottomHatBox", {img("comp_dip"), img("comp_out"), num(1), num(0), num(0)});
    EXPECT_EQ(pull<u8>("comp_out"), (std::vector<u8>{0, 0, 10, 0, 0, 0, 0}));
    run("greyscaleClosingBox", {img("comp_dip"), img("comp_out"), num(1), num(0), num(0)});
    EXPECT_EQ(pull<u8>("comp_out"), (std::vector<u8>{10, 10, 10, 10, 30, 30, 30}));
    // Opening removes the 1-wide spike and keeps the 3-wide plateau.
    std::vector<u8> spike = {10, 10, 50, 10, 30, 30, 30};
    push<u8>("comp_spike", 7, 1, 1, spike);
    run("greyscaleOpeningBox", {img("comp_spike"), img("comp_out"), num(1), num(0), num(0)});
    EXPECT_EQ(pull<u8>("comp_out"), (std::vector<u8>{10, 10, 10, 10, 30, 30, 30}));
    // The sphere versions with radius 0.5 (ImageJ's 5-pixel cross; on one row: 3 pixels) agree.
    run("bottomHatSphere", {img("comp_dip"), img("comp_out"), num(0.5), num(0.5), num(0)});
    EXPECT_EQ(pull<u8>("comp_out"), (std::vector<u8>{0, 0, 10, 0, 0, 0, 0}));
    run("greyscaleOpeningSphere", {img("comp_spike"), img("comp_out"), num(0.5), num(0.5), num(0)});
    EXPECT_EQ(pull<u8>("comp_out"), (std::vector<u8>{10, 10, 10, 10, 30, 30, 30}));
}

TEST(BinaryCompositions, ClosingFillsAHoleOpeningRemovesSpeckles) {
    // 7x5: foreground x = 1..5, y = 1..3 with a hole at (3, 2). closingBox(1): the dilation fills
    // the whole image, the erosion (outside = background) leaves x = 1..5, y = 1..3, no hole.
    std::vector<u8> v(35, 0), filled(35, 0);
    for (int y = 1; y <= 3; ++y)
        for (int x = 1; x <= 5; ++x) v[x + 7 * y] = filled[x + 7 * y] = 1;
    v[3 + 7 * 2] = 0;
    push<u8>("bc_src", 7, 5, 1, v);
    run("closingBox", {img("bc_src"), img("bc_out"), num(1)});
    EXPECT_EQ(pull<u8>("bc_out"), filled);
    // n = 0 runs one dilation and one erosion, as CLIJ2 does.
    run("closingBox", {img("bc_src"), img("bc_out"), num(0)});
    EXPECT_EQ(pull<u8>("bc_out"), filled);
    // openingBox(1) of the filled rectangle: the erosion leaves x = 2..4, y = 2 and the dilation
    // gives the rectangle back; a single speckle disappears.
    std::vector<u8> speckled = filled;
    speckled[0] = 1;
    push<u8>("bc_speckled", 7, 5, 1, speckled);
    run("openingBox", {img("bc_speckled"), img("bc_out"), num(1)});
    EXPECT_EQ(pull<u8>("bc_out"), filled);
    // A huge count: the openings and closings end empty (erosions from the border win).
    run("openingDiamond", {img("bc_speckled"), img("bc_out"), num(1e9)});
    EXPECT_EQ(pull<u8>("bc_out"), std::vector<u8>(35, 0));
    run("closingDiamond", {img("bc_speckled"), img("bc_out"), num(1e9)});
    EXPECT_EQ(pull<u8>("bc_out"), std::vector<u8>(35, 0));
}

TEST(SliceBySlice, BinaryStepsStayInTheirPlane) {
    // 3x3x3 with only the centre voxel set: dilateBoxSliceBySlice fills the middle plane only,
    // dilateBox (3D) fills everything; dilateSphereSliceBySlice gives the in-plane cross.
    std::vector<u8> v(27, 0);
    v[13] = 1;
    push<u8>("sbs_src", 3, 3, 3, v);
    run("dilateBoxSliceBySlice", {img("sbs_src"), img("sbs_out")});
    std::vector<u8> plane(27, 0);
    for (int i = 9; i < 18; ++i) plane[i] = 1;
    EXPECT_EQ(pull<u8>("sbs_out"), plane);
    run("dilateSphereSliceBySlice", {img("sbs_src"), img("sbs_out")});
    std::vector<u8> cross(27, 0);
    for (int i : {10, 12, 13, 14, 16}) cross[i] = 1;
    EXPECT_EQ(pull<u8>("sbs_out"), cross);
    // Eroding the full middle plane slice by slice leaves its centre (the planes above and
    // below do not count); the 3D erosion would leave nothing.
    push<u8>("sbs_plane", 3, 3, 3, plane);
    run("erodeBoxSliceBySlice", {img("sbs_plane"), img("sbs_out")});
    EXPECT_EQ(pull<u8>("sbs_out"), v);
    run("erodeSphereSliceBySlice", {img("sbs_plane"), img("sbs_out")});
    EXPECT_EQ(pull<u8>("sbs_out"), v);
}

TEST(DetectMinima, BoxesPlanesAndStacksByHand) {
    // 5x1 line 5 3 4 1 2, radius 1: minima at x = 1 (3 < 5, 4) and x = 3 (1).
    std::vector<u8> line = {5, 3, 4, 1, 2};
    push<u8>("dm_line", 5, 1, 1, line);
    run("detectMinima2DBox", {img("dm_line"), img("dm_out"), num(1), num(1)});
    EXPECT_EQ(pull<u8>("dm_out"), (std::vector<u8>{0, 1, 0, 1, 0}));
    // Radius 2: only the global minimum's box-mates lose; x = 1 sees the 1 at x = 3.
    run("detectMinima2DBox", {img("dm_line"), img("dm_out"), num(2), num(0)});
    EXPECT_EQ(pull<u8>("dm_out"), (std::vector<u8>{0, 0, 0, 1, 0}));
    // A 1x1x3 column 3 1 2: in 3D only the middle voxel; plane by plane every voxel.
    std::vector<float> column = {3, 1, 2};
    push<float>("dm_col", 1, 1, 3, column);
    run("detectMinima3DBox", {img("dm_col"), img("dm_out"), num(1), num(1), num(1)});
    EXPECT_EQ(pull<u8>("dm_out"), (std::vector<u8>{0, 1, 0}));
    run("detectMinimaSliceBySliceBox", {img("dm_col"), img("dm_out"), num(1), num(1)});
    EXPECT_EQ(pull<u8>("dm_out"), (std::vector<u8>{1, 1, 1}));
    run("detectMaximaSliceBySliceBox", {img("dm_col"), img("dm_out"), num(1), num(1)});
    EXPECT_EQ(pull<u8>("dm_out"), (std::vector<u8>{1, 1, 1}));
}
