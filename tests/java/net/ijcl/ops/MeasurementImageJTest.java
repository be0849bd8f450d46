package net.ijcl.ops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.Measurements;
import ij.measure.ResultsTable;
import ij.plugin.filter.ParticleAnalyzer;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ImageStatistics;
import ij.process.StackStatistics;
import java.io.File;
import net.ijcl.Ijcl;
import org.junit.Test;

/**
 * getSumOfAllPixels / getMaximumOfAllPixels / countNonZeroPixels against ImageJ's
 * ImageStatistics and StackStatistics, and statisticsOfLabelledPixels against Analyze Particles
 * measurements, on real images (statisticsOfLabelledPixels: blobs as 8-bit with uint32 labels, and as
 * 16-bit and 32-bit with the labels converted to the same type).
 */
public class MeasurementImageJTest extends DeviceTestBase {
    static ImagePlus open(String name) {
        return IJ.openImage(new File(System.getProperty("ijcl.data.dir"), name).getPath());
    }

    static double number(String op, String image) {
        return Ijcl.execute(op, image, null).numbers[0];
    }

    /** Sum and non-zero count from ImageJ's own histogram (exact for 8/16-bit). */
    static void assertIntegerReductions(String what, ImagePlus imp, int[] histogram, double max) {
        long sum = 0, zeros = histogram[0], n = 0;
        for (int v = 0; v < histogram.length; v++) {
            sum += (long) v * histogram[v];
            n += histogram[v];
        }
        assertEquals((long) imp.getWidth() * imp.getHeight() * imp.getStackSize(), n);
        Ijcl.push(imp, "m_img");
        // Exact: integer sums are accumulated in 64-bit integers.
        assertEquals(what + " sum", (double) sum, number("getSumOfAllPixels", "m_img"), 0.0);
        assertEquals(what + " max", max, number("getMaximumOfAllPixels", "m_img"), 0.0);
        assertEquals(what + " non-zero", (double) (n - zeros), number("countNonZeroPixels", "m_img"), 0.0);
    }

    @Test
    public void reductionsEqualImageStatistics8And16Bit() {
        ImagePlus blobs = open("blobs.tif");
        ImageStatistics s8 = blobs.getProcessor().getStats();
        assertIntegerReductions("blobs (8-bit)", blobs, s8.histogram, s8.max);

        ImagePlus lund = open("Lund_MAX_001300.tif");
        assertEquals(16, lund.getBitDepth());
        ImageStatistics s16 = lund.getProcessor().getStats();
        assertIntegerReductions("Lund (16-bit)", lund, s16.histogram16, s16.max);

        ImagePlus beads = open("beads_3d.tif");
        StackStatistics stack = new StackStatistics(beads);  // all slices, 256 bins for 8-bit
        assertIntegerReductions("beads_3d (8-bit stack)", beads, stack.histogram, stack.max);
    }

    @Test
    public void floatSumAndMaxEqualImageStatistics() {
        // 32-bit copy of Lund scaled by 0.37: ImageJ's FloatStatistics sums in double
        // (mean * pixelCount); ours sums the same floats in double. Tolerance 1e-9 relative.
        ImageProcessor fp = open("Lund_MAX_001300.tif").getProcessor().convertToFloat();
        fp.multiply(0.37);
        ImagePlus imp = new ImagePlus("lund_float", fp);
        ImageStatistics s = ImageStatistics.getStatistics(fp, Measurements.MEAN | Measurements.MIN_MAX, null);
        double imagejSum = s.mean * s.pixelCount;
        Ijcl.push(imp, "m_float");
        double sum = number("getSumOfAllPixels", "m_float");
        assertEquals("float sum", imagejSum, sum, 1e-9 * Math.abs(imagejSum));
        assertEquals("float max (exact)", s.max, number("getMaximumOfAllPixels", "m_float"), 0.0);
        int nonZero = 0;
        for (float v : (float[]) fp.getPixels()) nonZero += v != 0 ? 1 : 0;
        assertEquals(nonZero, number("countNonZeroPixels", "m_float"), 0.0);
    }

    @Test
    public void labelStatisticsEqualAnalyzeParticles() {
        ImagePlus blobs = open("blobs.tif");
        int w = blobs.getWidth(), h = blobs.getHeight();
        // A copy of the raw pixels with a normal LUT, so that ImageJ measures raw values.
        ByteProcessor raw = new ByteProcessor(w, h, ((byte[]) blobs.getProcessor().getPixels()).clone());
        // The same mask (raw >= 128) as MorphologyImageJTest.blobsMask.
        checkLabelStatistics(raw, MorphologyImageJTest.THRESHOLD, false);
    }

