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
 * {@code ijcl.gpumode.verbose=true}) every fallback prints its reason to standard error as it happens
 * (a command without a twin: "no GPU twin"). Memory stays bounded in a long session: the calls
 * beyond the latest few hundred are kept as counts and reasons per command.
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

    /** Invocations kept one by one; older ones are folded into {@link #FOLDED} (commands run one after another). */
    private static final int KEEP = 256;

    private static final InheritableThreadLocal<Invocation> CURRENT = new InheritableThreadLocal<>();
    private static final List<Invocation> RECENT = new ArrayList<>();
    /** Per command, first call first: {calls, calls on the GPU} and the distinct fallback reasons, of folded invocations. */
    private static final Map<String, int[]> FOLDED = new LinkedHashMap<>();
    private static final Map<String, List<String>> FOLDED_REASONS = new LinkedHashMap<>();

    static void begin(String command) {
        if (OWN.contains(command)) return;
        Invocation inv = new Invocation(command);
        CURRENT.set(inv);
        synchronized (RECENT) {
            RECENT.add(inv);
            if (RECENT.size() > 2 * KEEP) { // a long session: keep memory bounded
                List<Invocation> old = RECENT.subList(0, KEEP);
                for (Invocation o : old) fold(o, FOLDED, FOLDED_REASONS);
                old.clear();
            }
        }
        if (!Twins.has(command) && verbose()) System.err.println("gpu-mode: " + command + " on the CPU: no GPU twin");
    }

    private static void fold(Invocation inv, Map<String, int[]> counts, Map<String, List<String>> reasons) {
        int[] c = counts.computeIfAbsent(inv.command, k -> new int[2]);
        c[0]++;
        if (inv.onGpu()) c[1]++;
        String r = inv.cpuReason != null ? inv.cpuReason : inv.gpu ? null : "no GPU twin ran";
        List<String> list = reasons.computeIfAbsent(inv.command, k -> new ArrayList<>());
        if (r != null && !list.contains(r)) list.add(r);
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

    /** Every call so far, per command (first call first): {calls, calls on the GPU}, and the reasons. */
    private static Map<String, int[]> counts(Map<String, List<String>> reasons) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        synchronized (RECENT) {
            for (Map.Entry<String, int[]> e : FOLDED.entrySet()) counts.put(e.getKey(), e.getValue().clone());
            for (Map.Entry<String, List<String>> e : FOLDED_REASONS.entrySet()) reasons.put(e.getKey(), new ArrayList<>(e.getValue()));
            for (Invocation inv : RECENT) fold(inv, counts, reasons);
        }
        return counts;
    }

    /** The report lines (see the class comment). */
    public static List<String> lines() {
        Map<String, int[]> byCommand = counts(new LinkedHashMap<>());
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
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        counts(reasons);
        List<String> r = reasons.get(command);
        return r == null ? new ArrayList<>() : r;
    }

    /** Forgets every call (a new report starts). */
    public static void reset() {
        synchronized (RECENT) {
            RECENT.clear();
            FOLDED.clear();
            FOLDED_REASONS.clear();
        }
        CURRENT.remove();
    }
}
