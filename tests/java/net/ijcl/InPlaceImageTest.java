package net.ijcl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

import java.util.List;

import org.junit.After;
import org.junit.Test;

/**
 * Images written in place (ParamDescriptor.Kind.IMAGE_INOUT: CLIJ2's plain "Image source" of set,
 * setRampX, setImageBorders, ...): the registry says so, the Java layer passes them as plain image
 * names, a refused call leaves them unchanged, and the menu command writes the result back into the
 * image it ran on. Oracles: values worked out by hand from the operations' definitions.
 */
public class InPlaceImageTest {

    @After
    public void releaseAll() {
        Ijcl.clear();
    }

    private static ImagePlus bytes(int w, int h, int d, int value) {
        ImageStack s = new ImageStack(w, h);
        for (int z = 0; z < d; z++) {
            ByteProcessor ip = new ByteProcessor(w, h);
            ip.setValue(value);
            ip.fill();
            s.addSlice(ip);
        }
        return new ImagePlus("in place", s);
    }

    @Test
    public void registryMarksTheImageAsWrittenInPlace() {
        OpDescriptor op = OpRegistry.get().find("setRampX");
        assertEquals(ParamDescriptor.Kind.IMAGE_INOUT, op.params.get(0).kind);
        assertTrue(op.params.get(0).isImage() && op.params.get(0).isExistingImage() && !op.params.get(0).isOutput());
        assertEquals("Image source", op.clij2.text);
        assertEquals(ParamDescriptor.Kind.IMAGE_INOUT, OpRegistry.get().find("setImageBorders").params.get(0).kind);
    }

    @Test
    public void macroCallWritesTheNamedImage() {
        Ijcl.push(bytes(7, 5, 3, 9), "img");
        Ijcl.execute("setImageBorders", new Object[] {"img", 200.0});
        ImagePlus out = Ijcl.pull("img");
        for (int z = 0; z < 3; z++)
            for (int y = 0; y < 5; y++)
                for (int x = 0; x < 7; x++) {
                    boolean border = x == 0 || x == 6 || y == 0 || y == 4 || z == 0 || z == 2;
                    assertEquals(x + "," + y + "," + z, border ? 200 : 9, out.getStack().getProcessor(z + 1).get(x, y));
                }
        // a 2D image: only its first and last columns and rows (CLIJ2's 2D kernel)
        Ijcl.push(bytes(4, 3, 1, 1), "plane");
        Ijcl.execute("setImageBorders", new Object[] {"plane", 5.0});
        ImagePlus p = Ijcl.pull("plane");
        assertEquals(1, p.getProcessor().get(1, 1));
        assertEquals(1, p.getProcessor().get(2, 1));
        assertEquals(5, p.getProcessor().get(0, 1));
    }

    @Test
    public void refusedCallLeavesTheImageUnchanged() {
        FloatProcessor fp = new FloatProcessor(5, 3);
        for (int i = 0; i < 15; i++) fp.setf(i, i * 0.5f);
        Ijcl.push(new ImagePlus("f", fp), "f");
        try {
            Ijcl.execute("setRandom", new Object[] {"f", 0.0, 1e39, 1.0});
            fail("a bound beyond float's range is refused");
        } catch (IjclException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("maximumValue"));
        }
        float[] after = (float[]) Ijcl.pull("f").getProcessor().getPixels();
        for (int i = 0; i < 15; i++) assertEquals(i * 0.5f, after[i], 0f);
        try {
            Ijcl.execute("set", new Object[] {"no such image", 1.0});
            fail("an image written in place must exist");
        } catch (IjclException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("source"));
        }
        assertTrue(!Ijcl.exists("no such image"));
    }

    @Test
    public void menuCommandChangesTheImageItRunsOn() {
        ImagePlus imp = bytes(6, 4, 2, 0);
        List<ImagePlus> results = OpCommand.execute(OpRegistry.get().find("setRampX"), imp, new Object[1]);
        assertEquals("no new image: the command's image is written", 0, results.size());
        for (int z = 1; z <= 2; z++)
            for (int y = 0; y < 4; y++)
                for (int x = 0; x < 6; x++) assertEquals(x, imp.getStack().getProcessor(z).get(x, y));
        assertTrue("marked as changed", imp.changes);
        OpCommand.execute(OpRegistry.get().find("setPlane"), imp, new Object[] {null, 1.0, 77.0});
        assertEquals(3, imp.getStack().getProcessor(1).get(3, 2));
        assertEquals(77, imp.getStack().getProcessor(2).get(3, 2));
    }
}
