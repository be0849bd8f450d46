package net.ijcl.ops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.process.ByteProcessor;
import java.io.File;
import net.ijcl.Ijcl;
import org.junit.Test;

/**
 * erodeBox / dilateBox against ImageJ's Process > Binary > Erode and Dilate (iterations=1,
 * count=1, black background, "Pad edges when eroding" off) on a thresholded blobs.tif.
 * Tolerance: none (binary outputs must be equal pixel for pixel).
 */
public class MorphologyImageJTest extends DeviceTestBase {
    static final int THRESHOLD = 128;  // blobs.tif raw values: blobs high (~248), background low (~8)

    /** blobs.tif thresholded at raw value >= 128 as a 0/255 mask with a normal (non-inverted) LUT. */
    static ByteProcessor blobsMask() {
        ImagePlus blobs = IJ.openImage(new File(System.getProperty("ijcl.data.dir"), "blobs.tif").getPath());
        byte[] raw = (byte[]) blobs.getProcessor().getPixels();
        byte[] mask = new byte[raw.length];
        for (int i = 0; i < raw.length; i++) mask[i] = (byte) ((raw[i] & 0xff) >= THRESHOLD ? 255 : 0);
        return new ByteProcessor(blobs.getWidth(), blobs.getHeight(), mask);
    }

    /** Runs the ImageJ command on a copy of the mask and returns the result's pixels. */
    static byte[] imagej(ByteProcessor mask, String command) {
        boolean black = Prefs.blackBackground, pad = Prefs.padEdges;
        try {
            Prefs.blackBackground = true;
            Prefs.padEdges = false;
            ImagePlus imp = new ImagePlus("mask", mask.duplicate());
            IJ.run(imp, "Options...", "iterations=1 count=1 black");
            IJ.run(imp, command, "");
            return (byte[]) imp.getProcessor().getPixels();
        } finally {
            Prefs.blackBackground = black;
            Prefs.padEdges = pad;
        }
    }

    static byte[] ijcl(ByteProcessor mask, String op) {
        Ijcl.push(new ImagePlus("mask", mask), "morph_mask");
        Ijcl.execute(op, "morph_mask", "morph_result");
        ImagePlus out = Ijcl.pull("morph_result");
        assertEquals(8, out.getBitDepth());
        return (byte[]) out.getProcessor().getPixels();
    }

    static void assertSame(String what, byte[] expected, byte[] actual, int width) {
        assertEquals(expected.length, actual.length);
        int differ = 0, first = -1;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                if (first < 0) first = i;
                differ++;
            }
        }
        assertEquals(what + ": pixels differing from ImageJ (first at x=" + (first % width) + ", y="
                + (first / width) + ")", 0, differ);
    }

    @Test
    public void erodeBoxEqualsImageJErode() {
        ByteProcessor mask = blobsMask();
        byte[] expected = imagej(mask, "Erode");
        // The erosion changes something, and blobs touch the border (so the edge rule matters).
        int foregroundBefore = 0, foregroundAfter = 0, borderForeground = 0;
        byte[] m = (byte[]) mask.getPixels();
        int w = mask.getWidth(), h = mask.getHeight();
        for (int i = 0; i < m.length; i++) {
            foregroundBefore += m[i] != 0 ? 1 : 0;
            foregroundAfter += expected[i] != 0 ? 1 : 0;
            int x = i % w, y = i / w;
            if (m[i] != 0 && (x == 0 || y == 0 || x == w - 1 || y == h - 1)) borderForeground++;
        }
        assertTrue(foregroundAfter < foregroundBefore);
        assertTrue("blobs should touch the image border", borderForeground > 0);
        assertSame("erodeBox", expected, ijcl(mask, "erodeBox"), w);
    }

    @Test
    public void dilateBoxEqualsImageJDilate() {
        ByteProcessor mask = blobsMask();
        assertSame("dilateBox", imagej(mask, "Dilate"), ijcl(mask, "dilateBox"), mask.getWidth());
    }
}
