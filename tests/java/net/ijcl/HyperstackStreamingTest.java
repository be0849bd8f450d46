package net.ijcl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import ij.process.LUT;

import java.awt.Color;
import org.junit.After;
import org.junit.Test;

/**
 * Hyperstacks and time-lapses (issue 13, section 2) on real images: what each push takes (CLIJ2's
 * rule for push; chosen channel/frame and ranges for the ijcl functions), a time-lapse streamed
 * frame by frame equals the same operation on frames pushed one at a time, and the prefetch is
 * really used (counted: frames taken from the background upload, not timed); results pulled into
 * a hyperstack keep channels, frames, calibration and LUTs. Oracles: ImageJ's stack indices
 * (getStackIndex) for what a push takes; the per-frame push/operation/pull for streaming.
 */
public class HyperstackStreamingTest extends HeadlessImageJTestBase {
    @Override
    @After
    public void releaseAll() {
        super.releaseAll();
        HostTransferFunctionsTest.OPEN.clear();
        for (int id : ij.macro.Interpreter.getBatchModeImageIDs())
            ij.macro.Interpreter.removeBatchModeImage(WindowManager.getImage(id));
        WindowManager.closeAllWindows();
    }

    private static ImagePlus open(String file, String title) {
        ImagePlus imp = IJ.openImage(TestData.file(file).getPath());
        imp.setTitle(title);
        return HostTransferFunctionsTest.show(imp);
    }

    /** A time-lapse file (stored as a plain stack) as ImageJ's Image > Properties makes it frames: 1 channel, 1 slice, n frames. */
    private static ImagePlus openTimeLapse(String file, String title) {
        ImagePlus imp = IJ.openImage(TestData.file(file).getPath());
        imp.setTitle(title);
        imp.setDimensions(1, 1, imp.getStackSize());
        imp.setOpenAsHyperStack(true);
        return HostTransferFunctionsTest.show(imp);
    }

    /** The planes of a GPU image as float arrays (one per z). */
    private static float[][] gpuPlanes(String name) {
        ImagePlus imp = Ijcl.pull(name);
        float[][] out = new float[imp.getStackSize()][];
        for (int z = 0; z < out.length; z++) out[z] = (float[]) imp.getStack().getProcessor(z + 1).convertToFloat().getPixels();
        return out;
    }

    /** The planes at the given stack indices of an ImagePlus, as float arrays. */
    private static float[][] planes(ImagePlus imp, int... indices) {
        float[][] out = new float[indices.length][];
        for (int i = 0; i < indices.length; i++)
            out[i] = (float[]) imp.getStack().getProcessor(indices[i]).convertToFloat().getPixels();
        return out;
    }

    private static void assertPlanes(float[][] expected, float[][] actual) {
        assertEquals("planes", expected.length, actual.length);
        for (int z = 0; z < expected.length; z++) assertArrayEquals("plane " + z, expected[z], actual[z], 0f);
    }

    // --- what each push takes -------------------------------------------------------------------

    @Test
    public void pushOfAMultiChannelImageTakesAllChannelsAsClij2Does() {
        ImagePlus nuclei = open("artificial_nuclei_and_granules.tif", "nuclei"); // 3 channels, 1 slice, 1 frame
        assertEquals(3, nuclei.getNChannels());
        nuclei.setPosition(2, 1, 1); // the current channel does not matter: CLIJ2 pushes all channels
        HostTransferFunctionsTest.run("Ext.IJCL_push(\"nuclei\");");
        assertPlanes(planes(nuclei, 1, 2, 3), gpuPlanes("nuclei"));
    }

    @Test
    public void pushOfATimeLapseTakesAllFramesAndOfCTTheChannelsOfTheCurrentFrame() {
        ImagePlus movie = openTimeLapse("cancer_cell_migration_crop.tif", "movie"); // 48 frames of one channel and slice
        HostTransferFunctionsTest.run("Ext.CLIJ2_push(\"movie\");");
        assertEquals(48, Ijcl.imageInfo("movie")[2]);
        // the same planes as 2 channels x 24 frames: the 2 channels of the current frame (CLIJ2's rule)
        movie.setDimensions(2, 1, 24);
        movie.setOpenAsHyperStack(true);
        movie.setPosition(1, 1, 7);
        HostTransferFunctionsTest.run("Ext.CLIJ2_push(\"movie\");");
        assertPlanes(planes(movie, movie.getStackIndex(1, 1, 7), movie.getStackIndex(2, 1, 7)), gpuPlanes("movie"));
    }

