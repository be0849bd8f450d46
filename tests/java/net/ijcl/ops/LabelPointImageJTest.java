package net.ijcl.ops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Measurements;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.AutoThresholder;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ImageStatistics;
import ij.process.StackStatistics;
import net.ijcl.Ijcl;
import org.junit.Test;

import java.awt.Rectangle;

/**
 * ImageJ as the oracle of the label-point measurements, on the odd-sized 127 x 93 x 7 crops of
 * OddSizedImageJTest (uint8, uint16, float32) and their uint32 connected components:
 * statisticsOfImage against ImageJ's StackStatistics of the whole stack (Measure without a
 * selection), statisticsOfBackgroundAndLabelledPixels against ImageJ's Measure through a selection of each
 * id's pixels (ThresholdToSelection; id 0 = the background, row 0),
 * and histogram against ImageJ's StackStatistics histogram with the bin edges of CLIJ2's kernels
 * (2D: bins start at the minimum, width step = (max - min) / (bins - 1); 3D: bins centred there).
 * Tolerances: counts, minima, maxima, bounding boxes exact; means and centroids within 1e-9
 * relative (ImageJ sums in double in another order).
 */
public class LabelPointImageJTest extends DeviceTestBase {
    static final int W = OddSizedImageJTest.W, H = OddSizedImageJTest.H, D = OddSizedImageJTest.D;

    /** The crops plus their uint32 connected components (pulled as a 32-bit ImagePlus for ImageJ). */
    static ImagePlus[] inputs() {
        ImagePlus[] stacks = OddSizedImageJTest.stacks();
        ImagePlus labels = labels(stacks[0], "lp_labels");
        labels.setTitle("labels32");
        return new ImagePlus[] {stacks[0], stacks[1], stacks[2], labels};
    }

    /** Connected components (ijcl, uint32, kept on the GPU under {@code name}) of each plane's Default mask. */
    static ImagePlus labels(ImagePlus u8, String name) {
        AutoThresholder t = new AutoThresholder();
        ImageStack masks = new ImageStack(u8.getWidth(), u8.getHeight());
        for (int z = 1; z <= u8.getStackSize(); z++) {
            ImageProcessor ip = u8.getStack().getProcessor(z);
            int level = t.getThreshold(AutoThresholder.Method.Default, ip.getHistogram());
            ByteProcessor m = new ByteProcessor(ip.getWidth(), ip.getHeight());
            for (int i = 0; i < ip.getPixelCount(); i++) m.set(i, ip.get(i) > level ? 255 : 0);
            masks.addSlice(m);
        }
        Ijcl.push(new ImagePlus("mask", masks), "lp_mask");
        Ijcl.execute("connectedComponentsLabelingBox", "lp_mask", name);
        Ijcl.release("lp_mask");
        long[] info = Ijcl.imageInfo(name);
        assertEquals("uint32 labels (type code 3)", 3, info[3]);
        return Ijcl.pull(name);
    }

    /** Pushes {@code imp} under {@code name}; the uint32 labels are already on the GPU. */
    static void push(ImagePlus imp, String name) {
        if (imp.getTitle().equals("labels32")) Ijcl.execute("copy", "lp_labels", name);
        else Ijcl.push(imp, name);
    }

