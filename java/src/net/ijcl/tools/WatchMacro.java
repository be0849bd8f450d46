package net.ijcl.tools;

import java.io.File;
import java.util.Arrays;

/**
 * {@code ./ijcl watch}: runs a macro on every frame that appears in a folder, in one warm headless
 * session, exactly once per frame, until told to stop ({@link FolderWatch} says how):
 *
 * <pre>
 * WatchMacro [--gpu] [--pattern GLOB] [--stop-after N | --idle SECONDS] [--quiet] [--pages N]
 *            [--stable SECONDS] [--give-up SECONDS] [--poll SECONDS] [--renamed] [--warmup IMAGE]
 *            MACRO.ijm IN_DIR OUT_DIR
 * </pre>
 *
 * <p>Exit status: 0 stopped as asked (or by a signal: 128 + its number) with no failed frame in
 * this run; 1 some frame of this run got an error row; 2 bad command line or folders; 3 the watch
 * itself failed (e.g. OUT_DIR's state disagrees with results.csv).
 */
public final class WatchMacro {
    private WatchMacro() {}

    static final String USAGE = "usage: ./ijcl watch [--gpu] [--pattern GLOB] [--stop-after N | --idle SECONDS] [--quiet]"
            + " [--pages N] [--stable SECONDS] [--give-up SECONDS] [--poll SECONDS] [--renamed] [--warmup IMAGE]"
            + " MACRO.ijm IN_DIR OUT_DIR";

    public static void main(String[] args) {
        ToolMain.main("WatchMacro", args, true, WatchMacro::run);
    }

    static int run(String[] args) throws Exception {
        HeadlessImageJ.patch(); // before any ij.* class is loaded (FolderWatch refers to them)
        FolderWatch.Options o = new FolderWatch.Options();
        boolean gpu = false;
        int a = 0;
        try {
            for (; a < args.length && args[a].startsWith("--"); a++) {
                String arg = args[a];
                boolean hasValue = a + 1 < args.length;
                switch (arg) {
                    case "--gpu": gpu = true; break;
                    case "--quiet": o.quiet = true; break;
                    case "--renamed": o.renamed = true; break;
                    case "--pattern": if (!hasValue) return usage(arg); o.pattern = args[++a]; break;
                    case "--stop-after": if (!hasValue) return usage(arg); o.stopAfter = Integer.parseInt(args[++a]); break;
                    case "--idle": if (!hasValue) return usage(arg); o.idleSeconds = Double.parseDouble(args[++a]); break;
                    case "--pages": if (!hasValue) return usage(arg); o.pagesPerFrame = Integer.parseInt(args[++a]); break;
                    case "--stable": if (!hasValue) return usage(arg); o.stableSeconds = Double.parseDouble(args[++a]); break;
                    case "--give-up": if (!hasValue) return usage(arg); o.giveUpSeconds = Double.parseDouble(args[++a]); break;
                    case "--poll": if (!hasValue) return usage(arg); o.pollSeconds = Double.parseDouble(args[++a]); break;
                    case "--warmup": if (!hasValue) return usage(arg); o.warmup = new File(args[++a]); break;
                    default: return usage(arg);
                }
            }
        } catch (NumberFormatException e) {
            System.err.println("WatchMacro: not a number: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        args = Arrays.copyOfRange(args, a, args.length);
        if (args.length != 3) {
            System.err.println(USAGE);
            return 2;
        }
        if (o.stopAfter > 0 && o.idleSeconds > 0) {
            System.err.println("WatchMacro: --stop-after and --idle exclude each other\n" + USAGE);
            return 2;
        }
        o.macroFile = new File(args[0]);
        o.in = new File(args[1]).getCanonicalFile();
        o.out = new File(args[2]).getCanonicalFile();
        String problem = FolderWatch.problem(o);
        if (problem != null) {
            System.err.println("WatchMacro: " + problem);
            return 2;
        }
        FolderWatch watch = new FolderWatch(o);
        if (!gpu) return watch.run();
        GpuModeRun.begin();
        try {
            return watch.run();
        } finally {
            GpuModeRun.end();
        }
    }

    private static int usage(String arg) {
        System.err.println("WatchMacro: bad or incomplete option " + arg + "\n" + USAGE);
        return 2;
    }
}
