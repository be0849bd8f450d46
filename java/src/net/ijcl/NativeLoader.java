package net.ijcl;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the JNI library libijcl once per JVM. Places tried, in order:
 *
 * <ol>
 *   <li>the file named by the system property {@code ijcl.library.path} (an error if it cannot be
 *       loaded: the user asked for that file);
 *   <li>{@code lib/linux64/libijcl.so} in the ImageJ/Fiji folder (system properties {@code ij.dir},
 *       {@code imagej.dir}, {@code fiji.dir}, then {@code IJ.getDirectory("imagej")});
 *   <li>{@code System.loadLibrary("ijcl")} ({@code java.library.path});
 *   <li>the copy bundled in the jar ({@code natives/linux_64/libijcl.so}), extracted to a temporary
 *       file whose name holds a hash of its content (so versions never mix) and loaded from there.
 * </ol>
 *
 * A failure to find the OpenCL ICD loader (libOpenCL.so.1) becomes an {@link IjclException} that
 * names the packages to install.
 */
public final class NativeLoader {
    static final String RESOURCE = "natives/linux_64/libijcl.so";
    private static boolean loaded;
    private static String loadedFrom;

    private NativeLoader() {}

    /** Loads libijcl unless already loaded; throws IjclException when no copy can be loaded. */
    public static synchronized void load() {
        if (loaded) return;
        List<String> tried = new ArrayList<>();

        String explicit = System.getProperty("ijcl.library.path", "").trim();
        if (!explicit.isEmpty()) {
            File file = new File(explicit).getAbsoluteFile();
            if (!file.isFile())
                throw new IjclException("ijcl.library.path names '" + file + "', which is not a file");
            loadFile(file);
            return;
        }

        for (File dir : imagejDirectories()) {
            File file = new File(dir, "lib/linux64/libijcl.so");
            tried.add(file.getPath());
            if (file.isFile()) {
                loadFile(file);
                return;
            }
        }

        try {
            System.loadLibrary("ijcl");
            markLoaded("java.library.path");
            return;
        } catch (UnsatisfiedLinkError e) {
            checkOpenCl(e);
            tried.add("java.library.path (" + e.getMessage() + ")");
        }

        File extracted = extractBundled();
        if (extracted != null) {
            loadFile(extracted);
            return;
        }
        tried.add("jar resource " + RESOURCE + " (absent)");
        throw new IjclException("cannot find the ijcl native library libijcl.so; tried: " + String.join("; ", tried)
                + ". Set -Dijcl.library.path=/path/to/libijcl.so or put it in Fiji's lib/linux64/");
    }

    /** Where the library was loaded from, or null if not loaded yet. */
    public static synchronized String loadedFrom() {
        return loadedFrom;
    }

    private static void loadFile(File file) {
        try {
            System.load(file.getAbsolutePath());
        } catch (UnsatisfiedLinkError e) {
            checkOpenCl(e);
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

    /** An unresolved libOpenCL means the OpenCL ICD loader is missing: say what to install. */
    static void checkOpenCl(UnsatisfiedLinkError e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("libOpenCL")) throw new IjclException(openClMissingMessage(message), e);
    }

    static String openClMissingMessage(String detail) {
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
