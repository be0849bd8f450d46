package net.ijcl.site;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Installs the files of one update site into an ImageJ or Fiji folder as the updater does
 * (net.imagej.updater.Installer, CommandLine "update"):
 *
 * <ol>
 *   <li>downloads the site's {@code db.xml.gz};
 *   <li>for every file with a current version for this platform (no {@code <platform>}: all
 *       platforms), unless the installed copy already has that checksum, downloads
 *       {@code <site><path>-<timestamp>} and checks its size and checksum against the record
 *       ({@link UpdaterChecksum}); any mismatch or failed download stops the installation before
 *       anything in the folder changed;
 *   <li>moves the verified files to {@code <app>/<path>}, removing other versions of the same
 *       file ({@link VersionedName}: {@code plugins/ijcl_-0.0.9.jar} goes when
 *       {@code plugins/ijcl_-0.1.0.jar} comes);
 *   <li>records the site in the folder's own {@code db.xml.gz} (an {@code <update-site>} entry
 *       with name, URL and the site database's modification time) and the site's file records
 *       with {@code update-site="NAME"}, keeping the other sites and their records.
 * </ol>
 * The updater's GUI stages downloads in {@code <app>/update/} for the launcher to move at the
 * next start; like its command-line {@code update}, this moves them into place at once (the
 * staging folder is a private temporary one, never {@code update/}).
 */
public final class SiteInstaller {
    private SiteInstaller() {}

    /** What an installation did. */
    public static final class Report {
        public final List<String> installed = new ArrayList<>();
        public final List<String> upToDate = new ArrayList<>();
        public final List<String> removed = new ArrayList<>();
        public final List<String> otherPlatforms = new ArrayList<>();
    }

    /** The updater's name for this machine's platform: linux64, linux-arm64, win64, macos64, ... */
    public static String currentPlatform() {
        return net.ijcl.NativeLoader.platform();
    }

    /**
     * The site's base URL with a trailing '/': http(s):// and file: addresses as given, a folder
     * path as its file: URL.
     */
    public static String siteUrl(String site) {
        String url = site.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !new File(site).exists()
                ? site : new File(site).getAbsoluteFile().toURI().toString();
        return url.endsWith("/") ? url : url + "/";
    }

