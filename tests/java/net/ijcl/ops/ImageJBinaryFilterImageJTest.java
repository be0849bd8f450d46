package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.crop;
import static net.ijcl.ops.FilterComparison.open;
import static net.ijcl.ops.FilterComparison.run;

import ij.ImagePlus;
import ij.ImageStack;
import ij.Prefs;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import org.junit.Test;

/**
 * imagejBinaryErode / imagejBinaryDilate / imagejBinaryOutline against ImageJ's own methods
 * (ij.process.ByteProcessor.erode(count, background), dilate(count, background) with
 * Prefs.padEdges on and off, and ByteProcessor.outline, i.e. BinaryProcessor.outline, with a
 * normal and an inverted LUT), plane by plane, on odd-sized 127 x 93 x 7 crops: masks of the MRI
 * and bead stacks (0/255) and the raw 8-bit time-lapse (values other than 0 and 255, which the
 * rules treat as ImageJ does), for every count 1..8 and both background values; the MRI crops are
 * smaller (27 x 29, 29 x 31) so that the image border matters more. Tolerance 0.
 */
public class ImageJBinaryFilterImageJTest extends DeviceTestBase {
    /** Every plane above its mean as 0/255. */
    static ImagePlus mask(ImagePlus imp) {
        ImageStack s = imp.getStack(), out = new ImageStack(imp.getWidth(), imp.getHeight());
        for (int z = 1; z <= s.getSize(); z++) {
            ImageProcessor ip = s.getProcessor(z);
            double mean = ip.getStats().mean;
            ByteProcessor m = new ByteProcessor(imp.getWidth(), imp.getHeight());
            for (int i = 0; i < m.getPixelCount(); i++) m.set(i, ip.getf(i) > mean ? 255 : 0);
            out.addSlice(m);
        }
        return new ImagePlus(imp.getTitle() + "-mask", out);
    }

    interface PlaneOp {
        void apply(ByteProcessor bp);
    }

    /** ImageJ's method applied to a copy of every plane. */
    static ImagePlus imagej(ImagePlus imp, boolean invertedLut, PlaneOp op) {
        ImageStack s = imp.getStack(), out = new ImageStack(imp.getWidth(), imp.getHeight());
        for (int z = 1; z <= s.getSize(); z++) {
            ByteProcessor bp = (ByteProcessor) s.getProcessor(z).duplicate();
            if (invertedLut != bp.isInvertedLut()) bp.invertLut();
            op.apply(bp);
            out.addSlice(bp);
        }
        return new ImagePlus("imagej", out);
    }

    static void check(ImagePlus imp) {
        boolean pad = Prefs.padEdges;
        try {
            for (int background : new int[] {0, 255}) {
                for (int count = 1; count <= 8; count++) {
                    final int c = count;
                    for (boolean padEdges : new boolean[] {false, true}) {
                        Prefs.padEdges = padEdges;
                        assertClose("imagejBinaryErode count " + c + " background " + background + " pad " + padEdges
                                + " " + imp.getTitle(), imagej(imp, false, bp -> bp.erode(c, background)),
                                run(imp, "imagejBinaryErode", (double) c, (double) background, padEdges), 0);
                    }
                    Prefs.padEdges = false;
                    assertClose("imagejBinaryDilate count " + c + " background " + background + " " + imp.getTitle(),
                            imagej(imp, false, bp -> bp.dilate(c, background)),
                            run(imp, "imagejBinaryDilate", (double) c, (double) background), 0);
                }
                // BinaryProcessor.outline: background 255, or 0 with an inverted LUT
                boolean inverted = background == 0;
                assertClose("imagejBinaryOutline background " + background + " " + imp.getTitle(),
                        imagej(imp, inverted, ByteProcessor::outline),
                        run(imp, "imagejBinaryOutline", (double) background), 0);
            }
        } finally {
            Prefs.padEdges = pad;
        }
    }

    @Test
    public void equalsByteProcessor() {
        check(crop(mask(open("mini-t1-head.tif")), "head-mask", 0, 0, 27, 29, 4, 7)); // small: borders matter
        check(crop(mask(open("mini-t1-head.tif")), "head-mask", 2, 1, 29, 31, 9, 7));
        ImagePlus beads = mask(open("beads_3d.tif"));
        check(crop(beads, "beads-mask", 3, 5, Math.min(127, beads.getWidth() - 3), Math.min(93, beads.getHeight() - 5), 0, 7));
        ImagePlus dros = open("drosophila_timelapse.tif"); // raw 8-bit values, not only 0/255
        check(crop(dros, "drosophila", 7, 2, 127, 93, 3, 7));
        check(crop(mask(dros), "drosophila-mask", 7, 2, 127, 93, 3, 7));
    }
}
