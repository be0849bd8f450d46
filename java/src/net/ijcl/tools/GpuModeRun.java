package net.ijcl.tools;

import net.ijcl.gpumode.GpuMode;
import net.ijcl.gpumode.Report;

/**
 * The {@code --gpu} option of {@code ./ijcl run} and {@code ./ijcl batch}: GPU mode on before the
 * macro runs, its report ({@link Report#lines()}) on standard output after. Call only after
 * {@link HeadlessImageJ#patch()} (this class loads ImageJ classes).
 */
final class GpuModeRun {
    private GpuModeRun() {}

    static void begin() {
        HeadlessMacro.init();
        Report.reset();
        GpuMode.enable();
    }

    static void end() {
        for (String line : Report.lines()) System.out.println(line);
        System.out.flush();
    }
}
