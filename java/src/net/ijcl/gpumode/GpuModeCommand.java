package net.ijcl.gpumode;

import ij.IJ;
import ij.Macro;
import ij.plugin.PlugIn;

/**
 * The commands that switch GPU mode (see {@link GpuMode}):
 * <ul>
 * <li>{@code run("IJCL GPU Mode", "enable")}, {@code "disable"}: on or off for this ImageJ session
 * (the preference is not changed); {@code "report"}: prints the report of {@link Report#lines()}
 * to the Log (standard output when headless); {@code "reset"}: starts a new report;
 * {@code "startup"}: on if the menu toggle left it on (for a start-up macro).</li>
 * <li><i>Plugins > ijcl > GPU Mode</i> (argument {@code toggle}): flips the mode and remembers the
 * choice in ImageJ's preferences.</li>
 * </ul>
 * An unknown word stops the macro with an error naming it.
 */
public class GpuModeCommand implements PlugIn {
    @Override
    public void run(String arg) {
        if ("toggle".equals(arg)) {
            boolean on = GpuMode.toggle();
            IJ.showStatus("ijcl GPU mode " + (on ? "on" : "off"));
            IJ.log("ijcl GPU mode " + (on ? "on" : "off") + " (remembered in ImageJ's preferences)");
            return;
        }
        String options = Macro.getOptions();
        String words = options == null ? "" : options.trim();
        if (words.isEmpty()) words = "report";
        for (String w : words.split("\\s+")) {
            switch (w) {
                case "enable": GpuMode.enable(); break;
                case "disable": GpuMode.disable(); break;
                case "report": for (String line : Report.lines()) IJ.log(line); break;
                case "reset": Report.reset(); break;
                case "startup": GpuMode.enableIfPreferred(); break;
                default:
                    IJ.error("IJCL GPU Mode", "unknown option '" + w + "' (use enable, disable, report, reset or startup)");
                    Macro.abort();
                    return;
            }
        }
    }
}
