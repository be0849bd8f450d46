// Binary erosion and dilation (native/src/ops/morphology_ops.cpp) on hand-made patterns.
// Pictures: rows top to bottom, '#' = 1, '.' = 0.
#include "test_support.hpp"

using namespace ijcl_test;
using u8 = std::uint8_t;

namespace {

// Turns a picture into pixels (255 for '#', so the ops must accept ImageJ's 0/255 masks).
std::vector<u8> picture(const std::vector<std::string>& rows, u8 on = 255) {
    std::vector<u8> px;
    for (const auto& r : rows)
        for (char ch : r) px.push_back(ch == '#' ? on : 0);
    return px;
}

std::vector<u8> run_op(const char* op, const char* in) {
    run(op, {img(in), img("morph_out")});
    auto image = session().get("morph_out");
    EXPECT_EQ(image->kind(), ijcl::ImageKind::Binary);
    return pull<u8>("morph_out");
}

}  // namespace

TEST(Morphology, ErodeBoxKeepsOnlyPixelsWithFullNeighbourhood) {
    // A 3x3 square at x 4..6, y 1..3 (touching the right border) and a 3x3 square in the
    // top-left corner. Right square: only its centre (5,2) has all 8 neighbours foreground.
    // Corner square: its centre (1,1) has all 8 neighbours inside the image and foreground; its
    // other pixels have a background neighbour or one outside the image (= background).
    push<u8>("m_sq", 7, 5, 1, picture({"###....",
                                       "###.###",
                                       "###.###",
                                       "....###",
                                       "......."}));
    EXPECT_EQ(run_op("erodeBox", "m_sq"), picture({".......",
                                                   ".#.....",
                                                   ".....#.",
                                                   ".......",
                                                   "......."}, 1));
}

TEST(Morphology, ErodeBoxErodesFromTheImageBorder) {
    // All foreground: only pixels whose 8 neighbours all lie inside the image survive.
    push<u8>("m_full", 4, 3, 1, std::vector<u8>(12, 1));
    EXPECT_EQ(run_op("erodeBox", "m_full"), picture({"....",
                                                     ".##.",
                                                     "...."}, 1));
}

TEST(Morphology, SphereUsesFaceNeighboursOnly) {
    // A plus: its centre has all 4 face neighbours (sphere erosion keeps it) but not its
    // diagonal neighbours (box erosion removes it).
    const auto plus = picture({".....",
                               "..#..",
                               ".###.",
                               "..#..",
                               "....."});
    push<u8>("m_plus", 5, 5, 1, plus);
    EXPECT_EQ(run_op("erodeSphere", "m_plus"), picture({".....",
                                                        ".....",
                                                        "..#..",
                                                        ".....",
                                                        "....."}, 1));
    EXPECT_EQ(run_op("erodeBox", "m_plus"), std::vector<u8>(25, 0));
}

TEST(Morphology, DilateSinglePixelsWithoutWrapAround) {
    // (1,1) grows to a 3x3 box / a plus; (4,2) on the right edge grows only to the left (nothing
    // wraps to x = 0 of the next row); (0,4) in the bottom-left corner grows up and right.
    const auto dots = picture({".....",
                               ".#...",
                               "....#",
                               ".....",
                               "#...."});
    push<u8>("m_dots", 5, 5, 1, dots);
    EXPECT_EQ(run_op("dilateBox", "m_dots"), picture({"###..",
                                                      "#####",
                                                      "#####",
                                                      "##.##",
                                                      "##..."}, 1));
    EXPECT_EQ(run_op("dilateSphere", "m_dots"), picture({".#...",
                                                         "###.#",
                                                         ".#.##",
                                                         "#...#",
                                                         "##..."}, 1));
}

