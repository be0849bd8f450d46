package net.ijcl.tools;

import ij.ImageJ;
import ij.Menus;
import ij.macro.Interpreter;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Enumeration;

/**
 * Runs a macro in a real ImageJ 1.x with a display (not headless, not patched: its ROI Manager is
 * ImageJ's window), the way a batch-mode macro runs in the GUI: an ImageJ instance (not shown),
 * the ijcl commands of the class path's plugins.config added, the macro in batch mode. The oracle
 * of {@link HeadlessRoiManagerTest}, run under {@code xvfb-run}. Exit status 0 when the macro ran
 * to its end, 1 on a macro error.
 *
 * <p>Usage: {@code GuiMacro MACRO.ijm ARGUMENT}.
 */
public final class GuiMacro {
    private GuiMacro() {}

    public static void main(String[] args) {
        int status = 1;
        try {
            if (GraphicsEnvironment.isHeadless()) throw new IllegalStateException("no display: AWT is headless");
            new ImageJ(ImageJ.NO_SHOW);
            Enumeration<URL> configs = GuiMacro.class.getClassLoader().getResources("plugins.config");
            while (configs.hasMoreElements()) HeadlessMacro.addCommands(configs.nextElement(), Menus.getCommands());
            String macro = new String(Files.readAllBytes(new File(args[0]).toPath()), StandardCharsets.UTF_8);
            Interpreter.batchMode = true;
            Interpreter interp = new Interpreter();
            try {
                interp.run(macro, args.length > 1 ? args[1] : "");
            } catch (RuntimeException e) {
                System.err.println("GuiMacro: " + e);
            }
            if (interp.wasError()) System.err.println("GuiMacro: macro error: " + interp.getErrorMessage());
            else status = 0;
        } catch (Throwable t) {
            t.printStackTrace();
        }
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }
}
