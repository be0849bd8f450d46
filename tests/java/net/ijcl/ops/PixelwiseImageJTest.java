package net.ijcl.ops;

import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.ImageCalculator;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.Test;

/**
 * The pixel-wise table (native/src/ops/pixelwise_ops.cpp) against ImageJ's own commands, table-driven:
 * one line per operation below (operation, pixel types, ImageJ's command, tolerance).
 *
 * <p>Inputs: the 127 x 93 x 7 crops of OddSizedImageJTest (uint8, uint16, float32; odd-sized, real
 * data) as stacks and as their 2D plane 3; two-image operations get as second operand the crop
 * mirrored left-right. ImageJ: Process > Math (ImageProcessor.abs, log, exp, min, max, on every
 * slice, as ij.plugin.filter.ImageMath calls them) and Process > Image Calculator (ImageCalculator
 * "OP create stack"); masks for binaryXOr are ImageJ 0/255 masks (pixel &gt;= the stack mean), ijcl's
 * binary results are pulled as 0/255.
 *
 * <p>Tolerances: 0 (exact) for 8/16-bit results and for float results of one correctly rounded
 * IEEE operation (abs, min, max, difference, multiply, divide); 1e-5 relative for float log and exp
 * (issue 11: OpenCL's float log/exp are within a few ulp, ImageJ rounds the double result to float).
 * Inputs the operation cannot meaningfully take are changed as stated in the line: exponential gets
 * the float crop / 1000 (e^v overflows float above 88, and ImageJ's Exp of 8/16-bit images scales to
 * the range, unlike CLIJ2); divideImages is compared on float32 only (ImageJ divides 8/16-bit images
 * in integers, truncating, and CLIJ2/ijcl in float) and its divisor holds no 0 (the crops have none).
 * powerImages has no ImageJ command: its line computes Math.pow per pixel from the definition (a
 * hand oracle), on base = crop / 1000 (float32), crop / 2000 (uint16) or crop / 50 (uint8; integers rounded) and exponent =
 * mirrored crop modulo 4 (whole numbers 0..3, where pow is exact in float; float32 exponent / 4).
 */
public class PixelwiseImageJTest extends DeviceTestBase {
    static final double RELATIVE = 1e-5;

    /** One operation: its name, the types it is checked on, the ImageJ oracle and the tolerance. */
    static final class Line {
        final String op;
        final List<Integer> bitDepths;
        final Function<ImagePlus[], ImagePlus> imagej; // inputs -> ImageJ's result
        final Function<ImagePlus, ImagePlus[]> inputs; // crop -> the operation's input images
        final Object[] numbers;
        final double relative;

        Line(String op, String types, Function<ImagePlus, ImagePlus[]> inputs, Function<ImagePlus[], ImagePlus> imagej,
                double relative, Object... numbers) {
            this.op = op;
            this.bitDepths = new ArrayList<>();
            for (String t : types.split(","))
                bitDepths.add(t.equals("uint8") ? 8 : t.equals("uint16") ? 16 : 32);
            this.inputs = inputs;
            this.imagej = imagej;
            this.relative = relative;
            this.numbers = numbers;
        }
    }

    static final String ALL = "uint8,uint16,float32";

    static final List<Line> LINES = Arrays.asList(
            new Line("absolute", ALL, PixelwiseImageJTest::one, in -> math(in[0], ImageProcessor::abs), 0),
            new Line("logarithm", "float32", PixelwiseImageJTest::one, in -> math(in[0], ImageProcessor::log), RELATIVE),
            new Line("exponential", "float32", c -> new ImagePlus[] {scaled(c, 1e-3)}, in -> math(in[0], ImageProcessor::exp), RELATIVE),
            new Line("maximumImageAndScalar", ALL, PixelwiseImageJTest::one, in -> math(in[0], ip -> ip.min(1000)), 0, 1000.0),
            new Line("minimumImageAndScalar", ALL, PixelwiseImageJTest::one, in -> math(in[0], ip -> ip.max(100)), 0, 100.0),
            new Line("absoluteDifference", ALL, PixelwiseImageJTest::two, in -> calculator("Difference", in), 0),
            new Line("multiplyImages", ALL, PixelwiseImageJTest::two, in -> calculator("Multiply", in), 0),
            new Line("divideImages", "float32", PixelwiseImageJTest::two, in -> calculator("Divide", in), 0),
            new Line("maximumImages", ALL, PixelwiseImageJTest::two, in -> calculator("Max", in), 0),
            new Line("minimumImages", ALL, PixelwiseImageJTest::two, in -> calculator("Min", in), 0),
            new Line("binaryXOr", "uint8", PixelwiseImageJTest::masks, in -> calculator("XOR", in), 0),
            new Line("powerImages", ALL, PixelwiseImageJTest::powerInputs, PixelwiseImageJTest::pow, RELATIVE));

    static ImagePlus[] one(ImagePlus crop) {
        return new ImagePlus[] {crop};
    }

    static ImagePlus[] two(ImagePlus crop) {
        return new ImagePlus[] {crop, MathImageJTest.mirrored(crop)};
    }

    /** ImageJ 0/255 masks of the crop and of its mirror: pixel >= the mean of the crop. */
    static ImagePlus[] masks(ImagePlus crop) {
        ImagePlus[] in = two(crop);
        double mean = new ij.process.StackStatistics(crop).mean;
        ImagePlus[] out = new ImagePlus[2];
        for (int k = 0; k < 2; k++) {
            ImageStack s = new ImageStack(crop.getWidth(), crop.getHeight());
            for (int z = 1; z <= crop.getStackSize(); z++) {
                ImageProcessor ip = in[k].getStack().getProcessor(z);
                ByteProcessor m = new ByteProcessor(ip.getWidth(), ip.getHeight());
                for (int i = 0; i < ip.getPixelCount(); i++) m.set(i, ip.getf(i) >= mean ? 255 : 0);
                s.addSlice(m);
            }
            out[k] = new ImagePlus("mask" + k, s);
        }
        return out;
    }

