package net.ijcl.gpumode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What GPU mode did: every command run while the mode was on, and whether it ran on the GPU.
 *
 * <p>The command listener opens an {@link Invocation} per command ({@link #begin}); a twin marks it
 * {@link #ranOnGpu()} after its device work, or {@link #fellBack(String)} with the reason it used
 * ImageJ's own code. The invocation is held in an inheritable thread-local, so the worker threads
 * ImageJ's filters start for the slices of a stack report to the command that started them. An
 * invocation counts as GPU when a twin ran on the device and nothing fell back.
 *
 * <p>{@link #lines()}: one line per distinct command, {@code gpu-mode: <command>\t<GPU|CPU>\t<calls>}
 * (CPU when any call used ImageJ's code), then {@code gpu-mode: G of T commands ran on the GPU}.
 * With the environment variable {@code IJCL_GPU_MODE_VERBOSE=1} (or the system property
 * {@code ijcl.gpumode.verbose=true}) every fallback prints its reason to standard error as it happens.
 */
public final class Report {
    private Report() {}

    /** One command run while GPU mode was on. */
    static final class Invocation {
        final String command;
        volatile boolean gpu;
        volatile String cpuReason;

        Invocation(String command) {
            this.command = command;
        }

        boolean onGpu() {
            return gpu && cpuReason == null;
        }
    }

    /** Commands of ijcl itself, left out of the report. */
    private static final java.util.Set<String> OWN = new java.util.HashSet<>(java.util.Arrays.asList("IJCL GPU Mode", "GPU Mode"));

    private static final InheritableThreadLocal<Invocation> CURRENT = new InheritableThreadLocal<>();
    private static final List<Invocation> ALL = new ArrayList<>();

    static void begin(String command) {
        if (OWN.contains(command)) return;
        Invocation inv = new Invocation(command);
        CURRENT.set(inv);
        synchronized (ALL) {
            ALL.add(inv);
        }
    }

    /** The twin of the current command ran (part of) its work on the device. */
    static void ranOnGpu() {
        Invocation inv = CURRENT.get();
        if (inv != null) inv.gpu = true;
    }

    /** The current command (or a part of it) ran ImageJ's own code, for {@code reason}. */
    static void fellBack(String reason) {
        Invocation inv = CURRENT.get();
        if (inv != null && inv.cpuReason == null) inv.cpuReason = reason;
        if (verbose())
            System.err.println("gpu-mode: " + (inv == null ? "?" : inv.command) + " on the CPU: " + reason);
    }

    static boolean verbose() {
        return "1".equals(System.getenv("IJCL_GPU_MODE_VERBOSE")) || Boolean.getBoolean("ijcl.gpumode.verbose");
    }

    /** The report lines (see the class comment). */
    public static List<String> lines() {
        Map<String, int[]> byCommand = new LinkedHashMap<>(); // {calls, calls on the GPU}
        synchronized (ALL) {
            for (Invocation inv : ALL) {
                int[] c = byCommand.computeIfAbsent(inv.command, k -> new int[2]);
                c[0]++;
                if (inv.onGpu()) c[1]++;
            }
        }
        List<String> out = new ArrayList<>();
        int gpu = 0;
        for (Map.Entry<String, int[]> e : byCommand.entrySet()) {
            boolean allGpu = e.getValue()[1] == e.getValue()[0];
            if (allGpu) gpu++;
            out.add("gpu-mode: " + e.getKey() + "\t" + (allGpu ? "GPU" : "CPU") + "\t" + e.getValue()[0]);
        }
        out.add("gpu-mode: " + gpu + " of " + byCommand.size() + " commands ran on the GPU");
        return out;
    }

    /** Why the calls of {@code command} fell back (distinct reasons, first call first); empty if none did. */
    public static List<String> reasons(String command) {
        List<String> out = new ArrayList<>();
        synchronized (ALL) {
            for (Invocation inv : ALL) {
                if (!inv.command.equals(command)) continue;
                String r = inv.cpuReason != null ? inv.cpuReason : inv.gpu ? null : "no GPU twin ran";
                if (r != null && !out.contains(r)) out.add(r);
            }
        }
        return out;
    }

    /** Forgets every call (a new report starts). */
    public static void reset() {
        synchronized (ALL) {
            ALL.clear();
        }
        CURRENT.remove();
    }
}
