package net.ijcl.tools;

import net.ijcl.Stop;

/**
 * The {@code main} of the command-line tools (RunMacro, BatchMacro, FuzzMacros): runs the tool's
 * body, reports anything it throws as status 3 (with the tool's name and the stack trace), flushes
 * standard output and error, and ends the JVM with the status.
 */
final class ToolMain {
    private ToolMain() {}

    /** A tool's body: returns the exit status. */
    interface Body {
        int run(String[] args) throws Exception;
    }

    /**
     * Runs {@code body} and exits. With {@code waitsForStop} the run is registered with
     * {@link Stop#beginRun()} (a SIGTERM waits for the next operation boundary and the report) and
     * the JVM ends through {@link Stop#exit} (after a signal: 128 + its number); without it, through
     * {@code System.exit}.
     */
    static void main(String tool, String[] args, boolean waitsForStop, Body body) {
        Stop.Run stopWaits = waitsForStop ? Stop.beginRun() : null;
        int status;
        try {
            status = body.run(args);
        } catch (Throwable t) {
            System.err.println(tool + ": " + t);
            t.printStackTrace();
            status = 3;
        }
        System.out.flush();
        System.err.flush();
        if (stopWaits == null) {
            System.exit(status);
        } else {
            stopWaits.close();
            Stop.exit(status);
        }
    }
}
