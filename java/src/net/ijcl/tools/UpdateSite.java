package net.ijcl.tools;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipFile;

import net.ijcl.NativeLoader;
import net.ijcl.site.SiteInstaller;
import net.ijcl.site.SitePublisher;
import net.ijcl.site.Timestamps;

/**
 * Builds a Fiji update site for ijcl and installs from one (the launcher's {@code ./ijcl
 * update-site} and {@code ./ijcl install}):
 *
 * <pre>
 * UpdateSite write SITE_DIR --jar ijcl_-VERSION.jar [--natives DIR [--platforms P1,P2]] [--timestamp yyyyMMddHHmmss]
 * UpdateSite install APP_DIR SITE [--name NAME] [--platform PLATFORM]
 * </pre>
 *
 * <b>write</b> publishes the plugin jar as {@code plugins/ijcl_-VERSION.jar} (platform linux64)
 * into SITE_DIR's {@code db.xml.gz} and {@code plugins/ijcl_-VERSION.jar-TIMESTAMP}; a jar with
 * new content becomes the current version and the old one a previous version; the same content
 * again changes nothing. The native library is shipped <i>inside</i> the jar only
 * ({@code natives/linux_64/libijcl.so}), not also as {@code lib/linux64/libijcl.so}: one file
 * carries one consistent version of the Java classes and the JNI library (a separate library
 * could be left at another version and, since NativeLoader prefers {@code lib/linux64/}, would
 * then shadow the matching one), and the jar's checksum covers both. NativeLoader extracts the
 * library to a temporary file named by its content hash when it first loads.
 *
 * <p>With {@code --natives DIR} (what {@code ./ijcl update-site} does, DIR = target/natives from
 * {@code ./ijcl natives}) the site serves every platform: {@code lib/<platform>/<library>} for
 * each of {@link NativeLoader#PLATFORMS}, each with its {@code <platform>} element (so the updater
 * installs only the current platform's, plus those of platforms whose {@code lib/<platform>}
 * folder exists), and the jar for all platforms, without the bundled Linux library but with
 * {@link NativeLoader#NATIVES_LIST}: the SHA-256 of each platform's library, so that NativeLoader
 * refuses a {@code lib/<platform>/} file of another version.
 *
 * <p><b>install</b> installs the site's files for this platform into an ImageJ/Fiji folder
 * ({@link SiteInstaller}); SITE is a folder or an http(s):// / file: address. Exit status 0 on
 * success, 1 on failure (message on standard error), 2 for a bad command line.
 */
public final class UpdateSite {
    static final String DESCRIPTION = "ijcl: GPU-accelerated (OpenCL) image processing for ImageJ macros. "
            + "Run Plugins > ijcl > IJCL Macro Extensions (in a macro: run(\"IJCL Macro Extensions\", \"device=\")) "
            + "to get the Ext.IJCL_* functions: push/pull images, filters, thresholds, labelling, measurements. "
            + "Linux x86-64; needs an OpenCL driver (a GPU driver, or PoCL for the CPU) and libOpenCL.so.1.";
    static final String DESCRIPTION_ALL = "ijcl: GPU-accelerated (OpenCL) image processing for ImageJ macros. "
            + "Run Plugins > ijcl > IJCL Macro Extensions (in a macro: run(\"IJCL Macro Extensions\", \"device=\")) "
            + "to get the Ext.IJCL_* functions: push/pull images, filters, thresholds, labelling, measurements. "
            + "Windows, macOS (Apple Silicon and Intel) and Linux (x86-64 and ARM64), 64-bit; needs OpenCL: "
            + "the GPU's driver (Windows, Linux; PoCL for the CPU), built into macOS.";
    static final String AUTHOR = "ijcl developers";
    static final String CATEGORY = "Image Processing";
    static final String NATIVE_LIBRARY = "natives/linux_64/libijcl.so";

    private UpdateSite() {}

    public static void main(String[] args) {
        int status;
        // a SIGTERM or Ctrl-C lets the write or install finish (at most net.ijcl.Stop's grace
        // period), so its staging folder is removed and the database matches the files
        net.ijcl.Stop.Run stopWaits = net.ijcl.Stop.beginRun();
        try {
            status = run(args);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("UpdateSite: " + e.getMessage());
            status = 1;
        }
        System.out.flush();
        System.err.flush();
        stopWaits.close();
        net.ijcl.Stop.exit(status);
    }

