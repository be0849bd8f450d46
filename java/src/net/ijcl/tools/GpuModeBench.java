package net.ijcl.tools;

/**
 * {@code ./ijcl bench --gpu-mode [--quick] [--reps N] [--out DIR]}: GPU mode off (ImageJ's own
 * code) against on, side by side in one JVM (see {@link GpuModeBenchRun}). This class only patches
 * ImageJ for headless use before any ImageJ class loads.
 */
public final class GpuModeBench {
    private GpuModeBench() {}

    public static void main(String[] args) {
        HeadlessImageJ.patch();
        int status;
        try {
            status = GpuModeBenchRun.run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }
}
