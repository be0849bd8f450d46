package net.ijcl.site;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.ImagePlus;
import ij.plugin.filter.GaussianBlur;
import ij.process.ImageProcessor;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import net.ijcl.TestData;
import net.ijcl.tools.UpdateSite;

import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The update site end to end: ./ijcl update-site's writer puts the plugin jar (compiled classes
 * plus the bundled libijcl.so) into a site folder, a local HTTP server serves it, the installer
 * puts it into a fresh ImageJ folder (Maven Central's ij.jar), and that ImageJ, started in a new
 * JVM with only the installed jar (no build output on its class path), runs an ijcl macro.
 * Oracles: the jar's bytes, SiteFiles' independent checksum, db.xml.gz read with a plain DOM
 * parser, and ImageJ's own Gaussian blur (in the macro and in this JVM).
 */
public class SiteRoundTripTest {
    private static final TemporaryFolder TMP = new TemporaryFolder();
    private static final long STAMP = 20250301093000L;
    private static final String PATH = "plugins/ijcl_-0.1.0.jar";

    private static File jar;
    private static File site;

    @BeforeClass
    public static void buildSite() throws Exception {
        File classes = new File(System.getProperty("ijcl.classes.dir", "target/classes"));
        Assume.assumeTrue("no bundled native library in " + classes + " (a build with -Dijcl.skip.native=true)",
                new File(classes, "natives/linux_64/libijcl.so").isFile());
        TMP.create();
        jar = SiteFiles.jarOf(classes, new File(TMP.newFolder("build"), "ijcl_-0.1.0.jar"));
        site = TMP.newFolder("site");
        int status = UpdateSite.run(new String[] {"write", site.getPath(), "--jar", jar.getPath(), "--timestamp", Long.toString(STAMP)});
        assertEquals(0, status);
    }

    @AfterClass
    public static void cleanUp() {
        TMP.delete();
    }

    /** A fresh ImageJ 1.x folder: ij.jar from the test class path (Maven Central), plugins/, macros/. */
    private static File freshImageJ(String name) throws Exception {
        File app = TMP.newFolder(name);
        Files.copy(imagejJar().toPath(), new File(app, "ij.jar").toPath());
        assertTrue(new File(app, "plugins").mkdir());
        assertTrue(new File(app, "macros").mkdir());
        return app;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    @Test
    public void siteHoldsTheJarWithItsChecksumSizeTimestampAndPlatform() throws Exception {
        assertArrayEquals(Files.readAllBytes(jar.toPath()), Files.readAllBytes(new File(site, PATH + "-" + STAMP).toPath()));
        Element plugin = SiteFiles.plugin(SiteFiles.readDb(new File(site, "db.xml.gz")), PATH);
        assertFalse("a site's own records carry no update-site attribute", plugin.hasAttribute("update-site"));
        assertEquals(Arrays.asList("linux64"), texts(plugin, "platform"));
        Element version = SiteFiles.version(plugin);
        assertEquals(SiteFiles.expectedJarDigest(jar), version.getAttribute("checksum"));
        assertEquals(Long.toString(STAMP), version.getAttribute("timestamp"));
        assertEquals(Long.toString(jar.length()), version.getAttribute("filesize"));
        assertFalse(texts(version, "description").get(0).isEmpty());
        assertEquals("the native library is shipped inside the jar only",
                Arrays.asList("db.xml.gz", "plugins"), sorted(site.list()));
    }

    @Test
    public void installsOverHttpIntoAFreshImageJReplacingAnOlderVersion() throws Exception {
        File app = freshImageJ("app-http");
        Files.write(new File(app, "plugins/ijcl_-0.0.9.jar").toPath(), "an older ijcl".getBytes(StandardCharsets.UTF_8));
        try (SiteFiles.Server server = new SiteFiles.Server(site)) {
            SiteInstaller.Report r = SiteInstaller.install(app, server.url, "ijcl", "linux64", quiet());
            assertEquals(Arrays.asList(PATH), r.installed);
            assertEquals(Arrays.asList("plugins/ijcl_-0.0.9.jar"), r.removed);
            assertEquals("db.xml.gz and the jar", 2, server.requests.get());

            assertArrayEquals(Files.readAllBytes(jar.toPath()), Files.readAllBytes(new File(app, PATH).toPath()));
            assertEquals(Arrays.asList("ijcl_-0.1.0.jar"), sorted(new File(app, "plugins").list()));
            assertEquals("nothing else left in the folder (no staging folder)",
                    Arrays.asList("db.xml.gz", "ij.jar", "macros", "plugins"), sorted(app.list()));

            Document local = SiteFiles.readDb(new File(app, "db.xml.gz"));
            List<Element> sites = SiteFiles.elements(local.getDocumentElement(), "update-site");
            assertEquals(1, sites.size());
            assertEquals("ijcl", sites.get(0).getAttribute("name"));
            assertEquals(server.url, sites.get(0).getAttribute("url"));
            assertTrue(sites.get(0).getAttribute("timestamp").matches("\\d{14}"));
            Element rec = SiteFiles.plugin(local, PATH);
            assertEquals("ijcl", rec.getAttribute("update-site"));
            assertEquals(SiteFiles.expectedJarDigest(jar), SiteFiles.version(rec).getAttribute("checksum"));
            assertEquals(Long.toString(STAMP), SiteFiles.version(rec).getAttribute("timestamp"));

            // again: up to date, only db.xml.gz is fetched
            SiteInstaller.Report again = SiteInstaller.install(app, server.url, "ijcl", "linux64", quiet());
            assertEquals(Arrays.asList(PATH), again.upToDate);
            assertEquals(3, server.requests.get());
        }
    }

    @Test
    public void refusesADownloadWithAWrongChecksumOrSize() throws Exception {
        byte[] good = Files.readAllBytes(jar.toPath());
        for (String damage : new String[] {"checksum", "size"}) {
            File bad = TMP.newFolder("bad-site-" + damage);
            Files.copy(new File(site, "db.xml.gz").toPath(), new File(bad, "db.xml.gz").toPath());
            File stored = new File(bad, PATH + "-" + STAMP);
            stored.getParentFile().mkdirs();
            byte[] tampered;
            if (damage.equals("checksum")) {
                // still a valid jar of the same size: one entry renamed (its name is stored twice,
                // in its local header and in the central directory), so the checksum differs
                tampered = replaceAll(good, "plugins.config", "plugins.confih");
            } else {
                tampered = Arrays.copyOf(good, good.length + 1);
            }
            Files.write(stored.toPath(), tampered);
            File app = freshImageJ("app-bad-" + damage);
            try (SiteFiles.Server server = new SiteFiles.Server(bad)) {
                SiteInstaller.install(app, server.url, "ijcl", "linux64", quiet());
                fail("installed a file with a wrong " + damage);
            } catch (IOException e) {
                String expected = damage.equals("checksum") ? "Incorrect checksum" : "Incorrect file size";
                assertTrue(e.getMessage(), e.getMessage().startsWith(expected + " for " + PATH));
            }
            assertEquals("nothing installed, nothing recorded", Arrays.asList("ij.jar", "macros", "plugins"), sorted(app.list()));
            assertEquals(0, new File(app, "plugins").list().length);
        }
    }

    @Test
    public void installedJarRunsAnIjclMacroInTheFreshImageJ() throws Exception {
        File app = freshImageJ("app-run");
        SiteInstaller.install(app, site.getPath(), "ijcl", "linux64", quiet());
        File installed = new File(app, PATH);
        assertTrue(installed.isFile());

        File macro = new File(app, "macros/ijcl_check.ijm");
        Files.write(macro.toPath(), String.join("\n",
                "run(\"IJCL Macro Extensions\", \"device=\");",
                "open(getArgument());",
                "original = getTitle();",
                "Ext.IJCL_push(original);",
                "blurred = \"blurred\";",
                "Ext.IJCL_gaussianBlur2D(original, blurred, 2, 2);",
                "Ext.IJCL_pull(blurred);",
                "selectImage(blurred);",
                "getRawStatistics(n, meanIjcl);",
                "print(\"mean_ijcl=\" + d2s(meanIjcl, 9));",
                "selectImage(original);",
                "run(\"Duplicate...\", \"title=imagej\");",
                "run(\"Gaussian Blur...\", \"sigma=2\");",
                "imageCalculator(\"Difference create\", blurred, \"imagej\");",
                "getRawStatistics(n, meanDiff, minDiff, maxDiff);",
                "print(\"max_difference=\" + maxDiff);",
                "print(\"library=\" + call(\"net.ijcl.NativeLoader.loadedFrom\"));",
                "Ext.IJCL_clear();").getBytes(StandardCharsets.UTF_8));

        String blobs = TestData.file("blobs.tif").getPath();
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        command.add("-Djava.awt.headless=true");
        for (String flag : System.getProperty("ijcl.jvm.opens", "--add-opens=java.base/java.lang=ALL-UNNAMED").split("\\s+"))
            if (!flag.isEmpty()) command.add(flag);
        command.add("-cp");
        command.add(new File(app, "ij.jar") + File.pathSeparator + installed + File.pathSeparator + runnerDependencies());
        command.add("net.ijcl.tools.RunMacro");
        command.add(macro.getPath());
        command.add(blobs);
        File out = new File(TMP.getRoot(), "run.out"), err = new File(TMP.getRoot(), "run.err");
        Process p = new ProcessBuilder(command).directory(app).redirectOutput(out).redirectError(err).start();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        if (!finished) p.destroyForcibly();
        String stdout = new String(Files.readAllBytes(out.toPath()), StandardCharsets.UTF_8);
        String report = "stdout:\n" + stdout + "stderr:\n" + new String(Files.readAllBytes(err.toPath()), StandardCharsets.UTF_8);
        assertTrue("ImageJ did not finish within 10 minutes\n" + report, finished);
        assertEquals(report, 0, p.exitValue());

        // ImageJ's own Gaussian blur of the same image, in the macro (difference image) and here
        assertEquals(report, "0", value(stdout, "max_difference"));
        ImagePlus imp = TestData.open("blobs.tif");
        ImageProcessor ip = imp.getProcessor();
        new GaussianBlur().blurGaussian(ip, 2, 2, 0.002); // the command's accuracy for 8-bit images
        double mean = ip.getStatistics().mean;
        assertEquals(report, String.format(java.util.Locale.ROOT, "%.9f", mean), value(stdout, "mean_ijcl"));

        // the library came out of the installed jar (NativeLoader's content-hash file name)
        byte[] library;
        try (ZipFile zip = new ZipFile(installed)) {
            library = SiteFiles.readAll(zip.getInputStream(zip.getEntry("natives/linux_64/libijcl.so")));
        }
        String hash = SiteFiles.hex(MessageDigest.getInstance("SHA-256").digest(library)).substring(0, 20);
        assertTrue(report, value(stdout, "library").endsWith("libijcl-" + hash + ".so"));
    }

    private static byte[] replaceAll(byte[] data, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII), t = to.getBytes(StandardCharsets.US_ASCII);
        byte[] out = data.clone();
        int count = 0;
        for (int i = 0; i + f.length <= out.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(out, i, i + f.length), f)) {
                System.arraycopy(t, 0, out, i, t.length);
                count++;
            }
        }
        assertEquals("the name occurs in the local header and the central directory", 2, count);
        return out;
    }

    /** The test class path as Maven wrote it (classpath.txt). */
    private static List<String> testClassPath() throws IOException {
        File cp = new File(System.getProperty("ijcl.classpath.file", "target/classpath.txt"));
        assertTrue("missing " + cp, cp.isFile());
        return Arrays.asList(new String(Files.readAllBytes(cp.toPath()), StandardCharsets.UTF_8).trim().split(File.pathSeparator));
    }

    private static boolean isImageJ(String entry) {
        return new File(entry).getName().matches("ij-[0-9].*\\.jar");
    }

    /** Maven Central's ImageJ jar (net.imagej:ij) from the test class path. */
    private static File imagejJar() throws IOException {
        for (String entry : testClassPath())
            if (isImageJ(entry)) return new File(entry);
        throw new AssertionError("no net.imagej:ij jar on the test class path");
    }

    /** The headless runner's dependencies (ij1-patcher, javassist, ...): no ImageJ, no build output. */
    private static String runnerDependencies() throws IOException {
        List<String> keep = new ArrayList<>();
        for (String entry : testClassPath())
            if (entry.endsWith(".jar") && !isImageJ(entry)) keep.add(entry);
        return String.join(File.pathSeparator, keep);
    }

    private static String value(String stdout, String key) {
        for (String line : stdout.split("\n"))
            if (line.startsWith(key + "=")) return line.substring(key.length() + 1).trim();
        return null;
    }

    private static List<String> texts(Element parent, String tag) {
        List<String> out = new ArrayList<>();
        for (Element e : SiteFiles.elements(parent, tag)) out.add(e.getTextContent());
        return out;
    }

    private static List<String> sorted(String[] names) {
        List<String> out = new ArrayList<>(Arrays.asList(names));
        java.util.Collections.sort(out);
        return out;
    }
}
