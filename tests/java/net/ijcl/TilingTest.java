package net.ijcl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.Prefs;
import ij.process.ImageProcessor;

import org.junit.After;
import org.junit.Test;

/**
 * The device-memory budget from ImageJ's preference {@link Ijcl#MAX_MEMORY_PREFERENCE}: an image
 * larger than it stays in host memory, operations on it run in tiles, and the pulled result equals
 * the untiled run byte for byte. Oracle: the same operation without a budget. Input: blobs.tif
 * (../shared/data) repeated 4 x 4 inside the test.
 */
public class TilingTest {

    @After
    public void restore() {
        Prefs.set(Ijcl.MAX_MEMORY_PREFERENCE, "");
        Ijcl.setMaxDeviceMemory("", false);
        Ijcl.clear();
    }

    private static ImagePlus repeated(ImagePlus imp, int nx, int ny) {
        ImageProcessor src = imp.getProcessor();
        ImageProcessor big = src.createProcessor(src.getWidth() * nx, src.getHeight() * ny);
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++) big.insert(src, i * src.getWidth(), j * src.getHeight());
        return new ImagePlus("blobs x" + nx * ny, big);
    }

    private static byte[] gaussianAndThreshold(ImagePlus imp) {
        Ijcl.push(imp, "in");
        Ijcl.execute("gaussianBlur2D", "in", "blurred", 10.0, 10.0);
        Ijcl.execute("greaterConstant", "blurred", "mask", 100.0);
        byte[] pixels = (byte[]) Ijcl.pull("mask").getProcessor().getPixels();
        Ijcl.clear();
        return pixels;
    }

    @Test
    public void preferenceBudgetTilesAndEqualsUntiled() {
        ImagePlus big = repeated(TestData.open("blobs.tif"), 4, 4);  // 1024 x 1016 8-bit
        Ijcl.setMaxDeviceMemory("", false);
        byte[] untiled = gaussianAndThreshold(big);

        Prefs.set(Ijcl.MAX_MEMORY_PREFERENCE, "512K");
        Ijcl.selectDevice(Ijcl.preferredDevice());  // a device opened reads the preference
        long before = Ijcl.tilesRun();
        byte[] tiled = gaussianAndThreshold(big);
        assertTrue("more than one tile ran", Ijcl.tilesRun() - before > 1);
        assertArrayEquals("tiled result equals the untiled one", untiled, tiled);
    }
}
