package net.ijcl.tools;


/**
 * Runs an ImageJ 1.x macro without a display, with ijcl available:
 *
 * <pre>
 * java -Djava.awt.headless=true --add-opens=java.base/java.lang=ALL-UNNAMED \
 *      -cp "$(cat target/classpath.txt):target/ijcl_-0.1.0.jar" net.ijcl.tools.RunMacro MACRO.ijm [ARGUMENT]
 * </pre>
 *
 * The macro's {@code print} output goes to standard output; errors (syntax, runtime, an Ext
 * function failing, an ImageJ command failing) are printed to standard error with the line
 * number, and the exit status is 1. 0 means the macro ran to its end (or called {@code exit}).
 * 2: bad command line; 3: the runner itself failed. With {@code --gpu} first, the macro runs in
 * GPU mode (net.ijcl.gpumode.GpuMode) and the run ends with GPU mode's report on standard output. It always ends with {@code System.exit}, so
 * no leftover thread keeps the JVM alive.
 *
 * <p><b>Stopping.</b> SIGTERM (e.g. SLURM at the job's time limit) or Ctrl-C ends the macro at its
 * next ijcl operation boundary (the operation running completes; see net.ijcl.Stop): a line on
 * standard error says it was stopped, and the JVM exits with 128 + the signal number (SIGTERM:
 * 143, SIGINT: 130), without a crash.
 *
 * <p><b>Headless mechanism.</b> Plain ImageJ 1.x cannot run macros without a display: the
 * commands' option parsing goes through {@code ij.gui.GenericDialog}, an AWT {@code Dialog}, and
 * AWT throws {@code HeadlessException} when one is created without a display; {@code ij.Menus}
 * builds AWT menus likewise. This runner uses the mechanism Fiji's {@code --headless} mode uses:
 * ij1-patcher (net.imagej:ij1-patcher 2.0.0). {@link HeadlessImageJ#patch()} calls
 * {@code LegacyInjector.preinit()} with {@code java.awt.headless=true} before any ImageJ class is
 * loaded; it rewrites ImageJ's classes with javassist as they are defined: {@code GenericDialog}
 * no longer extends {@code java.awt.Dialog} (it becomes a {@code HeadlessGenericDialog} that takes
 * its values from the macro options and never shows anything), {@code Menus} skips its AWT menu
 * objects, and so on (ij1-patcher's LegacyHeadless). In the same pass ijcl makes the ROI Manager
 * window-less ({@link HeadlessRoiManager}: Analyze Particles' add and roiManager(...) work) and
 * keeps measurement rows in the Results table ({@link HeadlessResults}). That javassist defines classes through
 * {@code ClassLoader.defineClass} is why Java 17 needs {@code --add-opens=java.base/java.lang}.
 * No Xvfb or other display is used.
 *
 * <p>The macro runs in the main thread, in batch mode (as Fiji's headless macros do: images are
 * kept without windows), via {@code ij.macro.Interpreter}. The {@code plugins.config} files on the
 * class path (this jar's included) are added to ImageJ's command table, so
 * {@code run("IJCL Macro Extensions", "device=[]")} works although the jar is not in a plugins
 * folder. See {@link HeadlessMacro} for how errors are caught.
 */
public final class RunMacro {
    private RunMacro() {}

    public static void main(String[] args) {
        ToolMain.main("RunMacro", args, true, RunMacro::run); // a SIGTERM waits for the macro's next operation boundary
    }

    /** Runs the macro file; returns the exit status (0 success, 1 macro error, 2 usage). */
    static int run(String[] args) throws Exception {
        boolean gpu = args.length > 0 && args[0].equals("--gpu");
        if (gpu) args = java.util.Arrays.copyOfRange(args, 1, args.length);
        if (args.length < 1 || args.length > 2 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.println("usage: RunMacro [--gpu] MACRO.ijm [ARGUMENT]");
            return 2;
        }
        java.io.File file = new java.io.File(args[0]);
        if (!file.isFile()) {
            System.err.println("RunMacro: no such macro file: " + file);
            return 2;
        }
        HeadlessImageJ.patch(); // before any ij.* class is loaded
        if (!gpu) return HeadlessMacro.runFile(file, args.length > 1 ? args[1] : "");
        GpuModeRun.begin();
        try {
            return HeadlessMacro.runFile(file, args.length > 1 ? args[1] : "");
        } finally {
            GpuModeRun.end();
        }
    }
}
