package net.ijcl.site;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Publishing versions into an existing site, as the updater's upload does, and updating an
 * installation from it. Oracles: the site folder's files and db.xml.gz read with a plain DOM
 * parser; checksums from SiteFiles' independent implementation of the documented rule.
 */
public class SiteVersionsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final long T1 = 20250101120000L;
    private static final long T2 = 20250101130000L;
    private static final long T3 = 20250102120000L;

    private File jar(String name, String classContent) throws IOException {
        return SiteFiles.zip(new File(tmp.newFolder(), name),
                "META-INF/", null,
                "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n",
                "plugins.config", "Plugins>Demo, \"Demo\", demo.Demo\n",
                "demo/Demo.class", classContent);
    }

    private static SitePublisher.Outcome publish(File site, File jar, long timestamp) throws IOException {
        SitePublisher.Item item = new SitePublisher.Item("plugins/" + jar.getName(), jar);
        item.description = "a demo plugin";
        item.authors.add("Someone");
        item.categories.add("Demo");
        return SitePublisher.publish(site, Collections.singletonList(item), timestamp).get(0);
    }

    private static TreeSet<String> files(File dir) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        Files.walk(dir.toPath()).filter(Files::isRegularFile).forEach(p -> out.add(dir.toPath().relativize(p).toString()));
        return out;
    }

    /** Asserts, for each pair (attribute, value), that the element's attribute has that value. */
    static void assertAttributes(Element e, String... attributesAndValues) {
        for (int i = 0; i < attributesAndValues.length; i += 2)
            assertEquals(attributesAndValues[i], attributesAndValues[i + 1], e.getAttribute(attributesAndValues[i]));
    }

    @Test
    public void newVersionKeepsThePreviousOneAndIdenticalContentChangesNothing() throws Exception {
        File site = tmp.newFolder("site");
        File v1 = jar("demo_-1.0.0.jar", "version one");
        assertEquals(SitePublisher.Outcome.NEW, publish(site, v1, T1));
        File db = new File(site, "db.xml.gz");
        byte[] dbAfterFirst = Files.readAllBytes(db.toPath());
        assertEquals(new TreeSet<>(Arrays.asList("db.xml.gz", "plugins/demo_-1.0.0.jar-" + T1)), files(site));
        assertArrayEquals(Files.readAllBytes(v1.toPath()), Files.readAllBytes(new File(site, "plugins/demo_-1.0.0.jar-" + T1).toPath()));

        Element p1 = SiteFiles.plugin(SiteFiles.readDb(db), "plugins/demo_-1.0.0.jar");
        Element ver1 = SiteFiles.version(p1);
        String sum1 = SiteFiles.expectedJarDigest(v1);
        assertAttributes(ver1, "checksum", sum1, "timestamp", Long.toString(T1), "filesize", Long.toString(v1.length()));
        assertEquals("a demo plugin", SiteFiles.elements(ver1, "description").get(0).getTextContent());
        assertEquals("Someone", SiteFiles.elements(ver1, "author").get(0).getTextContent());
        assertEquals("Demo", SiteFiles.elements(p1, "category").get(0).getTextContent());
        assertEquals(0, SiteFiles.elements(p1, "previous-version").size());

        // identical content again (a rebuilt jar: same entries, other manifest): nothing changes
        File v1again = SiteFiles.zip(new File(tmp.newFolder(), "demo_-1.0.0.jar"),
                "META-INF/", null,
                "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nCreated-By: a rebuild\n",
                "plugins.config", "Plugins>Demo, \"Demo\", demo.Demo\n",
                "demo/Demo.class", "version one");
        assertEquals(SitePublisher.Outcome.UNCHANGED, publish(site, v1again, T2));
        assertArrayEquals(dbAfterFirst, Files.readAllBytes(db.toPath()));
        assertEquals(new TreeSet<>(Arrays.asList("db.xml.gz", "plugins/demo_-1.0.0.jar-" + T1)), files(site));

        // a new version (new content and name): the old one becomes a previous version, its file stays
        File v2 = jar("demo_-1.1.0.jar", "version two");
        assertEquals(SitePublisher.Outcome.NEW_VERSION, publish(site, v2, T3));
        assertEquals(new TreeSet<>(Arrays.asList("db.xml.gz", "plugins/demo_-1.0.0.jar-" + T1,
                "plugins/demo_-1.1.0.jar-" + T3)), files(site));
        Document d = SiteFiles.readDb(db);
        assertEquals("one record per file", 1, SiteFiles.elements(d.getDocumentElement(), "plugin").size());
        Element p2 = SiteFiles.plugin(d, "plugins/demo_-1.1.0.jar");
        Element ver2 = SiteFiles.version(p2);
        assertAttributes(ver2, "checksum", SiteFiles.expectedJarDigest(v2), "timestamp", Long.toString(T3),
                "filesize", Long.toString(v2.length()));
        List<Element> previous = SiteFiles.elements(p2, "previous-version");
        assertEquals(1, previous.size());
        assertAttributes(previous.get(0), "checksum", sum1, "timestamp", Long.toString(T1),
                "timestamp-obsolete", Long.toString(T3), "filename", "plugins/demo_-1.0.0.jar");

        // a third version published with a timestamp not later than the current one (same second):
        // stamped one second after it, so version timestamps always increase
        File v3 = jar("demo_-1.1.0.jar", "version three");
        assertEquals(SitePublisher.Outcome.NEW_VERSION, publish(site, v3, T3));
        Element p3 = SiteFiles.plugin(SiteFiles.readDb(db), "plugins/demo_-1.1.0.jar");
        assertEquals("20250102120001", SiteFiles.version(p3).getAttribute("timestamp"));
        List<Element> previous3 = SiteFiles.elements(p3, "previous-version");
        assertEquals(2, previous3.size());
        assertEquals(sum1, previous3.get(0).getAttribute("checksum"));
        assertAttributes(previous3.get(1), "checksum", SiteFiles.expectedJarDigest(v2), "timestamp", Long.toString(T3),
                "filename", "plugins/demo_-1.1.0.jar");
        assertTrue(new File(site, "plugins/demo_-1.1.0.jar-" + T3).isFile());
        assertTrue(new File(site, "plugins/demo_-1.1.0.jar-20250102120001").isFile());
    }

    @Test
    public void installingANewerVersionReplacesTheOlderFile() throws Exception {
        File site = tmp.newFolder("site");
        File app = tmp.newFolder("app");
        new File(app, "plugins").mkdir();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

        File v1 = jar("demo_-1.0.0.jar", "version one");
        publish(site, v1, T1);
        SiteInstaller.Report r1 = SiteInstaller.install(app, site.getPath(), "Demo", "linux64", quiet);
        assertEquals(Collections.singletonList("plugins/demo_-1.0.0.jar"), r1.installed);
        assertArrayEquals(Files.readAllBytes(v1.toPath()), Files.readAllBytes(new File(app, "plugins/demo_-1.0.0.jar").toPath()));

        // installing again: already up to date, nothing downloaded
        SiteInstaller.Report again = SiteInstaller.install(app, site.getPath(), "Demo", "linux64", quiet);
        assertEquals(Collections.emptyList(), again.installed);
        assertEquals(Collections.singletonList("plugins/demo_-1.0.0.jar"), again.upToDate);

        File v2 = jar("demo_-1.1.0.jar", "version two");
        publish(site, v2, T3);
        SiteInstaller.Report r2 = SiteInstaller.install(app, site.getPath(), "Demo", "linux64", quiet);
        assertEquals(Collections.singletonList("plugins/demo_-1.1.0.jar"), r2.installed);
        assertEquals(Collections.singletonList("plugins/demo_-1.0.0.jar"), r2.removed);
        assertFalse(new File(app, "plugins/demo_-1.0.0.jar").exists());
        assertArrayEquals(Files.readAllBytes(v2.toPath()), Files.readAllBytes(new File(app, "plugins/demo_-1.1.0.jar").toPath()));

        // the local database: the site once (URL = the folder's file: URL), the record with its history
        Document local = SiteFiles.readDb(new File(app, "db.xml.gz"));
        List<Element> sites = SiteFiles.elements(local.getDocumentElement(), "update-site");
        assertEquals(1, sites.size());
        assertEquals("Demo", sites.get(0).getAttribute("name"));
        assertEquals(site.getAbsoluteFile().toURI().toString(), sites.get(0).getAttribute("url"));
        Element rec = SiteFiles.plugin(local, "plugins/demo_-1.1.0.jar");
        assertEquals("Demo", rec.getAttribute("update-site"));
        assertEquals(SiteFiles.expectedJarDigest(v2), SiteFiles.version(rec).getAttribute("checksum"));
        assertEquals(SiteFiles.expectedJarDigest(v1), SiteFiles.elements(rec, "previous-version").get(0).getAttribute("checksum"));
    }

    @Test
    public void filesForAnotherPlatformAreRecordedButNotInstalled() throws Exception {
        File site = tmp.newFolder("site");
        File app = tmp.newFolder("app");
        new File(app, "plugins").mkdir();
        File lib = new File(tmp.newFolder(), "libdemo.dylib");
        Files.write(lib.toPath(), new byte[] {1, 2, 3});
        SitePublisher.Item item = new SitePublisher.Item("lib/macos64/libdemo.dylib", lib);
        item.platforms.add("macos64");
        SitePublisher.publish(site, Collections.singletonList(item), T1);

        SiteInstaller.Report r = SiteInstaller.install(app, site.getPath(), "Demo", "linux64", new PrintStream(new ByteArrayOutputStream()));
        assertEquals(Collections.singletonList("lib/macos64/libdemo.dylib"), r.otherPlatforms);
        assertFalse(new File(app, "lib").exists());
        Element rec = SiteFiles.plugin(SiteFiles.readDb(new File(app, "db.xml.gz")), "lib/macos64/libdemo.dylib");
        assertEquals("macos64", SiteFiles.elements(rec, "platform").get(0).getTextContent());
        // a plain file's checksum: SHA-1 of its path, then its bytes
        java.security.MessageDigest sha1 = java.security.MessageDigest.getInstance("SHA-1");
        sha1.update("lib/macos64/libdemo.dylib".getBytes("US-ASCII"));
        sha1.update(new byte[] {1, 2, 3});
        assertEquals(SiteFiles.hex(sha1.digest()), SiteFiles.version(rec).getAttribute("checksum"));
    }

    @Test
    public void installKeepsTheOtherSitesAndRecordsOfAnExistingDatabase() throws Exception {
        File site = tmp.newFolder("site");
        publish(site, jar("demo_-1.0.0.jar", "version one"), T1);
        File app = tmp.newFolder("app");
        new File(app, "jars").mkdir();
        // a local database as Fiji keeps one: a DOCTYPE with an internal subset, an active and a
        // disabled site with extra attributes, a record with a dependency and a previous version
        String fiji = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!DOCTYPE pluginRecords [\n<!ELEMENT pluginRecords ANY>\n]>\n"
                + "<pluginRecords>\n"
                + "  <update-site name=\"ImageJ\" url=\"https://update.imagej.net/\" official=\"true\" timestamp=\"20240101000000\"/>\n"
                + "  <disabled-update-site name=\"Other\" url=\"https://example.org/other/\" description=\"a &amp; b\" timestamp=\"20230101000000\"/>\n"
                + "  <plugin update-site=\"ImageJ\" filename=\"jars/ij-1.54p.jar\">\n"
                + "    <version checksum=\"aaaa\" timestamp=\"20240101000000\" filesize=\"123\">\n"
                + "      <description>ImageJ 1.x</description>\n"
                + "      <dependency filename=\"jars/other.jar\" timestamp=\"20230101000000\"/>\n"
                + "      <author>Wayne</author>\n"
                + "    </version>\n"
                + "    <previous-version checksum=\"bbbb\" timestamp=\"20230101000000\" timestamp-obsolete=\"20240101000000\" filename=\"jars/ij-1.54f.jar\"/>\n"
                + "  </plugin>\n"
                + "</pluginRecords>\n";
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(new File(app, "db.xml.gz").toPath()))) {
            out.write(fiji.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        SiteInstaller.install(app, site.getPath(), "Demo", "linux64", new PrintStream(new ByteArrayOutputStream()));

        Document local = SiteFiles.readDb(new File(app, "db.xml.gz"));
        List<Element> active = SiteFiles.elements(local.getDocumentElement(), "update-site");
        assertEquals(2, active.size());
        assertAttributes(active.get(0), "name", "ImageJ", "url", "https://update.imagej.net/", "official", "true",
                "timestamp", "20240101000000");
        assertEquals("Demo", active.get(1).getAttribute("name"));
        List<Element> disabled = SiteFiles.elements(local.getDocumentElement(), "disabled-update-site");
        assertEquals(1, disabled.size());
        assertEquals("a & b", disabled.get(0).getAttribute("description"));

        Element ij = SiteFiles.plugin(local, "jars/ij-1.54p.jar");
        assertEquals("ImageJ", ij.getAttribute("update-site"));
        Element v = SiteFiles.version(ij);
        assertEquals("aaaa", v.getAttribute("checksum"));
        assertEquals("123", v.getAttribute("filesize"));
        assertEquals("ImageJ 1.x", SiteFiles.elements(v, "description").get(0).getTextContent());
        assertEquals("jars/other.jar", SiteFiles.elements(v, "dependency").get(0).getAttribute("filename"));
        assertEquals("20230101000000", SiteFiles.elements(v, "dependency").get(0).getAttribute("timestamp"));
        assertEquals("Wayne", SiteFiles.elements(v, "author").get(0).getTextContent());
        Element prev = SiteFiles.elements(ij, "previous-version").get(0);
        assertAttributes(prev, "checksum", "bbbb", "filename", "jars/ij-1.54f.jar", "timestamp-obsolete", "20240101000000");

        assertEquals("Demo", SiteFiles.plugin(local, "plugins/demo_-1.0.0.jar").getAttribute("update-site"));
    }
}
