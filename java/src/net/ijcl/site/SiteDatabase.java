package net.ijcl.site;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A Fiji updater database, {@code db.xml.gz}: a gzipped {@code <pluginRecords>} document. An
 * update site's copy holds only {@code <plugin>} records; the copy in an ImageJ/Fiji folder (the
 * "local" database) also lists the {@code <update-site>}s (and {@code <disabled-update-site>}s)
 * and names each record's site in an {@code update-site} attribute. Element structure, from the
 * updater's DTD:
 *
 * <pre>
 * pluginRecords  ((update-site | disabled-update-site)*, plugin*)
 * update-site    @name @url @timestamp (+ optional attributes, kept as they are)
 * plugin         @filename @executable? @update-site?   (platform*, category*, version?, previous-version*)
 * version        @checksum @timestamp @filesize         (description?, dependency*, link*, author*)
 * dependency     @filename @timestamp? @overrides?
 * previous-version @checksum @timestamp @timestamp-obsolete? @filename?
 * </pre>
 *
 * Reading is lenient (unknown elements are ignored, like the updater's non-validating reader);
 * writing is deterministic (same records, same bytes: fixed element order, no dates in the gzip
 * header), so rewriting an unchanged database changes nothing.
 */
public final class SiteDatabase {
    public static final String FILE_NAME = "db.xml.gz";

    /** An {@code <update-site>} entry of a local database; attributes kept in their order. */
    public static final class SiteEntry {
        public final Map<String, String> attributes = new LinkedHashMap<>();
        public boolean active = true;

        public SiteEntry() {}

        public SiteEntry(String name, String url, long timestamp) {
            attributes.put("name", name);
            attributes.put("url", url);
            attributes.put("timestamp", Long.toString(timestamp));
        }

        public String name() {
            return attributes.get("name");
        }

        public String url() {
            return attributes.get("url");
        }
    }

    public static final class Dependency {
        public String filename;
        public String timestamp; // may be null
        public boolean overrides;
    }

    /** The current version of a file: {@code <version>}. */
    public static final class Version {
        public String checksum;
        public long timestamp;
        public long filesize;
        public String description; // may be null
        public final List<Dependency> dependencies = new ArrayList<>();
        public final List<String> links = new ArrayList<>();
        public final List<String> authors = new ArrayList<>();
    }

    /** An older version: {@code <previous-version>}. */
    public static final class PreviousVersion {
        public String checksum;
        public long timestamp;
        public long timestampObsolete; // 0: not written
        public String filename;        // the file name that version had, or null

        public PreviousVersion() {}

        public PreviousVersion(String checksum, long timestamp, long timestampObsolete, String filename) {
            this.checksum = checksum;
            this.timestamp = timestamp;
            this.timestampObsolete = timestampObsolete;
            this.filename = filename;
        }
    }

    /** One file: {@code <plugin>}. */
    public static final class Plugin {
        public String filename;
        public String updateSite; // local databases only
        public boolean executable;
        public final List<String> platforms = new ArrayList<>();
        public final List<String> categories = new ArrayList<>();
        public Version current; // null: the file was removed from its site (only previous versions)
        public final List<PreviousVersion> previous = new ArrayList<>();

        /** Whether it is to be installed on {@code platform} (no platforms: everywhere). */
        public boolean isFor(String platform) {
            return platforms.isEmpty() || platforms.contains(platform);
        }
    }

    public final List<SiteEntry> sites = new ArrayList<>();
    public final List<Plugin> plugins = new ArrayList<>();

    /** The record of that file, versioned or not ({@link VersionedName}), or null. */
    public Plugin find(String filename) {
        String key = VersionedName.unversioned(filename);
        for (Plugin p : plugins)
            if (VersionedName.unversioned(p.filename).equals(key)) return p;
        return null;
    }

    public SiteEntry site(String name) {
        for (SiteEntry s : sites)
            if (name.equals(s.name())) return s;
        return null;
    }

    // --- reading ----------------------------------------------------------------------------------

    /** Reads a database file; an absent file gives an empty database. */
    public static SiteDatabase read(File file) throws IOException {
        if (!file.exists()) return new SiteDatabase();
        try (InputStream in = Files.newInputStream(file.toPath())) {
            return read(in);
        }
    }

    /** Reads gzipped database bytes. */
    public static SiteDatabase read(InputStream gzipped) throws IOException {
        Document doc;
        try {
            byte[] xml = UpdaterChecksum.readAll(new GZIPInputStream(gzipped));
            doc = parser().parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            throw new IOException("db.xml.gz is not a valid updater database: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!"pluginRecords".equals(root.getTagName()))
            throw new IOException("db.xml.gz: root element is <" + root.getTagName() + ">, expected <pluginRecords>");
        SiteDatabase db = new SiteDatabase();
        for (Element e : children(root)) {
            switch (e.getTagName()) {
                case "update-site":
                case "disabled-update-site": {
                    SiteEntry s = new SiteEntry();
                    NamedNodeMap attrs = e.getAttributes();
                    for (int i = 0; i < attrs.getLength(); i++) {
                        Attr a = (Attr) attrs.item(i);
                        s.attributes.put(a.getName(), a.getValue());
                    }
                    s.active = e.getTagName().equals("update-site");
                    db.sites.add(s);
                    break;
                }
                case "plugin":
                    db.plugins.add(readPlugin(e));
                    break;
                default:
                    break; // unknown: ignored, as the updater does
            }
        }
        return db;
    }

    private static Plugin readPlugin(Element e) throws IOException {
        Plugin p = new Plugin();
        p.filename = required(e, "filename");
        p.updateSite = optional(e, "update-site");
        p.executable = "true".equalsIgnoreCase(e.getAttribute("executable"));
        for (Element c : children(e)) {
            switch (c.getTagName()) {
                case "platform": p.platforms.add(c.getTextContent().trim()); break;
                case "category": p.categories.add(c.getTextContent()); break;
                case "version": p.current = readVersion(c); break;
                case "previous-version":
                    p.previous.add(new PreviousVersion(required(c, "checksum"), number(c, "timestamp"),
                            number(c, "timestamp-obsolete"), optional(c, "filename")));
                    break;
                default: break;
            }
        }
        return p;
    }

    private static Version readVersion(Element e) throws IOException {
        Version v = new Version();
        v.checksum = required(e, "checksum");
        v.timestamp = number(e, "timestamp");
        v.filesize = number(e, "filesize");
        for (Element c : children(e)) {
            switch (c.getTagName()) {
                case "description": v.description = c.getTextContent(); break;
                case "link": v.links.add(c.getTextContent()); break;
                case "author": v.authors.add(c.getTextContent()); break;
                case "dependency": {
                    Dependency d = new Dependency();
                    d.filename = required(c, "filename");
                    d.timestamp = optional(c, "timestamp");
                    d.overrides = "true".equals(c.getAttribute("overrides"));
                    v.dependencies.add(d);
                    break;
                }
                default: break;
            }
        }
        return v;
    }

    private static DocumentBuilder parser() throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IOException("no XML parser: " + e.getMessage(), e);
        }
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++)
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) out.add((Element) nodes.item(i));
        return out;
    }

    private static String required(Element e, String attribute) throws IOException {
        if (!e.hasAttribute(attribute))
            throw new IOException("db.xml.gz: <" + e.getTagName() + "> without the required attribute '" + attribute + "'");
        return e.getAttribute(attribute);
    }

    private static String optional(Element e, String attribute) {
        return e.hasAttribute(attribute) ? e.getAttribute(attribute) : null;
    }

    private static long number(Element e, String attribute) throws IOException {
        String v = e.getAttribute(attribute);
        if (v.isEmpty()) return 0;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException x) {
            throw new IOException("db.xml.gz: <" + e.getTagName() + " " + attribute + "=\"" + v + "\"> is not a number");
        }
    }

    // --- writing ----------------------------------------------------------------------------------

    /** The XML text (local: with update sites and update-site attributes). */
    public String toXml(boolean local) {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<pluginRecords>\n");
        if (local) {
            for (SiteEntry site : sites) {
                s.append("    <").append(site.active ? "update-site" : "disabled-update-site");
                for (Map.Entry<String, String> a : site.attributes.entrySet()) attribute(s, a.getKey(), a.getValue());
                s.append("/>\n");
            }
        }
        for (Plugin p : plugins) {
            s.append("    <plugin");
            if (local && p.updateSite != null) attribute(s, "update-site", p.updateSite);
            attribute(s, "filename", p.filename);
            if (p.executable) attribute(s, "executable", "true");
            s.append(">\n");
            for (String platform : p.platforms) element(s, 8, "platform", platform);
            for (String category : p.categories) element(s, 8, "category", category);
            if (p.current != null) {
                Version v = p.current;
                s.append("        <version");
                attribute(s, "checksum", v.checksum);
                attribute(s, "timestamp", Long.toString(v.timestamp));
                attribute(s, "filesize", Long.toString(v.filesize));
                s.append(">\n");
                if (v.description != null) element(s, 12, "description", v.description);
                for (Dependency d : v.dependencies) {
                    s.append("            <dependency");
                    attribute(s, "filename", d.filename);
                    if (d.timestamp != null) attribute(s, "timestamp", d.timestamp);
                    if (d.overrides) attribute(s, "overrides", "true");
                    s.append("/>\n");
                }
                for (String link : v.links) element(s, 12, "link", link);
                for (String author : v.authors) element(s, 12, "author", author);
                s.append("        </version>\n");
            }
            for (PreviousVersion pv : p.previous) {
                s.append("        <previous-version");
                attribute(s, "checksum", pv.checksum);
                attribute(s, "timestamp", Long.toString(pv.timestamp));
                if (pv.timestampObsolete != 0) attribute(s, "timestamp-obsolete", Long.toString(pv.timestampObsolete));
                if (pv.filename != null) attribute(s, "filename", pv.filename);
                s.append("/>\n");
            }
            s.append("    </plugin>\n");
        }
        return s.append("</pluginRecords>\n").toString();
    }

    /** Gzipped XML; identical records give identical bytes. */
    public byte[] toGzip(boolean local) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) { // header without a date
            gz.write(toXml(local).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    /** Writes the database to {@code file} atomically (a temporary file renamed over it). */
    public void write(File file, boolean local) throws IOException {
        Files.createDirectories(file.getAbsoluteFile().getParentFile().toPath());
        net.ijcl.AtomicOutput.write(file, toGzip(local));
    }

    private static void element(StringBuilder s, int indent, String tag, String text) {
        for (int i = 0; i < indent; i++) s.append(' ');
        s.append('<').append(tag).append('>').append(escape(text, false)).append("</").append(tag).append(">\n");
    }

    private static void attribute(StringBuilder s, String name, String value) {
        s.append(' ').append(name).append("=\"").append(escape(value, true)).append('"');
    }

    static String escape(String text, boolean attribute) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '"': out.append(attribute ? "&quot;" : "\""); break;
                case '\n': out.append(attribute ? "&#10;" : "\n"); break;
                case '\t': out.append(attribute ? "&#9;" : "\t"); break;
                case '\r': out.append("&#13;"); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }
}
