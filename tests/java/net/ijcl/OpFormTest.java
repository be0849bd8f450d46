package net.ijcl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.ImagePlus;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.macro.Interpreter;
import ij.process.ByteProcessor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The menu commands' macro keys: for every registry operation, a run() options string naming every
 * dialog parameter (non-default values, in reverse order, values with spaces bracketed) reads back
 * exactly those values through the command's dialog (the headless GenericDialog of ij1-patcher in
 * this JVM) and through ImageJ's own key lookup {@code Macro.getValue} (what the interactive
 * dialog uses in a macro). Oracle: the values the test wrote into the options.
 */
public class OpFormTest {
    private static ImagePlus first, second;

    @BeforeClass
    public static void openImages() {
        Interpreter.batchMode = true; // images without windows, as in a headless macro
        first = new ImagePlus("first image.tif", new ByteProcessor(4, 3));
        second = new ImagePlus("second image", new ByteProcessor(4, 3));
        first.show();
        second.show();
    }

    @AfterClass
    public static void closeImages() {
        first.close();
        second.close();
    }

    @Test
    public void everyOperationsParametersRoundTripThroughMacroOptions() {
        assertFalse(OpRegistry.get().all().isEmpty());
        for (OpDescriptor op : OpRegistry.get().all()) {
            OpForm form = new OpForm(op);
            List<String> pairs = new ArrayList<>();
            Object[] expected = new Object[op.params.size()];
            for (Map.Entry<ParamDescriptor, String> e : form.keys.entrySet()) {
                ParamDescriptor p = e.getKey();
                int i = op.params.indexOf(p);
                Object value = nonDefault(p);
                expected[i] = value;
                if (value instanceof Boolean) {
                    if ((Boolean) value) pairs.add(e.getValue());
                } else {
                    String text = value instanceof ImagePlus ? ((ImagePlus) value).getTitle() : String.valueOf(value);
                    pairs.add(e.getValue() + "=" + OpForm.bracket(text));
                }
            }
            pairs.add("device=[some device]");
            Collections.reverse(pairs);
            String options = String.join(" ", pairs);

            OpForm.Values values = readDialog(form, options);
            assertEquals(op.name + ": device", "some device", values.device);
            for (Map.Entry<ParamDescriptor, String> e : form.keys.entrySet()) {
                int i = op.params.indexOf(e.getKey());
                String what = op.name + ": " + e.getValue() + " in '" + options + "'";
                if (expected[i] instanceof ImagePlus) assertSame(what, expected[i], values.args[i]);
                else assertEquals(what, expected[i], values.args[i]);
                if (!(expected[i] instanceof Boolean)) {
                    String text = expected[i] instanceof ImagePlus ? ((ImagePlus) expected[i]).getTitle() : String.valueOf(expected[i]);
                    assertEquals(what + " (Macro.getValue)", text, Macro.getValue(options + " ", e.getValue(), null));
                }
            }
        }
    }

    @Test
    public void keysThatEndAnotherKeyAfterAnUnderscoreLoseTheirUnderscores() {
        OpDescriptor op = op("synthetic", "source", "input", "binary_input", "x", "radius_x", "output_device");
        Map<ParamDescriptor, String> keys = OpForm.keys(op);
        assertEquals(Arrays.asList("input", "binaryinput", "x", "radiusx", "outputdevice"), new ArrayList<>(keys.values()));

        // and they round-trip: "input=" no longer matches inside "binaryinput="
        String options = "binaryinput=[second image] input=[first image.tif] radiusx=7 x=3 outputdevice=b device=a";
        OpForm.Values v = readDialog(new OpForm(op), options);
        assertSame(first, v.args[1]);
        assertSame(second, v.args[2]);
        assertEquals(3.0, v.args[3]);
        assertEquals(7.0, v.args[4]);
        assertEquals("b", v.args[5]);
        assertEquals("a", v.device);
    }

    @Test
    public void keysThatCannotBeToldApartAreRefused() {
        assertRefused("x would match inside image2x", () -> OpForm.keys(op("bad", "source", "x", "image2_x")), "'x'");
    }

    @Test
    public void unknownChoicesAndImagesAreErrorsNotTheFirstItem() {
        OpForm threshold = new OpForm(OpRegistry.get().find("automaticThreshold"));
        assertRefused("unknown method accepted", () -> readDialog(threshold, "method=Otsux device=[]"),
                "'Otsux' is not one of");
        OpForm add = new OpForm(OpRegistry.get().find("addImages"));
        assertRefused("unknown image accepted", () -> readDialog(add, "summand2=[no such image] device=[]"),
                "no image titled 'no such image'");
    }

    /** The dialog in macro mode: the options of a run() call on this thread. */
    /** Asserts that {@code call} throws an IjclException whose message contains {@code part}; fails with {@code ifNot} otherwise. */
    static void assertRefused(String ifNot, Runnable call, String part) {
        try {
            call.run();
            fail(ifNot);
        } catch (IjclException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(part));
        }
    }

    static OpForm.Values readDialog(OpForm form, String options) {
        Thread thread = Thread.currentThread();
        String name = thread.getName();
        thread.setName("Run$_" + name);
        Macro.setOptions(options);
        try {
            GenericDialog gd = new GenericDialog("test");
            form.addFields(gd, first.getTitle(), new String[] {first.getTitle(), second.getTitle()});
            gd.showDialog();
            return form.read(gd);
        } finally {
            Macro.setOptions(null);
            thread.setName(name);
        }
    }

    /** A value different from the parameter's default, inside its range. */
    private static Object nonDefault(ParamDescriptor p) {
        switch (p.kind) {
            case IMAGE_IN: case IMAGE_INOUT: return second;
            case BOOLEAN: return !("true".equalsIgnoreCase(p.defaultValue) || "1".equals(p.defaultValue));
            case STRING:
                if (p.choices.isEmpty()) return "some text";
                for (int i = p.choices.size() - 1; i >= 0; i--)
                    if (!p.choices.get(i).equals(p.defaultValue)) return p.choices.get(i);
                return p.choices.get(0);
            case NUMBER: {
                double d = p.defaultValue.isEmpty() ? 0 : Double.parseDouble(p.defaultValue);
                double v = p.integer ? d + 1 : d + 1.25;
                if (v > p.max) v = p.integer ? Math.ceil(p.min) : p.min;
                return v;
            }
            default: throw new IllegalStateException(p.kind.toString());
        }
    }

    private static OpDescriptor op(String name, String... imageThenNumbers) {
        List<ParamDescriptor> params = new ArrayList<>();
        for (String p : imageThenNumbers) {
            ParamDescriptor.Kind kind = p.contains("input") || p.equals("source") ? ParamDescriptor.Kind.IMAGE_IN
                    : p.endsWith("device") ? ParamDescriptor.Kind.STRING : ParamDescriptor.Kind.NUMBER;
            params.add(new ParamDescriptor(p, kind, "", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false,
                    Collections.<String>emptyList(), ""));
        }
        return new OpDescriptor(name, "Test", "", false, "", params);
    }
}
