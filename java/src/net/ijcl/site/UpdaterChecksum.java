package net.ijcl.site;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The checksums the ImageJ updater (net.imagej:imagej-updater, {@code UpdaterUtil.getDigest} and
 * {@code getJarDigest(file, true, true, true)}) records in {@code db.xml.gz} and checks after a
 * download. Re-implemented from its documented behaviour (research notes, imagej-fiji.md §4.3):
 *
 * <ul>
 *   <li><b>Plain files</b>: SHA-1 of the file's site-relative path ({@code lib/linux64/libx.so},
 *       ASCII bytes) followed by the file's bytes.
 *   <li><b>Jars</b> (any path ending in {@code .jar}): SHA-1 over all zip entries, directory
 *       entries included, sorted by {@code String.compareTo} of their names; for each, the name's
 *       ASCII bytes, then the content, where
 *       <ul>
 *         <li>{@code *.properties} entries lose their comment lines (a line starting with
 *             {@code #}; see {@link #skipCommentLines} for the exact rule, line ends included);
 *         <li>{@code META-INF/MANIFEST.MF} contributes no content at all: the updater keeps only
 *             lines whose upper-cased text starts with the mixed-case {@code "Main-Class:"},
 *             which no line can, so only the entry's name is hashed (build dates, JDK and
 *             tool versions in the manifest never change the checksum).
 *       </ul>
 * </ul>
 * Checksums are lowercase hexadecimal.
 */
public final class UpdaterChecksum {
    static final String MANIFEST = "META-INF/MANIFEST.MF";

    private UpdaterChecksum() {}

    /** The checksum of {@code file} published as {@code path} (site-relative, '/' separated). */
    public static String of(String path, File file) throws IOException {
        return path.endsWith(".jar") ? ofJar(file) : ofPlainFile(path, file);
    }

    /** SHA-1(path in ASCII ‖ content). */
    public static String ofPlainFile(String path, File file) throws IOException {
        MessageDigest sha1 = sha1();
        sha1.update(ascii(path));
        sha1.update(Files.readAllBytes(file.toPath()));
        return hex(sha1.digest());
    }

    /** The jar digest described in the class comment. */
    public static String ofJar(File jar) throws IOException {
        MessageDigest sha1 = sha1();
        try (ZipFile zip = new ZipFile(jar)) {
            List<ZipEntry> entries = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) entries.add(e.nextElement());
            Collections.sort(entries, (a, b) -> a.getName().compareTo(b.getName()));
            for (ZipEntry entry : entries) {
                String name = entry.getName();
                sha1.update(ascii(name));
                if (name.equals(MANIFEST)) continue; // content filtered away entirely (class comment)
                byte[] content;
                try (InputStream in = zip.getInputStream(entry)) {
                    content = readAll(in);
                }
                sha1.update(name.endsWith(".properties") ? skipCommentLines(content) : content);
            }
        }
        return hex(sha1.digest());
    }

    /**
     * The updater's comment filter for {@code .properties} entries, byte for byte. A '#' read at
     * the start of a line starts a comment: everything up to the next '\n' is dropped but that
     * '\n' itself is kept, and the line after it counts as a line start. Two quirks of the
     * updater's filter are kept because checksums must match it exactly:
     * <ul>
     *   <li>a comment holding nothing but '#' characters ("#\n", "##\n") also keeps its '\n', but
     *       the line after it does <i>not</i> count as a line start (a '#' there is kept);
     *   <li>an empty line ("\n" at a line start) likewise leaves the next line not at a line
     *       start.
     * </ul>
     * Line starts are only ever set again by a '\n' read in the middle of a line.
     */
    public static byte[] skipCommentLines(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        boolean atLineStart = true;
        int i = 0;
        while (i < in.length) {
            byte b = in[i++];
            if (!atLineStart) {
                out.write(b);
                if (b == '\n') atLineStart = true;
                continue;
            }
            if (b != '#') {
                atLineStart = false;
                out.write(b);
                continue;
            }
            // a comment: skip further '#', then the first other byte decides
            while (i < in.length && in[i] == '#') i++;
            if (i == in.length) break;
            byte first = in[i++];
            if (first == '\n') {
                out.write('\n');
                atLineStart = false; // quirk: "#\n" does not start a new line
                continue;
            }
            while (i < in.length && in[i] != '\n') i++;
            if (i == in.length) break;
            i++;
            out.write('\n');
            atLineStart = true;
        }
        return out.toByteArray();
    }

    public static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        for (int n; (n = in.read(buffer)) >= 0; ) out.write(buffer, 0, n);
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII); // non-ASCII characters become '?', as in the updater
    }

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1", e);
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) s.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
        return s.toString();
    }
}
