package net.ijcl.ops;

import net.ijcl.Ijcl;
import org.junit.AfterClass;
import org.junit.BeforeClass;

/**
 * The setup of the operation tests against ImageJ: the default OpenCL device is chosen before
 * the class's tests, and every GPU image is freed after them.
 */
public abstract class DeviceTestBase {
    @BeforeClass
    public static void setUp() {
        Ijcl.selectDevice("");
    }

    @AfterClass
    public static void tearDown() {
        Ijcl.clear();
    }
}
