package net.ijcl.tools;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.FileOpener;
import ij.io.RandomAccessStream;
import ij.io.TiffDecoder;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The structure of a TIFF file that may still be being written, read without trusting anything
 * beyond the end of the file: which pages (IFDs) are complete, i.e. the IFD and every strip or
 * tile it points to lie inside the file, and whether the chain of IFDs ends (next-IFD offset 0)
 * or points past the end of the file (a writer appending pages, or a truncated file).
 *
 * <p>This is how {@code ./ijcl watch} tells a complete TIFF from a partial one: a TIFF file is
 * complete when its IFD chain ends and all its pixel data are inside the file. A writer that
 * pauses in the middle leaves an IFD offset or a strip beyond the end of the file (ImageJ writes
 * pixel data first and the IFDs last; Micro-Manager and libtiff write a page's IFD and data before
 * linking the next), so a partial file is never taken for a complete one however long the pause.
 * Classic TIFF only (BigTIFF: {@link Scan#bigTiff}; such files are judged by stability and by
 * ImageJ opening them).
 */
final class TiffPages {
    private TiffPages() {}

    /** What {@link #scan} found. */
    static final class Scan {
        /** The header says TIFF (II*\0 or MM\0*). False with {@link #problem} set: not a TIFF at all. */
        boolean tiff;
        /** A BigTIFF (version 43): not scanned. */
        boolean bigTiff;
        /** The file length the scan saw. */
        long length;
        /** The complete pages in chain order (IFD offsets), up to the first incomplete one. */
        final List<Long> ifds = new ArrayList<>();
        /** The complete pages' strip (or tile) offsets and byte counts. */
        final List<long[][]> strips = new ArrayList<>();
        /** The chain ends (offset 0) after the last complete page: the file is complete. */
        boolean ended;
        /** A structural error that more bytes cannot repair (bad magic, IFD loop), or null. */
        String problem;
        /** Where the next-IFD offset of the last complete page is stored (-1: none). */
        long lastNextPointer = -1;

        int pages() {
            return ifds.size();
        }

        /** The file is a complete TIFF. */
        boolean complete() {
            return tiff && !bigTiff && problem == null && ended && !ifds.isEmpty();
        }

        /** Why the file is not complete (for reports). */
        String why() {
            if (problem != null) return problem;
            if (bigTiff) return "BigTIFF";
            if (!tiff) return "the file is shorter than a TIFF header";
            if (ended) return ifds.isEmpty() ? "no pages" : "complete";
            return ifds.size() + " complete page(s), then an IFD or pixel data beyond the end of the file (" + length + " bytes)";
        }
    }

    /** Scans the file's header and IFD chain (never reads past its current end). */
    static Scan scan(File file) throws IOException {
        Scan s = new Scan();
        try (RandomAccessFile f = new RandomAccessFile(file, "r")) {
            long length = f.length();
            s.length = length;
            if (length < 8) {
                if (length >= 2 && !startsLikeTiff(f, length)) s.problem = "not a TIFF file (bad header)";
                return s;
            }
            byte[] h = new byte[4];
            f.seek(0);
            f.readFully(h);
            boolean little;
            if (h[0] == 'I' && h[1] == 'I') little = true;
            else if (h[0] == 'M' && h[1] == 'M') little = false;
            else {
                s.problem = "not a TIFF file (bad header)";
                return s;
            }
            int version = little ? (h[2] & 0xff) | (h[3] & 0xff) << 8 : (h[3] & 0xff) | (h[2] & 0xff) << 8;
            if (version == 43) {
                s.tiff = true;
                s.bigTiff = true;
                return s;
            }
            if (version != 42) {
                s.problem = "not a TIFF file (version " + version + ")";
                return s;
            }
            s.tiff = true;
            Reader r = new Reader(f, little);
            long pointerAt = 4;
            long ifd = r.u32(4);
            Set<Long> seen = new HashSet<>();
            while (true) {
                if (ifd == 0) {
                    s.ended = true;
                    break;
                }
                if (!seen.add(ifd)) {
                    s.problem = "the IFD chain loops";
                    break;
                }
                if (ifd + 2 > length) break;
                int n = r.u16(ifd);
                long end = ifd + 2 + 12L * n + 4;
                if (end > length) break;
                long[][] strips = strips(r, ifd, n, length);
                if (strips == null) break; // pixel data (or the strip table) not yet in the file
                s.ifds.add(ifd);
                s.strips.add(strips);
                s.lastNextPointer = end - 4;
                pointerAt = end - 4;
                ifd = r.u32(pointerAt);
            }
        }
        return s;
    }

    private static boolean startsLikeTiff(RandomAccessFile f, long length) throws IOException {
        byte[] b = new byte[2];
        f.seek(0);
        f.readFully(b);
        return (b[0] == 'I' && b[1] == 'I') || (b[0] == 'M' && b[1] == 'M');
    }

    /** The IFD's strip (or tile) offsets and byte counts, or null when any lies beyond {@code length}. */
    private static long[][] strips(Reader r, long ifd, int n, long length) throws IOException {
        long[] offsets = null, counts = null;
        long width = 0, height = 0, bits = 8, samples = 1;
        for (int i = 0; i < n; i++) {
            long e = ifd + 2 + 12L * i;
            int tag = r.u16(e), type = r.u16(e + 2);
            long count = r.u32(e + 4);
            switch (tag) {
                case 256: width = r.value(e, type, 0, length); break;
                case 257: height = r.value(e, type, 0, length); break;
                case 258: bits = r.value(e, type, 0, length); break;
                case 277: samples = r.value(e, type, 0, length); break;
                case 273: case 324: offsets = r.values(e, type, count, length); if (offsets == null) return null; break;
                case 279: case 325: counts = r.values(e, type, count, length); if (counts == null) return null; break;
                default: break;
            }
        }
        if (offsets == null) return new long[][] {new long[0], new long[0]};
        if (counts == null || counts.length != offsets.length) { // no byte counts: one uncompressed plane
            counts = new long[offsets.length];
            if (offsets.length > 0) counts[0] = width * height * ((bits * samples + 7) / 8);
        }
        for (int i = 0; i < offsets.length; i++)
            if (offsets[i] < 0 || counts[i] < 0 || offsets[i] + counts[i] > length) return null;
        return new long[][] {offsets, counts};
    }

    /** Reads little- or big-endian integers at absolute positions. */
    private static final class Reader {
        private final RandomAccessFile f;
        private final boolean little;
        private final byte[] b = new byte[4];

        Reader(RandomAccessFile f, boolean little) {
            this.f = f;
            this.little = little;
        }

        int u16(long at) throws IOException {
            f.seek(at);
            f.readFully(b, 0, 2);
            return little ? (b[0] & 0xff) | (b[1] & 0xff) << 8 : (b[1] & 0xff) | (b[0] & 0xff) << 8;
        }

        long u32(long at) throws IOException {
            f.seek(at);
            f.readFully(b, 0, 4);
            long v = little ? (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24
                    : (b[3] & 0xffL) | (b[2] & 0xffL) << 8 | (b[1] & 0xffL) << 16 | (b[0] & 0xffL) << 24;
            return v;
        }

        /** The i-th value of an entry of SHORT (3) or LONG (4) type, inline or at its offset. */
        long value(long entry, int type, int i, long length) throws IOException {
            long[] v = values(entry, type, i + 1, length);
            return v == null || v.length <= i ? 0 : v[i];
        }

        /** The values of an entry (SHORT or LONG), or null when they lie beyond {@code length}. */
        long[] values(long entry, int type, long count, long length) throws IOException {
            int size = type == 3 ? 2 : type == 4 ? 4 : 0;
            if (size == 0 || count < 0 || count > 10_000_000) return new long[0];
            long bytes = count * size;
            long at = bytes <= 4 ? entry + 8 : u32(entry + 8);
            if (at + bytes > length) return null;
            long[] v = new long[(int) count];
            for (int i = 0; i < count; i++) v[i] = size == 2 ? u16(at + (long) i * 2) : u32(at + (long) i * 4);
            return v;
        }
    }

    /**
     * Opens pages {@code first} to {@code first + count - 1} (0-based, all complete per {@code scan})
     * as one image (a stack when count > 1), with ImageJ's TIFF decoder and file opener. The
     * decoder reads the file through a view in which the chain ends after the last complete page,
     * so it never follows a link into bytes still being written.
     */
    static ImagePlus open(File file, Scan scan, int first, int count, String title) throws IOException {
        FileInfo[] infos;
        try (RandomAccessFile raw = new EndedChainFile(file, scan.lastNextPointer)) {
            Decoder decoder = new Decoder(file, raw);
            infos = decoder.getTiffInfo();
        }
        if (infos == null || infos.length == 0) throw new IOException("ImageJ's TIFF decoder found no image");
        ImageStack stack = null;
        ImagePlus firstImage = null;
        for (int p = first; p < first + count; p++) {
            FileInfo fi = (FileInfo) (p < infos.length ? infos[p] : infos[0]).clone();
            if (p >= infos.length || infos.length == 1) { // one IFD read for a stack (ImageJ's "images=" description)
                long[][] strips = scan.strips.get(p);
                fi.stripOffsets = null;
                fi.stripLengths = null;
                if (strips[0].length > 1) {
                    fi.stripOffsets = toInts(strips[0]);
                    fi.stripLengths = toInts(strips[1]);
                }
                fi.longOffset = strips[0].length > 0 ? strips[0][0] : fi.getOffset();
                fi.offset = 0;
            }
            fi.nImages = 1;
            ImagePlus page = new FileOpener(fi).openImage();
            if (page == null) throw new IOException("ImageJ cannot read page " + (p + 1));
            if (count == 1) {
                page.setTitle(title);
                return page;
            }
            if (stack == null) {
                firstImage = page;
                stack = new ImageStack(page.getWidth(), page.getHeight());
            }
            stack.addSlice(page.getProcessor());
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setCalibration(firstImage.getCalibration());
        return imp;
    }

    private static int[] toInts(long[] v) throws IOException {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] > Integer.MAX_VALUE) throw new IOException("strip offset beyond 2 GB in a multi-strip page");
            out[i] = (int) v[i];
        }
        return out;
    }

    /** ImageJ's TiffDecoder reading through the given file view. */
    private static final class Decoder extends TiffDecoder {
        Decoder(File file, RandomAccessFile raw) {
            super(file.getAbsoluteFile().getParent(), file.getName());
            in = new RandomAccessStream(raw);
        }
    }

    /** The file, read-only, with the 4 bytes at {@code zeroAt} read as 0 (the chain ends there). */
    private static final class EndedChainFile extends RandomAccessFile {
        private final long zeroAt;

        EndedChainFile(File file, long zeroAt) throws IOException {
            super(file, "r");
            this.zeroAt = zeroAt;
        }

        @Override
        public int read() throws IOException {
            long at = getFilePointer();
            int v = super.read();
            return v >= 0 && zeroAt >= 0 && at >= zeroAt && at < zeroAt + 4 ? 0 : v;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long at = getFilePointer();
            int n = super.read(b, off, len);
            if (zeroAt >= 0)
                for (int i = 0; i < n; i++)
                    if (at + i >= zeroAt && at + i < zeroAt + 4) b[off + i] = 0;
            return n;
        }

        @Override
        public int read(byte[] b) throws IOException {
            return read(b, 0, b.length);
        }
    }
}
