package net.ijcl;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;

import java.io.File;

/** The real test images of ../shared/data (system property ijcl.data.dir, set by the pom). */
public final class TestData {
    private TestData() {}

    public static File file(String name) {
        String dir = System.getProperty("ijcl.data.dir", "../shared/data");
        File f = new File(dir, name);
        assertTrue("test image missing: " + f, f.isFile());
        return f;
    }

    public static ImagePlus open(String name) {
        ImagePlus imp = IJ.openImage(file(name).getPath());
        assertNotNull("ImageJ could not open " + name, imp);
        return imp;
    }
}
