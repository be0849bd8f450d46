package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.open;
import static net.ijcl.ops.FilterComparison.run;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Measurements;
import ij.measure.ResultsTable;
import ij.plugin.filter.ParticleAnalyzer;
import ij.process.AutoThresholder;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.StackConverter;
import ij.process.StackStatistics;
import net.ijcl.Ijcl;
import org.junit.Test;

/**
 * The operations whose oracle is ImageJ itself, on odd-sized images (acceptance of issues 9-11:
 * every operation x pixel type on an odd-sized image). The shared data images are even-sized in x
 * and y, so the other ImageJ tests never meet an odd width or height, where centres, halves and
 * vector tails differ. Inputs: 127 x 93 x 7 crops of the real 16-bit time-lapse
 * cancer_cell_migration_crop.tif (frames as z, offset 3, 29 and frame 17; the same region as the
 * CLIJ2 oracle rows), uint8 by ImageJ's StackConverter, float32 = 16-bit / 7; 2D operations get
 * plane 3 (127 x 93). Each comparison uses the ImageJ oracle and tolerance of the operation's own
 * test class (GaussianImageJTest, RankFilterImageJTest, TopHatImageJTest, TransformImageJTest,
 * ThresholdImageJTest, LabelingImageJTest, MeasurementImageJTest): exact everywhere (0), but
 * getSumOfAllPixels on float32 (ImageJ's double mean x count, 1e-9 relative).
 */
public class OddSizedImageJTest extends DeviceTestBase {
    static final int W = 127, H = 93, D = 7;

    /** The 127 x 93 x 7 crop as uint8, uint16 and float32 stacks. */
    static ImagePlus[] stacks() {
        ImagePlus src = open("cancer_cell_migration_crop.tif");
        ImageStack s16 = new ImageStack(W, H);
        for (int z = 0; z < D; z++) {
            ImageProcessor ip = src.getStack().getProcessor(17 + z);
            ip.setRoi(3, 29, W, H);
            s16.addSlice(ip.crop());
        }
        ImagePlus u16 = new ImagePlus("crop16", s16);
        ImagePlus u8 = u16.duplicate();
        u8.setTitle("crop8");
        new StackConverter(u8).convertToGray8();
        ImagePlus f32 = FilterComparison.toFloat(u16, 7);
        f32.setTitle("crop32");
        assertEquals(8, u8.getBitDepth());
        return new ImagePlus[] {u8, u16, f32};
    }

    static ImagePlus plane(ImagePlus imp, int z) {
        ImagePlus p = new ImagePlus(imp.getTitle() + "-plane" + z, imp.getStack().getProcessor(z + 1).duplicate());
        assertEquals(W, p.getWidth());
        assertEquals(H, p.getHeight());
        return p;
    }

    @Test
    public void gaussianBlursEqualImageJ() {
        for (ImagePlus imp : stacks()) {
            GaussianImageJTest.check2D(imp.getTitle(), plane(imp, 3), 1.5, 2.5);
            GaussianImageJTest.check2D(imp.getTitle() + " stack", imp, 2, 0.7);
            GaussianImageJTest.check3D(imp.getTitle(), imp, 1.5, 2, 1);
        }
    }

    @Test
    public void sphereRankFiltersEqualImageJ() {
        for (ImagePlus imp : stacks()) {
            RankFilterImageJTest.check2D(imp.getTitle(), plane(imp, 3), 2);
            RankFilterImageJTest.check2D(imp.getTitle() + " stack", imp, 1.5);
            RankFilterImageJTest.check3D(imp.getTitle(), imp, 2, 1.5f, 1);
        }
    }

    @Test
    public void topHatSphereEqualsImageJ() {
        for (ImagePlus imp : stacks()) {
            TopHatImageJTest.check(imp.getTitle(), plane(imp, 3), 3);
            TopHatImageJTest.check(imp.getTitle() + " stack", imp, 2);
        }
    }

    @Test
    public void rotate2DAboutAnOddSizedCentreEqualsImageJ() {
        for (ImagePlus imp : stacks())
            for (double angle : new double[] {30, -45, 90, 137.5})
                assertClose("rotate2D " + angle + " " + imp.getTitle(), TransformImageJTest.rotated(imp, angle),
                        run(imp, "rotate2D", angle, true), 0);
    }

    @Test
    public void automaticThresholdEqualsImageJForEveryMethod() {
        for (ImagePlus imp : stacks()) {
            for (ImagePlus in : new ImagePlus[] {plane(imp, 3), imp}) {
                for (String method : AutoThresholder.getMethods())
                    assertClose("automaticThreshold " + method + " " + in.getTitle(), ThresholdImageJTest.imagejAuto(in, method),
                            run(ThresholdImageJTest.withoutInvertingLut(in), "automaticThreshold", method), 0);
            }
        }
    }

    /** ImageJ's Default threshold level of a plane (the lower bound of setAutoThreshold("Default dark")). */
    static double upper(ImageProcessor ip) {
        return ip.getBitDepth() == 8 ? 255 : ip.getBitDepth() == 16 ? 65535 : Float.MAX_VALUE;
    }

