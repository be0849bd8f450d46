package net.ijcl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;

import org.junit.Test;

/**
 * The registry text parser, on hand-written records in the format of registry.hpp
 * (Registry::describe), and on the live registry.
 */
public class OpRegistryTest {
    // two operations; the doc of the first holds an escaped tab, newline and backslash
    static final String TEXT = String.join("\n",
            "op\tgaussianBlur2D\tFilter\tProcess > Filters > Gaussian Blur...\t0\tBlurs.\\tTab\\nLine 2 \\\\ end",
            "param\tsource\timage_in\t\t-inf\tinf\t0\t\tinput image",
            "param\tdestination\timage_out\t\t-inf\tinf\t0\t\t",
            "param\tsigma_x\tnumber\t2\t0\t100\t0\t\tsigma in pixels",
            "param\tradius\tnumber\t1\t0\tinf\t1\t\twhole",
            "param\tflag\tboolean\ttrue\t-inf\tinf\t0\t\t",
            "param\tmethod\tstring\tOtsu\t-inf\tinf\t0\tDefault|Otsu|Huang\t",
            "param\tmax\tnumber_out\t\t-inf\tinf\t0\t\tthe maximum",
            "end",
            "op\tstats\tMeasure\t\t1\tTable op.",
            "end",
            "");

    @Test
    public void parsesOperationsParametersAndEscapes() {
        OpRegistry r = OpRegistry.parse(TEXT);
        assertEquals(Arrays.asList("gaussianBlur2D", "stats"), r.names());
        OpDescriptor g = r.find("gaussianBlur2D");
        assertEquals("Filter", g.category);
        assertEquals("Process > Filters > Gaussian Blur...", g.imagej);
        assertFalse(g.producesTable);
        assertEquals("Blurs.\tTab\nLine 2 \\ end", g.doc);
        assertEquals(7, g.params.size());
        ParamDescriptor sigma = g.params.get(2);
        assertEquals("sigma_x", sigma.name);
        assertEquals(ParamDescriptor.Kind.NUMBER, sigma.kind);
        assertEquals("2", sigma.defaultValue);
        assertEquals(0, sigma.min, 0);
        assertEquals(100, sigma.max, 0);
        assertTrue(Double.isInfinite(g.params.get(0).min) && g.params.get(0).min < 0);
        assertTrue(g.params.get(3).integer);
        assertEquals(ParamDescriptor.Kind.BOOLEAN, g.params.get(4).kind);
        assertEquals(Arrays.asList("Default", "Otsu", "Huang"), g.params.get(5).choices);
        assertEquals(ParamDescriptor.Kind.NUMBER_OUT, g.params.get(6).kind);
        assertEquals("Ext.IJCL_gaussianBlur2D(source, destination, sigma_x, radius, flag, method, max)", g.macroSignature());
        assertTrue(r.find("stats").producesTable);
        assertTrue(r.find("stats").params.isEmpty());
        assertNull(r.find("nothing"));
    }

    @Test
    public void helpTextAndSearch() {
        OpRegistry r = OpRegistry.parse(TEXT);
        String help = r.find("gaussianBlur2D").helpText();
        assertTrue(help, help.startsWith("Ext.IJCL_gaussianBlur2D(source, destination, sigma_x, radius, flag, method, max)\n"));
        assertTrue(help, help.contains("sigma_x (number, default 2, 0 to 100): sigma in pixels"));
        assertTrue(help, help.contains("radius (whole number, default 1, at least 0): whole"));
        assertTrue(help, help.contains("method (text, default Otsu, one of Default, Otsu, Huang)"));
        assertTrue(help, help.contains("ImageJ: Process > Filters > Gaussian Blur..."));
        assertEquals(1, r.search("GAUSSIAN").size());
        assertEquals(1, r.search("measure").size()); // category
        assertEquals(2, r.search("").size());
    }

    @Test
    public void malformedTextIsAnError() {
        for (String bad : new String[] {"param\tx\tnumber\t1\t0\t1\t0\t\t\n", "op\ta\tb\t\t0\tdoc\n", "bogus\n",
                "op\ta\tb\t\t0\tdoc\nparam\tx\tweird\t\t0\t1\t0\t\t\nend\n"}) {
            try {
                OpRegistry.parse(bad);
                fail("accepted: " + bad);
            } catch (IjclException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().startsWith("registry"));
            }
        }
    }

    @Test
    public void liveRegistryParsesAndIsSorted() {
        OpRegistry r = OpRegistry.get();
        assertFalse(r.all().isEmpty());
        assertTrue(r.contains("copy") && r.contains("addImages"));
        String previous = "";
        for (String name : r.names()) {
            assertTrue(previous + " before " + name, previous.compareTo(name) < 0);
            previous = name;
        }
    }
}
