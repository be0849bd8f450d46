// A lost device (issue 16: Windows' display watchdog, TDR, resets a GPU whose kernel runs longer
// than about 2 s, and its context is lost) is recovered from: the failed call's error says so, the
// current session is replaced by a new one on the same device, and later calls work instead of
// each failing. The loss is simulated (Session::simulate_device_loss); the probe that notices a
// real one is checked to answer true on a working device.
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "ijcl/current_session.hpp"
#include "ijcl/errors.hpp"

namespace {

void push_ramp(ijcl::Session& s, const std::string& name) {
    const std::vector<float> pixels = {1, 2, 3, 4};
    s.create(name, {2, 2, 1}, ijcl::PixelType::Float32, ijcl::ImageKind::Intensity);
    s.write(name, 0, pixels.data(), pixels.size() * sizeof(float));
}

}  // namespace

TEST(DeviceLoss, AWorkingDeviceRespondsAndKeepsItsSession) {
    auto s = ijcl::replace_session("");
    push_ramp(*s, "dl_a");
    EXPECT_TRUE(s->device_responds());
    EXPECT_EQ(ijcl::recover_if_device_lost(), "");
    EXPECT_EQ(ijcl::current_session(), s);
    EXPECT_TRUE(s->find("dl_a") != nullptr);
}

TEST(DeviceLoss, ALostDeviceGetsANewSessionAndLaterCallsWork) {
    auto lost = ijcl::replace_session("");
    push_ramp(*lost, "dl_b");
    lost->simulate_device_loss();
    const std::string said = ijcl::recover_if_device_lost();
    EXPECT_NE(said.find("stopped responding"), std::string::npos) << said;
    EXPECT_NE(said.find("TDR"), std::string::npos) << said;
    EXPECT_NE(said.find("push them again"), std::string::npos) << said;
    EXPECT_NE(said.find(lost->device_info().name), std::string::npos) << said;

    auto fresh = ijcl::current_session();
    ASSERT_NE(fresh, lost);
    EXPECT_EQ(fresh->device_info().name, lost->device_info().name);
    EXPECT_FALSE(fresh->find("dl_b") != nullptr);  // the images were on the lost context
    // The old session refuses further work; the new one works: 1+2+3+4 = 10.
    EXPECT_THROW(lost->execute("sumOfAllPixels", {std::string("dl_b"), std::monostate{}}), ijcl::Error);
    push_ramp(*fresh, "dl_b");
    const ijcl::OpResult r = fresh->execute("sumOfAllPixels", {std::string("dl_b"), std::monostate{}});
    ASSERT_EQ(r.numbers.size(), 1u);
    EXPECT_EQ(r.numbers.front().second, 10.0);
    EXPECT_EQ(ijcl::recover_if_device_lost(), "");  // once recovered, nothing more to say
}
