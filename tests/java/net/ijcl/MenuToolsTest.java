package net.ijcl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

/**
 * The help of Plugins > ijcl > IJCL Operations Help covers every registry operation: its menu
 * path, the run() line the Recorder writes (with the dialog's keys and defaults) and its
 * documentation; a filter narrows it to the operations OpRegistry.search finds.
 */
public class MenuToolsTest {

    @Test
    public void helpListsEveryOperationWithMenuPathRunLineAndDocumentation() {
        String help = MenuTools.helpText("");
        assertTrue(help, help.startsWith(OpRegistry.get().all().size() + " ijcl operations."));
        for (OpDescriptor op : OpRegistry.get().all()) {
            String label = op.name + " (GPU)";
            assertTrue(op.name, help.contains("Plugins > ijcl > " + op.category + " > " + label + "\n"));
            assertTrue(op.name, help.contains("run(\"" + label + "\", \"" + new OpForm(op).exampleOptions("other image") + "\");"));
            assertTrue(op.name, help.contains(op.macroSignature()));
            String firstDocLine = op.doc.split("\n")[0];
            assertTrue(op.name, help.contains(firstDocLine));
        }
        // e.g. the gaussian's line, worked out from its registry defaults (sigma 2)
        assertTrue(help, help.contains("run(\"gaussianBlur2D (GPU)\", \"sigma_x=2 sigma_y=2 device=[]\");"));
        assertTrue(help, help.contains("run(\"addImages (GPU)\", \"summand2=[other image] device=[]\");"));
    }

    @Test
    public void filterKeepsTheMatchingOperations() {
        List<OpDescriptor> matching = OpRegistry.get().search("flip");
        assertFalse(matching.isEmpty());
        String help = MenuTools.helpText("flip");
        assertTrue(help, help.startsWith(matching.size() + " ijcl operation"));
        int menuLines = help.split("\nPlugins > ijcl > ", -1).length - 1;
        assertEquals(help, matching.size(), menuLines);
        for (OpDescriptor op : matching) assertTrue(help, help.contains(op.name + " (GPU)"));
        assertFalse(help, help.contains("gaussianBlur2D (GPU)"));
    }
}
