// CLIJ2's affine-transform grammar (parse_affine_transform) against matrices worked out by hand
// from CLIJ2's Java (AffineTransform2D/3D: commands multiplied left to right, scale=f -> 1/f,
// rotate=a -> imglib2 rotation by -a, translate=t -> +t, center -> minus half the size rounded
// down), and small hand-checked runs of the geometry operations.
#include <cmath>

#include "../../native/src/ops/geometry.hpp"
#include "test_support.hpp"

using namespace ijcl_test;
using ijcl::Affine;
using ijcl::parse_affine_transform;
using ijcl::Shape;
using u8 = std::uint8_t;

namespace {

Affine parsed(const std::string& text, Shape shape, bool three_d) {
    Affine a;
    const std::string error = parse_affine_transform(text, shape, three_d, a);
    EXPECT_EQ(error, "") << text;
    return a;
}

void expect_matrix(const Affine& a, const std::vector<double>& rows12, double tol = 1e-6) {
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c) EXPECT_NEAR(a.m[r][c], rows12[r * 4 + c], tol) << "row " << r << " column " << c;
}

}  // namespace

TEST(GeometryGrammar, CentredQuarterTurn) {
    // 11 x 7: c = (5, 3). "-center rotate=90 center" = T(+c) R(-90 deg) T(-c); R(-90) = [[0, 1], [-1, 0]]:
    // x' = (y - 3) + 5 = y + 2, y' = -(x - 5) + 3 = -x + 8.
    expect_matrix(parsed("-center rotate=90 center", {11, 7, 1}, false),
                  {0, 1, 0, 2, -1, 0, 0, 8, 0, 0, 1, 0});
}

TEST(GeometryGrammar, LeftToRightCompositionScaleShearTranslate) {
    // S(1/2) T(3, 0): x' = (x + 3) / 2 -> m00 0.5, m03 1.5; z scaled too in 3D.
    expect_matrix(parsed("scale=2 translateX=3", {8, 8, 8}, true), {0.5, 0, 0, 1.5, 0, 0.5, 0, 0, 0, 0, 0.5, 0});
    // the same in 2D leaves z alone
    expect_matrix(parsed("scale=2 translateX=3", {8, 8, 1}, false), {0.5, 0, 0, 1.5, 0, 0.5, 0, 0, 0, 0, 1, 0});
    // T(3, 0) S(1/2): x' = x / 2 + 3
    expect_matrix(parsed("translateX=3 scale=2", {8, 8, 1}, false), {0.5, 0, 0, 3, 0, 0.5, 0, 0, 0, 0, 1, 0});
    // shearXY=0.5: x' = x + 0.5 y; shearZX=2: z' = z + 2 x
    expect_matrix(parsed("shearXY=0.5", {4, 4, 1}, false), {1, 0.5, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0});
    expect_matrix(parsed("shearZX=2", {4, 4, 4}, true), {1, 0, 0, 0, 0, 1, 0, 0, 2, 0, 1, 0});
}

TEST(GeometryGrammar, CaseAndSpacesAndCentreRounding) {
    // scaleX=4 then translateY=-2; extra spaces ignored; keywords case-insensitive
    expect_matrix(parsed("  ScaleX=4   TRANSLATEy=-2 ", {5, 5, 1}, false), {0.25, 0, 0, 0, 0, 1, 0, -2, 0, 0, 1, 0});
    // center on 9 x 5 x 3: -(4, 2, 1) (Java's long division)
    expect_matrix(parsed("center", {9, 5, 3}, true), {1, 0, 0, -4, 0, 1, 0, -2, 0, 0, 1, -1});
    // rotateX=90: imglib2 rotation about x by -90 deg: y' = z, z' = -y
    expect_matrix(parsed("rotateX=90", {4, 4, 4}, true), {1, 0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 0});
    // rotateY=90: about y by -90 deg: [[c, 0, s], [0, 1, 0], [-s, 0, c]] with s = -1: x' = -z, z' = x
    expect_matrix(parsed("rotateY=90", {4, 4, 4}, true), {0, 0, -1, 0, 0, 1, 0, 0, 1, 0, 0, 0});
}

