package net.ijcl;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads the JNI library once per JVM, the one built for the running JVM's operating system and
 * architecture ({@link #platform()}: Fiji's platform names linux64, linux-arm64, win64, macos64,
 * macos-arm64; file {@link #libraryName(String)}: libijcl.so, ijcl.dll, libijcl.dylib). Places
 * tried, in order, and nothing else (no {@code java.library.path} search, which could find a copy
 * of another version in some other folder):
 *
 * <ol>
 *   <li>the file named by the system property {@code ijcl.library.path} (an error if it cannot be
 *       loaded: the user asked for that file);
 *   <li>{@code lib/<platform>/<library>} in the ImageJ/Fiji folder (system properties
 *       {@code ij.dir}, {@code imagej.dir}, {@code fiji.dir}, then {@code IJ.getDirectory("imagej")}),
 *       where the update site puts it. A jar published by {@code ./ijcl update-site} lists the
 *       SHA-256 of every platform's library it was published with ({@link #NATIVES_LIST}); a file
 *       there with other content (a stale or foreign copy) is never loaded;
 *   <li>the copy bundled in the jar (development builds: {@code natives/linux_64/libijcl.so}),
 *       extracted to a temporary file whose name holds a hash of its content (so versions never
 *       mix) and loaded from there.
 * </ol>
 *
 * On a platform without a library, and where OpenCL itself is missing (libOpenCL.so.1 on Linux,
 * OpenCL.dll on Windows, the OpenCL framework on macOS), the error is an {@link IjclException}
 * that says what is missing and what to install, never a bare UnsatisfiedLinkError.
 */
public final class NativeLoader {
    static final String RESOURCE = "natives/linux_64/libijcl.so";
    /** In a published jar: lines {@code platform<TAB>lib/platform/file<TAB>sha256<TAB>size}. */
    public static final String NATIVES_LIST = "natives/natives.tsv";
    /** The platforms ijcl ships a library for (Fiji's names). */
    public static final String[] PLATFORMS = {"linux64", "linux-arm64", "win64", "macos64", "macos-arm64"};
    private static boolean loaded;
    private static String loadedFrom;

    private NativeLoader() {}

    /** Fiji's name for the running JVM's platform: linux64, linux-arm64, win64, macos64, macos-arm64, ... */
    public static String platform() {
        return platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** Fiji's platform name for an {@code os.name} and {@code os.arch} (as the updater's Platforms class names them). */
    public static String platform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86-64");
        String bits = arm64 ? "-arm64" : x64 ? "64" : arch.contains("64") ? "-" + arch : "32";
        if (os.startsWith("linux")) return "linux" + bits;
        if (os.startsWith("mac") || os.startsWith("darwin")) return "macos" + bits;
        if (os.startsWith("windows")) return "win" + bits;
        return os.replaceAll("[^a-z0-9]", "") + "-" + arch;
    }

    /** The library's file name on a platform: ijcl.dll, libijcl.dylib or libijcl.so. */
    public static String libraryName(String platform) {
        if (platform.startsWith("win")) return "ijcl.dll";
        if (platform.startsWith("macos")) return "libijcl.dylib";
        return "libijcl.so";
    }

    /** Whether ijcl ships a library for the platform. */
    public static boolean supported(String platform) {
        return Arrays.asList(PLATFORMS).contains(platform);
    }

    /** Loads libijcl unless already loaded; throws IjclException when no copy can be loaded. */
    public static synchronized void load() {
        if (loaded) return;
        List<String> tried = new ArrayList<>();
        String platform = platform();
        String name = libraryName(platform);

        String explicit = System.getProperty("ijcl.library.path", "").trim();
        if (!explicit.isEmpty()) {
            File file = new File(explicit).getAbsoluteFile();
            if (!file.isFile())
                throw new IjclException("ijcl.library.path names '" + file + "', which is not a file");
            loadFile(file, platform);
            return;
        }
        if (!supported(platform))
            throw new IjclException(unsupportedMessage(platform));

        Map<String, String> expected = publishedHashes();
        String stale = null;
        for (File dir : imagejDirectories()) {
            File file = new File(dir, "lib/" + platform + "/" + name);
            tried.add(file.getPath());
            if (!file.isFile()) continue;
            String want = expected.get(platform);
            if (want != null && !want.equals(sha256(file))) {
                stale = file.getPath();
                continue;
            }
            loadFile(file, platform);
            return;
        }

        if (platform.equals("linux64")) {
            File extracted = extractBundled();
            if (extracted != null) {
                loadFile(extracted, platform);
                return;
            }
            tried.add("jar resource " + RESOURCE + " (absent)");
        }
        if (stale != null)
            throw new IjclException(stale + " is not the native library this ijcl jar was published with (another version "
                    + "or a damaged copy), so it was not loaded. Update ijcl (Help > Update..., with the ijcl update site) "
                    + "so that the jar and lib/" + platform + "/" + name + " match.");
        throw new IjclException("cannot find ijcl's native library for this computer (" + platform + "): tried "
                + String.join("; ", tried) + ". Install ijcl from its update site (it puts lib/" + platform + "/" + name
                + " into the Fiji folder), or set -Dijcl.library.path=/path/to/" + name + ".");
    }

    static String unsupportedMessage(String platform) {
        return "ijcl has no native library for this computer (" + System.getProperty("os.name") + ", "
                + System.getProperty("os.arch") + ": platform '" + platform + "'). It runs on "
                + String.join(", ", PLATFORMS) + " (64-bit Windows, Linux and macOS on Intel/AMD, Linux and macOS "
                + "on ARM), in a 64-bit Java.";
    }

    /** The SHA-256 of each platform's library, from the jar's natives list (empty in a development build). */
    static Map<String, String> publishedHashes() {
        Map<String, String> out = new HashMap<>();
        try (InputStream in = NativeLoader.class.getClassLoader().getResourceAsStream(NATIVES_LIST)) {
            if (in == null) return out;
            for (String line : new String(readAll(in), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.trim().split("\t");
                if (f.length >= 3 && !f[0].startsWith("#")) out.put(f[0], f[2]);
            }
        } catch (IOException e) {
            throw new IjclException("cannot read " + NATIVES_LIST + " from the ijcl jar: " + e.getMessage(), e);
        }
        return out;
    }

    /** Where the library was loaded from, or null if not loaded yet. */
    public static synchronized String loadedFrom() {
        return loadedFrom;
    }

    private static void loadFile(File file, String platform) {
        try {
            System.load(file.getAbsolutePath());
        } catch (UnsatisfiedLinkError e) {
            checkOpenCl(e, platform);
            throw new IjclException("cannot load " + file + ": " + e.getMessage(), e);
        }
        markLoaded(file.getAbsolutePath());
    }

    private static void markLoaded(String from) {
        loaded = true;
        loadedFrom = from;
        registerShutdownHook();
    }

    /**
     * Every way a JVM ends (a macro's end, System.exit, quitting Fiji, SIGTERM or Ctrl-C) runs
     * this hook before the process tears down: it waits for the operation in flight, drains the
     * OpenCL queues and refuses further GPU work. Without it an OpenCL driver may still compile or
     * run a kernel on its own threads while the process's static destructors run (PoCL's LLVM then
     * crashed the JVM at exit; see README, "Reliability").
     */
    private static void registerShutdownHook() {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(NativeBridge::shutdown, "ijcl-shutdown"));
        } catch (IllegalStateException alreadyShuttingDown) {
            NativeBridge.shutdown();
        }
    }

    /** An unresolved OpenCL library means OpenCL is missing: say what to install (Linux's message). */
    static void checkOpenCl(UnsatisfiedLinkError e) {
        checkOpenCl(e, "linux64");
    }

    /**
     * An UnsatisfiedLinkError that means OpenCL is missing becomes an IjclException naming what to
     * install on that platform. On Windows the JVM names no file ("Can't find dependent
     * libraries"), but ijcl.dll depends only on Windows' own DLLs and OpenCL.dll.
     */
    static void checkOpenCl(UnsatisfiedLinkError e, String platform) {
        String message = String.valueOf(e.getMessage());
        boolean missing = platform.startsWith("win")
                ? message.contains("Can't find dependent libraries") || message.toLowerCase(Locale.ROOT).contains("opencl.dll")
                : message.contains("libOpenCL") || message.contains("OpenCL.framework");
        if (missing) throw new IjclException(openClMissingMessage(message, platform), e);
    }

    static String openClMissingMessage(String detail) {
        return openClMissingMessage(detail, "linux64");
    }

    static String openClMissingMessage(String detail, String platform) {
        if (platform.startsWith("win"))
            return "OpenCL is not installed: OpenCL.dll was not found (" + detail + "). Install (or update) the driver "
                    + "of your graphics card from NVIDIA, AMD or Intel: it includes OpenCL.dll. Without a GPU, install a "
                    + "CPU OpenCL driver (PoCL, or Intel's CPU Runtime for OpenCL).";
        if (platform.startsWith("macos"))
            return "OpenCL is not available (" + detail + "). macOS includes OpenCL "
                    + "(/System/Library/Frameworks/OpenCL.framework); update macOS if it is missing.";
        return "OpenCL is not installed (" + detail + "). Install the OpenCL ICD loader (Debian/Ubuntu: "
                + "apt-get install ocl-icd-libopencl1) plus an OpenCL driver: your GPU vendor's OpenCL ICD, "
                + "or pocl-opencl-icd to run on the CPU.";
    }

    private static List<File> imagejDirectories() {
        List<File> dirs = new ArrayList<>();
        for (String property : new String[] {"ij.dir", "imagej.dir", "fiji.dir"}) {
            String value = System.getProperty(property);
            if (value != null && !value.isEmpty()) dirs.add(new File(value));
        }
        try {
            String dir = ij.IJ.getDirectory("imagej");
            if (dir != null && !dir.isEmpty()) dirs.add(new File(dir));
        } catch (Throwable t) {
            // ImageJ is not on the class path (the library is used without ImageJ)
        }
        return dirs;
    }

    /** Extracts the bundled library to a content-addressed temporary file; null if not bundled. */
    private static File extractBundled() {
        byte[] bytes;
        try (InputStream in = NativeLoader.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) return null;
            bytes = readAll(in);
        } catch (IOException e) {
            throw new IjclException("cannot read the bundled " + RESOURCE + ": " + e.getMessage(), e);
        }
        String hash = sha256(bytes).substring(0, 20);
        File dir = new File(System.getProperty("java.io.tmpdir"), "ijcl-" + System.getProperty("user.name", "user"));
        if (!dir.isDirectory() && !dir.mkdirs())
            throw new IjclException("cannot create the folder " + dir + " for the native library");
        File target = new File(dir, "libijcl-" + hash + ".so");
        if (target.isFile() && target.length() == bytes.length) return target;
        try {
            File part = File.createTempFile("libijcl-" + hash, ".part", dir);
            try (OutputStream out = Files.newOutputStream(part.toPath())) {
                out.write(bytes);
            }
            try {
                Files.move(part.toPath(), target.toPath(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part.toPath());
            }
        } catch (IOException e) {
            throw new IjclException("cannot extract the native library to " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 20);
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) out.write(buffer, 0, n);
        return out.toByteArray();
    }

    /** SHA-256 of a file's content, lowercase hex. */
    public static String sha256(File file) {
        try {
            return sha256(Files.readAllBytes(file.toPath()));
        } catch (IOException e) {
            throw new IjclException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) hex.append(String.format("%02x", b));
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