    /** The command line without System.exit: returns the exit status (0 success, 2 usage); IOException on failure. */
    public static int run(String[] args) throws IOException {
        List<String> a = new ArrayList<>();
        Collections.addAll(a, args);
        if (a.isEmpty()) return usage();
        String command = a.remove(0);
        switch (command) {
            case "write": {
                String jar = option(a, "--jar", null);
                String stamp = option(a, "--timestamp", null);
                String natives = option(a, "--natives", null);
                String only = option(a, "--platforms", null);
                if (a.size() != 1 || jar == null || (only != null && natives == null)) return usage();
                long timestamp = stamp == null ? Timestamps.now() : Long.parseLong(stamp);
                if (natives == null) write(new File(a.get(0)), new File(jar), timestamp);
                else writeAllPlatforms(new File(a.get(0)), new File(jar), new File(natives), timestamp, platforms(only));
                return 0;
            }
            case "install": {
                String name = option(a, "--name", "ijcl");
                String platform = option(a, "--platform", SiteInstaller.currentPlatform());
                if (a.size() != 2) return usage();
                SiteInstaller.Report r = SiteInstaller.install(new File(a.get(0)), a.get(1), name, platform, System.out);
                for (String f : r.removed) System.out.println("removed " + f);
                for (String f : r.installed) System.out.println("installed " + f);
                for (String f : r.upToDate) System.out.println("up to date " + f);
                for (String f : r.otherPlatforms) System.out.println("skipped (other platform) " + f);
                System.out.println("update site '" + name + "' recorded in " + new File(a.get(0), "db.xml.gz"));
                return 0;
            }
            default:
                return usage();
        }
    }

    /** Publishes the plugin jar (it must bundle the native library) into the site folder. */
    static void write(File siteDir, File jar, long timestamp) throws IOException {
        if (!jar.isFile()) throw new IOException("no such jar: " + jar);
        try (ZipFile zip = new ZipFile(jar)) {
            if (zip.getEntry(NATIVE_LIBRARY) == null)
                throw new IOException(jar + " has no " + NATIVE_LIBRARY + " (build it with the native library: ./ijcl build)");
            if (zip.getEntry("plugins.config") == null)
                throw new IOException(jar + " has no plugins.config, so ImageJ would not list it as a plugin");
        }
        SitePublisher.Item item = new SitePublisher.Item("plugins/" + jar.getName(), jar);
        item.platforms.add("linux64");
        item.categories.add(CATEGORY);
        item.authors.add(AUTHOR);
        item.description = DESCRIPTION;
        SitePublisher.Outcome o = SitePublisher.publish(siteDir, Collections.singletonList(item), timestamp).get(0);
        System.out.println(item.path + ": " + o.name().toLowerCase().replace('_', ' ') + " (site " + siteDir.getAbsolutePath() + ")");
    }

    /**
     * The platforms named by {@code --platforms a,b} (each one of {@link NativeLoader#PLATFORMS},
     * linux64 always included: the jar bundles it), or all of them when {@code only} is null.
     */
    static List<String> platforms(String only) throws IOException {
        if (only == null) return java.util.Arrays.asList(NativeLoader.PLATFORMS);
        List<String> chosen = new ArrayList<>();
        for (String p : NativeLoader.PLATFORMS)
            if (p.equals("linux64") || java.util.Arrays.asList(only.split(",")).contains(p)) chosen.add(p);
        for (String p : only.split(","))
            if (!java.util.Arrays.asList(NativeLoader.PLATFORMS).contains(p))
                throw new IOException("--platforms: unknown platform '" + p + "' (one of " + String.join(", ", NativeLoader.PLATFORMS) + ")");
        return chosen;
    }

    /** Publishes the jar and every platform's native library (see the class comment). */
    static void writeAllPlatforms(File siteDir, File jar, File nativesDir, long timestamp) throws IOException {
        writeAllPlatforms(siteDir, jar, nativesDir, timestamp, platforms(null));
    }