    /** Installs from {@code site} (URL or folder) into {@code appDir}; the site is recorded as {@code siteName}. */
    public static Report install(File appDir, String site, String siteName, String platform, PrintStream log)
            throws IOException {
        if (!appDir.isDirectory()) throw new IOException("no such folder: " + appDir);
        if (!looksLikeImageJ(appDir))
            throw new IOException(appDir + " does not look like an ImageJ or Fiji folder (it has no ij.jar, jars/, plugins/ or db.xml.gz)");
        String base = siteUrl(site);
        Report report = new Report();

        URLConnection dbConnection = open(base + SiteDatabase.FILE_NAME);
        byte[] dbBytes;
        try (InputStream in = dbConnection.getInputStream()) {
            dbBytes = UpdaterChecksum.readAll(in);
        } catch (IOException e) {
            throw new IOException("cannot read " + base + SiteDatabase.FILE_NAME + ": " + e.getMessage(), e);
        }
        long lastModified = dbConnection.getLastModified();
        SiteDatabase remote = SiteDatabase.read(new ByteArrayInputStream(dbBytes));
        File localDbFile = new File(appDir, SiteDatabase.FILE_NAME);
        SiteDatabase local = SiteDatabase.read(localDbFile);

        // 1. download and verify everything first
        File staging = Files.createTempDirectory(appDir.toPath(), ".ijcl-install-").toFile();
        List<SiteDatabase.Plugin> toMove = new ArrayList<>();
        try {
            for (SiteDatabase.Plugin p : remote.plugins) {
                if (p.current == null) continue; // removed from the site
                checkPath(p.filename);
                if (!p.isFor(platform)) {
                    report.otherPlatforms.add(p.filename);
                    continue;
                }
                File target = new File(appDir, p.filename);
                if (target.isFile() && target.length() == p.current.filesize
                        && UpdaterChecksum.of(p.filename, target).equals(p.current.checksum)) {
                    report.upToDate.add(p.filename);
                    continue;
                }
                File staged = new File(staging, p.filename);
                Files.createDirectories(staged.getParentFile().toPath());
                String url = base + p.filename.replace(" ", "%20") + "-" + p.current.timestamp;
                log.println("downloading " + url);
                download(url, staged);
                verify(p, staged);
                toMove.add(p);
            }

            // 2. move into place, replacing other versions of the same files
            for (SiteDatabase.Plugin p : toMove) {
                File target = new File(appDir, p.filename);
                Files.createDirectories(target.getParentFile().toPath());
                for (String old : otherVersions(appDir, p.filename, local)) {
                    if (Files.deleteIfExists(new File(appDir, old).toPath())) report.removed.add(old);
                }
                // staging lies in the ImageJ folder: a rename, atomic (the old version or the new one, never part of one)
                Files.move(new File(staging, p.filename).toPath(), target.toPath(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                report.installed.add(p.filename);
            }
        } finally {
            deleteTree(staging);
        }

        // 3. the local database: the site entry, then this site's records
        long siteTimestamp = Timestamps.of(lastModified > 0 ? lastModified : System.currentTimeMillis());
        SiteDatabase.SiteEntry entry = local.site(siteName);
        if (entry == null) {
            local.sites.add(new SiteDatabase.SiteEntry(siteName, base, siteTimestamp));
        } else {
            entry.attributes.put("url", base);
            entry.attributes.put("timestamp", Long.toString(siteTimestamp));
            entry.active = true;
        }
        for (Iterator<SiteDatabase.Plugin> it = local.plugins.iterator(); it.hasNext(); ) {
            SiteDatabase.Plugin p = it.next();
            boolean ours = siteName.equals(p.updateSite);
            boolean sameFile = remote.find(p.filename) != null;
            if (sameFile && !ours)
                log.println("note: " + p.filename + " was recorded for update site '" + p.updateSite + "'; now for '" + siteName + "'");
            if (ours || sameFile) it.remove();
        }
        for (SiteDatabase.Plugin p : remote.plugins) {
            p.updateSite = siteName;
            local.plugins.add(p);
        }
        local.write(localDbFile, true);
        return report;
    }

    /** Checks size and checksum as the updater's Installer.verify does; IOException on mismatch. */
    static void verify(SiteDatabase.Plugin p, File downloaded) throws IOException {
        long size = downloaded.length();
        if (size != p.current.filesize)
            throw new IOException("Incorrect file size for " + p.filename + ": " + size + " (expected " + p.current.filesize + "); nothing was installed");
        String checksum;
        try {
            checksum = UpdaterChecksum.of(p.filename, downloaded);
        } catch (IOException e) { // e.g. a damaged jar that cannot be read
            throw new IOException("Could not verify the checksum of " + p.filename + ": " + e.getMessage() + "; nothing was installed", e);
        }
        if (!checksum.equals(p.current.checksum))
            throw new IOException("Incorrect checksum for " + p.filename + ": " + checksum + " (expected " + p.current.checksum + "); nothing was installed");
    }

    /**
     * Files in the folder that are other versions of {@code path}: same directory, same name
     * without version, other versioned name; and the name the local database recorded for it.
     */
    static List<String> otherVersions(File appDir, String path, SiteDatabase local) {
        List<String> out = new ArrayList<>();
        int slash = path.lastIndexOf('/');
        String dirPath = slash < 0 ? "" : path.substring(0, slash + 1);
        File[] files = new File(appDir, dirPath).listFiles();
        if (files != null) {
            for (File f : files) {
                String candidate = dirPath + f.getName();
                if (f.isFile() && !candidate.equals(path) && VersionedName.sameFile(candidate, path)) out.add(candidate);
            }
        }
        SiteDatabase.Plugin recorded = local.find(path);
        if (recorded != null && !recorded.filename.equals(path) && !out.contains(recorded.filename)
                && new File(appDir, recorded.filename).isFile()) {
            out.add(recorded.filename);
        }
        return out;
    }

    private static boolean looksLikeImageJ(File dir) {
        return new File(dir, "ij.jar").isFile() || new File(dir, "jars").isDirectory()
                || new File(dir, "plugins").isDirectory() || new File(dir, SiteDatabase.FILE_NAME).isFile();
    }

    private static void checkPath(String path) throws IOException {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains(":")
                || ("/" + path + "/").contains("/../") || ("/" + path + "/").contains("/./"))
            throw new IOException("the site lists a file outside the ImageJ folder: '" + path + "'; nothing was installed");
    }

    private static URLConnection open(String url) throws IOException {
        URLConnection c = new URL(url).openConnection();
        c.setConnectTimeout(30_000);
        c.setReadTimeout(120_000);
        c.setUseCaches(false);
        if (c instanceof HttpURLConnection) ((HttpURLConnection) c).setInstanceFollowRedirects(true);
        return c;
    }

    private static void download(String url, File to) throws IOException {
        URLConnection c = open(url);
        try (InputStream in = c.getInputStream(); OutputStream out = Files.newOutputStream(to.toPath())) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) >= 0; ) out.write(buffer, 0, n);
        } catch (IOException e) {
            throw new IOException("cannot download " + url + ": " + e + "; nothing was installed", e);
        }
    }

    private static void deleteTree(File f) {
        File[] children = f.listFiles();
        if (children != null) for (File c : children) deleteTree(c);
        if (!f.delete() && f.exists()) f.deleteOnExit();
    }
}
