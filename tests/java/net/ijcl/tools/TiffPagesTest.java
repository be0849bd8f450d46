package net.ijcl.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ShortProcessor;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Files;

import org.junit.Test;

/**
 * How the watch tells a complete TIFF from a partial one ({@link TiffPages}): every prefix of a
 * stack as ImageJ saves it (16-bit, odd-sized, 3 slices) is incomplete and only the whole file is
 * complete; a non-TIFF is a problem at once; in a multi-page file every prefix has exactly the pages
 * whose IFD and data it holds, and those pages open with their pixels.
 */
public class TiffPagesTest {
    private static final int W = 13, H = 7;

    @Test
    public void noPrefixOfAnImageJStackIsComplete() throws Exception {
        ImageStack stack = new ImageStack(W, H);
        for (int z = 0; z < 3; z++) stack.addSlice(plane(z));
        byte[] bytes = new FileSaver(new ImagePlus("stack", stack)).serialize();
        File f = File.createTempFile("ijcl-tiffpages", ".tif");
        Files.write(f.toPath(), bytes);
        assertTrue(TiffPages.scan(f).complete());
        try (RandomAccessFile raf = new RandomAccessFile(f, "rw")) {
            for (long length = bytes.length - 1; length >= 0; length--) {
                raf.setLength(length);
                TiffPages.Scan s = TiffPages.scan(f);
                assertFalse("a prefix of " + length + " of " + bytes.length + " bytes", s.complete());
                assertEquals("no structural problem in a prefix of " + length, null, s.problem);
            }
        }
        Files.write(f.toPath(), "GIF89a and more".getBytes("UTF-8"));
        assertNotNull(TiffPages.scan(f).problem);
        assertTrue(f.delete());
    }

    @Test
    public void everyPrefixOfAMultiPageFileHasTheCompletePagesItHolds() throws Exception {
        byte[][] pages = new byte[3][];
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0});
        long[] ends = new long[3];
        for (int p = 0; p < 3; p++) {
            byte[] px = new byte[61 * 47];
            for (int i = 0; i < px.length; i++) px[i] = (byte) (i * (p + 1));
            pages[p] = px;
            long ifd = b.size(), data = ifd + 2 + 12 * 9 + 4;
            byte[] entry = WatchMacroTest.ifd(data, ifd, px.length);
            if (p < 2) { // link the next page, which follows this page's data
                long next = data + px.length;
                for (int i = 0; i < 4; i++) entry[entry.length - 4 + i] = (byte) (next >> (8 * i));
            }
            b.write(entry);
            b.write(px);
            ends[p] = b.size();
        }
        byte[] bytes = b.toByteArray();
        File f = File.createTempFile("ijcl-tiffpages", ".tif");
        Files.write(f.toPath(), bytes);
        try (RandomAccessFile raf = new RandomAccessFile(f, "rw")) {
            for (long length = bytes.length; length >= 0; length--) {
                raf.setLength(length);
                TiffPages.Scan s = TiffPages.scan(f);
                int expected = length >= ends[2] ? 3 : length >= ends[1] ? 2 : length >= ends[0] ? 1 : 0;
                assertEquals("pages in a prefix of " + length, expected, s.pages());
                assertEquals(length == bytes.length, s.complete());
                if (length == ends[1]) {
                    ImagePlus second = TiffPages.open(f, s, 1, 1, "p2");
                    assertArrayEquals((byte[]) second.getProcessor().getPixels(), pages[1]);
                    ImagePlus both = TiffPages.open(f, s, 0, 2, "p12");
                    assertEquals(2, both.getStackSize());
                    assertArrayEquals((byte[]) both.getStack().getPixels(1), pages[0]);
                }
            }
        }
        assertTrue(f.delete());
    }

    private static ShortProcessor plane(int z) {
        ShortProcessor sp = new ShortProcessor(W, H);
        for (int i = 0; i < W * H; i++) sp.set(i, 1000 * z + 37 * i);
        return sp;
    }
}
