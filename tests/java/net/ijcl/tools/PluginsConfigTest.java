package net.ijcl.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import net.ijcl.OpDescriptor;
import net.ijcl.OpRegistry;

import org.junit.Test;

/**
 * The plugins.config the build generates (target/classes, as bundled in the jar): the static
 * lines of java/resources/plugins.config, then exactly one command per registry operation, and
 * regenerating it gives the same file.
 */
public class PluginsConfigTest {

    @Test
    public void builtConfigHasTheStaticLinesAndOneCommandPerOperation() throws Exception {
        File built = new File(System.getProperty("ijcl.classes.dir", "target/classes"), "plugins.config");
        List<String> lines = Files.readAllLines(built.toPath(), StandardCharsets.UTF_8);
        assertTrue(lines.toString(), lines.contains("Plugins>ijcl, \"IJCL Macro Extensions\", net.ijcl.IJCLMacroExtensions"));
        assertTrue(lines.toString(), lines.contains("Plugins>ijcl, \"IJCL Select Device\", net.ijcl.MenuTools(\"device\")"));
        assertTrue(lines.toString(), lines.contains("Plugins>ijcl, \"IJCL Operations Help\", net.ijcl.MenuTools(\"help\")"));

        int marker = lines.indexOf(PluginsConfig.MARKER);
        assertTrue(lines.toString(), marker > 0);
        List<String> commands = lines.subList(marker + 1, lines.size());
        assertEquals(OpRegistry.get().all().size(), commands.size());
        for (OpDescriptor op : OpRegistry.get().all())
            assertTrue(op.name, commands.contains("Plugins>ijcl>" + op.category + ", \"" + op.name + " (GPU)\", net.ijcl.OpCommand(\""
                    + op.name + "\")"));
        assertTrue(commands.contains("Plugins>ijcl>Filter, \"gaussianBlur2D (GPU)\", net.ijcl.OpCommand(\"gaussianBlur2D\")"));

        // regenerating a copy keeps it as it is
        File copy = File.createTempFile("plugins", ".config");
        Files.write(copy.toPath(), Files.readAllBytes(built.toPath()));
        PluginsConfig.main(new String[] {copy.getPath()});
        assertEquals(new String(Files.readAllBytes(built.toPath()), StandardCharsets.UTF_8),
                new String(Files.readAllBytes(copy.toPath()), StandardCharsets.UTF_8));
        assertTrue(copy.delete());
        assertEquals(new ArrayList<>(commands), PluginsConfig.commandLines(new ArrayList<>(OpRegistry.get().all())).subList(1, commands.size() + 1));
    }
}
