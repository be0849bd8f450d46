package net.ijcl;

/**
 * What a running operation is doing that takes long, shown to the user: its first compilation of
 * kernels ("compiling kernels for &lt;operation&gt; (&lt;kernel file&gt;)…", see
 * {@link Progress#status}) once the OpenCL compiler has run for {@value #SHOW_AFTER_MS} ms, and
 * long native work with a count (e.g. tiles: native/include/ijcl/progress.hpp) as a
 * {@link Progress} once the operation has run for {@value #SHOW_AFTER_MS} ms. The native side
 * records both (kernel_cache.hpp compile_activity, progress.hpp progress_now; loads from the disk
 * cache are not compiles); one daemon thread polls them every {@value #POLL_MS} ms while an
 * operation runs, so an operation itself pays two volatile writes.
 */
final class CompileWatch {
    static final long SHOW_AFTER_MS = 500, POLL_MS = 250;
    private static volatile String running;
    private static volatile long startedNanos;
    private static volatile Thread poller;
    private static String shownFor = "";
    private static volatile Progress work;
    private static String workSerial = "";

    private CompileWatch() {}

    /** The message shown while {@code op} compiles {@code file}. */
    static String message(String op, String file) {
        return "compiling kernels for " + op + " (" + file + ")\u2026 (first use on this device; cached afterwards)";
    }

    static void begin(String op) {
        startedNanos = System.nanoTime();
        running = op;
        if (poller == null) start();
    }

    static void end() {
        running = null;
        if (work != null) endWork();
    }

    private static synchronized void endWork() {
        if (work != null) {
            work.close();
            work = null;
        }
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
            String[] a, w;
            try {
                a = NativeBridge.compileActivity();
                w = NativeBridge.workProgress();
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                return; // the library is gone (shutdown): nothing more to show
            }
            if (a != null && !a[0].isEmpty() && Long.parseLong(a[1]) >= SHOW_AFTER_MS) {
                String key = op + "\t" + a[0] + "\t" + a[2];
                if (!key.equals(shownFor)) {
                    shownFor = key;
                    Progress.status(message(op, a[0]));
                }
            }
            if (w != null && (System.nanoTime() - startedNanos) / 1_000_000 >= SHOW_AFTER_MS) showWork(op, w);
        }
    }

    /** Starts, advances or ends the Progress of the operation's native task {task, done, total, serial}. */
    private static synchronized void showWork(String op, String[] w) {
        if (running == null) return; // the operation ended meanwhile
        if (w[0].isEmpty()) {
            endWork();
            return;
        }
        if (work == null || !w[3].equals(workSerial)) {
            endWork();
            work = Progress.start(op + ": " + w[0], Long.parseLong(w[2]), "");
            workSerial = w[3];
        }
        work.advance(Long.parseLong(w[1]) - work.done(), null);
    }
}
