package net.ijcl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.junit.After;
import org.junit.Test;

/**
 * Push/pull round trips through the GPU keep every pixel and the spatial calibration exactly;
 * binary and label images come back as ImageJ expects them. Oracle: the ImageJ image pushed (or
 * the values written), compared pixel by pixel.
 */
public class PushPullTest {

    @After
    public void releaseAll() {
        Ijcl.clear();
    }

    private static void assertSamePixels(ImagePlus expected, int[] stackIndices, ImagePlus actual) {
        assertEquals("width", expected.getWidth(), actual.getWidth());
        assertEquals("height", expected.getHeight(), actual.getHeight());
        assertEquals("planes", stackIndices.length, actual.getStackSize());
        assertEquals("bit depth", expected.getBitDepth(), actual.getBitDepth());
        for (int z = 0; z < stackIndices.length; z++) {
            Object e = expected.getStack().getPixels(stackIndices[z]);
            Object a = actual.getStack().getPixels(z + 1);
            if (e instanceof byte[]) assertArrayEquals("plane " + z, (byte[]) e, (byte[]) a);
            else if (e instanceof short[]) assertArrayEquals("plane " + z, (short[]) e, (short[]) a);
            else assertArrayEquals("plane " + z, (float[]) e, (float[]) a, 0f); // bit-exact floats
        }
    }

    private static int[] allPlanes(ImagePlus imp) {
        int[] p = new int[imp.getStackSize()];
        for (int i = 0; i < p.length; i++) p[i] = i + 1;
        return p;
    }

    /** Pushes {@code imp} under {@code name} and pulls it back; asserts that every plane's pixels are kept. */
    private static ImagePlus roundTrip(ImagePlus imp, String name) {
        Ijcl.push(imp, name);
        ImagePlus back = Ijcl.pull(name);
        assertSamePixels(imp, allPlanes(imp), back);
        return back;
    }

    private static void assertSameSpatialCalibration(Calibration e, Calibration a) {
        assertEquals("pixel width", e.pixelWidth, a.pixelWidth, 0);
        assertEquals("pixel height", e.pixelHeight, a.pixelHeight, 0);
        assertEquals("pixel depth", e.pixelDepth, a.pixelDepth, 0);
        assertEquals("x origin", e.xOrigin, a.xOrigin, 0);
        assertEquals("y origin", e.yOrigin, a.yOrigin, 0);
        assertEquals("z origin", e.zOrigin, a.zOrigin, 0);
        assertEquals("x unit", e.getXUnit(), a.getXUnit());
        assertEquals("y unit", e.getYUnit(), a.getYUnit());
        assertEquals("z unit", e.getZUnit(), a.getZUnit());
    }

    @Test
    public void eightBitImageRoundTrip() {
        ImagePlus blobs = TestData.open("blobs.tif");
        Calibration cal = blobs.getCalibration();
        cal.pixelWidth = 0.25; // a calibration to carry: 0.25 x 0.5 microns, origin (3, 4)
        cal.pixelHeight = 0.5;
        cal.setUnit("micron");
        cal.xOrigin = 3;
        cal.yOrigin = 4;
        ImagePlus back = roundTrip(blobs, "blobs");
        assertEquals("blobs", back.getTitle());
        assertSameSpatialCalibration(cal, back.getCalibration());
        long[] info = Ijcl.imageInfo("blobs");
        assertArrayEquals(new long[] {256, 254, 1, 0, 0}, info); // 256 x 254 x 1, uint8, intensity
    }

    @Test
    public void sixteenBitStackRoundTripKeepsCalibration() {
        ImagePlus head = TestData.open("mini-t1-head.tif"); // 32 x 32 x 32 uint16, calibrated slices
        assertEquals(16, head.getBitDepth());
        assertEquals(32, head.getStackSize());
        ImagePlus back = roundTrip(head, "head");
        assertSameSpatialCalibration(head.getCalibration(), back.getCalibration());
        assertEquals(32L * 32 * 32 * 2, Ijcl.memoryInUse()); // 32^3 pixels x 2 bytes
    }

