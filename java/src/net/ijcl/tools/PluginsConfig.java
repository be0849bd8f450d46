package net.ijcl.tools;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import net.ijcl.OpCommand;
import net.ijcl.OpDescriptor;
import net.ijcl.OpRegistry;

/**
 * Writes the menu commands of every registry operation into a plugins.config, at build time
 * (Maven's process-classes phase runs it on target/classes/plugins.config, after the static lines
 * of java/resources/plugins.config were copied there):
 *
 * <pre>
 * Plugins>ijcl>Filter, "gaussianBlur2D (GPU)", net.ijcl.OpCommand("gaussianBlur2D")
 * </pre>
 *
 * The lines before {@link #MARKER} are kept; everything after it is regenerated, so running it
 * twice gives the same file. Usage: {@code PluginsConfig FILE}.
 */
public final class PluginsConfig {
    /** The line after which the generated commands start. */
    public static final String MARKER = "# Operation commands, generated from the native registry by net.ijcl.tools.PluginsConfig";

    private PluginsConfig() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: PluginsConfig FILE");
            System.exit(2);
        }
        File file = new File(args[0]);
        List<String> kept = new ArrayList<>();
        if (file.isFile()) {
            for (String line : Files.readAllLines(file.toPath(), StandardCharsets.UTF_8)) {
                if (line.equals(MARKER)) break;
                kept.add(line);
            }
        }
        List<String> lines = new ArrayList<>(kept);
        lines.addAll(commandLines(new ArrayList<>(OpRegistry.get().all())));
        net.ijcl.AtomicOutput.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        System.out.println("PluginsConfig: " + (lines.size() - kept.size() - 1) + " operation commands in " + file);
    }

    /** The marker, then one line per operation, sorted by category and name. */
    public static List<String> commandLines(List<OpDescriptor> ops) {
        ops.sort(Comparator.comparing((OpDescriptor o) -> o.category).thenComparing(o -> o.name));
        List<String> lines = new ArrayList<>();
        lines.add(MARKER);
        for (OpDescriptor op : ops) {
            if (!op.name.matches("[A-Za-z0-9_]+") || !op.category.matches("[A-Za-z0-9_ ]+"))
                throw new IllegalStateException("operation '" + op.name + "' (category '" + op.category
                        + "') cannot be a menu command: names must be words");
            lines.add("Plugins>ijcl>" + op.category + ", \"" + OpCommand.label(op.name) + "\", net.ijcl.OpCommand(\""
                    + op.name + "\")");
        }
        return lines;
    }
}
