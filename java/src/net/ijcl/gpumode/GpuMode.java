package net.ijcl.gpumode;

import ij.CommandListener;
import ij.Executer;
import ij.IJ;
import ij.Menus;
import ij.Prefs;

import java.util.Hashtable;

/**
 * GPU mode: recorded ImageJ commands ({@code run("Gaussian Blur...", "sigma=2 stack")}) run on the
 * GPU unchanged, with byte-identical results; commands without a GPU twin run ImageJ's own code.
 *
 * <p><b>Mechanism: the command table.</b> {@link #enable()} replaces, in ImageJ's command table
 * ({@code Menus.getCommands()}, label to class), the entry of every command listed in
 * {@link Twins} by a subclass of ImageJ's own class for that command (e.g. {@code Gaussian
 * Blur...}: {@code ij.plugin.filter.GaussianBlur} becomes {@link GaussianBlurTwin}). The subclass
 * overrides only the numeric method the command's {@code run} calls ({@code blurGaussian},
 * {@code rank}, ...), so ImageJ's own code still parses the options (old keys included), reads
 * {@code stack}, the ROI and {@code scaled}, takes the undo snapshot, restores pixels outside a
 * non-rectangular ROI, and the Recorder writes the original command name. Every route into a
 * command goes through the table: a macro's {@code run()}, {@code IJ.run} from Java, the menus,
 * Repeat Command, headless (ij1-patcher) and in the GUI. An entry is replaced only while it still
 * holds ImageJ's own class (another plugin that took a command keeps it).
 *
 * <p>A {@link CommandListener} (registered once) sees every command before it runs: it re-applies
 * the table entries (Help>Refresh Menus and Fiji's menu merge rebuild the table), restores
 * ImageJ's entries while the mode is off, and counts the call for the report. It never renames a
 * command (a renamed command would be recorded under the new name).
 *
 * <p><b>Not reachable this way:</b> the macro built-ins that are not commands. {@code
 * imageCalculator("Add create", a, b)} is {@code ij.macro.Functions.imageCalculator()}, which
 * calls {@code new ij.plugin.ImageCalculator().calculate(...)} directly: no command table, no
 * listener, no Executer sees it, so only rewriting ImageJ's bytecode before it loads could reach
 * it. {@code run("Image Calculator...", ...)} (the command) is covered. Likewise {@code
 * setAutoThreshold()} and direct Java calls ({@code ip.blurGaussian(2)}) stay on the CPU.
 *
 * <p><b>Switches:</b> {@code ./ijcl run --gpu} and {@code ./ijcl batch --gpu}; {@code
 * run("IJCL GPU Mode", "enable")} / {@code "disable"} / {@code "report"} in a macro; the menu
 * toggle <i>Plugins > ijcl > GPU Mode</i>, remembered in ImageJ's preferences ({@link #PREFERENCE}).
 */
public final class GpuMode {
    private GpuMode() {}

    /** ImageJ preference (IJ_Prefs.txt) set by the menu toggle: GPU mode on at start-up. */
    public static final String PREFERENCE = "ijcl.gpumode";

    private static volatile boolean enabled;
    private static boolean listenerAdded;

    /** True while GPU mode is on. */
    public static boolean isEnabled() {
        return enabled;
    }

    /** Turns GPU mode on: installs the twins into the command table (idempotent). */
    public static synchronized void enable() {
        addListener();
        enabled = true;
        applyTable(true);
    }

    /** Turns GPU mode off: ImageJ's own classes back in the table; releases the device copies. */
    public static synchronized void disable() {
        enabled = false;
        applyTable(false);
        DeviceCache.clear();
    }

    /** Turns GPU mode on if the menu toggle left it on in ImageJ's preferences. */
    public static void enableIfPreferred() {
        if (Prefs.get(PREFERENCE, false)) enable();
    }

    /** The menu toggle: flips the mode and remembers it in ImageJ's preferences. */
    public static synchronized boolean toggle() {
        if (enabled) disable();
        else enable();
        Prefs.set(PREFERENCE, enabled);
        return enabled;
    }

    private static void addListener() {
        if (listenerAdded) return;
        Executer.addCommandListener(LISTENER);
        listenerAdded = true;
    }

    /** Puts the twins (on) or ImageJ's classes (off) into the command table, where ImageJ's are. */
    static void applyTable(boolean on) {
        Hashtable<String, String> commands = Menus.getCommands();
        if (commands == null) return;
        for (Twins.Twin t : Twins.ALL) {
            String current = commands.get(t.command);
            if (current == null) continue;
            String wanted = on ? t.twinClass : t.imagejClass;
            String other = on ? t.imagejClass : t.twinClass;
            if (current.equals(other)) commands.put(t.command, wanted);
            else if (!current.equals(wanted) && on && !warned(t.command))
                IJ.log("ijcl GPU mode: '" + t.command + "' belongs to " + current + " here, not to ImageJ's "
                        + t.imagejClass + ": left on the CPU");
        }
    }

    private static final java.util.Set<String> WARNED = java.util.Collections.synchronizedSet(new java.util.HashSet<>());

    private static boolean warned(String command) {
        return !WARNED.add(command);
    }

    private static final CommandListener LISTENER = command -> {
        if (command == null) return null;
        applyTable(enabled);
        if (enabled) Report.begin(command);
        return command;
    };
}