    static double defaultLevel(ImageProcessor ip) {
        ImageProcessor copy = ip.duplicate();
        copy.setAutoThreshold("Default dark");
        return copy.getMinThreshold();
    }

    /** The plane's pixels >= level (its own type), 0 elsewhere: objects for labelling, non-zero = foreground. */
    static ImageProcessor objects(ImageProcessor ip, double level) {
        ImageProcessor out = ip.duplicate();
        for (int i = 0; i < out.getPixelCount(); i++) if (!(ip.getf(i) >= level)) out.setf(i, 0);
        return out;
    }

    @Test
    public void connectedComponentsEqualAnalyzeParticlesCountMasks() {
        for (ImagePlus imp : stacks()) {
            ImageProcessor ip = imp.getStack().getProcessor(4);
            double level = defaultLevel(ip);
            ImageProcessor objects = objects(ip, level);
            // ImageJ: Analyze Particles (8-connected tracing) on [level, max], count mask = row numbers
            ImagePlus measured = new ImagePlus("objects", ip.duplicate());
            measured.getProcessor().setThreshold(level, upper(ip), ImageProcessor.NO_LUT_UPDATE);
            ResultsTable rt = new ResultsTable();
            ParticleAnalyzer pa = new ParticleAnalyzer(ParticleAnalyzer.SHOW_ROI_MASKS, 0, rt, 0, Double.POSITIVE_INFINITY);
            pa.setHideOutputImage(true);
            assertTrue(pa.analyze(measured));
            assertTrue(imp.getTitle() + ": the crop should hold several objects, got " + rt.size(), rt.size() > 3);
            ImagePlus labels = run(new ImagePlus("objects", objects), "connectedComponentsLabelingBox");
            LabelingImageJTest.assertSameLabels("connectedComponentsLabelingBox " + imp.getTitle() + " (127 x 93)",
                    LabelingImageJTest.labelsOf(pa.getOutputImage()), LabelingImageJTest.labelsOf(labels));
        }
    }

    @Test
    public void getSumOfAllPixelsEqualsImageJsStackStatistics() {
        for (ImagePlus imp : stacks()) {
            StackStatistics stats = new StackStatistics(imp);
            double expected = stats.mean * stats.pixelCount;
            Ijcl.push(imp, "odd_sum");
            double sum = Ijcl.execute("getSumOfAllPixels", "odd_sum", null).numbers[0];
            Ijcl.release("odd_sum");
            // 8/16-bit: ImageJ's mean x count of whole numbers is exact below 2^53; float: double rounding
            double tolerance = imp.getBitDepth() == 32 ? 1e-9 * Math.abs(expected) : 0;
            assertEquals("getSumOfAllPixels " + imp.getTitle() + " (127 x 93 x 7)", expected, sum, tolerance);
        }
    }

    @Test
    public void statisticsOfLabelledPixelsEqualAnalyzeParticles() {
        for (ImagePlus imp : stacks()) {
            ImageProcessor intensity = imp.getStack().getProcessor(4).duplicate();
            double level = defaultLevel(intensity);
            ImagePlus measured = new ImagePlus("measured", intensity.duplicate());
            measured.getProcessor().setThreshold(level, upper(intensity), ImageProcessor.NO_LUT_UPDATE);
            ResultsTable rt = new ResultsTable();
            ParticleAnalyzer pa = new ParticleAnalyzer(0, Measurements.AREA | Measurements.MEAN | Measurements.MIN_MAX
                    | Measurements.CENTROID | Measurements.RECT, rt, 0, Double.POSITIVE_INFINITY);
            assertTrue(pa.analyze(measured));

            ByteProcessor mask = new ByteProcessor(W, H);
            for (int i = 0; i < mask.getPixelCount(); i++) mask.set(i, intensity.getf(i) >= level ? 255 : 0);
            Ijcl.push(new ImagePlus("mask", mask), "odd_mask");
            Ijcl.execute("connectedComponentsLabelingBox", "odd_mask", "odd_labels");
            if (imp.getBitDepth() != 8) { // uint16 and float32 intensities with labels of their own type
                ImageProcessor labels = Ijcl.pull("odd_labels").getProcessor();
                labels = imp.getBitDepth() == 32 ? labels.convertToFloat() : labels.convertToShort(false);
                Ijcl.push(new ImagePlus("labels", labels), "odd_labels");
            }
            Ijcl.push(new ImagePlus("intensity", intensity), "odd_intensity");
            ResultsTable ours = Ijcl.execute("statisticsOfLabelledPixels", "odd_intensity", "odd_labels").table;
            String type = imp.getTitle();
            assertTrue(type + ": several objects, got " + rt.size(), rt.size() > 3);
            assertEquals(type + " rows", rt.size(), ours.size());
            for (int r = 0; r < rt.size(); r++) {
                String row = type + " row " + r;
                MeasurementImageJTest.assertRowEqualsAnalyzeParticles(row, rt, ours, r,
                        1e-9 * Math.max(1, Math.abs(rt.getValue("Mean", r))));
            }
            Ijcl.release("odd_mask");
            Ijcl.release("odd_labels");
            Ijcl.release("odd_intensity");
        }
    }
}
