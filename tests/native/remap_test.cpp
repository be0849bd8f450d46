// The remap family (native/src/ops/remap_ops.cpp) on worked examples; crops, rotations,
// sub-stacks, concatenation and combination are also compared with ImageJ in RemapImageJTest.
#include "test_support.hpp"

using namespace ijcl_test;

namespace {
// 3 x 2 x 2, value = 100 z + 10 y + x
void push_cube(const char* name) {
    push<std::uint16_t>(name, 3, 2, 2, {0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112});
}
ijcl::Shape shape(const char* name) { return session().get(name)->shape(); }
}  // namespace

TEST(Remap, CropsAndSubStacks) {
    push_cube("rc");
    run("crop3D", {img("rc"), img("rc3"), num(1), num(1), num(1), num(2), num(1), num(1)});
    EXPECT_EQ(pull<std::uint16_t>("rc3"), (std::vector<std::uint16_t>{111, 112}));
    run("crop2D", {img("rc"), img("rc2"), num(2), num(0), num(1), num(2)});
    EXPECT_EQ(pull<std::uint16_t>("rc2"), (std::vector<std::uint16_t>{2, 12}));
    run("subStack", {img("rc"), img("rcs"), num(1), num(1)});
    EXPECT_EQ(pull<std::uint16_t>("rcs"), (std::vector<std::uint16_t>{100, 101, 102, 110, 111, 112}));
    expect_error([] { run("crop2D", {img("rc"), img("rcx"), num(2), num(0), num(2), num(1)}); },
                 {"crop2D", "argument 'width'", "beyond the image"});
    expect_error([] { run("subStack", {img("rc"), img("rcx"), num(1), num(0)}); }, {"argument 'end_z'", "below start_z"});
}

TEST(Remap, TransposesAndRotations) {
    push_cube("rt");
    // clockwise: the bottom-left corner goes to the top-left
    const struct {
        const char* op;
        ijcl::Shape shape;
        std::vector<std::uint16_t> values;
    } cases[] = {
        {"transposeXY", {2, 3, 2}, {0, 10, 1, 11, 2, 12, 100, 110, 101, 111, 102, 112}},
        {"transposeXZ", {2, 2, 3}, {0, 100, 10, 110, 1, 101, 11, 111, 2, 102, 12, 112}},
        {"transposeYZ", {3, 2, 2}, {0, 1, 2, 100, 101, 102, 10, 11, 12, 110, 111, 112}},
        {"rotateClockwise", {2, 3, 2}, {10, 0, 11, 1, 12, 2, 110, 100, 111, 101, 112, 102}},
        {"rotateCounterClockwise", {2, 3, 2}, {2, 12, 1, 11, 0, 10, 102, 112, 101, 111, 100, 110}},
    };
    for (const auto& c : cases) {
        const std::string out = std::string("rt_") + c.op;
        run(c.op, {img("rt"), img(out.c_str())});
        EXPECT_EQ(shape(out.c_str()), c.shape) << c.op;
        EXPECT_EQ(pull<std::uint16_t>(out), c.values) << c.op;
    }
}

TEST(Remap, StacksCombinedReducedAndPasted) {
    push_cube("rs");
    run("concatenateStacks", {img("rs"), img("rs"), img("rsc")});
    EXPECT_EQ(shape("rsc"), (ijcl::Shape{3, 2, 4}));
    run("combineHorizontally", {img("rs"), img("rs"), img("rsh")});
    EXPECT_EQ(shape("rsh"), (ijcl::Shape{6, 2, 2}));
    EXPECT_EQ(pull<std::uint16_t>("rsh")[3], 0);
    EXPECT_EQ(pull<std::uint16_t>("rsh")[4], 1);
    run("combineVertically", {img("rs"), img("rs"), img("rsv")});
    EXPECT_EQ(shape("rsv"), (ijcl::Shape{3, 4, 2}));
    EXPECT_EQ(pull<std::uint16_t>("rsv")[6], 0);
    run("reduceStack", {img("rsc"), img("rsr"), num(2), num(1)});  // planes 1 and 3 of 0..3
    EXPECT_EQ(pull<std::uint16_t>("rsr"), (std::vector<std::uint16_t>{100, 101, 102, 110, 111, 112, 100, 101, 102, 110, 111, 112}));
    push<std::uint16_t>("rsp", 2, 1, 1, {7, 8});
    run("paste3D", {img("rsp"), img("rs"), num(2), num(1), num(1)});  // (2,1,1) inside, (3,1,1) outside
    EXPECT_EQ(pull<std::uint16_t>("rs"), (std::vector<std::uint16_t>{0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 7}));
    run("copySlice", {img("rs"), img("rs1"), num(1)});
    EXPECT_EQ(pull<std::uint16_t>("rs1"), (std::vector<std::uint16_t>{100, 101, 102, 110, 111, 7}));
    push<std::uint16_t>("rsq", 3, 2, 1, {5, 5, 5, 5, 5, 5});
    run("copySlice", {img("rsq"), img("rs"), num(0)});
    EXPECT_EQ(pull<std::uint16_t>("rs"), (std::vector<std::uint16_t>{5, 5, 5, 5, 5, 5, 100, 101, 102, 110, 111, 7}));
    run("imageToStack", {img("rsq"), img("rsi"), num(3)});
    EXPECT_EQ(shape("rsi"), (ijcl::Shape{3, 2, 3}));
    expect_error([] { run("paste2D", {img("rsq"), img("no_such_target"), num(0), num(0)}); },
                 {"paste2D", "argument 'destination'", "existing image"});
    expect_error([] { run("combineVertically", {img("rs"), img("rsh"), img("rsx")}); },
                 {"argument 'stack2'", "widths"});
}

TEST(Conversion, CreateAndConvert) {
    run("create3D", {img("cv_new"), num(3), num(2), num(2), num(16)});
    EXPECT_EQ(session().get("cv_new")->type(), ijcl::PixelType::UInt16);
    EXPECT_EQ(pull<std::uint16_t>("cv_new"), std::vector<std::uint16_t>(12, 0));
    run("create2D", {img("cv_2d"), num(4), num(1), num(8)});
    EXPECT_EQ(pull<std::uint8_t>("cv_2d"), std::vector<std::uint8_t>(4, 0));
    expect_error([] { run("create2D", {img("cv_bad"), num(4), num(1), num(12)}); }, {"create2D", "argument 'bitDepth'", "8, 16 or 32"});
    // float -> uint8: half up, saturated, NaN -> 0
    push<float>("cv_f", 6, 1, 1, {-3.0f, 0.49f, 0.5f, 254.5f, 300.0f, std::nanf("")});
    run("convertUInt8", {img("cv_f"), img("cv_8")});
    EXPECT_EQ(pull<std::uint8_t>("cv_8"), (std::vector<std::uint8_t>{0, 0, 1, 255, 255, 0}));
    run("convertUInt16", {img("cv_f"), img("cv_16")});
    EXPECT_EQ(pull<std::uint16_t>("cv_16"), (std::vector<std::uint16_t>{0, 0, 1, 255, 300, 0}));
    push<std::uint16_t>("cv_u", 2, 1, 1, {65535, 7});
    run("convertFloat", {img("cv_u"), img("cv_ff")});
    EXPECT_EQ(pull<float>("cv_ff"), (std::vector<float>{65535.0f, 7.0f}));
}