    @Test
    public void eightBitStackRoundTripKeepsCalibration() {
        ImagePlus beads = TestData.open("beads_3d.tif"); // 41 x 150 x 150 uint8, voxel 0.125 in z
        ImagePlus back = roundTrip(beads, "beads");
        assertSameSpatialCalibration(beads.getCalibration(), back.getCalibration());
    }

    @Test
    public void virtualStackIsPushedPlaneByPlane() {
        ImagePlus virtual = ij.IJ.openVirtual(TestData.file("beads_3d.tif").getPath());
        assertTrue(virtual.getStack().isVirtual());
        ImagePlus beads = TestData.open("beads_3d.tif"); // oracle: the same file read into memory
        Ijcl.push(virtual, "virtual");
        assertSamePixels(beads, allPlanes(beads), Ijcl.pull("virtual"));
    }

    @Test
    public void thirtyTwoBitRoundTripIsBitExact() {
        // Real pixels made fractional and negative: (blobs - 100.5) * 0.37, not representable as integers.
        ImagePlus blobs = TestData.open("blobs.tif");
        FloatProcessor fp = blobs.getProcessor().convertToFloatProcessor();
        float[] p = (float[]) fp.getPixels();
        for (int i = 0; i < p.length; i++) p[i] = (p[i] - 100.5f) * 0.37f;
        ImagePlus imp = new ImagePlus("float", fp);
        roundTrip(imp, "float"); // one plane
    }

    @Test
    public void thirtyTwoBitStackRoundTrip() {
        ImagePlus head = TestData.open("mini-t1-head.tif");
        ImageStack floats = new ImageStack(head.getWidth(), head.getHeight());
        for (int z = 1; z <= head.getStackSize(); z++) {
            FloatProcessor fp = head.getStack().getProcessor(z).convertToFloatProcessor();
            fp.multiply(1.0 / 3.0); // thirds: inexact binary fractions
            floats.addSlice(fp);
        }
        ImagePlus imp = new ImagePlus("floats", floats);
        imp.setCalibration(head.getCalibration().copy());
        ImagePlus back = roundTrip(imp, "floats");
        assertSameSpatialCalibration(head.getCalibration(), back.getCalibration());
    }

    @Test
    public void hyperstackPushesCurrentChannelAndFrameZStack() {
        // mini-t1-head's 32 slices arranged as 2 channels x 16 slices (interleaved czt order):
        // channel c, slice z is stack index c + 2 * (z - 1).
        ImagePlus head = TestData.open("mini-t1-head.tif");
        head.setDimensions(2, 16, 1);
        head.setOpenAsHyperStack(true);
        head.setPosition(2, 5, 1);
        Ijcl.push(head, "channel2");
        assertArrayEquals(new long[] {32, 32, 16, 1, 0}, Ijcl.imageInfo("channel2"));
        int[] expected = new int[16];
        for (int z = 1; z <= 16; z++) expected[z - 1] = 2 + 2 * (z - 1);
        assertSamePixels(head, expected, Ijcl.pull("channel2"));
    }

    @Test
    public void multichannelImagePushesAllChannelsAsClij2Does() {
        // one slice, one frame, 3 channels: CLIJ2's push takes the channels as z, whatever the current channel
        ImagePlus nuclei = TestData.open("artificial_nuclei_and_granules.tif"); // 3 channels
        assertEquals(3, nuclei.getNChannels());
        nuclei.setPosition(3, 1, 1);
        Ijcl.push(nuclei, "channels");
        assertSamePixels(nuclei, new int[] {1, 2, 3}, Ijcl.pull("channels"));
    }

    @Test
    public void timeSeriesOfOneChannelIsPushedWhole() {
        ImagePlus movie = TestData.open("drosophila_timelapse.tif"); // 13 frames of 512 x 512
        Ijcl.push(movie, "movie");
        assertEquals(13, Ijcl.imageInfo("movie")[2]);
        assertSamePixels(movie, allPlanes(movie), Ijcl.pull("movie"));
    }

