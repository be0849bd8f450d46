package net.ijcl.tools;

import net.imagej.patcher.LegacyInjector;

/**
 * Applies ij1-patcher's headless patches to ImageJ 1.x before any ImageJ class is loaded. Must be
 * called before anything touches an {@code ij.*} class: this class itself references none.
 * Idempotent: when ImageJ is already patched (e.g. by ij1-patcher's Java agent with
 * {@code -javaagent:ij1-patcher-2.0.0.jar=init}, as the Maven tests do), it does nothing.
 */
public final class HeadlessImageJ {
    private HeadlessImageJ() {}

    /**
     * Sets {@code java.awt.headless=true} and patches ImageJ 1.x in the context class loader with
     * {@link LegacyInjector#preinit()}, the call Fiji/ImageJ2 makes before ImageJ 1.x starts.
     */
    public static synchronized void patch() {
        System.setProperty("java.awt.headless", "true");
        try {
            LegacyInjector.preinit();
        } catch (RuntimeException | LinkageError e) {
            String hint = "";
            if (String.valueOf(e).contains("InaccessibleObject") || String.valueOf(e.getCause()).contains("InaccessibleObject")
                    || String.valueOf(e).contains("module java.base"))
                hint = " (on Java 9 and later start the JVM with --add-opens=java.base/java.lang=ALL-UNNAMED)";
            throw new IllegalStateException("cannot patch ImageJ 1.x for headless use: " + e + hint, e);
        }
    }
}