    @Test
    public void pushChannelFrameAndRangesTakeWhatTheySay() {
        ImagePlus nuclei = open("artificial_nuclei_and_granules.tif", "nuclei");
        ImagePlus movie = openTimeLapse("cancer_cell_migration_crop.tif", "movie");
        HostTransferFunctionsTest.run("Ext.IJCL_pushChannelFrame(\"nuclei\", 2, 1);");
        assertPlanes(planes(nuclei, 2), gpuPlanes("nuclei"));
        HostTransferFunctionsTest.run("Ext.IJCL_pushChannels(\"nuclei\", 1, 1, 2, 3);");
        assertPlanes(planes(nuclei, 2, 3), gpuPlanes("nuclei"));
        HostTransferFunctionsTest.run("Ext.IJCL_pushFrames(\"movie\", 1, 1, 5, 9);");
        assertPlanes(planes(movie, 5, 6, 7, 8, 9), gpuPlanes("movie"));
        HostTransferFunctionsTest.run("Ext.IJCL_pushChannelFrame(\"movie\", 1, 48);");
        assertPlanes(planes(movie, 48), gpuPlanes("movie"));
        // a 5D image (mini-t1-head as 2 channels x 4 slices x 4 frames): one channel's z-stack of one frame
        ImagePlus head = open("mini-t1-head.tif", "head");
        head.setDimensions(2, 4, 4);
        head.setOpenAsHyperStack(true);
        HostTransferFunctionsTest.run("Ext.IJCL_pushChannelFrame(\"head\", 2, 3);");
        int[] z = new int[4];
        for (int i = 0; i < 4; i++) z[i] = head.getStackIndex(2, i + 1, 3);
        assertPlanes(planes(head, z), gpuPlanes("head"));
        // refused clearly, nothing pushed
        Ijcl.clear();
        HostTransferFunctionsTest.assertRefused("Ext.IJCL_pushChannelFrame(\"nuclei\", 4, 1);", "channel");
        HostTransferFunctionsTest.assertRefused("Ext.IJCL_pushChannelFrame(\"movie\", 1, 49);", "frame");
        HostTransferFunctionsTest.assertRefused("Ext.IJCL_pushFrames(\"movie\", 1, 1, 9, 5);", "last_frame");
        HostTransferFunctionsTest.assertRefused("Ext.IJCL_pushChannels(\"nuclei\", 1, 1, 0, 2);", "first_channel");
        HostTransferFunctionsTest.assertRefused("Ext.IJCL_pushChannelFrame(\"movie\", 1, 2.5);", "frame");
        assertTrue(!Ijcl.exists("nuclei") && !Ijcl.exists("movie"));
    }

    // --- streaming ------------------------------------------------------------------------------

    @Test
    public void streamingATimeLapseEqualsPerFramePushesAndUsesThePrefetch() {
        ImagePlus movie = openTimeLapse("cancer_cell_migration_crop.tif", "movie"); // 48 frames, 16-bit
        int frames = movie.getNFrames();
        float[][] perFrame = new float[frames][];
        for (int t = 1; t <= frames; t++) {
            Hyperstacks.pushChannelFrame("movie", 1, t);
            Ijcl.execute("gaussianBlur2D", "movie", "blurred", 2.0, 2.0);
            perFrame[t - 1] = gpuPlanes("blurred")[0];
        }
        Ijcl.clear();
        long used = FrameStreamer.prefetchedFramesUsed(), direct = FrameStreamer.framesPushedDirectly();
        for (int t = 1; t <= frames; t++) {
            FrameStreamer.streamFrame("movie", 1, t);
            Ijcl.execute("gaussianBlur2D", "movie", "blurred", 2.0, 2.0);
            assertArrayEquals("frame " + t, perFrame[t - 1], gpuPlanes("blurred")[0], 0f);
        }
        // every frame after the first came from the background upload started by the call before
        assertEquals(frames - 1, FrameStreamer.prefetchedFramesUsed() - used);
        assertEquals(1, FrameStreamer.framesPushedDirectly() - direct);
        // out of order: pushed directly, and still the right frame
        FrameStreamer.streamFrame("movie", 1, 3);
        FrameStreamer.streamFrame("movie", 1, 10);
        assertPlanes(planes(movie, 10), gpuPlanes("movie"));
        assertEquals(frames - 1, FrameStreamer.prefetchedFramesUsed() - used);
        assertEquals(3, FrameStreamer.framesPushedDirectly() - direct);
    }

