package net.ijcl.site;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Test helpers, independent of the code under test: zip/jar writing, db.xml.gz read with a plain
 * DOM parser, the documented jar checksum computed with ZipInputStream and a TreeMap, and a
 * static-file HTTP server on 127.0.0.1.
 */
final class SiteFiles {
    private SiteFiles() {}

    /** A zip with the entries in the given order (a null content: a directory entry). */
    static File zip(File file, Object... namesAndContents) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file.toPath()))) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                out.putNextEntry(new ZipEntry((String) namesAndContents[i]));
                Object content = namesAndContents[i + 1];
                if (content instanceof String) out.write(((String) content).getBytes(StandardCharsets.UTF_8));
                else if (content instanceof byte[]) out.write((byte[]) content);
                out.closeEntry();
            }
        }
        return file;
    }

    /** A plugin jar of a compiled classes folder (what maven-jar-plugin packs), with a manifest. */
    static File jarOf(File classesDir, File jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Created-By"), "SiteFiles test " + System.nanoTime());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar.toPath()), manifest)) {
            add(out, classesDir, "");
        }
        return jar;
    }

    private static void add(JarOutputStream out, File dir, String prefix) throws IOException {
        File[] files = dir.listFiles();
        if (files == null) return;
        java.util.Arrays.sort(files);
        for (File f : files) {
            String name = prefix + f.getName();
            if (f.isDirectory()) {
                out.putNextEntry(new ZipEntry(name + "/"));
                out.closeEntry();
                add(out, f, name + "/");
            } else {
                out.putNextEntry(new ZipEntry(name));
                out.write(Files.readAllBytes(f.toPath()));
                out.closeEntry();
            }
        }
    }

    /**
     * The updater's jar checksum, from its documented rule: entries sorted by name (TreeMap uses
     * String.compareTo); per entry its name, then its content, except that META-INF/MANIFEST.MF
     * adds no content and .properties files lose their '#' lines (the line end stays). Good for
     * jars whose .properties have no empty lines or bare '#' lines (the cases where the updater's
     * filter has quirks, tested separately).
     */
    static String expectedJarDigest(File jar) throws Exception {
        TreeMap<String, byte[]> entries = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar.toPath()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) entries.put(e.getName(), readAll(in));
        }
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            sha1.update(e.getKey().getBytes(StandardCharsets.US_ASCII));
            if (e.getKey().equals("META-INF/MANIFEST.MF")) continue;
            if (!e.getKey().endsWith(".properties")) {
                sha1.update(e.getValue());
                continue;
            }
            for (String line : new String(e.getValue(), StandardCharsets.ISO_8859_1).split("(?<=\n)"))
                sha1.update((line.startsWith("#") ? (line.endsWith("\n") ? "\n" : "") : line).getBytes(StandardCharsets.ISO_8859_1));
        }
        return hex(sha1.digest());
    }

    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) s.append(String.format("%02x", b & 0xff));
        return s.toString();
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) out.write(buffer, 0, n);
        return out.toByteArray();
    }

    /** db.xml.gz parsed with a plain DOM parser. */
    static Document readDb(File dbXmlGz) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dbXmlGz.toPath()))) {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
    }

    static List<Element> elements(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) out.add((Element) nodes.item(i));
        return out;
    }

    /** The one <plugin filename="..."> element. */
    static Element plugin(Document db, String filename) {
        Element found = null;
        for (Element e : elements(db.getDocumentElement(), "plugin"))
            if (filename.equals(e.getAttribute("filename"))) {
                assertEquals("two records for " + filename, null, found);
                found = e;
            }
        assertNotNull("no <plugin filename=\"" + filename + "\">", found);
        return found;
    }

    /** The <version> child of a <plugin>. */
    static Element version(Element plugin) {
        List<Element> v = elements(plugin, "version");
        assertEquals("one <version>", 1, v.size());
        return v.get(0);
    }

    /** An HTTP server on 127.0.0.1 (free port) serving the folder's files; counts GET requests. */
    static final class Server implements AutoCloseable {
        final HttpServer http;
        final String url;
        final AtomicInteger requests = new AtomicInteger();

        Server(File root) throws IOException {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", exchange -> {
                requests.incrementAndGet();
                File f = new File(root, exchange.getRequestURI().getPath().substring(1));
                boolean inside = f.getCanonicalPath().startsWith(root.getCanonicalPath() + File.separator);
                if (!inside || !f.isFile()) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                byte[] body = Files.readAllBytes(f.toPath());
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            http.start();
            url = "http://127.0.0.1:" + http.getAddress().getPort() + "/";
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}