TEST(Morphology, ThreeDimensionalNeighbourhoods) {
    // 3x3x3 cube of foreground in a 5x5x5 stack: box and sphere erosion both keep only the
    // centre voxel (2,2,2) (every other cube voxel has a face neighbour outside the cube).
    std::vector<u8> cube(125, 0);
    for (int z = 1; z <= 3; ++z)
        for (int y = 1; y <= 3; ++y)
            for (int x = 1; x <= 3; ++x) cube[x + 5 * (y + 5 * z)] = 1;
    std::vector<u8> centre(125, 0);
    centre[2 + 5 * (2 + 5 * 2)] = 1;
    push<u8>("m_cube", 5, 5, 5, cube);
    EXPECT_EQ(run_op("erodeBox", "m_cube"), centre);
    EXPECT_EQ(run_op("erodeSphere", "m_cube"), centre);

    // Dilating the single centre voxel: the box gives back the 27-voxel cube, the sphere the
    // centre and its 6 face neighbours (7 voxels).
    push<u8>("m_centre", 5, 5, 5, centre);
    EXPECT_EQ(run_op("dilateBox", "m_centre"), cube);
    std::vector<u8> star = centre;
    for (int d : {1, -1, 5, -5, 25, -25}) star[62 + d] = 1;  // 62 = 2 + 5*(2 + 5*2)
    EXPECT_EQ(run_op("dilateSphere", "m_centre"), star);
}

TEST(Morphology, StackBorderPlanesCountAsBackground) {
    // 3x3x3 all foreground: in 3D the planes z = 0 and z = 2 touch the outside, so only the
    // centre voxel survives erosion. A single 3x3 plane (depth 1) has no z neighbours at all,
    // so its centre survives too.
    push<u8>("m_block", 3, 3, 3, std::vector<u8>(27, 1));
    std::vector<u8> expected(27, 0);
    expected[13] = 1;
    EXPECT_EQ(run_op("erodeBox", "m_block"), expected);
    push<u8>("m_plane", 3, 3, 1, std::vector<u8>(9, 1));
    EXPECT_EQ(run_op("erodeSphere", "m_plane"), (std::vector<u8>{0, 0, 0, 0, 1, 0, 0, 0, 0}));
}

TEST(Morphology, AcceptsFloatAndSixteenBitMasks) {
    // Any non-zero value is foreground: 0.5f and 7 count; dilation of (1,0) in a 3x1 row.
    push<float>("m_f", 3, 1, 1, {0.0f, 0.5f, 0.0f});
    EXPECT_EQ(run_op("dilateBox", "m_f"), (std::vector<u8>{1, 1, 1}));
    push<std::uint16_t>("m_u16", 3, 1, 1, {7, 0, 0});
    EXPECT_EQ(run_op("dilateSphere", "m_u16"), (std::vector<u8>{1, 1, 0}));
}

TEST(Morphology, MissingSourceIsAnError) {
    expect_error([] { run("erodeBox", {img("m_never_pushed"), img("m_o")}); },
                 {"operation 'erodeBox'", "argument 'source'", "m_never_pushed"});
}

// Every step operation against a brute force written from the definition (test each neighbour
// of the element; outside the image = background), on random masks of awkward shapes: widths
// that are not multiples of the kernel's 4 pixels per work item, depths that are not multiples of
// its 8 planes, single rows, single columns and single planes.
namespace {

struct StepCase {
    const char* op;
    bool dilate, box, planar;
};

std::vector<u8> brute_force(const std::vector<u8>& in, long w, long h, long d, const StepCase& k) {
    std::vector<u8> out(in.size());
    const long rz = d > 1 && !k.planar ? 1 : 0;
    for (long z = 0; z < d; ++z)
        for (long y = 0; y < h; ++y)
            for (long x = 0; x < w; ++x) {
                bool any = false, all = true;
                for (long dz = -rz; dz <= rz; ++dz)
                    for (long dy = -1; dy <= 1; ++dy)
                        for (long dx = -1; dx <= 1; ++dx) {
                            const long steps = (dx != 0) + (dy != 0) + (dz != 0);
                            if (!k.box && steps > 1) continue;
                            const long xx = x + dx, yy = y + dy, zz = z + dz;
                            const bool inside = xx >= 0 && xx < w && yy >= 0 && yy < h && zz >= 0 && zz < d;
                            const bool fg = inside && in[xx + w * (yy + h * zz)] != 0;
                            any = any || fg;
                            all = all && fg;
                        }
                out[x + w * (y + h * z)] = (k.dilate ? any : all) ? 1 : 0;
            }
    return out;
}

}  // namespace

