package net.ijcl.tools;

/**
 * Runs the fuzzed macro calls of {@code net.ijcl.MacroFuzzer} headless ({@code ./ijcl bench --fuzz N}):
 *
 * <pre>
 * java -Djava.awt.headless=true --add-opens=java.base/java.lang=ALL-UNNAMED \
 *      -cp "$(cat target/classpath.txt):target/ijcl_-0.1.0.jar" net.ijcl.tools.FuzzMacros \
 *      [--calls N] [--seed S] [--case I] [--timeout SECONDS] [--verbose]
 * </pre>
 *
 * Prints the number of calls per outcome class and every failure with the macro that reproduces
 * it; {@code --seed S --case I} runs one case again (its macro is printed with --verbose). Exit
 * status 0 when no call failed, 1 otherwise, 2 for a bad command line.
 */
public final class FuzzMacros {
    private FuzzMacros() {}

    public static void main(String[] args) {
        ToolMain.main("FuzzMacros", args, false, FuzzMacros::run);
    }

    static int run(String[] args) {
        long seed = 1;
        int calls = 10000, onlyCase = -1;
        long timeout = 120;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            try {
                switch (a) {
                    case "--calls": calls = Integer.parseInt(args[++i]); break;
                    case "--seed": seed = Long.parseLong(args[++i]); break;
                    case "--case": onlyCase = Integer.parseInt(args[++i]); break;
                    case "--timeout": timeout = Long.parseLong(args[++i]); break;
                    case "--verbose": verbose = true; break;
                    default:
                        System.err.println("usage: FuzzMacros [--calls N] [--seed S] [--case I] [--timeout SECONDS] [--verbose]");
                        return 2;
                }
            } catch (RuntimeException e) {
                System.err.println("FuzzMacros: bad value for " + a);
                return 2;
            }
        }
        HeadlessImageJ.patch(); // before any ij.* class is loaded
        return Runner.run(seed, calls, onlyCase, timeout, verbose);
    }

    /** Kept apart so that no ImageJ class is loaded before the patch. */
    static final class Runner {
        static int run(long seed, int calls, int onlyCase, long timeoutSeconds, boolean verbose) {
            net.ijcl.MacroFuzzer.Config config = new net.ijcl.MacroFuzzer.Config();
            config.seed = seed;
            config.calls = calls;
            config.onlyCase = onlyCase;
            config.timeoutMillis = timeoutSeconds * 1000;
            config.verbose = verbose;
            config.keepFailures = Integer.MAX_VALUE;
            System.err.println("[fuzz] device: " + net.ijcl.Ijcl.deviceName() + "; seed " + seed
                    + (onlyCase >= 0 ? ", case " + onlyCase : ", " + calls + " calls"));
            net.ijcl.MacroFuzzer.Report report = net.ijcl.MacroFuzzer.run(config, System.err);
            for (String f : report.failures) System.out.println("FAILURE " + f);
            System.out.print(report.summary());
            return report.failureCount() == 0 ? 0 : 1;
        }
    }
}