    @Test
    public void rgbImagesAreRefusedClearly() {
        ImagePlus rgb = TestData.open("blobs.tif");
        rgb.setProcessor(rgb.getProcessor().convertToRGB());
        try {
            Ijcl.push(rgb, "rgb");
            fail("RGB push must fail");
        } catch (IjclException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("argument 'image'") && e.getMessage().contains("RGB"));
        }
        assertFalse(Ijcl.exists("rgb"));
    }

    @Test
    public void binaryImagesArePulledAsZeroAnd255() {
        // A binary GPU image (kind 1) holding 0/1, written directly: ImageJ gets an 8-bit 0/255 mask.
        byte[] values = {0, 1, 1, 0, 1, 0};
        NativeLoader.load();
        NativeBridge.create("mask", 3, 2, 1, 0, 1);
        NativeBridge.writePlane("mask", 0, values);
        ImagePlus mask = Ijcl.pull("mask");
        assertEquals(8, mask.getBitDepth());
        assertArrayEquals(new byte[] {0, (byte) 255, (byte) 255, 0, (byte) 255, 0}, (byte[]) mask.getProcessor().getPixels());
        assertFalse("the temporary view is released", Ijcl.reportMemory().contains("__ijcl_pull_view"));
    }

    @Test
    public void labelImagesArePulledAsSixteenBitWhenIdsFit() {
        int[] ids = {0, 1, 2, 65535, 7, 0}; // largest id 65535 fits in 16 bits
        NativeLoader.load();
        NativeBridge.create("labels16", 3, 2, 1, 3, 2);
        NativeBridge.writePlane("labels16", 0, ids);
        ImagePlus labels = Ijcl.pull("labels16");
        assertEquals(16, labels.getBitDepth());
        ImageProcessor ip = labels.getProcessor();
        for (int i = 0; i < ids.length; i++) assertEquals("pixel " + i, ids[i], ip.get(i));
    }

    @Test
    public void labelImagesArePulledAsThirtyTwoBitWhenIdsExceedSixteenBits() {
        int[] ids = {0, 70000, 3, 65536, 1, 0}; // 70000 > 65535
        NativeLoader.load();
        NativeBridge.create("labels32", 3, 2, 1, 3, 2);
        NativeBridge.writePlane("labels32", 0, ids);
        ImagePlus labels = Ijcl.pull("labels32");
        assertEquals(32, labels.getBitDepth());
        float[] p = (float[]) labels.getProcessor().getPixels();
        for (int i = 0; i < ids.length; i++) assertEquals("pixel " + i, ids[i], p[i], 0f);
    }

    @Test
    public void operationOutputsInheritTheFirstInputsCalibration() {
        ImagePlus beads = TestData.open("beads_3d.tif");
        Ijcl.push(beads, "beads");
        Ijcl.execute("copy", "beads", "beads_copy");
        ImagePlus copy = Ijcl.pull("beads_copy");
        assertSameSpatialCalibration(beads.getCalibration(), copy.getCalibration());
        assertSamePixels(beads, allPlanes(beads), copy);
        // an image pushed without calibration passes "none" on to its outputs
        ImagePlus plain = new ImagePlus("plain", beads.getStack());
        plain.setCalibration(new Calibration());
        Ijcl.push(plain, "plain");
        Ijcl.execute("copy", "plain", "beads_copy");
        assertEquals(1.0, Ijcl.pull("beads_copy").getCalibration().pixelDepth, 0);
    }

    @Test
    public void releaseAndClearFreeGpuMemory() {
        ImagePlus blobs = TestData.open("blobs.tif");
        Ijcl.push(blobs, "a");
        Ijcl.push(blobs, "b");
        assertEquals(2L * 256 * 254, Ijcl.memoryInUse()); // two uint8 images of 256 x 254
        assertTrue(Ijcl.release("a"));
        assertFalse(Ijcl.release("a"));
        assertEquals(256L * 254, Ijcl.memoryInUse());
        Ijcl.clear();
        assertEquals(0, Ijcl.memoryInUse());
    }

    @Test
    public void pullOfAnUnknownNameNamesIt() {
        try {
            Ijcl.pull("nothing_here");
            fail("pull of an absent image must fail");
        } catch (IjclException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("'nothing_here'"));
        }
    }
}