    @Test
    public void statisticsOfImageEqualsStackStatistics() {
        for (ImagePlus imp : inputs()) {
            String type = imp.getTitle();
            push(imp, "lp_in");
            ResultsTable ours = Ijcl.execute("statisticsOfImage", "lp_in").table;
            StackStatistics ij = new StackStatistics(imp);
            assertEquals(type + " rows", 1, ours.size());
            assertEquals(type + " id", 1, ours.getValue("IDENTIFIER", 0), 0.0);
            assertEquals(type + " count", (double) W * H * D, ours.getValue("PIXEL_COUNT", 0), 0.0);
            assertEquals(type + " count = ImageJ's", ij.pixelCount, ours.getValue("PIXEL_COUNT", 0), 0.0);
            assertEquals(type + " min", ij.min, ours.getValue("MINIMUM_INTENSITY", 0), 0.0);
            assertEquals(type + " max", ij.max, ours.getValue("MAXIMUM_INTENSITY", 0), 0.0);
            assertEquals(type + " mean", ij.mean, ours.getValue("MEAN_INTENSITY", 0), 1e-9 * Math.abs(ij.mean));
            assertEquals(type + " sum", ij.mean * ij.pixelCount, ours.getValue("SUM_INTENSITY", 0), 1e-9 * Math.abs(ij.mean * ij.pixelCount));
            // ImageJ's centroid of the whole plane (Measure without a selection), pixel centres at + 0.5
            ImageStatistics plane = ImageStatistics.getStatistics(imp.getStack().getProcessor(1), Measurements.CENTROID | Measurements.RECT, null);
            assertEquals(type + " X", plane.xCentroid, ours.getValue("CENTROID_X", 0) + 0.5, 1e-9);
            assertEquals(type + " Y", plane.yCentroid, ours.getValue("CENTROID_Y", 0) + 0.5, 1e-9);
            assertEquals(type + " Z", (D - 1) / 2.0, ours.getValue("CENTROID_Z", 0), 1e-9);
            assertEquals(type + " BX", plane.roiX, ours.getValue("BOUNDING_BOX_X", 0), 0.0);
            assertEquals(type + " BY", plane.roiY, ours.getValue("BOUNDING_BOX_Y", 0), 0.0);
            assertEquals(type + " Width", plane.roiWidth, ours.getValue("BOUNDING_BOX_WIDTH", 0), 0.0);
            assertEquals(type + " Height", plane.roiHeight, ours.getValue("BOUNDING_BOX_HEIGHT", 0), 0.0);
            assertEquals(type + " Depth", D, ours.getValue("BOUNDING_BOX_DEPTH", 0), 0.0);
            Ijcl.release("lp_in");
        }
    }

    @Test
    public void statisticsOfBackgroundAndLabelledPixelsEqualImageJ() {
        ImagePlus[] all = inputs();
        for (ImagePlus imp : all) {
            String type = imp.getTitle();
            // one plane (Analyze Particles is 2D): intensity plane 4, labels of that plane's Default mask
            ImageProcessor intensity = imp.getStack().getProcessor(4).duplicate();
            ImagePlus u8plane = new ImagePlus("u8", all[0].getStack().getProcessor(4).duplicate());
            ImageProcessor lab = labels(u8plane, "lp_plane_labels").getProcessor();
            if (type.equals("labels32")) intensity = lab.duplicate(); // uint32 intensity: the labels themselves
            int n = (int) lab.getStatistics().max;
            assertTrue(type + ": several labels", n > 3);

            ImagePlus inPlane = new ImagePlus(type, intensity);
            if (type.equals("labels32")) Ijcl.execute("copy", "lp_plane_labels", "lp_in");
            else Ijcl.push(inPlane, "lp_in");
            String labelName = "lp_plane_labels";
            if (imp.getBitDepth() == 16 || (imp.getBitDepth() == 32 && !type.equals("labels32"))) {
                // uint16 / float32 intensities with labels of their own type (as OddSizedImageJTest)
                ImageProcessor l = imp.getBitDepth() == 32 ? lab.convertToFloat() : lab.convertToShort(false);
                Ijcl.push(new ImagePlus("l", l), "lp_typed_labels");
                labelName = "lp_typed_labels";
            }
            ResultsTable ours = Ijcl.execute("statisticsOfBackgroundAndLabelledPixels", "lp_in", labelName).table;
            assertEquals(type + " rows: background + labels", n + 1, ours.size());

            // ids 0..n (0 = the background): ImageJ's Measure through a selection of the id's pixels
            // (ThresholdToSelection of the id's mask): area, mean, min, max, centroid, bounding rectangle
            for (int id = 0; id <= n; id++) {
                String row = type + " id " + id;
                ByteProcessor mask = new ByteProcessor(W, H);
                for (int i = 0; i < W * H; i++) mask.set(i, lab.getf(i) == id ? 255 : 0);
                mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
                Roi roi = ThresholdToSelection.run(new ImagePlus("mask", mask));
                ImageProcessor ip = intensity.duplicate();
                ip.setRoi(roi);
                ImageStatistics s = ImageStatistics.getStatistics(ip, Measurements.AREA | Measurements.MEAN | Measurements.MIN_MAX
                        | Measurements.CENTROID, null);
                Rectangle r = roi.getBounds();
                assertEquals(row + " identifier", id, ours.getValue("IDENTIFIER", id), 0.0);
                assertEquals(row + " count", s.pixelCount, ours.getValue("PIXEL_COUNT", id), 0.0);
                assertEquals(row + " min", s.min, ours.getValue("MINIMUM_INTENSITY", id), 0.0);
                assertEquals(row + " max", s.max, ours.getValue("MAXIMUM_INTENSITY", id), 0.0);
                assertEquals(row + " mean", s.mean, ours.getValue("MEAN_INTENSITY", id), 1e-9 * Math.max(1, Math.abs(s.mean)));
                assertEquals(row + " X", s.xCentroid, ours.getValue("CENTROID_X", id) + 0.5, 1e-9);
                assertEquals(row + " Y", s.yCentroid, ours.getValue("CENTROID_Y", id) + 0.5, 1e-9);
                assertEquals(row + " BX", r.x, ours.getValue("BOUNDING_BOX_X", id), 0.0);
                assertEquals(row + " BY", r.y, ours.getValue("BOUNDING_BOX_Y", id), 0.0);
                assertEquals(row + " Width", r.width, ours.getValue("BOUNDING_BOX_WIDTH", id), 0.0);
                assertEquals(row + " Height", r.height, ours.getValue("BOUNDING_BOX_HEIGHT", id), 0.0);
            }
            Ijcl.release("lp_in");
            Ijcl.release("lp_plane_labels");
            Ijcl.release("lp_typed_labels");
        }
    }