    /**
     * Publishes the jar and the native libraries of {@code platforms} (a site for fewer platforms:
     * {@code ./ijcl test-natives} without --full builds only linux64 and win64).
     */
    static void writeAllPlatforms(File siteDir, File jar, File nativesDir, long timestamp, List<String> platforms) throws IOException {
        if (!jar.isFile()) throw new IOException("no such jar: " + jar);
        List<SitePublisher.Item> items = new ArrayList<>();
        StringBuilder list = new StringBuilder("# platform, file, SHA-256, size: the native libraries this jar was published with\n");
        for (String platform : platforms) {
            String name = NativeLoader.libraryName(platform);
            File lib = new File(nativesDir, platform + "/" + name);
            if (!lib.isFile())
                throw new IOException("missing " + lib + " (build every platform's library first: ./ijcl natives)");
            SitePublisher.Item item = new SitePublisher.Item("lib/" + platform + "/" + name, lib);
            item.platforms.add(platform);
            item.categories.add(CATEGORY);
            item.authors.add(AUTHOR);
            item.description = "ijcl's native library (JNI, OpenCL) for " + platform + ".";
            items.add(item);
            list.append(platform).append('\t').append(item.path).append('\t').append(NativeLoader.sha256(lib))
                    .append('\t').append(lib.length()).append('\n');
        }
        File staging = Files.createTempDirectory("ijcl-site-").toFile();
        try {
            File published = new File(staging, jar.getName());
            rewriteJar(jar, published, new File(nativesDir, "linux64/libijcl.so"), list.toString());
            SitePublisher.Item item = new SitePublisher.Item("plugins/" + jar.getName(), published);
            item.categories.add(CATEGORY);
            item.authors.add(AUTHOR);
            item.description = DESCRIPTION_ALL;
            items.add(0, item);
            List<SitePublisher.Outcome> outcomes = SitePublisher.publish(siteDir, items, timestamp);
            for (int i = 0; i < items.size(); i++)
                System.out.println(items.get(i).path + ": " + outcomes.get(i).name().toLowerCase().replace('_', ' '));
            System.out.println("site " + siteDir.getAbsolutePath());
        } finally {
            for (File f : staging.listFiles()) Files.deleteIfExists(f.toPath());
            Files.deleteIfExists(staging.toPath());
        }
    }

    /**
     * The jar as published for all platforms: every entry of {@code jar} except the bundled Linux
     * library (which must equal {@code linux64}: both from one build), plus the natives list. Entry
     * times are kept and the list gets the manifest's, so the same input gives the same bytes.
     */
    static void rewriteJar(File jar, File out, File linux64, String nativesList) throws IOException {
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(jar);
             java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(out.toPath()))) {
            if (in.getEntry("plugins.config") == null)
                throw new IOException(jar + " has no plugins.config, so ImageJ would not list it as a plugin");
            java.util.zip.ZipEntry bundled = in.getEntry(NATIVE_LIBRARY);
            if (bundled != null) {
                byte[] inJar;
                try (java.io.InputStream s = in.getInputStream(bundled)) {
                    inJar = net.ijcl.site.UpdaterChecksum.readAll(s);
                }
                if (!java.util.Arrays.equals(inJar, Files.readAllBytes(linux64.toPath())))
                    throw new IOException(jar + " bundles another libijcl.so than " + linux64 + ": run ./ijcl natives again after ./ijcl build");
            }
            long time = -1;
            for (java.util.Enumeration<? extends java.util.zip.ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                java.util.zip.ZipEntry entry = e.nextElement();
                if (entry.getName().startsWith("natives/")) continue;
                if (time < 0 || entry.getName().equals("META-INF/MANIFEST.MF")) time = entry.getTime();
                java.util.zip.ZipEntry copy = new java.util.zip.ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                zip.putNextEntry(copy);
                try (java.io.InputStream s = in.getInputStream(entry)) {
                    byte[] buffer = new byte[65536];
                    for (int n; (n = s.read(buffer)) > 0; ) zip.write(buffer, 0, n);
                }
                zip.closeEntry();
            }
            for (String name : new String[] {"natives/", NativeLoader.NATIVES_LIST}) {
                java.util.zip.ZipEntry entry = new java.util.zip.ZipEntry(name);
                entry.setTime(time);
                zip.putNextEntry(entry);
                if (!name.endsWith("/")) zip.write(nativesList.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        if (i < 0) return fallback;
        if (i + 1 >= args.size()) throw new IllegalArgumentException(name + " needs a value");
        String value = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return value;
    }

    private static int usage() {
        System.err.println("usage: UpdateSite write SITE_DIR --jar PLUGIN.jar [--natives DIR [--platforms P1,P2]] [--timestamp yyyyMMddHHmmss]\n"
                + "       UpdateSite install APP_DIR SITE [--name NAME] [--platform PLATFORM]");
        return 2;
    }
}