    /** The crop times factor, in its own type (integers rounded half up, as ImageJ's multiply does). */
    static ImagePlus scaled(ImagePlus crop, double factor) {
        ImagePlus out = FilterComparison.copy(crop);
        for (int z = 1; z <= out.getStackSize(); z++) out.getStack().getProcessor(z).multiply(factor);
        return out;
    }

    static ImagePlus[] powerInputs(ImagePlus crop) {
        ImagePlus base = scaled(crop, crop.getBitDepth() == 32 ? 1e-3 : crop.getBitDepth() == 16 ? 1.0 / 2000 : 1.0 / 50);
        ImagePlus exponent = MathImageJTest.mirrored(crop);
        for (int z = 1; z <= exponent.getStackSize(); z++) {
            ImageProcessor ip = exponent.getStack().getProcessor(z);
            for (int i = 0; i < ip.getPixelCount(); i++) {
                int e = ((int) ip.getf(i)) % 4;
                ip.setf(i, crop.getBitDepth() == 32 ? e / 4f : e);
            }
        }
        return new ImagePlus[] {base, exponent};
    }

    /** Hand oracle for powerImages: Math.pow per pixel, stored as ImageJ stores a double result. */
    static ImagePlus pow(ImagePlus[] in) {
        ImagePlus out = FilterComparison.copy(in[0]);
        for (int z = 1; z <= out.getStackSize(); z++) {
            ImageProcessor o = out.getStack().getProcessor(z), e = in[1].getStack().getProcessor(z);
            double max = o.getBitDepth() == 8 ? 255 : o.getBitDepth() == 16 ? 65535 : Double.NaN;
            for (int i = 0; i < o.getPixelCount(); i++) {
                double v = Math.pow(o.getf(i), e.getf(i));
                o.setf(i, o.getBitDepth() == 32 ? (float) v : (float) Math.min(max, Math.floor(v + 0.5)));
            }
        }
        return out;
    }

    /** ImageJ's Process > Math command on every slice of a copy. */
    static ImagePlus math(ImagePlus imp, Consumer<ImageProcessor> command) {
        ImagePlus out = FilterComparison.copy(imp);
        for (int z = 1; z <= out.getStackSize(); z++) command.accept(out.getStack().getProcessor(z));
        return out;
    }

    /** ImageJ's Process > Image Calculator on whole stacks, creating a new image. */
    static ImagePlus calculator(String operation, ImagePlus[] in) {
        return new ImageCalculator().run(operation + " create stack", in[0], in[1]);
    }

    /** Pushes the inputs, runs op(inputs..., result, numbers...), pulls the result. */
    static ImagePlus ijcl(String op, ImagePlus[] in, Object[] numbers) {
        return FilterComparison.run(in, op, numbers);
    }

    /** Exact for integers; |a - e| <= relative * |e| for floats (equal infinities pass). */
    static void compare(String what, ImagePlus expected, ImagePlus actual, double relative) {
        FilterComparison.assertSameShape(what, expected, actual);
        double tolerance = expected.getBitDepth() == 32 ? relative : 0;
        for (int z = 1; z <= expected.getStackSize(); z++) {
            ImageProcessor e = expected.getStack().getProcessor(z), a = actual.getStack().getProcessor(z);
            for (int i = 0; i < e.getPixelCount(); i++) {
                double ev = e.getf(i), av = a.getf(i);
                if (ev == av || (Double.isNaN(ev) && Double.isNaN(av))) continue;
                assertTrue(what + " at x=" + i % e.getWidth() + " y=" + i / e.getWidth() + " z=" + (z - 1) + ": ImageJ "
                        + ev + ", ijcl " + av + " (tolerance " + tolerance + " relative)",
                        Math.abs(av - ev) <= tolerance * Math.abs(ev));
            }
        }
    }

    @Test
    public void everyLineEqualsImageJOnOddSizedCrops() {
        ImagePlus[] stacks = OddSizedImageJTest.stacks();
        int checked = 0;
        for (Line line : LINES) {
            for (ImagePlus crop : stacks) {
                if (!line.bitDepths.contains(crop.getBitDepth())) continue;
                for (ImagePlus image : new ImagePlus[] {crop, OddSizedImageJTest.plane(crop, 3)}) {
                    ImagePlus[] in = line.inputs.apply(image);
                    String what = line.op + " " + image.getTitle() + " (" + image.getWidth() + " x " + image.getHeight()
                            + " x " + image.getStackSize() + ")";
                    compare(what, line.imagej.apply(in), ijcl(line.op, in, line.numbers), line.relative);
                    checked++;
                }
            }
        }
        System.out.println("PixelwiseImageJTest: " + LINES.size() + " operations, " + checked + " comparisons");
    }

    @Test
    public void everyLineIsARegisteredOperationWithItsOwnRow() {
        List<String> seen = new ArrayList<>();
        for (Line line : LINES) {
            assertTrue("duplicate line " + line.op, !seen.contains(line.op));
            seen.add(line.op);
            assertTrue(line.op + " is not a registered operation", net.ijcl.OpRegistry.get().find(line.op) != null);
        }
    }
}
