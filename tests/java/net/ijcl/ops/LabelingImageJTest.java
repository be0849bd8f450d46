package net.ijcl.ops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.plugin.filter.ParticleAnalyzer;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.StackStatistics;
import java.io.File;
import java.util.HashMap;
import java.util.Map;
import net.ijcl.Ijcl;
import net.ijcl.ReferenceLabels;
import org.junit.Test;

/**
 * connectedComponentsLabelingBox against ImageJ's Analyze Particles (2D, blobs.tif: its 8-bit mask,
 * and the same objects as 16-bit and 32-bit images holding blobs' values, 0 outside) and a
 * breadth-first 26-connected labelling written here (3D, beads_3d.tif). Tolerance: none (the
 * object count, the partition and, since both number objects in raster order of their first
 * pixel, the ids themselves must be equal).
 */
public class LabelingImageJTest extends DeviceTestBase {
    static File data(String name) {
        return new File(System.getProperty("ijcl.data.dir"), name);
    }

    /** Pixel values of every plane of a pulled label image, as ints, planes one after another. */
    static int[] labelsOf(ImagePlus imp) {
        int w = imp.getWidth(), h = imp.getHeight(), d = imp.getStackSize();
        int[] out = new int[w * h * d];
        ImageStack stack = imp.getStack();
        for (int z = 0; z < d; z++) {
            ImageProcessor ip = stack.getProcessor(z + 1);
            for (int i = 0; i < w * h; i++) out[z * w * h + i] = (int) ip.getf(i);
        }
        return out;
    }

    /** Asserts that two label images describe the same partition with the same ids. */
    static void assertSameLabels(String what, int[] expected, int[] actual) {
        assertEquals(expected.length, actual.length);
        Map<Integer, Integer> forward = new HashMap<>(), backward = new HashMap<>();
        int differ = 0, inconsistent = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) differ++;
            Integer f = forward.putIfAbsent(expected[i], actual[i]);
            Integer b = backward.putIfAbsent(actual[i], expected[i]);
            if ((f != null && f != actual[i]) || (b != null && b != expected[i])) inconsistent++;
        }
        assertEquals(what + ": pixels whose object differs (as a partition)", 0, inconsistent);
        assertEquals(what + ": pixels whose id differs", 0, differ);
    }

    @Test
    public void blobsCountAndMasksEqualAnalyzeParticles() {
        ByteProcessor mask = MorphologyImageJTest.blobsMask();
        int w = mask.getWidth(), h = mask.getHeight();

        // ImageJ: Analyze Particles on the mask thresholded at 255, all sizes, no edge exclusion,
        // with a count mask (each particle's pixels set to its 1-based row number).
        ImagePlus imp = new ImagePlus("mask", mask.duplicate());
        imp.getProcessor().setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
        ResultsTable rt = new ResultsTable();
        ParticleAnalyzer pa = new ParticleAnalyzer(ParticleAnalyzer.SHOW_ROI_MASKS, 0, rt, 0, Double.POSITIVE_INFINITY);
        pa.setHideOutputImage(true);
        assertTrue(pa.analyze(imp));
        int imagejCount = rt.size();
        int[] imagejMask = labelsOf(pa.getOutputImage());

        Ijcl.push(new ImagePlus("mask", mask), "ccl_blobs");
        Ijcl.execute("connectedComponentsLabelingBox", "ccl_blobs", "ccl_blobs_labels");
        int[] ours = labelsOf(Ijcl.pull("ccl_blobs_labels"));
        int ourCount = 0;
        for (int v : ours) ourCount = Math.max(ourCount, v);

        assertTrue("blobs should hold dozens of objects, got " + imagejCount, imagejCount > 40);
        assertEquals("object count", imagejCount, ourCount);
        assertSameLabels("blobs labels vs ImageJ count mask", imagejMask, ours);
        assertEquals(w * h, ours.length);

        // The same objects as 16-bit and 32-bit images (ijcl: any pixel type, non-zero = foreground):
        // blobs' raw values (>= 128) inside the mask, 0 outside, x 257 (16-bit) or / 3 (32-bit).
        byte[] raw = (byte[]) IJ.openImage(data("blobs.tif").getPath()).getProcessor().getPixels();
        byte[] m = (byte[]) mask.getPixels();
        ImageProcessor[] typed = {new ij.process.ShortProcessor(w, h), new ij.process.FloatProcessor(w, h)};
        for (ImageProcessor ip : typed) {
            for (int i = 0; i < w * h; i++) {
                int v = m[i] == 0 ? 0 : raw[i] & 0xff;
                ip.setf(i, ip instanceof ij.process.ShortProcessor ? v * 257 : v / 3f);
            }
            Ijcl.push(new ImagePlus("objects", ip), "ccl_typed");
            Ijcl.execute("connectedComponentsLabelingBox", "ccl_typed", "ccl_typed_labels");
            assertSameLabels("blobs labels of the " + ip.getBitDepth() + "-bit objects vs ImageJ count mask", imagejMask,
                    labelsOf(Ijcl.pull("ccl_typed_labels")));
        }
    }

    /** Breadth-first labelling, 26-connectivity, ids in raster order of each object's first voxel. */
    static int[] reference26(boolean[] fg, int w, int h, int d) {
        return ReferenceLabels.label26(fg, w, h, d);
    }

    @Test
    public void beads3dEqualsReference26Labelling() {
        ImagePlus beads = IJ.openImage(data("beads_3d.tif").getPath());
        int w = beads.getWidth(), h = beads.getHeight(), d = beads.getStackSize();
        assertTrue("beads_3d.tif should be a stack", d > 1);
        // Threshold: ImageJ's Default (IsoData variant) on the stack histogram.
        StackStatistics stats = new StackStatistics(beads);
        int threshold = new ij.process.AutoThresholder().getThreshold(ij.process.AutoThresholder.Method.Default,
                stats.histogram);
        boolean[] fg = new boolean[w * h * d];
        ImageStack maskStack = new ImageStack(w, h);
        for (int z = 0; z < d; z++) {
            byte[] p = (byte[]) beads.getStack().getPixels(z + 1);
            byte[] m = new byte[w * h];
            for (int i = 0; i < w * h; i++) {
                boolean on = (p[i] & 0xff) > threshold;
                fg[z * w * h + i] = on;
                m[i] = (byte) (on ? 255 : 0);
            }
            maskStack.addSlice(null, m);
        }
        int[] expected = reference26(fg, w, h, d);
        int count = 0;
        for (int v : expected) count = Math.max(count, v);
        assertTrue("the beads mask should hold several objects, got " + count, count > 3);

        Ijcl.push(new ImagePlus("beads_mask", maskStack), "ccl_beads");
        Ijcl.execute("connectedComponentsLabelingBox", "ccl_beads", "ccl_beads_labels");
        assertSameLabels("beads_3d labels vs 26-connected BFS", expected, labelsOf(Ijcl.pull("ccl_beads_labels")));
    }
}
