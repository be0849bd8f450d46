package net.ijcl;

import ij.IJ;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import ij.text.TextWindow;

import java.awt.GraphicsEnvironment;
import java.util.List;

/**
 * The tools under Plugins > ijcl (plugins.config argument in brackets):
 * <ul>
 *   <li>IJCL Select Device ("device"): a choice of the OpenCL devices; opens it and stores it as
 *       ImageJ's preference {@value Ijcl#DEVICE_PREFERENCE}, the default device of every later
 *       command, macro extension and Java call that names none (also after a restart of ImageJ,
 *       which saves its preferences when it quits). Macro: {@code run("IJCL Select Device",
 *       "device=[part of the name]")}; an empty name means the default device.
 *   <li>IJCL Report Memory ("memory"): the GPU images held and their total, in the Log.
 *   <li>IJCL Clear GPU Memory ("clear"): releases every GPU image.
 *   <li>IJCL Operations Help ("help"): every operation matching a filter (empty: all), with its
 *       menu command, recordable {@code run(...)} line, macro function, parameters and
 *       documentation; in a text window, or in the Log when headless or in batch mode.
 * </ul>
 */
public class MenuTools implements PlugIn {
    static final String DEFAULT_DEVICE = "(default: a GPU, else the CPU)";

    @Override
    public void run(String arg) {
        try {
            switch (arg) {
                case "device": selectDevice(); break;
                case "memory": log(Ijcl.reportMemory()); break;
                case "clear":
                    Ijcl.clear();
                    IJ.log("ijcl: released every GPU image");
                    break;
                case "help": help(); break;
                default: throw new IjclException("unknown tool '" + arg + "'");
            }
        } catch (RuntimeException e) {
            OpCommand.report("IJCL " + arg, e);
        }
    }

    private static void selectDevice() {
        String[] lines = Ijcl.listDevices();
        String[] choices = new String[lines.length + 1];
        choices[0] = DEFAULT_DEVICE;
        String preferred = Ijcl.preferredDevice(), selected = DEFAULT_DEVICE;
        for (int i = 0; i < lines.length; i++) {
            choices[i + 1] = lines[i].split("\t", -1)[0];
            if (!preferred.isEmpty() && choices[i + 1].toLowerCase().contains(preferred.toLowerCase())) selected = choices[i + 1];
        }
        GenericDialog gd = new GenericDialog("IJCL Select Device");
        gd.addChoice("device", choices, selected);
        gd.addMessage("Used by every ijcl command and macro that names no device;\nremembered in ImageJ's preferences.");
        gd.showDialog();
        if (gd.wasCanceled()) return;
        String chosen = gd.getNextChoice();
        String options = Macro.getOptions();
        if (options != null) chosen = Macro.getValue(options, "device", chosen); // any part of a name
        String wanted = DEFAULT_DEVICE.equals(chosen) ? "" : chosen.trim();
        String name = wanted.isEmpty() ? Ijcl.selectDevice("") : IJCLMacroExtensions.useDevice(wanted);
        Ijcl.setPreferredDevice(wanted);
        IJ.log("ijcl: device " + name + (wanted.isEmpty() ? " (default)" : ""));
    }

    private static void help() {
        GenericDialog gd = new GenericDialog("IJCL Operations Help");
        gd.addStringField("filter", "", 20);
        gd.addMessage("Part of an operation's name, category or documentation; empty: all operations.");
        gd.showDialog();
        if (gd.wasCanceled()) return;
        String text = helpText(gd.getNextString());
        if (GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode()) log(text);
        else new TextWindow("ijcl operations", text, 760, 640);
    }

    /** The help text of every operation matching the filter (name, category, documentation). */
    static String helpText(String filter) {
        List<OpDescriptor> ops = OpRegistry.get().search(filter);
        StringBuilder s = new StringBuilder();
        s.append(ops.size()).append(" ijcl operation").append(ops.size() == 1 ? "" : "s");
        if (!filter.trim().isEmpty()) s.append(" matching '").append(filter.trim()).append('\'');
        s.append(". Menu commands run on the current image; the run() line is what the Recorder records.\n\n");
        for (OpDescriptor op : ops) {
            s.append("Plugins > ijcl > ").append(op.category).append(" > ").append(OpCommand.label(op.name)).append('\n');
            s.append("  run(\"").append(OpCommand.label(op.name)).append("\", \"")
                    .append(new OpForm(op).exampleOptions("other image")).append("\");\n");
            s.append("  ").append(op.helpText().replace("\n", "\n  ").trim()).append("\n\n");
        }
        return s.toString();
    }

    private static void log(String text) {
        for (String line : text.split("\n", -1)) IJ.log(line);
    }
}