    /** ImageJ's histogram of {@code imp} (as 32-bit) with nBins bins over [histMin, histMax]. */
    static int[] imagejHistogram(ImagePlus imp, int bins, double histMin, double histMax) {
        ImagePlus f = FilterComparison.toFloat(imp, 1);
        return new StackStatistics(f, bins, histMin, histMax).histogram;
    }

    static void assertHistogram(String what, int[] expected, String name) {
        ImagePlus h = Ijcl.pull(name);
        assertEquals(what + " bins", expected.length, h.getWidth());
        assertEquals(what + " height", 1, h.getHeight());
        long total = 0;
        for (int k = 0; k < expected.length; k++) {
            assertEquals(what + " bin " + k, expected[k], h.getProcessor().getf(k, 0), 0.0);
            total += expected[k];
        }
        assertTrue(what + ": counts something", total > 0);
    }

    @Test
    public void histogramEqualsImageJWithClij2BinEdges() {
        for (ImagePlus imp : inputs()) {
            String type = imp.getTitle();
            ImagePlus plane = new ImagePlus(type + "-plane", imp.getStack().getProcessor(4).duplicate());
            // 3D, explicit range: 41 bins centred on -0.25 + 256 k (edges off every pixel value)
            push(imp, "lp_in");
            Ijcl.execute("histogram", "lp_in", "lp_hist", 41.0, -0.25, 10239.75, false);
            assertHistogram(type + " 3D explicit", imagejHistogram(imp, 41, -128.25, 10367.75), "lp_hist");
            // 3D, own range: one bin per value for integer images (bins = max - min + 1)
            if (imp.getBitDepth() != 32 || type.equals("labels32")) {
                StackStatistics ss = new StackStatistics(imp);
                int bins = (int) (ss.max - ss.min) + 1;
                if (bins <= 4096) {
                    Ijcl.execute("histogram", "lp_in", "lp_hist", (double) bins, 0.0, 0.0, true);
                    assertHistogram(type + " 3D own range", imagejHistogram(imp, bins, ss.min - 0.5, ss.max + 0.5), "lp_hist");
                }
            }
            Ijcl.release("lp_in");
            // 2D, explicit range: 257 bins starting at -0.25, step 256
            if (type.equals("labels32")) Ijcl.execute("copySlice", "lp_labels", "lp_in", 3.0);
            else Ijcl.push(plane, "lp_in");
            Ijcl.execute("histogram", "lp_in", "lp_hist", 257.0, -0.25, 65535.75, false);
            assertHistogram(type + " 2D explicit", imagejHistogram(plane, 257, -0.25, -0.25 + 257 * 256.0), "lp_hist");
            Ijcl.release("lp_in");
            Ijcl.release("lp_hist");
        }
    }
}