TEST(GeometryGrammar, ErrorsNameTheCommand) {
    Affine a;
    EXPECT_NE(parse_affine_transform("rotate=abc", {4, 4, 1}, false, a).find("rotate=<number>"), std::string::npos);
    EXPECT_NE(parse_affine_transform("spin=3", {4, 4, 1}, false, a).find("unknown command 'spin'"), std::string::npos);
    EXPECT_NE(parse_affine_transform("rotate", {4, 4, 1}, false, a).find("rotate=<number>"), std::string::npos);
    EXPECT_NE(parse_affine_transform("rotateX=3", {4, 4, 1}, false, a).find("only in affineTransform3D"), std::string::npos);
    EXPECT_NE(parse_affine_transform("scale=0", {4, 4, 1}, false, a).find("not be 0"), std::string::npos);
    EXPECT_NE(parse_affine_transform("translateX=nan", {4, 4, 1}, false, a).find("<number>"), std::string::npos);
}

TEST(GeometryOps, BadTransformIsRefusedNamingTheArgument) {
    push<u8>("gt_src", 3, 2, 1, {1, 2, 3, 4, 5, 6});
    expect_error([] { run("affineTransform2D", {img("gt_src"), img("gt_dst"), std::string("rotate=x")}); },
                 {"affineTransform2D", "argument 'transform'", "rotate=x"});
}

TEST(GeometryOps, WholePixelShiftsCopyPixels) {
    // translate2D(1, 0): destination (x, y) = source (x + 1, y); the last column samples outside: 0.
    push<u8>("gs_src", 4, 2, 1, {1, 2, 3, 4, 5, 6, 7, 8});
    run("translate2D", {img("gs_src"), img("gs_dst"), num(1), num(0)});
    EXPECT_EQ(pull<u8>("gs_dst"), (std::vector<u8>{2, 3, 4, 0, 6, 7, 8, 0}));
    // half a pixel: the mean of neighbours, rounded half up; at the edge half of the outside 0
    run("translate2D", {img("gs_src"), img("gs_dst2"), num(0.5), num(0)});
    EXPECT_EQ(pull<u8>("gs_dst2"), (std::vector<u8>{2, 3, 4, 2, 6, 7, 8, 4}));  // 1.5, 2.5, 3.5, 4/2
    // a constant vector field of 1 along x equals translate2D(1, 0)
    push<float>("gs_vx", 4, 2, 1, {1, 1, 1, 1, 1, 1, 1, 1});
    push<float>("gs_vy", 4, 2, 1, {0, 0, 0, 0, 0, 0, 0, 0});
    run("applyVectorField2D", {img("gs_src"), img("gs_vx"), img("gs_vy"), img("gs_dst3")});
    EXPECT_EQ(pull<u8>("gs_dst3"), (std::vector<u8>{2, 3, 4, 0, 6, 7, 8, 0}));
}

TEST(GeometryOps, ShapesAndHalfMedian) {
    push<u8>("gh_src", 5, 3, 1, {1, 2, 9, 9, 7, 3, 10, 0, 4, 7, 0, 0, 0, 0, 0});
    run("downsampleSliceBySliceHalfMedian", {img("gh_src"), img("gh_dst")});
    // 5 x 3 -> 2 x 1: blocks {1, 2, 3, 10} -> (2 + 3) / 2 = 2.5 -> 3; {9, 9, 0, 4} -> (4 + 9) / 2 = 6.5 -> 7
    EXPECT_EQ(pull<u8>("gh_dst"), (std::vector<u8>{3, 7}));
    // resample 5 x 3 by 2 x 1 x 1, nearest: every column twice
    run("resample", {img("gh_src"), img("gh_res"), num(2), num(1), num(1), flag(false)});
    const std::vector<u8> r = pull<u8>("gh_res");
    ASSERT_EQ(r.size(), 30u);
    EXPECT_EQ(std::vector<u8>(r.begin(), r.begin() + 10), (std::vector<u8>{1, 1, 2, 2, 9, 9, 9, 9, 7, 7}));
    expect_error([] { run("resample", {img("gh_src"), img("gh_bad"), num(0.1), num(1), num(1), flag(false)}); },
                 {"argument 'factor_x'", "below 1 pixel"});
}