    @Test
    public void aFailedTakeEndsTheStreamSoTheNextFrameIsTheRightOne() {
        // frame t + 1's prefetch starts before frame t is taken; when taking frame t fails (here:
        // the device session was replaced behind the streamer's back), the stream must end, or the
        // next call would be handed the stream's oldest frame (t) or fail again
        ImagePlus movie = openTimeLapse("cancer_cell_migration_crop.tif", "movie");
        FrameStreamer.streamFrame("movie", 1, 1);
        FrameStreamer.streamFrame("movie", 1, 2);
        NativeBridge.selectDevice("");
        try {
            FrameStreamer.streamFrame("movie", 1, 3);
            fail("taking a frame from a stream of a replaced session must fail");
        } catch (IjclException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("device changed"));
        }
        long direct = FrameStreamer.framesPushedDirectly();
        FrameStreamer.streamFrame("movie", 1, 4);
        assertEquals("pushed directly after the failure", 1, FrameStreamer.framesPushedDirectly() - direct);
        assertPlanes(planes(movie, 4), gpuPlanes("movie"));
        FrameStreamer.streamFrame("movie", 1, 5); // and streaming goes on from there
        assertPlanes(planes(movie, 5), gpuPlanes("movie"));
    }

    @Test
    public void aMacroStreamsATimeLapseIntoAHyperstackThatKeepsFramesCalibrationAndLut() {
        ImagePlus movie = openTimeLapse("drosophila_timelapse.tif", "movie"); // 13 frames, 8-bit
        Calibration cal = movie.getCalibration();
        cal.pixelWidth = cal.pixelHeight = 0.325;
        cal.setUnit("micron");
        cal.frameInterval = 30;
        cal.setTimeUnit("s");
        movie.getProcessor().setLut(LUT.createLutFromColor(Color.GREEN));
        movie.setDisplayRange(10, 200);
        String[] r = HostTransferFunctionsTest.run(String.join("\n",
                "smoothed = \"smoothed\"; one = \"one\";",
                "for (t = 1; t <= 13; t++) {",
                "  Ext.IJCL_streamFrame(\"movie\", 1, t);",
                "  Ext.IJCL_mean2DBox(\"movie\", smoothed, 2, 2);",
                "  Ext.IJCL_pullToHyperstack(smoothed, \"result\", 1, t);",
                "}",
                "Ext.IJCL_getStreamStatistics(used, direct);",
                "selectImage(\"result\");",
                "getDimensions(w, h, c, z, f);",
                "getPixelSize(unit, pw, ph);",
                "print(\"dims=\" + w + \" \" + h + \" \" + c + \" \" + z + \" \" + f);",
                "print(\"cal=\" + unit + \" \" + pw + \" \" + Stack.getFrameInterval());",
                "getLut(reds, greens, blues);",
                "print(\"lut=\" + reds[255] + \" \" + greens[255] + \" \" + blues[255]);",
                "getMinAndMax(min, max);",
                "print(\"range=\" + min + \" \" + max);",
                "print(\"used=\" + used);",
                "ok = 1;",
                "for (t = 1; t <= 13; t++) {",
                // the oracle: the same operation on a frame pushed on its own
                "  Ext.IJCL_pushChannelFrame(\"movie\", 1, t);",
                "  Ext.IJCL_mean2DBox(\"movie\", one, 2, 2);",
                "  Ext.IJCL_pullToHyperstack(one, \"oracle\", 1, t);",
                "}",
                "imageCalculator(\"Difference create stack\", \"result\", \"oracle\");",
                "Stack.getStatistics(n, mean, dmin, dmax);",
                "print(\"maxdiff=\" + dmax);", ""));
        assertEquals("512 512 1 1 13", MacroExtensionsTest.value(r[2], "dims"));
        assertEquals("microns 0.325 30", MacroExtensionsTest.value(r[2], "cal"));
        assertEquals("0 255 0", MacroExtensionsTest.value(r[2], "lut"));
        assertEquals("10 200", MacroExtensionsTest.value(r[2], "range"));
        assertEquals("0", MacroExtensionsTest.value(r[2], "maxdiff"));
        assertTrue(r[2], Double.parseDouble(MacroExtensionsTest.value(r[2], "used")) >= 12);
    }

    @Test
    public void channelsPulledIntoANewHyperstackKeepChannelLutsAndCalibration() {
        ImagePlus nuclei = open("artificial_nuclei_and_granules.tif", "nuclei");
        CompositeImage ci = nuclei instanceof CompositeImage ? (CompositeImage) nuclei : null;
        assertNotNull("a 3-channel TIFF opens as a composite image", ci);
        ci.getCalibration().pixelWidth = 0.2;
        ci.getCalibration().pixelHeight = 0.2;
        ci.getCalibration().setUnit("micron");
        ImagePlus result = null;
        for (int c = 1; c <= 3; c++) {
            Hyperstacks.pushChannelFrame("nuclei", c, 1);
            Ijcl.execute("addImageAndScalar", "nuclei", "brighter", 1.0);
            result = Hyperstacks.pullToHyperstack("brighter", "brighter nuclei", c, 1);
        }
        assertTrue(result instanceof CompositeImage);
        assertEquals(3, result.getNChannels());
        assertEquals(1, result.getNSlices());
        assertEquals(1, result.getNFrames());
        assertEquals(0.2, result.getCalibration().pixelWidth, 0);
        assertEquals("micron", result.getCalibration().getUnit());
        LUT[] in = ci.getLuts(), out = ((CompositeImage) result).getLuts();
        for (int c = 0; c < 3; c++) {
            byte[] a = new byte[256], b = new byte[256];
            in[c].getReds(a);
            out[c].getReds(b);
            assertArrayEquals("channel " + (c + 1) + " red", a, b);
            in[c].getGreens(a);
            out[c].getGreens(b);
            assertArrayEquals("channel " + (c + 1) + " green", a, b);
            in[c].getBlues(a);
            out[c].getBlues(b);
            assertArrayEquals("channel " + (c + 1) + " blue", a, b);
        }
        for (int c = 1; c <= 3; c++) {
            ImageProcessor src = nuclei.getStack().getProcessor(c), dst = result.getStack().getProcessor(c);
            for (int i = 0; i < src.getPixelCount(); i++) assertEquals(Math.min(255, src.get(i) + 1), dst.get(i));
        }
    }

    @Test
    public void pullToAnOpenHyperstackChecksSizesAndConvertsTypes() {
        ImagePlus movie = openTimeLapse("cancer_cell_migration_crop.tif", "movie"); // 16-bit
        ImageStack stack = new ImageStack(130, 130);
        for (int i = 0; i < 4; i++) stack.addSlice(new ij.process.ByteProcessor(130, 130));
        ImagePlus target = HostTransferFunctionsTest.show(new ImagePlus("target", stack));
        target.setDimensions(2, 1, 2);
        Hyperstacks.pushChannelFrame("movie", 1, 4);
        Hyperstacks.pullToHyperstack("movie", "target", 2, 1);
        ImageProcessor src = movie.getStack().getProcessor(4), dst = target.getStack().getProcessor(target.getStackIndex(2, 1, 1));
        for (int i = 0; i < src.getPixelCount(); i++) assertEquals(Math.min(255, src.get(i)), dst.get(i)); // putPixelValue clamps
        Ijcl.pushStackIndices(movie, "two", new int[] {1, 2});
        try {
            Hyperstacks.pullToHyperstack("two", "target", 1, 1);
            fail("a 2-plane image does not fit a 1-slice hyperstack");
        } catch (IjclException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("argument 'image'"));
        }
        try {
            Hyperstacks.pullToHyperstack("movie", "target", 1, 3);
            fail("frame 3 of 2");
        } catch (IjclException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("argument 'frame'"));
        }
    }

    @Test
    public void theExampleMacroStreamsTheDrosophilaTimeLapse() throws Exception {
        java.io.File out = java.nio.file.Files.createTempDirectory("ijcl-stream-macro").toFile();
        String macro = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("macros/timelapse_streaming.ijm")),
                java.nio.charset.StandardCharsets.UTF_8);
        net.ijcl.tools.HeadlessMacro.Outcome o;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        try (java.io.PrintStream capture = new java.io.PrintStream(bytes, true, "UTF-8")) {
            System.setOut(capture);
            o = net.ijcl.tools.HeadlessMacro.run(macro, TestData.file("drosophila_timelapse.tif").getPath() + "|" + out.getPath() + "|");
        } finally {
            System.setOut(saved);
        }
        String printed = new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(o.error + "\n" + printed, 0, o.status);
        assertTrue(printed, printed.contains("frames 13, channels 1, prefetched 12, pushed 1"));
        ImagePlus result = IJ.openImage(new java.io.File(out, "drosophila_timelapse_blurred.tif").getPath());
        assertNotNull(result);
        assertEquals(13, result.getNFrames());
        assertEquals(1, result.getNSlices());
    }
}
