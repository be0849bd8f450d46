// Run by ctest with OCL_ICD_VENDORS pointing at an empty folder: no OpenCL platform exists, and
// the error must say which packages to install (not crash, not hang).
#include <gtest/gtest.h>

#include "ijcl/device.hpp"
#include "ijcl/errors.hpp"
#include "ijcl/session.hpp"

TEST(NoDevice, ListDevicesNamesPackages) {
    try {
        ijcl::list_devices();
        FAIL() << "expected an error without any OpenCL platform";
    } catch (const ijcl::Error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("no OpenCL platform"), std::string::npos) << message;
        EXPECT_NE(message.find("pocl-opencl-icd"), std::string::npos) << message;
        EXPECT_NE(message.find("ocl-icd-libopencl1"), std::string::npos) << message;
    }
}

TEST(NoDevice, SessionFailsCleanly) {
    EXPECT_THROW(ijcl::Session session(""), ijcl::Error);
}