    @Test
    public void labelStatisticsEqualAnalyzeParticles16And32Bit() {
        // blobs' raw values as 16-bit (x 257 + 3) and as 32-bit (/ 3), measured with the labels
        // converted to the same type (ijcl: any pixel type for both inputs); ImageJ thresholds the
        // scaled image at the scaled level, which selects the same pixels (raw >= 128).
        ImagePlus blobs = open("blobs.tif");
        ImageProcessor raw = blobs.getProcessor();
        ImageProcessor u16 = new ij.process.ShortProcessor(raw.getWidth(), raw.getHeight());
        ImageProcessor f32 = new ij.process.FloatProcessor(raw.getWidth(), raw.getHeight());
        for (int i = 0; i < raw.getPixelCount(); i++) {
            u16.set(i, raw.get(i) * 257 + 3);
            f32.setf(i, raw.get(i) / 3f);
        }
        checkLabelStatistics(u16, MorphologyImageJTest.THRESHOLD * 257 + 3, true);
        checkLabelStatistics(f32, (MorphologyImageJTest.THRESHOLD - 0.5) / 3, true);
    }

    /**
     * ImageJ: Analyze Particles on {@code intensity} thresholded at [lower, max], measuring Area
     * (pixels: no calibration), Mean, Min/Max, Centroid and bounding Rect; ijcl: the labels of
     * the blobs mask (connectedComponentsLabelingBox, converted to the intensity's type when
     * {@code sameType}) and statisticsOfLabelledPixels of the intensity.
     */
    static void checkLabelStatistics(ImageProcessor intensity, double lower, boolean sameType) {
        String type = intensity.getBitDepth() + "-bit";
        ImagePlus measured = new ImagePlus("blobs_raw", intensity.duplicate());
        double upper = intensity.getBitDepth() == 32 ? Float.MAX_VALUE : intensity.getBitDepth() == 16 ? 65535 : 255;
        measured.getProcessor().setThreshold(lower, upper, ImageProcessor.NO_LUT_UPDATE);
        ResultsTable rt = new ResultsTable();
        int measurements = Measurements.AREA | Measurements.MEAN | Measurements.MIN_MAX
                | Measurements.CENTROID | Measurements.RECT;
        ParticleAnalyzer pa = new ParticleAnalyzer(0, measurements, rt, 0, Double.POSITIVE_INFINITY);
        assertTrue(pa.analyze(measured));

        Ijcl.push(new ImagePlus("mask", MorphologyImageJTest.blobsMask()), "st_mask");
        Ijcl.execute("connectedComponentsLabelingBox", "st_mask", "st_labels");
        if (sameType) {
            ImageProcessor labels = Ijcl.pull("st_labels").getProcessor();
            labels = intensity.getBitDepth() == 32 ? labels.convertToFloat() : labels.convertToShort(false);
            assertEquals(intensity.getBitDepth(), labels.getBitDepth());
            Ijcl.push(new ImagePlus("labels", labels), "st_labels");
        }
        Ijcl.push(new ImagePlus("intensity", intensity), "st_blobs");
        ResultsTable ours = Ijcl.execute("statisticsOfLabelledPixels", "st_blobs", "st_labels").table;

        // Rows correspond one to one: both number objects in raster order of their first pixel.
        assertTrue(type + ": blobs should hold dozens of objects, got " + rt.size(), rt.size() > 40);
        assertEquals(type + " rows", rt.size(), ours.size());
        for (int r = 0; r < rt.size(); r++) {
            String row = type + " row " + r;
            assertEquals(row, r + 1, ours.getValue("IDENTIFIER", r), 0.0);
            assertRowEqualsAnalyzeParticles(row, rt, ours, r, 1e-9);
        }
        Ijcl.release("st_mask");
        Ijcl.release("st_labels");
        Ijcl.release("st_blobs");
    }

    /**
     * Row r of statisticsOfLabelledPixels against row r of Analyze Particles (Area, Mean, Min/Max,
     * Centroid, bounding Rect): counts, extremes and boxes exact; the mean within
     * {@code meanTolerance} (ImageJ: sum/count in double; ours: exact sum / count); ImageJ's centroid
     * is the mean of pixel centres (x + 0.5), ours the mean of x, within 1e-9.
     */
    static void assertRowEqualsAnalyzeParticles(String row, ResultsTable rt, ResultsTable ours, int r, double meanTolerance) {
        assertEquals(row + " area", rt.getValue("Area", r), ours.getValue("PIXEL_COUNT", r), 0.0);
        assertEquals(row + " min", rt.getValue("Min", r), ours.getValue("MINIMUM_INTENSITY", r), 0.0);
        assertEquals(row + " max", rt.getValue("Max", r), ours.getValue("MAXIMUM_INTENSITY", r), 0.0);
        assertEquals(row + " mean", rt.getValue("Mean", r), ours.getValue("MEAN_INTENSITY", r), meanTolerance);
        assertEquals(row + " X", rt.getValue("X", r), ours.getValue("CENTROID_X", r) + 0.5, 1e-9);
        assertEquals(row + " Y", rt.getValue("Y", r), ours.getValue("CENTROID_Y", r) + 0.5, 1e-9);
        assertEquals(row + " BX", rt.getValue("BX", r), ours.getValue("BOUNDING_BOX_X", r), 0.0);
        assertEquals(row + " BY", rt.getValue("BY", r), ours.getValue("BOUNDING_BOX_Y", r), 0.0);
        assertEquals(row + " Width", rt.getValue("Width", r), ours.getValue("BOUNDING_BOX_WIDTH", r), 0.0);
        assertEquals(row + " Height", rt.getValue("Height", r), ours.getValue("BOUNDING_BOX_HEIGHT", r), 0.0);
    }
}
