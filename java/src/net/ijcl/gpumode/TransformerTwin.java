package net.ijcl.gpumode;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.plugin.filter.Transformer;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import java.awt.Rectangle;

/**
 * GPU twin of Image > Transform > Flip Horizontally, Flip Vertically, Rotate 90 Degrees Right and
 * Rotate 90 Degrees Left ({@code ij.plugin.filter.Transformer("fliph"/"flipv"/"right"/"left")}).
 * Transformer has no numeric hook, so {@link #run(ImageProcessor)} is overridden and does what
 * Transformer's does, with the pixel movement on the device:
 * <ul>
 * <li>Flip: ImageJ's PlugInFilterRunner still handles {@code stack} and the ROI (one call per
 * slice); the twin flips the ROI's bounding rectangle (Transformer does not support masking, so
 * a non-rectangular ROI's rectangle is flipped whole, as in ImageJ) with crop2D, flip2D and
 * paste2D (flip2D alone for the whole plane), then moves the x/y origin as Transformer does.</li>
 * <li>Rotate: always the whole stack, one device call (rotateClockwise / rotateCounterClockwise);
 * the new stack is built as StackProcessor.rotate90Degrees builds it (slice labels, each plane's
 * processor made by {@code ip.createProcessor}, so the LUT and display range are ImageJ's), then
 * the overlay, origin, pixel size and units are swapped by Transformer's own steps.</li>
 * </ul>
 * Runs ImageJ's code instead for RGB, virtual stacks, and 32-bit images holding a NaN whose bits
 * are not Java's canonical NaN when flipping horizontally or rotating (ImageJ moves those pixels
 * through {@code Float.floatToIntBits}, which makes every NaN canonical; the device copies bits).
 */
public class TransformerTwin extends Transformer {
    private static final java.lang.reflect.Method ROTATE_OVERLAY = Reflect.method(Transformer.class, "rotateOverlay", int.class);

    private String arg;
    private ImagePlus imp;

    @Override
    public int setup(String arg, ImagePlus imp) {
        this.arg = arg;
        this.imp = imp;
        return super.setup(arg, imp);
    }

    @Override
    public void run(ImageProcessor ip) {
        boolean flipH = "fliph".equals(arg), flipV = "flipv".equals(arg);
        boolean right = "right".equals(arg), left = "left".equals(arg);
        if (flipH || flipV) {
            if (!(flipH && nonCanonicalNaN(ip)) && flip(ip, flipH)) {
                Calibration cal = imp.getCalibration();
                boolean transformOrigin = cal.xOrigin != 0 || cal.yOrigin != 0;
                Rectangle r = ip.getRoi();
                boolean whole = r.x == 0 && r.y == 0 && r.width == ip.getWidth() && r.height == ip.getHeight();
                if (transformOrigin && whole) {
                    if (flipH) cal.xOrigin = imp.getWidth() - 1 - cal.xOrigin;
                    else cal.yOrigin = imp.getHeight() - 1 - cal.yOrigin;
                }
                return;
            }
        } else if ((right || left) && rotate(ip, right)) {
            return;
        }
        super.run(ip);
    }

    private static boolean flip(ImageProcessor ip, boolean horizontal) {
        Rectangle r = ip.getRoi();
        boolean whole = r.x == 0 && r.y == 0 && r.width == ip.getWidth() && r.height == ip.getHeight();
        return Gpu.plane(ip, (in, out) -> {
            if (whole) {
                Gpu.op("flip2D", in, out, horizontal, !horizontal);
                return;
            }
            String part = DeviceCache.newName(), flipped = DeviceCache.newName();
            try {
                Gpu.op("crop2D", in, part, (double) r.x, (double) r.y, (double) r.width, (double) r.height);
                Gpu.op("flip2D", part, flipped, horizontal, !horizontal);
                Gpu.op("copy", in, out);
                Gpu.op("paste2D", flipped, out, (double) r.x, (double) r.y);
            } finally {
                Gpu.releaseQuietly(part);
                Gpu.releaseQuietly(flipped);
            }
        });
    }

    /** Transformer's rotation branch with the planes rotated on the device; false: nothing changed. */
    private boolean rotate(ImageProcessor ip, boolean clockwise) {
        ImageStack stack = imp.getStack();
        if (!Gpu.usable() || !Gpu.supported(ip)) return false;
        if (ROTATE_OVERLAY == null) return Gpu.fallBack("ImageJ's Transformer.rotateOverlay not found (another ImageJ version)");
        if (stack.isVirtual()) return Gpu.fallBack("virtual stack (planes are read from disk)");
        for (int i = 1; i <= stack.getSize(); i++)
            if (nonCanonicalNaN(stack.getPixels(i))) return false;
        int n = stack.getSize();
        // the processors StackProcessor.rotate90Degrees makes: ip.rotateRight/Left -> ip.createProcessor(h, w)
        ImageProcessor[] rotated = new ImageProcessor[n];
        ImageStack target = new ImageStack(stack.getHeight(), stack.getWidth());
        for (int i = 0; i < n; i++) {
            rotated[i] = ip.createProcessor(stack.getHeight(), stack.getWidth());
            target.addSlice(null, rotated[i].getPixels());
        }
        if (!Gpu.stack(stack, target, (in, out) -> Gpu.op(clockwise ? "rotateClockwise" : "rotateCounterClockwise", in, out)))
            return false;
        Calibration cal = imp.getCalibration();
        boolean transformOrigin = cal.xOrigin != 0 || cal.yOrigin != 0;
        if (n > 1) ip.setProgressBar(null); // new StackProcessor(stack, ip)
        ImageStack s2 = new ImageStack(stack.getHeight(), stack.getWidth());
        for (int i = 0; i < n; i++) {
            ip.setPixels(stack.getPixels(1));
            String label = stack.getSliceLabel(1);
            stack.deleteSlice(1);
            s2.addSlice(label, rotated[i]);
        }
        rotateOverlay(clockwise ? 90 : -90);
        if (transformOrigin) {
            double xOrigin = clockwise ? imp.getHeight() - 1 - cal.yOrigin : cal.yOrigin;
            double yOrigin = clockwise ? cal.xOrigin : imp.getWidth() - 1 - cal.xOrigin;
            cal.xOrigin = xOrigin;
            cal.yOrigin = yOrigin;
        }
        imp.setStack(null, s2);
        double pixelWidth = cal.pixelWidth;
        cal.pixelWidth = cal.pixelHeight;
        cal.pixelHeight = pixelWidth;
        if (!cal.getXUnit().equals(cal.getYUnit())) {
            String xUnit = cal.getXUnit();
            cal.setXUnit(cal.getYUnit());
            cal.setYUnit(xUnit);
        }
        return true;
    }

    /** Transformer's private rotateOverlay (the overlay turned about the image centre, once). */
    private void rotateOverlay(int angle) {
        try {
            ROTATE_OVERLAY.invoke(this, angle);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ImageJ's Transformer.rotateOverlay: " + e, e);
        }
    }

    private static boolean nonCanonicalNaN(ImageProcessor ip) {
        return ip instanceof FloatProcessor && nonCanonicalNaN(ip.getPixels());
    }

    /** True (after reporting) when a float plane holds a NaN other than Java's canonical one. */
    private static boolean nonCanonicalNaN(Object pixels) {
        if (!(pixels instanceof float[])) return false;
        for (float v : (float[]) pixels)
            if (v != v && Float.floatToRawIntBits(v) != 0x7fc00000)
                return !Gpu.fallBack("a 32-bit NaN with a payload (ImageJ makes it canonical when moving it)");
        return false;
    }
}
