package net.ijcl.tools;

import static net.ijcl.tools.RecorderXvfbTest.assertSamePixels;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import net.ijcl.TestData;

import org.junit.Test;

/**
 * {@code ./ijcl watch} ({@link WatchMacro}) end to end, in fresh JVMs, while a writer thread of
 * this test writes frames into the watched folder at intervals: one frame exists before the watch
 * starts; some frames are written in pieces with pauses longer than the stability window (the
 * header first, pointing at an IFD that comes last, as ImageJ writes); one file is not a TIFF;
 * one multi-page TIFF grows page by page (each page's data and IFD written, with a pause, then
 * linked), watched with {@code --pages 1}. The first watch stops after 3 frames; a crash leftover
 * (a half row) is appended to results.csv; a second watch resumes. Checked: every frame exactly
 * once over both runs, frame numbers without gaps, the corrupt file one error row, every output
 * file and Results value equal to {@code ./ijcl batch} on the same frames as separate files, and
 * the page-by-page frames opened only when complete (their pixels equal the pages written).
 */
public class WatchMacroTest {
    private static final String MACRO = String.join("\n",
            "count = call(\"java.lang.System.getProperty\", \"watch.test.count\");",
            "if (count == \"\") count = \"0\";",
            "count = \"\" + (parseInt(count) + 1);",
            "call(\"java.lang.System.setProperty\", \"watch.test.count\", count);",
            "print(\"call \" + count + \" \" + getTitle());",
            "run(\"gaussianBlur2D (GPU)\", \"sigma_x=2 sigma_y=2 device=[]\");",
            "run(\"Set Measurements...\", \"mean min redirect=None decimal=6\");",
            "run(\"Measure\");", "");

    private static final int W = 61, H = 47; // odd sizes

