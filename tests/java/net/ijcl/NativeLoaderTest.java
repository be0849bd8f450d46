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

    @Test
    public void missingOpenClOnWindowsAndMacNamesWhatToInstall() {
        // Windows' JVM names no file when a DLL that ijcl.dll imports is missing; ijcl.dll imports
        // only Windows' own DLLs and OpenCL.dll
        try {
            NativeLoader.checkOpenCl(new UnsatisfiedLinkError("C:\\Fiji\\lib\\win64\\ijcl.dll: Can't find dependent libraries"), "win64");
            fail("a missing OpenCL.dll must become an IjclException");
        } catch (IjclException x) {
            assertTrue(x.getMessage(), x.getMessage().contains("OpenCL.dll was not found"));
            assertTrue(x.getMessage(), x.getMessage().contains("driver of your graphics card"));
            assertTrue(x.getMessage(), x.getMessage().contains("PoCL"));
        }
        try {
            NativeLoader.checkOpenCl(new UnsatisfiedLinkError("dlopen(libijcl.dylib): Library not loaded: "
                    + "/System/Library/Frameworks/OpenCL.framework/Versions/A/OpenCL"), "macos-arm64");
            fail("a missing OpenCL framework must become an IjclException");
        } catch (IjclException x) {
            assertTrue(x.getMessage(), x.getMessage().contains("macOS includes OpenCL"));
        }
        NativeLoader.checkOpenCl(new UnsatisfiedLinkError("some other failure"), "win64"); // unrelated: no exception
    }

    @Test
    public void unsupportedPlatformSaysWhichAreSupported() {
        String m = NativeLoader.unsupportedMessage("win32");
        assertTrue(m, m.contains("platform 'win32'"));
        assertTrue(m, m.contains("linux64, linux-arm64, win64, macos64, macos-arm64"));
        assertTrue(m, m.contains("64-bit Java"));
    }
}