TEST(MorphologyBruteForce, EveryStepOnAwkwardShapes) {
    const StepCase cases[] = {
        {"erodeBox", false, true, false},           {"erodeSphere", false, false, false},
        {"dilateBox", true, true, false},           {"dilateSphere", true, false, false},
        {"erodeBoxSliceBySlice", false, true, true}, {"erodeSphereSliceBySlice", false, false, true},
        {"dilateBoxSliceBySlice", true, true, true}, {"dilateSphereSliceBySlice", true, false, true},
    };
    const long shapes[][3] = {{1, 1, 1}, {1, 7, 1}, {7, 1, 1}, {5, 3, 1}, {8, 4, 2}, {9, 5, 3},
                              {13, 6, 11}, {4, 4, 9}, {17, 9, 17}, {33, 2, 16}};
    std::mt19937 random(20261205);
    for (const auto& s : shapes) {
        const long w = s[0], h = s[1], d = s[2];
        // Dense masks so that erosions keep something, sparse ones so that dilations do not fill all.
        for (double density : {0.85, 0.15}) {
            std::bernoulli_distribution fg(density);
            std::vector<u8> mask(static_cast<std::size_t>(w * h * d));
            for (auto& v : mask) v = fg(random) ? 255 : 0;
            push<u8>("mbf_in", w, h, d, mask);
            for (const auto& k : cases) {
                SCOPED_TRACE(std::string(k.op) + " on " + std::to_string(w) + "x" + std::to_string(h) + "x" +
                             std::to_string(d) + ", density " + std::to_string(density));
                EXPECT_EQ(run_op(k.op, "mbf_in"), brute_force(mask, w, h, d, k));
            }
        }
    }
}

// ImageJ's 3x3 binary filters (imagejBinaryErode/Dilate/Outline) are built from the same kernel
// file; worked by hand from ImageJ's rule (ByteProcessor.filter, BinaryProcessor.outline), with
// the defaults count 1, background 0 and edges not padded.
TEST(Morphology, ImageJBinaryFiltersOnAHandWorkedSquare) {
    // A 3x3 square of 255 at x 1..3, y 1..3 in a 5x5 image of 0.
    push<u8>("ij_sq", 5, 5, 1, picture({".....",
                                        ".###.",
                                        ".###.",
                                        ".###.",
                                        "....."}));
    auto filtered = [](const char* op, std::vector<ijcl::Value> extra) {
        std::vector<ijcl::Value> args = {img("ij_sq"), img("ij_out")};
        args.insert(args.end(), extra.begin(), extra.end());
        run(op, args);
        return pull<u8>("ij_out");
    };
    // Erode, count 1: only the centre has no background among its 8 neighbours.
    EXPECT_EQ(filtered("imagejBinaryErode", {num(1), num(0), flag(false)}), picture({".....",
                                                                                        ".....",
                                                                                        "..#..",
                                                                                        ".....",
                                                                                        "....."}));
    // Dilate, count 1: every background pixel touches the square (the image is 5x5).
    EXPECT_EQ(filtered("imagejBinaryDilate", {num(1), num(0)}), std::vector<u8>(25, 255));
    // Outline: the interior pixel (no background neighbour) becomes background.
    EXPECT_EQ(filtered("imagejBinaryOutline", {num(0)}), picture({".....",
                                                                  ".###.",
                                                                  ".#.#.",
                                                                  ".###.",
                                                                  "....."}));
}
