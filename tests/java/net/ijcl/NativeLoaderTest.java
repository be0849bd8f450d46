package net.ijcl;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

/** The native library loads once, and a missing OpenCL loader is reported with what to install. */
public class NativeLoaderTest {

    @Test
    public void loadsOnceAndSaysFromWhere() {
        NativeLoader.load();
        NativeLoader.load(); // second call: no-op
        assertNotNull(NativeLoader.loadedFrom());
        assertTrue(NativeBridge.registry().startsWith("op\t"));
    }

    @Test
    public void missingOpenClLoaderNamesThePackages() {
        // the message the dynamic linker gives when libOpenCL.so.1 is absent
        UnsatisfiedLinkError e = new UnsatisfiedLinkError(
                "/tmp/libijcl.so: libOpenCL.so.1: cannot open shared object file: No such file or directory");
        try {
            NativeLoader.checkOpenCl(e);
            fail("a missing libOpenCL must become an IjclException");
        } catch (IjclException x) {
            assertTrue(x.getMessage(), x.getMessage().contains("apt-get install ocl-icd-libopencl1"));
            assertTrue(x.getMessage(), x.getMessage().contains("pocl-opencl-icd"));
            assertTrue(x.getMessage(), x.getMessage().contains("libOpenCL.so.1"));
        }
        NativeLoader.checkOpenCl(new UnsatisfiedLinkError("no ijcl in java.library.path")); // unrelated: no exception
    }
}
