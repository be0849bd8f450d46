package net.ijcl.site;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import net.ijcl.NativeLoader;
import net.ijcl.tools.UpdateSite;

import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The update site for all five platforms (issue 16 §2): `UpdateSite write --natives` publishes the
 * jar (no platform) and lib/PLATFORM/LIBRARY for linux64, linux-arm64, win64, macos64 and
 * macos-arm64, each with its platform element and the updater's checksum; the installer, run for
 * each platform name, lands exactly that platform's library; NativeLoader maps os.name/os.arch to
 * Fiji's platform names, loads lib/linux64/libijcl.so from an installed folder and refuses a copy
 * that is not the one the jar was published with. The libraries of the other platforms are stand-in
 * files here (their content does not matter to the site; tests/cross/check_natives.py checks the
 * real ones); linux64's is the real one, which the published jar must match.
 * Oracles: SHA-1 of path and bytes computed here (the updater's rule for non-jar files), SHA-256
 * computed here, db.xml.gz read with a plain DOM parser, the files in the folder.
 */
public class SitePlatformsTest {
    private static final TemporaryFolder TMP = new TemporaryFolder();
    private static final long STAMP = 20250401120000L;
    private static final String JAR = "plugins/ijcl_-0.1.0.jar";
    private static File natives;
    private static File site;
    private static File builtJar;

    @BeforeClass
    public static void buildSite() throws Exception {
        File classes = new File(System.getProperty("ijcl.classes.dir", "target/classes"));
        File linux = new File(classes, "natives/linux_64/libijcl.so");
        Assume.assumeTrue("no bundled native library in " + classes, linux.isFile());
        TMP.create();
        builtJar = SiteFiles.jarOf(classes, new File(TMP.newFolder("build"), "ijcl_-0.1.0.jar"));
        natives = TMP.newFolder("natives");
        for (String p : NativeLoader.PLATFORMS) {
            File f = new File(natives, p + "/" + NativeLoader.libraryName(p));
            assertTrue(f.getParentFile().mkdirs());
            if (p.equals("linux64")) Files.copy(linux.toPath(), f.toPath());
            else Files.write(f.toPath(), ("stand-in library for " + p).getBytes(StandardCharsets.UTF_8));
        }
        site = TMP.newFolder("site");
        assertEquals(0, UpdateSite.run(new String[] {"write", site.getPath(), "--jar", builtJar.getPath(),
                "--natives", natives.getPath(), "--timestamp", Long.toString(STAMP)}));
    }

    @AfterClass
    public static void cleanUp() {
        TMP.delete();
    }

    private static String libPath(String platform) {
        return "lib/" + platform + "/" + NativeLoader.libraryName(platform);
    }

    @Test
    public void platformNamesAreFijis() {
        assertEquals("linux64", NativeLoader.platform("Linux", "amd64"));
        assertEquals("linux-arm64", NativeLoader.platform("Linux", "aarch64"));
        assertEquals("win64", NativeLoader.platform("Windows 11", "amd64"));
        assertEquals("macos64", NativeLoader.platform("Mac OS X", "x86_64"));
        assertEquals("macos-arm64", NativeLoader.platform("Mac OS X", "aarch64"));
        assertEquals("win32", NativeLoader.platform("Windows 10", "x86"));
        assertEquals("win-arm64", NativeLoader.platform("Windows 11", "aarch64"));
        assertEquals("ijcl.dll", NativeLoader.libraryName("win64"));
        assertEquals("libijcl.dylib", NativeLoader.libraryName("macos-arm64"));
        assertEquals("libijcl.so", NativeLoader.libraryName("linux-arm64"));
        for (String unsupported : new String[] {"win32", "win-arm64", "linux32", "sunos-sparcv9"}) {
            assertFalse(unsupported, NativeLoader.supported(unsupported));
        }
    }

    @Test
    public void siteListsEveryPlatformsLibraryWithItsPlatformAndChecksum() throws Exception {
        Document db = SiteFiles.readDb(new File(site, "db.xml.gz"));
        Element jar = SiteFiles.plugin(db, JAR);
        assertTrue("the jar is for every platform", SiteFiles.elements(jar, "platform").isEmpty());
        File storedJar = new File(site, JAR + "-" + STAMP);
        assertEquals(SiteFiles.expectedJarDigest(storedJar), SiteFiles.version(jar).getAttribute("checksum"));
        List<String> listed = new ArrayList<>();
        try (ZipFile zip = new ZipFile(storedJar)) {
            assertEquals("the published jar bundles no library", null, zip.getEntry("natives/linux_64/libijcl.so"));
            for (String line : new String(SiteFiles.readAll(zip.getInputStream(zip.getEntry(NativeLoader.NATIVES_LIST))),
                    StandardCharsets.UTF_8).split("\n"))
                if (!line.startsWith("#")) listed.add(line);
        }
        assertEquals(NativeLoader.PLATFORMS.length, listed.size());
        for (String p : NativeLoader.PLATFORMS) {
            File lib = new File(natives, p + "/" + NativeLoader.libraryName(p));
            byte[] bytes = Files.readAllBytes(lib.toPath());
            Element rec = SiteFiles.plugin(db, libPath(p));
            List<String> platforms = new ArrayList<>();
            for (Element e : SiteFiles.elements(rec, "platform")) platforms.add(e.getTextContent());
            assertEquals(Collections.singletonList(p), platforms);
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(libPath(p).getBytes(StandardCharsets.US_ASCII));
            sha1.update(bytes);
            assertEquals(SiteFiles.hex(sha1.digest()), SiteFiles.version(rec).getAttribute("checksum"));
            assertEquals(Long.toString(bytes.length), SiteFiles.version(rec).getAttribute("filesize"));
            assertArrayEquals(bytes, Files.readAllBytes(new File(site, libPath(p) + "-" + STAMP).toPath()));
            String sha256 = SiteFiles.hex(MessageDigest.getInstance("SHA-256").digest(bytes));
            assertTrue(listed.toString(), listed.contains(p + "\t" + libPath(p) + "\t" + sha256 + "\t" + bytes.length));
        }
        // the same input again: nothing changes
        byte[] before = Files.readAllBytes(new File(site, "db.xml.gz").toPath());
        assertEquals(0, UpdateSite.run(new String[] {"write", site.getPath(), "--jar", builtJar.getPath(),
                "--natives", natives.getPath(), "--timestamp", Long.toString(STAMP + 100)}));
        assertArrayEquals(before, Files.readAllBytes(new File(site, "db.xml.gz").toPath()));
    }

    @Test
    public void installsForEachPlatformExactlyItsLibrary() throws Exception {
        for (String p : NativeLoader.PLATFORMS) {
            File app = TMP.newFolder("app-" + p);
            assertTrue(new File(app, "plugins").mkdir());
            SiteInstaller.Report r = SiteInstaller.install(app, site.getPath(), "ijcl", p, new PrintStream(new ByteArrayOutputStream()));
            assertEquals(p, sorted(Arrays.asList(JAR, libPath(p))), sorted(r.installed));
            assertEquals(p, NativeLoader.PLATFORMS.length - 1, r.otherPlatforms.size());
            assertEquals(p, Collections.singletonList(p), Arrays.asList(new File(app, "lib").list()));
            assertEquals(p, Collections.singletonList(NativeLoader.libraryName(p)), Arrays.asList(new File(app, "lib/" + p).list()));
            assertArrayEquals(Files.readAllBytes(new File(natives, p + "/" + NativeLoader.libraryName(p)).toPath()),
                    Files.readAllBytes(new File(app, libPath(p)).toPath()));
            assertArrayEquals(Files.readAllBytes(new File(site, JAR + "-" + STAMP).toPath()),
                    Files.readAllBytes(new File(app, JAR).toPath()));
        }
    }

    /** In a new JVM with only the installed jar (and ij.jar): loads lib/linux64/, refuses a stale copy. */
    @Test
    public void installedJarLoadsItsOwnLibraryAndRefusesAStaleOne() throws Exception {
        Assume.assumeTrue("runs on linux64", NativeLoader.platform().equals("linux64"));
        File app = TMP.newFolder("app-load");
        assertTrue(new File(app, "plugins").mkdir());
        SiteInstaller.install(app, site.getPath(), "ijcl", "linux64", new PrintStream(new ByteArrayOutputStream()));
        File lib = new File(app, libPath("linux64"));
        String out = nativeInfo(app);
        assertTrue(out, out.contains("library=" + lib.getAbsolutePath()));
        assertTrue(out, out.contains("device="));

        // another build's library in lib/linux64/ (one byte appended): not loaded, and the message says why
        Files.write(lib.toPath(), new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        out = nativeInfo(app);
        assertFalse(out, out.contains("library="));
        assertTrue(out, out.contains("error=" + lib.getAbsolutePath() + " is not the native library this ijcl jar was published with"));

        // none there at all: says where it looked and what to install
        Files.delete(lib.toPath());
        out = nativeInfo(app);
        assertTrue(out, out.contains("error=cannot find ijcl's native library for this computer (linux64)"));
        assertTrue(out, out.contains("Install ijcl from its update site"));
    }

    private static String nativeInfo(File app) throws Exception {
        String ij = null;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator))
            if (new File(e).getName().matches("ij-[0-9].*\\.jar")) ij = e;
        assertTrue("net.imagej:ij on the class path", ij != null);
        List<String> cmd = Arrays.asList(new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-Djava.awt.headless=true", "-Dij.dir=" + app.getAbsolutePath(), "-cp",
                new File(app, JAR).getPath() + File.pathSeparator + ij, "net.ijcl.tools.NativeInfo");
        File log = new File(TMP.getRoot(), "native-info.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        assertTrue("NativeInfo finished", p.waitFor(2, TimeUnit.MINUTES));
        return new String(Files.readAllBytes(log.toPath()), StandardCharsets.UTF_8);
    }

    private static List<String> sorted(List<String> in) {
        List<String> out = new ArrayList<>(in);
        Collections.sort(out);
        return out;
    }
}
