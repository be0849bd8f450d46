package net.ijcl.gpumode;

import net.ijcl.Ijcl;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GPU mode's device copies of ImageJ pixel arrays. <b>The host pixels are the truth; a device copy
 * is a cache.</b> A GPU twin writes its result back into ImageJ's pixel arrays at once, so every
 * reader (getPixel, getStatistics, Duplicate, saveAs, Measure, Undo, the display) sees it; the
 * device image it computed stays here, keyed by the identity of those arrays, with a host copy of
 * what was written. The next twin on the same arrays compares them with that copy
 * ({@code Arrays.equals}: exact, at memory speed) and skips the push when nothing changed since;
 * when anything changed them (a CPU command, {@code setPixel}, an ROI restore), it pushes again.
 *
 * <p>Entries are used under a {@link Lease} (the device image is not released while a twin reads
 * it) and evicted least recently used beyond {@link #budgetBytes()} (system property
 * {@code ijcl.gpumode.cache.bytes}, default 1 GiB of device images; the host copies take as much).
 */
final class DeviceCache {
    private DeviceCache() {}

    private static final AtomicLong NAMES = new AtomicLong();

    /** One cached device image and the host arrays it mirrors. */
    private static final class Entry {
        final Object[] planes;   // ImageJ's arrays, by identity
        final Object[] copies;   // what they held when the device image was made
        final String name;
        final long bytes;
        int leases;
        boolean evicted;

        Entry(Object[] planes, Object[] copies, String name, long bytes) {
            this.planes = planes;
            this.copies = copies;
            this.name = name;
            this.bytes = bytes;
        }
    }

    /** A device image in use by a twin; {@link #close()} lets the cache evict it again. */
    static final class Lease implements AutoCloseable {
        final String name;
        private final Entry entry;
        /** True when the pixels were pushed for this lease (false: the cached copy was current). */
        final boolean pushed;

        Lease(Entry entry, boolean pushed) {
            this.entry = entry;
            this.name = entry.name;
            this.pushed = pushed;
        }

        @Override
        public void close() {
            synchronized (DeviceCache.class) {
                entry.leases--;
                if (entry.evicted && entry.leases == 0) Ijcl.release(entry.name);
            }
        }
    }

    // keyed by the first plane's identity; access-ordered for LRU eviction
    private static final Map<Object, Entry> ENTRIES = new LinkedHashMap<>(16, 0.75f, true);
    private static long cachedBytes;
    private static long pushes, hits;

    /** A fresh device image name for a twin's result. */
    static String newName() {
        return "__ijcl_gpumode_" + NAMES.incrementAndGet();
    }

    static long budgetBytes() {
        return Long.getLong("ijcl.gpumode.cache.bytes", 1L << 30);
    }

    /**
     * A device image (width x height x planes.length) holding exactly the current pixels of
     * {@code planes}: the cached one when they are unchanged since it was made, else a new push.
     */
    static Lease upload(Object[] planes, int width, int height) {
        synchronized (DeviceCache.class) {
            Entry e = ENTRIES.get(planes[0]);
            if (e != null && sameArrays(e.planes, planes) && sameContent(e.copies, planes)) {
                e.leases++;
                hits++;
                return new Lease(e, false);
            }
            if (e != null) evict(e);
        }
        String name = newName();
        Ijcl.pushPlanes(name, width, height, planes);
        Entry e = new Entry(planes.clone(), copyOf(planes), name, bytes(planes));
        synchronized (DeviceCache.class) {
            pushes++;
            insert(e);
            e.leases++;
            return new Lease(e, true);
        }
    }

    /**
     * Records that device image {@code name} now holds what {@code planes} hold (the caller has
     * just copied it into them); the cache owns {@code name} from here on.
     */
    static void adopt(Object[] planes, String name) {
        Entry e = new Entry(planes.clone(), copyOf(planes), name, bytes(planes));
        synchronized (DeviceCache.class) {
            Entry old = ENTRIES.get(planes[0]);
            if (old != null) evict(old);
            insert(e);
        }
    }

    /** Forgets the device copy of {@code planes} (after the host was written other than from it). */
    static synchronized void forget(Object[] planes) {
        Entry old = ENTRIES.get(planes[0]);
        if (old != null) evict(old);
    }

    /** Releases every cached device image not in use. */
    static synchronized void clear() {
        for (Entry e : ENTRIES.values().toArray(new Entry[0])) evict(e);
    }

    /** {pushes, pushes skipped because the device copy was current}, since start-up. */
    static synchronized long[] counts() {
        return new long[] {pushes, hits};
    }

    private static void insert(Entry e) {
        ENTRIES.put(e.planes[0], e);
        cachedBytes += e.bytes;
        Iterator<Entry> it = ENTRIES.values().iterator();
        while (cachedBytes > budgetBytes() && it.hasNext()) {
            Entry oldest = it.next();
            if (oldest == e) continue;
            it.remove();
            dropEntry(oldest);
        }
    }

    private static void evict(Entry e) {
        if (ENTRIES.get(e.planes[0]) == e) ENTRIES.remove(e.planes[0]);
        dropEntry(e);
    }

    private static void dropEntry(Entry e) {
        if (e.evicted) return;
        e.evicted = true;
        cachedBytes -= e.bytes;
        if (e.leases == 0) Ijcl.release(e.name);
    }

    private static boolean sameArrays(Object[] a, Object[] b) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
        return true;
    }

    private static boolean sameContent(Object[] copies, Object[] planes) {
        for (int i = 0; i < planes.length; i++) {
            Object c = copies[i], p = planes[i];
            boolean same = p instanceof byte[] ? Arrays.equals((byte[]) c, (byte[]) p)
                    : p instanceof short[] ? Arrays.equals((short[]) c, (short[]) p)
                    : Arrays.equals((float[]) c, (float[]) p); // float[]: bitwise (floatToIntBits) equality
            if (!same) return false;
        }
        return true;
    }

    private static Object[] copyOf(Object[] planes) {
        Object[] out = new Object[planes.length];
        for (int i = 0; i < planes.length; i++) {
            Object p = planes[i];
            out[i] = p instanceof byte[] ? ((byte[]) p).clone() : p instanceof short[] ? ((short[]) p).clone()
                    : ((float[]) p).clone();
        }
        return out;
    }

    private static long bytes(Object[] planes) {
        long n = 0;
        for (Object p : planes)
            n += p instanceof byte[] ? ((byte[]) p).length : p instanceof short[] ? 2L * ((short[]) p).length
                    : 4L * ((float[]) p).length;
        return n;
    }

    /** Used by the tests: the entries' keys. */
    static synchronized int size() {
        return ENTRIES.size();
    }

}
