package net.ijcl;

/**
 * Shows "compiling kernels for &lt;operation&gt; (&lt;kernel file&gt;)…" (see {@link Progress#status})
 * when an operation's first run spends more than {@value #SHOW_AFTER_MS} ms in the OpenCL compiler.
 * The native kernel cache records which kernel file it compiles from source and since when
 * (native/include/ijcl/kernel_cache.hpp, compile_activity; loads from the disk cache do not
 * count); one daemon thread polls it every {@value #POLL_MS} ms while an operation runs, so an
 * operation pays only two volatile writes.
 */
final class CompileWatch {
    static final long SHOW_AFTER_MS = 500, POLL_MS = 250;
    private static volatile String running;
    private static volatile Thread poller;
    private static String shownFor = "";

    private CompileWatch() {}

    /** The message shown while {@code op} compiles {@code file}. */
    static String message(String op, String file) {
        return "compiling kernels for " + op + " (" + file + ")\u2026 (first use on this device; cached afterwards)";
    }

    static void begin(String op) {
        running = op;
        if (poller == null) start();
    }

    static void end() {
        running = null;
    }

    private static synchronized void start() {
        if (poller != null) return;
        Thread t = new Thread(CompileWatch::poll, "ijcl-compile-watch");
        t.setDaemon(true);
        poller = t;
        t.start();
    }

    private static void poll() {
        for (;;) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
            String op = running;
            if (op == null) continue;
            String[] a;
            try {
                a = NativeBridge.compileActivity();
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                return; // the library is gone (shutdown): nothing more to show
            }
            if (a == null || a[0].isEmpty() || Long.parseLong(a[1]) < SHOW_AFTER_MS) continue;
            String key = op + "\t" + a[0] + "\t" + a[2];
            if (key.equals(shownFor)) continue;
            shownFor = key;
            Progress.status(message(op, a[0]));
        }
    }
}
