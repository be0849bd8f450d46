package net.ijcl;

import ij.IJ;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stop requests, checked at every operation boundary of the Java layer ({@link Ijcl#push},
 * {@link Ijcl#pull}, {@link Ijcl#execute}, and so every {@code Ext.IJCL_*} function and menu
 * command that uses them): an operation that has started runs to its end; the next one is refused
 * with {@link IjclStopped}, which ends a macro through ImageJ's abort path ({@link MacroAbort}).
 *
 * <p><b>Esc.</b> ImageJ's flag {@code IJ.escapePressed()}: set by the Esc key (and by
 * {@code IJ.setKeyDown(KeyEvent.VK_ESCAPE)}), cleared by ImageJ when the next macro or menu
 * command starts ({@code IJ.resetEscape()} in {@code Interpreter.run} and {@code Executer}); ijcl
 * does not clear it, so a caller looping over files (Process&gt;Batch&gt;Macro) still sees it.
 * It stops ijcl calls made by a macro: inside an {@code Ext.IJCL_*} function, or in an ImageJ
 * macro thread (a {@code run("... (GPU)")} command). Plain Java callers (plugins, scripts) check
 * {@code IJ.escapePressed()} themselves, as ImageJ's own plugins do: a flag left set by an
 * earlier Esc must not make their first call fail.
 *
 * <p><b>JVM shutdown</b> (SIGTERM, e.g. from SLURM at a job's time limit; SIGINT, Ctrl-C;
 * {@code System.exit}, e.g. quitting ImageJ or Fiji). A shutdown hook, registered on first use,
 * marks the stop (every later operation is refused in every thread), then waits, at most
 * {@link #graceMillis()} (system property {@code ijcl.stop.grace.ms}, default 20000), for the
 * operations in flight and for the headless runs ({@link #beginRun}) to reach their boundary and
 * report; then it deletes the temporary files of outputs not yet renamed into place
 * ({@link AtomicOutput}); then the JVM exits with the status the signal gives it (SIGTERM: 143,
 * SIGINT: 130). The native library's own shutdown hook ({@code NativeBridge.shutdown()}) waits for
 * GPU work in flight and refuses later native calls; an {@link IjclException} raised while the JVM
 * shuts down is reported as a stop ({@link #stopping()}).
 */
public final class Stop {
    private static final Object LOCK = new Object();
    private static volatile String shutdownReason;
    private static String signalName;
    private static volatile boolean hookInstalled;
    private static int inFlight;
    private static final Set<Run> RUNS = ConcurrentHashMap.newKeySet();
    private static final Set<File> TEMPORARIES = ConcurrentHashMap.newKeySet();
    private static final ThreadLocal<String> LAST_STOP = new ThreadLocal<>();

    private Stop() {}

    // --- the boundary check --------------------------------------------------------------------

    /**
     * Called before an operation starts: throws {@link IjclStopped} when a stop applies to the
     * calling thread, else counts the operation as in flight until {@link #end()}. Use as
     * {@code Stop.begin(op); try { ... } finally { Stop.end(); }}.
     */
    static void begin(String operation) {
        installShutdownHook();
        String reason = reason();
        if (reason == null) {
            synchronized (LOCK) {
                reason = shutdownReason; // checked again under the lock the hook waits on
                if (reason == null) {
                    inFlight++;
                    return;
                }
            }
        }
        LAST_STOP.set(reason);
        throw new IjclStopped("stopped before '" + operation + "': " + reason);
    }

    /**
     * The reason of the last stop ijcl raised in the calling thread since the last call, or null;
     * clears it. Runners call it before and after a macro to tell a stop from an error.
     */
    public static String takeStopOfThisThread() {
        String r = LAST_STOP.get();
        LAST_STOP.remove();
        return r;
    }

    static void end() {
        synchronized (LOCK) {
            inFlight--;
            LOCK.notifyAll();
        }
    }

    /** Why work must stop now in the calling thread, or null. */
    public static String reason() {
        String shutdown = shutdownReason;
        if (shutdown != null) return shutdown;
        if (IJ.escapePressed() && escapeApplies()) return "Esc was pressed";
        return null;
    }

    /**
     * Whether the JVM is stopping: the hook ran, or the JVM's shutdown has begun although this
     * hook has not started yet (hooks start in no fixed order). For classifying a failure: an
     * error raised while the JVM shuts down is a consequence of the stop.
     */
    public static boolean stopping() {
        if (shutdownReason != null) return true;
        try {
            Thread probe = new Thread(() -> { });
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true; // "Shutdown in progress"
        }
    }

    /**
     * The shutdown stop's reason, or null when the JVM is not shutting down. Also right before
     * this class's hook has run: hooks start in no fixed order, and the native library's hook may
     * refuse a call first; the reason then comes from the signal already recorded.
     */
    public static String shutdownReason() {
        String reason = shutdownReason;
        if (reason != null || !stopping()) return reason;
        return reasonNow();
    }

    /** "the JVM is shutting down (SIGTERM)" from the signal recorded, if any. */
    private static String reasonNow() {
        String signal;
        synchronized (LOCK) {
            signal = signalName;
        }
        return "the JVM is shutting down (" + (signal != null ? signal : "SIGTERM, Ctrl-C, System.exit or quitting ImageJ") + ")";
    }

    /** Whether Esc stops ijcl calls of the calling thread: a macro is making them. */
    private static boolean escapeApplies() {
        return MacroAbort.inExtensionCall() || Thread.currentThread().getName().endsWith("Macro$");
    }

    // --- headless runs ------------------------------------------------------------------------------

    /**
     * A headless run (RunMacro, BatchMacro) the shutdown hook waits for, so that it can end at an
     * operation boundary and say what was done before the JVM exits. {@link #close} when done
     * (also after reporting a stop).
     */
    public static final class Run implements AutoCloseable {
        private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

        private Run() {}

        @Override
        public void close() {
            RUNS.remove(this);
            done.countDown();
        }
    }

    /** Registers a headless run; see {@link Run}. Also installs the signal names and the hook. */
    public static Run beginRun() {
        installShutdownHook();
        recordSignals();
        Run run = new Run();
        RUNS.add(run);
        return run;
    }

    /**
     * Ends the JVM with {@code System.exit(status)}; during a shutdown (a signal) instead waits for
     * it, so the JVM's exit status stays the signal's (128 + its number): a nonzero System.exit
     * that comes after the hooks finished halts at once with its own status, racing the signal's.
     */
    public static void exit(int status) {
        if (stopping()) {
            Object never = new Object();
            synchronized (never) {
                while (true) {
                    try {
                        never.wait(); // the JVM halts when the shutdown hooks are done
                    } catch (InterruptedException e) {
                        // keep waiting
                    }
                }
            }
        }
        System.exit(status);
    }

    // --- temporary files ------------------------------------------------------------------------

    static void addTemporary(File file) {
        installShutdownHook();
        TEMPORARIES.add(file);
    }

    static void removeTemporary(File file) {
        TEMPORARIES.remove(file);
    }

    // --- the hook ------------------------------------------------------------------------------------

    /** Milliseconds the hook waits for work in flight ({@code ijcl.stop.grace.ms}, default 20000). */
    public static long graceMillis() {
        try {
            return Math.max(0, Long.parseLong(System.getProperty("ijcl.stop.grace.ms", "20000").trim()));
        } catch (NumberFormatException e) {
            return 20000;
        }
    }

    /** Registers the shutdown hook once (first ijcl operation or headless run). */
    public static void installShutdownHook() {
        if (hookInstalled) return;
        synchronized (LOCK) {
            if (hookInstalled) return;
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(Stop::onShutdown, "ijcl-stop"));
            } catch (IllegalStateException e) {
                return; // already shutting down: nothing to wait for from here on
            }
            hookInstalled = true;
        }
    }

    private static void onShutdown() {
        String reason = reasonNow();
        synchronized (LOCK) {
            shutdownReason = reason;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis());
        boolean inTime = true;
        try {
            synchronized (LOCK) {
                while (inFlight > 0 && inTime) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) inTime = false;
                    else LOCK.wait(left);
                }
            }
            for (Run run : RUNS.toArray(new Run[0])) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !run.done.await(left, TimeUnit.NANOSECONDS)) {
                    inTime = false;
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!inTime) {
            System.err.println("ijcl: the JVM exits although ijcl work has not reached an operation boundary: the grace "
                    + "period of " + graceMillis() + " ms (ijcl.stop.grace.ms) ran out");
            if (Boolean.getBoolean("ijcl.stop.debug")) {
                for (java.util.Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                    System.err.println("  thread " + e.getKey().getName());
                    for (StackTraceElement frame : e.getValue()) System.err.println("    at " + frame);
                }
            }
            System.err.flush();
        }
        for (File f : TEMPORARIES.toArray(new File[0])) {
            if (f.delete() || !f.exists()) TEMPORARIES.remove(f);
        }
    }

    /**
     * Remembers which signal started the shutdown, for the reason text: wraps the JVM's own
     * handlers of TERM, INT and HUP (which start the shutdown with status 128 + signal number)
     * without changing what they do. Through reflection (sun.misc.Signal is outside the Java 8 API
     * this is compiled against); silently nothing where it is unavailable, the signal is ignored
     * (nohup, a background job's SIGINT) or the JVM runs with -Xrs.
     */
    private static void recordSignals() {
        for (String name : new String[] {"TERM", "INT", "HUP"}) {
            try {
                Class<?> signalClass = Class.forName("sun.misc.Signal");
                Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
                Object dfl = handlerClass.getField("SIG_DFL").get(null), ign = handlerClass.getField("SIG_IGN").get(null);
                Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
                Method handlerHandle = handlerClass.getMethod("handle", signalClass);
                Method number = signalClass.getMethod("getNumber");
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                AtomicReference<Object> previous = new AtomicReference<>();
                Object recorder = Proxy.newProxyInstance(Stop.class.getClassLoader(), new Class<?>[] {handlerClass},
                        (proxy, method, args) -> {
                            switch (method.getName()) {
                                case "handle": break;
                                case "hashCode": return System.identityHashCode(proxy);
                                case "equals": return proxy == args[0];
                                default: return "ijcl signal recorder";
                            }
                            synchronized (LOCK) {
                                if (signalName == null) signalName = "SIG" + name;
                            }
                            Object p = previous.get();
                            if (p != null && p != dfl && p != ign) handlerHandle.invoke(p, args[0]);
                            else System.exit(128 + (Integer) number.invoke(args[0])); // what the JVM's own handler does
                            return null;
                        });
                Object old = handle.invoke(null, signal, recorder);
                previous.set(old);
                if (old == ign) handle.invoke(null, signal, ign); // keep ignoring it
            } catch (Throwable t) {
                // no sun.misc.Signal, or the signal is reserved: the reason then names no signal
            }
        }
    }
}