    @Test
    public void framesWrittenWhileWatchingAreProcessedExactlyOnceAcrossARestartAsBatchWould() throws Exception {
        File root = Files.createTempDirectory("ijcl-watch").toFile();
        File in = new File(root, "in"), out = new File(root, "out"), ref = new File(root, "ref");
        assertTrue(in.mkdirs() && ref.mkdirs());
        File macro = new File(root, "blur.ijm");
        Files.write(macro.toPath(), MACRO.getBytes(StandardCharsets.UTF_8));
        ImagePlus blobs = TestData.open("blobs.tif");
        byte[][] pages = new byte[9][];
        for (int i = 0; i < pages.length; i++) pages[i] = crop(blobs, 7 * i, 5 * i);

        // one frame exists before the watch starts; the reference folder for ./ijcl batch gets every frame as a file
        Files.write(new File(in, "a00.tif").toPath(), tiff(pages[0]));
        String[] single = {"a00", "f01", "f02", "f03"};
        int[] singlePage = {0, 1, 2, 3};
        for (int i = 0; i < single.length; i++)
            Files.write(new File(ref, single[i] + "-t0001.tif").toPath(), tiff(pages[singlePage[i]]));
        for (int p = 0; p < 4; p++)
            Files.write(new File(ref, String.format("growing-t%04d.tif", p + 1)).toPath(), tiff(pages[4 + p]));

        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                pause(300);
                Files.write(new File(in, "f01.tif").toPath(), tiff(pages[1]));
                writeSlowly(new File(in, "f02.tif"), tiff(pages[2]), 3, 1200); // pauses longer than the window
                Files.write(new File(in, "zz-corrupt.tif").toPath(), // named to sort after every good frame
                        "this is not a TIFF file, whatever its name says\n".getBytes(StandardCharsets.UTF_8));
                File growing = new File(in, "growing.tif");
                GrowingTiff g = new GrowingTiff(growing);
                for (int p = 0; p < 4; p++) {
                    g.append(pages[4 + p], 700); // data and IFD, a pause, then the link
                    pause(500);
                }
                writeSlowly(new File(in, "f03.tif"), tiff(pages[3]), 2, 1000);
            } catch (Throwable t) {
                writerFailed.set(t);
            }
        }, "frame-writer");

        List<String> options = Arrays.asList("--pages", "1", "--stable", "0.4", "--give-up", "3", "--poll", "0.1");
        // the writer starts once the watch has started (its line comes just before the first listing),
        // however long the JVM takes to start: the frames it writes arrive while the watch runs
        JvmProcess.Running running = JvmProcess.start(Collections.singletonList("-Djava.awt.headless=true"), WatchMacro.class,
                null, Collections.<String, String>emptyMap(), watchArgs(options, "--stop-after", "3", macro, in, out));
        assertTrue(running.outputSoFar(), running.awaitOutput("watch: " + in.getCanonicalFile(), 5, java.util.concurrent.TimeUnit.MINUTES));
        writer.start();
        JvmProcess first = running.await(10, java.util.concurrent.TimeUnit.MINUTES);
        assertTrue("the first watch ended", first != null);
        assertEquals(first.toString(), 0, first.exitStatus);
        assertTrue(first.toString(), first.stderr.contains("[frame 1] a00.tif page 1: ok")); // existing files first
        assertTrue(first.toString(), first.stderr.contains("stopped (3 frame(s) done)"));
        // a kill in the middle of a frame leaves a half row after the last finished frame
        Files.write(new File(out, FolderWatch.RESULTS).toPath(), "999,garbage-of-a-killed".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        JvmProcess second = watch(options, "--stop-after", "6", macro, in, out);
        writer.join(60_000);
        assertFalse("the writer thread ended", writer.isAlive());
        assertNull("the writer thread failed: " + writerFailed.get(), writerFailed.get());
        assertEquals(second.toString(), 1, second.exitStatus); // the corrupt file's error row
        assertTrue(second.toString(), second.stderr.contains("resuming after 3 finished frame(s)"));

        // every frame exactly once, across both runs; the macro ran once per readable frame
        List<String> expected = Arrays.asList("a00.tif#1", "f01.tif#1", "f02.tif#1", "f03.tif#1",
                "growing.tif#1", "growing.tif#2", "growing.tif#3", "growing.tif#4", "zz-corrupt.tif");
        List<String> state = Files.readAllLines(new File(out, FolderWatch.STATE).toPath(), StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        for (String line : state) ids.add(line.split("\t")[0]);
        List<String> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        assertEquals(state.toString(), expected, sorted);
        int calls = count(first.stdout, "call ") + count(second.stdout, "call ");
        assertEquals(first.stdout + second.stdout, 8, calls);
        assertEquals(first.stdout, 3, count(first.stdout, "call ")); // one JVM: its counter goes 1, 2, 3
        assertTrue(first.stdout, first.stdout.contains("call 3 "));

        List<String> lines = Files.readAllLines(new File(out, FolderWatch.RESULTS).toPath(), StandardCharsets.UTF_8);
        List<String> header = FolderWatch.parseCsvLine(lines.get(0));
        assertEquals(FolderWatch.FIXED, header.subList(0, FolderWatch.FIXED.size()));
        assertEquals(Arrays.asList("Mean", "Min", "Max"), header.subList(FolderWatch.FIXED.size(), header.size()));
        assertEquals(lines.toString(), 10, lines.size());
        Set<String> seenFrames = new HashSet<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> row = FolderWatch.parseCsvLine(lines.get(i));
            assertEquals("frame numbers without gaps or repeats: " + lines, Integer.toString(i), row.get(0));
            String file = row.get(1), status = row.get(3);
            assertTrue(seenFrames.add(file + "#" + row.get(2)));
            assertTrue(lines.get(i), Double.parseDouble(row.get(8)) >= 0); // latency
            if (file.equals("zz-corrupt.tif")) {
                assertEquals("error", status);
                assertTrue(row.get(4), row.get(4).contains("not a TIFF file"));
                continue;
            }
            assertEquals(lines.get(i), "ok", status);
            String base = file.substring(0, file.length() - 4) + String.format("-t%04d", Integer.parseInt(row.get(2)));
            // the same numbers as ./ijcl batch's table of that frame (checked below to equal batch's file)
            ResultsTable rt = ResultsTable.open(new File(out, base + ".csv").getPath());
            for (String column : new String[] {"Mean", "Min", "Max"})
                assertEquals(base + " " + column, rt.getValue(column, 0), Double.parseDouble(row.get(header.indexOf(column))), 0);
        }

        // ./ijcl batch on the same frames as separate files: the same output files
        File batchOut = new File(root, "batch-out");
        JvmProcess batch = JvmProcess.run(Collections.<String>emptyList(), Collections.singletonList("-Djava.awt.headless=true"),
                BatchMacro.class, null, macro.getPath(), ref.getPath(), batchOut.getPath());
        assertEquals(batch.toString(), 0, batch.exitStatus);
        String[] batchFiles = batchOut.list();
        Arrays.sort(batchFiles);
        assertEquals(16, batchFiles.length);
        for (String name : batchFiles) {
            File mine = new File(out, name), theirs = new File(batchOut, name);
            assertTrue(name, mine.isFile());
            if (name.endsWith(".csv")) assertEquals(name, RecorderXvfbTest.read(theirs), RecorderXvfbTest.read(mine));
            else assertSamePixels(name, theirs, mine);
        }
        assertFalse(RecorderXvfbTest.read(new File(out, FolderWatch.LATEST)).isEmpty());
    }

    private static final String GPU_MODE_MACRO = String.join("\n",
            "print(\"call \" + getTitle());",
            "run(\"Gaussian Blur...\", \"sigma=2 stack\");",
            "run(\"Set Measurements...\", \"mean min integrated redirect=None decimal=6\");",
            "run(\"Measure\");", "");

    /**
     * Whole files (2D images and 3D stacks as ImageJ saves them), some written in pieces with
     * pauses longer than the stability window, one written under a hidden name and renamed, in GPU
     * mode ({@code --gpu} passes through), warmed up on a sample before the first frame; the first
     * watch is stopped by SIGTERM after its second frame, the second one resumes and ends when idle.
     * Every file exactly once; outputs equal to {@code ./ijcl batch --gpu} on the same files.
     */
    @Test
    public void wholeFilesInGpuModeSurviveASigtermAndEqualBatch() throws Exception {
        File root = Files.createTempDirectory("ijcl-watch-whole").toFile();
        File in = new File(root, "in"), out = new File(root, "out"), ref = new File(root, "ref");
        assertTrue(in.mkdirs() && ref.mkdirs());
        File macro = new File(root, "blur.ijm");
        Files.write(macro.toPath(), GPU_MODE_MACRO.getBytes(StandardCharsets.UTF_8));
        ImagePlus blobs = TestData.open("blobs.tif");
        String[] names = {"w01.tif", "w02.tif", "w03.tif", "w04.tif", "w05.tif"};
        int[] depth = {3, 1, 1, 5, 2};
        byte[][] files = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            ij.ImageStack stack = new ij.ImageStack(W, H);
            for (int z = 0; z < depth[i]; z++) stack.addSlice(new ij.process.ByteProcessor(W, H, crop(blobs, 9 * i + z, 4 * i + 2 * z)));
            files[i] = new ij.io.FileSaver(new ImagePlus(names[i], stack)).serialize();
            Files.write(new File(ref, names[i]).toPath(), files[i]);
        }
        File warm = new File(root, "sample.tif");
        Files.write(warm.toPath(), files[1]);

        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                writeSlowly(new File(in, names[0]), files[0], 4, 800); // pauses longer than the window
                File hidden = new File(in, "." + names[1]);
                Files.write(hidden.toPath(), files[1]);
                Files.move(hidden.toPath(), new File(in, names[1]).toPath(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                pause(400);
                Files.write(new File(in, names[2]).toPath(), files[2]);
                writeSlowly(new File(in, names[3]), files[3], 3, 900);
                Files.write(new File(in, names[4]).toPath(), files[4]);
            } catch (Throwable t) {
                writerFailed.set(t);
            }
        }, "file-writer");

        List<String> args = Arrays.asList("--gpu", "--stable", "0.3", "--poll", "0.1", "--warmup", warm.getPath());
        List<String> first = new ArrayList<>(args);
        first.addAll(Arrays.asList("--idle", "120", macro.getPath(), in.getPath(), out.getPath()));
        JvmProcess.Running running = JvmProcess.start(Collections.singletonList("-Djava.awt.headless=true"), WatchMacro.class,
                null, Collections.<String, String>emptyMap(), first.toArray(new String[0]));
        // the microscope starts once the watch is warm
        assertTrue(running.outputSoFar(), running.awaitOutput("watch: warm-up on sample.tif ok", 5, java.util.concurrent.TimeUnit.MINUTES));
        writer.start();
        assertTrue(running.outputSoFar(), running.awaitOutput("[frame 2]", 5, java.util.concurrent.TimeUnit.MINUTES));
        running.sigterm();
        JvmProcess stopped = running.await(2, java.util.concurrent.TimeUnit.MINUTES);
        assertTrue("the first watch ended after SIGTERM", stopped != null);
        assertEquals(stopped.toString(), 143, stopped.exitStatus);
        assertTrue(stopped.toString(), stopped.stderr.contains("watch: warm-up on sample.tif ok"));

        writer.join(60_000);
        assertFalse("the writer thread ended", writer.isAlive());
        assertNull("the writer thread failed: " + writerFailed.get(), writerFailed.get());
        List<String> second = new ArrayList<>(args);
        second.addAll(Arrays.asList("--idle", "2", macro.getPath(), in.getPath(), out.getPath()));
        JvmProcess resumed = JvmProcess.run(Collections.<String>emptyList(), Collections.singletonList("-Djava.awt.headless=true"),
                WatchMacro.class, null, second.toArray(new String[0]));
        assertEquals(resumed.toString(), 0, resumed.exitStatus);
        assertTrue(resumed.toString(), resumed.stdout.contains("gpu-mode:")); // GPU mode's report: --gpu passed through

        List<String> state = Files.readAllLines(new File(out, FolderWatch.STATE).toPath(), StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        for (String line : state) {
            assertTrue(line, line.split("\t")[1].equals("ok"));
            ids.add(line.split("\t")[0]);
        }
        List<String> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        assertEquals(state.toString(), Arrays.asList(names), sorted);
        // the macro ran once per file, but for a frame the SIGTERM interrupted (not recorded, run again)
        int recordedFirst = count(stopped.stderr, "[frame ");
        int callsFirst = count(stopped.stdout, "call w"), callsSecond = count(resumed.stdout, "call w");
        assertTrue(stopped.toString(), recordedFirst >= 2 && callsFirst - recordedFirst >= 0 && callsFirst - recordedFirst <= 1);
        assertEquals(resumed.toString(), names.length - recordedFirst, callsSecond);
        assertEquals(resumed.toString(), names.length - recordedFirst, count(resumed.stderr, "[frame "));
        List<String> lines = Files.readAllLines(new File(out, FolderWatch.RESULTS).toPath(), StandardCharsets.UTF_8);
        assertEquals(lines.toString(), 1 + names.length, lines.size()); // Measure: one row per file
        for (int i = 1; i < lines.size(); i++) assertEquals(lines.toString(), Integer.toString(i), FolderWatch.parseCsvLine(lines.get(i)).get(0));

        File batchOut = new File(root, "batch-out");
        JvmProcess batch = JvmProcess.run(Collections.<String>emptyList(), Collections.singletonList("-Djava.awt.headless=true"),
                BatchMacro.class, null, "--gpu", macro.getPath(), ref.getPath(), batchOut.getPath());
        assertEquals(batch.toString(), 0, batch.exitStatus);
        String[] batchFiles = batchOut.list();
        assertEquals(2 * names.length, batchFiles.length);
        for (String name : batchFiles) {
            File mine = new File(out, name), theirs = new File(batchOut, name);
            assertTrue(name, mine.isFile());
            if (name.endsWith(".csv")) assertEquals(name, RecorderXvfbTest.read(theirs), RecorderXvfbTest.read(mine));
            else assertSamePixels(name, theirs, mine);
        }
    }

    /** A frame whose macro fails gets an error row with the macro's error, and the watch goes on to the next. */
    @Test
    public void aFailingMacroGivesAnErrorRowAndTheWatchGoesOn() throws Exception {
        File root = Files.createTempDirectory("ijcl-watch-fail").toFile();
        File in = new File(root, "in"), out = new File(root, "out");
        assertTrue(in.mkdirs());
        ImagePlus blobs = TestData.open("blobs.tif");
        for (int i = 0; i < 3; i++) Files.write(new File(in, "m" + i + ".tif").toPath(), tiff(crop(blobs, 11 * i, 3 * i)));
        File macro = new File(root, "fails-on-m1.ijm");
        Files.write(macro.toPath(), String.join("\n", "if (getTitle() == \"m1.tif\") run(\"No Such Command Here\");",
                "getStatistics(area, mean);", "setResult(\"mean\", 0, mean);", "").getBytes(StandardCharsets.UTF_8));
        JvmProcess p = watch(Arrays.asList("--stable", "0.2", "--quiet"), "--stop-after", "3", macro, in, out);
        assertEquals(p.toString(), 1, p.exitStatus);
        assertFalse("--quiet: no status lines\n" + p, p.stderr.contains("[frame "));
        List<String> lines = Files.readAllLines(new File(out, FolderWatch.RESULTS).toPath(), StandardCharsets.UTF_8);
        assertEquals(lines.toString(), 4, lines.size());
        String[] status = {"ok", "error", "ok"};
        for (int i = 1; i <= 3; i++) {
            List<String> row = FolderWatch.parseCsvLine(lines.get(i));
            assertEquals(lines.toString(), Arrays.asList(Integer.toString(i), "m" + (i - 1) + ".tif", status[i - 1]),
                    Arrays.asList(row.get(0), row.get(1), row.get(3)));
        }
        assertTrue(lines.get(2), lines.get(2).contains("macro error") && lines.get(2).contains("No Such Command Here"));
        String latest = RecorderXvfbTest.read(new File(out, FolderWatch.LATEST));
        assertTrue(latest, latest.startsWith("{\"frame\": 3, \"id\": \"m2.tif\"") && latest.contains("\"status\": \"ok\""));
    }

    private static JvmProcess watch(List<String> options, String stop, String n, File macro, File in, File out) throws Exception {
        return JvmProcess.run(Collections.<String>emptyList(), Collections.singletonList("-Djava.awt.headless=true"),
                WatchMacro.class, null, watchArgs(options, stop, n, macro, in, out));
    }

    private static String[] watchArgs(List<String> options, String stop, String n, File macro, File in, File out) {
        List<String> args = new ArrayList<>(options);
        args.addAll(Arrays.asList(stop, n, macro.getPath(), in.getPath(), out.getPath()));
        return args.toArray(new String[0]);
    }

    private static int count(String text, String word) {
        int n = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) n++;
        return n;
    }

    private static void pause(long ms) throws InterruptedException {
        Thread.sleep(ms); // the writer's pace (part of the scenario, not a synchronisation)
    }

    /** An 8-bit W x H crop of an image at (x, y). */
    private static byte[] crop(ImagePlus image, int x, int y) {
        byte[] px = (byte[]) image.getProcessor().convertToByte(true).getPixels();
        byte[] out = new byte[W * H];
        for (int j = 0; j < H; j++)
            System.arraycopy(px, (y + j) * image.getWidth() + x, out, j * W, W);
        return out;
    }

    /** A single-page 8-bit TIFF: header (pointing at the IFD), pixel data, then the IFD (ImageJ's order). */
    static byte[] tiff(byte[] pixels) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {'I', 'I', 42, 0});
        le32(b, 8 + pixels.length);
        b.write(pixels);
        b.write(ifd(8, 8 + pixels.length, pixels.length));
        return b.toByteArray();
    }

    /** An uncompressed 8-bit grey IFD at {@code at} for one strip at {@code data}; next IFD: 0. */
    static byte[] ifd(long data, long at, int bytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int[][] entries = {{256, 3, W}, {257, 3, H}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1}, {273, 4, (int) data},
                {277, 3, 1}, {278, 3, H}, {279, 4, bytes}};
        b.write(entries.length & 0xff);
        b.write(entries.length >> 8);
        for (int[] e : entries) {
            b.write(e[0] & 0xff); b.write(e[0] >> 8);
            b.write(e[1]); b.write(0);
            le32(b, 1);
            le32(b, e[2]);
        }
        le32(b, 0);
        return b.toByteArray();
    }

    private static void le32(ByteArrayOutputStream b, long v) {
        for (int i = 0; i < 4; i++) b.write((int) (v >> (8 * i)) & 0xff);
    }

    /** Writes the bytes in {@code pieces} parts with a pause after each but the last. */
    private static void writeSlowly(File f, byte[] bytes, int pieces, long pauseMs) throws Exception {
        try (java.io.FileOutputStream os = new java.io.FileOutputStream(f)) {
            for (int i = 0; i < pieces; i++) {
                int from = bytes.length * i / pieces, to = bytes.length * (i + 1) / pieces;
                os.write(bytes, from, to - from);
                os.flush();
                if (i < pieces - 1) pause(pauseMs);
            }
        }
    }

    /** A multi-page TIFF that grows: each page's data and IFD appended, then linked from the previous IFD. */
    private static final class GrowingTiff {
        private final File file;
        private long linkAt = 4; // where the offset of the next page's IFD goes

        GrowingTiff(File file) throws IOException {
            this.file = file;
            Files.write(file.toPath(), new byte[] {'I', 'I', 42, 0, 0, 0, 0, 0});
        }

        void append(byte[] pixels, long pauseBeforeLinkMs) throws Exception {
            try (RandomAccessFile f = new RandomAccessFile(file, "rw")) {
                long data = f.length(), at = data + pixels.length;
                f.seek(data);
                f.write(pixels);
                f.write(ifd(data, at, pixels.length));
                f.getFD().sync();
                pause(pauseBeforeLinkMs);
                f.seek(linkAt);
                for (int i = 0; i < 4; i++) f.write((int) (at >> (8 * i)) & 0xff);
                linkAt = at + 2 + 12 * 9;
            }
        }
    }
}
