package net.ijcl.site;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes files into an update site folder the way the updater's upload does: each version is
 * stored as {@code <path>-<timestamp>} next to {@code db.xml.gz}; a file whose content (checksum)
 * or versioned name changed gets a new {@code <version>}, and the one it replaces becomes a
 * {@code <previous-version>} with its checksum, timestamp, file name and the time it was replaced
 * ({@code timestamp-obsolete}); its timestamped file stays on the site. Publishing identical
 * content again changes nothing (no new file, db.xml.gz untouched). Records of other files on
 * the site are kept as they are.
 */
public final class SitePublisher {
    private SitePublisher() {}

    /** One file to publish and its metadata. */
    public static final class Item {
        /** Site-relative path, '/' separated, e.g. {@code plugins/ijcl_-0.1.0.jar}. */
        public final String path;
        public final File source;
        public final List<String> platforms = new ArrayList<>();
        public final List<String> categories = new ArrayList<>();
        public final List<String> authors = new ArrayList<>();
        public final List<String> links = new ArrayList<>();
        public String description;

        public Item(String path, File source) {
            if (path.startsWith("/") || path.contains("\\") || path.contains(".."))
                throw new IllegalArgumentException("not a site-relative path: " + path);
            this.path = path;
            this.source = source;
        }
    }

    /** What happened to one item. */
    public enum Outcome { NEW, NEW_VERSION, METADATA_UPDATED, UNCHANGED }

    /**
     * Publishes the items into {@code siteDir} (created if needed). {@code timestamp}
     * (yyyyMMddHHmmss) stamps new versions; where it is not later than a file's current version
     * (two publications within one second), one second after that version is used instead, so
     * version timestamps always increase. Returns one outcome per item.
     */
    public static List<Outcome> publish(File siteDir, List<Item> items, long timestamp) throws IOException {
        Timestamps.toMillis(timestamp); // validates
        Files.createDirectories(siteDir.toPath());
        File dbFile = new File(siteDir, SiteDatabase.FILE_NAME);
        SiteDatabase db = SiteDatabase.read(dbFile);
        List<Outcome> outcomes = new ArrayList<>();
        boolean changed = false;
        for (Item item : items) {
            if (!item.source.isFile()) throw new IOException("no such file: " + item.source);
            Outcome o = publishOne(siteDir, db, item, timestamp);
            outcomes.add(o);
            changed |= o != Outcome.UNCHANGED;
        }
        if (changed) db.write(dbFile, false);
        return outcomes;
    }

    private static Outcome publishOne(File siteDir, SiteDatabase db, Item item, long timestamp) throws IOException {
        String checksum = UpdaterChecksum.of(item.path, item.source);
        long size = item.source.length();
        SiteDatabase.Plugin record = db.find(item.path);
        if (record == null) {
            record = new SiteDatabase.Plugin();
            db.plugins.add(record);
        }
        SiteDatabase.Version old = record.current;
        if (old != null && old.checksum.equals(checksum) && item.path.equals(record.filename)) {
            File stored = stored(siteDir, item.path, old.timestamp);
            if (!stored.isFile()) copy(item.source, stored); // repair a site that lost the file
            if (sameMetadata(record, item)) return Outcome.UNCHANGED;
            setMetadata(record, item);
            return Outcome.METADATA_UPDATED;
        }

        long stamp = timestamp;
        if (old != null && stamp <= old.timestamp) stamp = Timestamps.plusSeconds(old.timestamp, 1);
        copy(item.source, stored(siteDir, item.path, stamp));
        if (old != null) record.previous.add(new SiteDatabase.PreviousVersion(old.checksum, old.timestamp, stamp, record.filename));
        SiteDatabase.Version v = new SiteDatabase.Version();
        v.checksum = checksum;
        v.timestamp = stamp;
        v.filesize = size;
        record.current = v;
        record.filename = item.path;
        setMetadata(record, item);
        return old == null ? Outcome.NEW : Outcome.NEW_VERSION;
    }

    /** Where the version of {@code path} stamped {@code timestamp} lies in the site. */
    public static File stored(File siteDir, String path, long timestamp) {
        return new File(siteDir, path + "-" + timestamp);
    }

    private static boolean sameMetadata(SiteDatabase.Plugin r, Item item) {
        SiteDatabase.Version v = r.current;
        return r.platforms.equals(item.platforms) && r.categories.equals(item.categories)
                && v.authors.equals(item.authors) && v.links.equals(item.links)
                && Objects.equals(v.description, item.description);
    }

    private static void setMetadata(SiteDatabase.Plugin r, Item item) {
        r.platforms.clear();
        r.platforms.addAll(item.platforms);
        r.categories.clear();
        r.categories.addAll(item.categories);
        SiteDatabase.Version v = r.current;
        v.authors.clear();
        v.authors.addAll(item.authors);
        v.links.clear();
        v.links.addAll(item.links);
        v.description = item.description;
    }

    private static void copy(File from, File to) throws IOException {
        Files.createDirectories(to.getParentFile().toPath());
        net.ijcl.AtomicOutput.write(to, temp -> {
            Files.copy(from.toPath(), temp.toPath(), StandardCopyOption.REPLACE_EXISTING);
            return true;
        });
    }
}
