package net.ijcl.tools;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipFile;

import net.ijcl.site.SiteInstaller;
import net.ijcl.site.SitePublisher;
import net.ijcl.site.Timestamps;

/**
 * Builds a Fiji update site for ijcl and installs from one (the launcher's {@code ./ijcl
 * update-site} and {@code ./ijcl install}):
 *
 * <pre>
 * UpdateSite write SITE_DIR --jar ijcl_-VERSION.jar [--timestamp yyyyMMddHHmmss]
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
 * <p><b>install</b> installs the site's files for this platform into an ImageJ/Fiji folder
 * ({@link SiteInstaller}); SITE is a folder or an http(s):// / file: address. Exit status 0 on
 * success, 1 on failure (message on standard error), 2 for a bad command line.
 */
public final class UpdateSite {
    static final String DESCRIPTION = "ijcl: GPU-accelerated (OpenCL) image processing for ImageJ macros. "
            + "Run Plugins > ijcl > IJCL Macro Extensions (in a macro: run(\"IJCL Macro Extensions\", \"device=\")) "
            + "to get the Ext.IJCL_* functions: push/pull images, filters, thresholds, labelling, measurements. "
            + "Linux x86-64; needs an OpenCL driver (a GPU driver, or PoCL for the CPU) and libOpenCL.so.1.";
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
                if (a.size() != 1 || jar == null) return usage();
                long timestamp = stamp == null ? Timestamps.now() : Long.parseLong(stamp);
                write(new File(a.get(0)), new File(jar), timestamp);
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
        System.err.println("usage: UpdateSite write SITE_DIR --jar PLUGIN.jar [--timestamp yyyyMMddHHmmss]\n"
                + "       UpdateSite install APP_DIR SITE [--name NAME] [--platform PLATFORM]");
        return 2;
    }
}
