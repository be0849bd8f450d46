package net.ijcl;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dialog of an operation's menu command ({@link OpCommand}), built from the registry: one
 * field per parameter the user sets, then a device field. The current image is the operation's
 * first input image; every further input image is a choice of the open images; numbers are
 * numeric fields, booleans checkboxes, text with choices a choice, other text a text field. Output
 * images and output numbers have no field.
 *
 * <p><b>Macro keys.</b> Each field's label is its key, so the key ImageJ records and reads is the
 * parameter name in lower case ({@code sigma_x}, {@code rotatearoundcenter}). ImageJ finds a key
 * in the options wherever it is not preceded by a letter, so a key that ends another key after an
 * underscore or digit ({@code input} in {@code binary_input}) would read the other one's value.
 * {@link #keys} resolves that by dropping the underscores of the longer key
 * ({@code binaryinput}); the tests check that every operation's keys round-trip.
 */
final class OpForm {
    /** The key of the device field. */
    static final String DEVICE = "device";

    final OpDescriptor op;
    /** Macro key of every parameter that has a field, in parameter order. */
    final Map<ParamDescriptor, String> keys;

    OpForm(OpDescriptor op) {
        this.op = op;
        this.keys = keys(op);
    }

    /** The values read from the dialog. */
    static final class Values {
        /** Per parameter (registry order): the ImagePlus of input images (the first: null), numbers, booleans, text. */
        final Object[] args;
        final String device;

        Values(Object[] args, String device) {
            this.args = args;
            this.device = device;
        }
    }

    /** The parameters that get a dialog field: input images after the first, numbers, booleans, text. */
    static List<ParamDescriptor> fieldParams(OpDescriptor op) {
        List<ParamDescriptor> out = new ArrayList<>();
        boolean firstImage = true;
        for (ParamDescriptor p : op.params) {
            if (p.isExistingImage()) { // an input, or an image written in place (the current image when first)
                if (!firstImage) out.add(p);
                firstImage = false;
            } else if (!p.isOutput()) {
                out.add(p);
            }
        }
        return out;
    }

    /** The macro key of each field parameter (see the class comment); throws if two cannot be told apart. */
    static Map<ParamDescriptor, String> keys(OpDescriptor op) {
        List<ParamDescriptor> params = fieldParams(op);
        List<String> keys = new ArrayList<>();
        for (ParamDescriptor p : params) keys.add(p.name.toLowerCase(Locale.US));
        List<String> all = withDevice(keys);
        for (int i = 0; i < keys.size(); i++)
            for (String other : all)
                if (suffixAfterNonLetter(keys.get(i), other)) keys.set(i, keys.get(i).replace("_", ""));
        all = withDevice(keys);
        for (String k : all) {
            if (!k.matches("[a-z0-9_]+") || Collections.frequency(all, k) > 1)
                throw new IjclException("operation '" + op.name + "': macro key '" + k + "' is not unique or not a word");
            for (String other : all)
                if (suffixAfterNonLetter(other, k))
                    throw new IjclException("operation '" + op.name + "': macro key '" + k + "' would also match '" + other + "'");
        }
        Map<ParamDescriptor, String> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) out.put(params.get(i), keys.get(i));
        return out;
    }

    private static List<String> withDevice(List<String> keys) {
        List<String> all = new ArrayList<>(keys);
        all.add(DEVICE);
        return all;
    }

    /** Whether ImageJ's key search for {@code shorter} would stop inside {@code longer}. */
    static boolean suffixAfterNonLetter(String longer, String shorter) {
        return longer.length() > shorter.length() && longer.endsWith(shorter)
                && !Character.isLetter(longer.charAt(longer.length() - shorter.length() - 1));
    }

    // --- the dialog ---------------------------------------------------------------------------------

    /** Adds the fields; {@code titles} are the open images' titles, {@code current} the current image's. */
    void addFields(GenericDialog gd, String current, String[] titles) {
        String doc = firstSentence(op.doc);
        if (!doc.isEmpty()) gd.addMessage(doc);
        for (Map.Entry<ParamDescriptor, String> e : keys.entrySet()) {
            ParamDescriptor p = e.getKey();
            String key = e.getValue();
            switch (p.kind) {
                case IMAGE_IN:
                case IMAGE_INOUT:
                    gd.addChoice(key, titles, otherThan(current, titles));
                    break;
                case NUMBER: {
                    double v = number(p.defaultValue);
                    gd.addNumericField(key, v, p.integer ? 0 : digits(p.defaultValue), 8, "");
                    break;
                }
                case BOOLEAN:
                    gd.addCheckbox(key, "true".equalsIgnoreCase(p.defaultValue) || "1".equals(p.defaultValue));
                    break;
                case STRING:
                    if (p.choices.isEmpty()) gd.addStringField(key, p.defaultValue, 12);
                    else gd.addChoice(key, p.choices.toArray(new String[0]),
                            p.choices.contains(p.defaultValue) ? p.defaultValue : p.choices.get(0));
                    break;
                default:
                    throw new IllegalStateException(p.kind.toString());
            }
        }
        gd.addStringField(DEVICE, "", 20);
        gd.addMessage("device: part of an OpenCL device's name; empty: the preferred device\n"
                + "(Plugins > ijcl > IJCL Select Device) or the one in use");
    }

    /** Reads the fields back (after showDialog), in the order {@link #addFields} added them. */
    Values read(GenericDialog gd) {
        Object[] args = new Object[op.params.size()];
        for (int i = 0; i < args.length; i++) {
            ParamDescriptor p = op.params.get(i);
            String key = keys.get(p);
            if (key == null) continue;
            switch (p.kind) {
                case IMAGE_IN:
                case IMAGE_INOUT: {
                    String title = choice(gd, key);
                    ImagePlus imp = WindowManager.getImage(title);
                    if (imp == null) throw fail(key, "no image titled '" + title + "' is open");
                    args[i] = imp;
                    break;
                }
                case NUMBER: {
                    double v = gd.getNextNumber();
                    if (Double.isNaN(v)) throw fail(key, "expected a number");
                    args[i] = v;
                    break;
                }
                case BOOLEAN:
                    args[i] = gd.getNextBoolean();
                    break;
                case STRING: {
                    String v = p.choices.isEmpty() ? gd.getNextString() : choice(gd, key);
                    if (!p.choices.isEmpty() && !p.choices.contains(v))
                        throw fail(key, "'" + v + "' is not one of " + String.join(", ", p.choices));
                    args[i] = v;
                    break;
                }
                default:
                    throw new IllegalStateException(p.kind.toString());
            }
        }
        return new Values(args, gd.getNextString().trim());
    }

    /**
     * The next choice. In a macro the option's own text is taken: ImageJ's interactive dialog
     * returns an unlisted value as given, but the headless one silently picks the first item.
     */
    private static String choice(GenericDialog gd, String key) {
        String picked = gd.getNextChoice();
        String options = Macro.getOptions();
        if (options == null) return picked;
        String asked = Macro.getValue(options, key, null);
        return asked == null || asked.startsWith("&") ? picked : asked;
    }

    /** An options string with every field at its default, e.g. for help text. */
    String exampleOptions(String secondImageTitle) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<ParamDescriptor, String> e : keys.entrySet()) {
            ParamDescriptor p = e.getKey();
            String value;
            switch (p.kind) {
                case IMAGE_IN: case IMAGE_INOUT: value = secondImageTitle; break;
                case BOOLEAN:
                    if ("true".equalsIgnoreCase(p.defaultValue) || "1".equals(p.defaultValue)) s.append(e.getValue()).append(' ');
                    continue;
                case STRING: value = p.choices.isEmpty() || p.choices.contains(p.defaultValue) ? p.defaultValue : p.choices.get(0); break;
                default: value = p.defaultValue.isEmpty() ? "0" : p.defaultValue;
            }
            s.append(e.getValue()).append('=').append(bracket(value)).append(' ');
        }
        return s.append(DEVICE).append("=[]").toString();
    }

    static String bracket(String value) {
        return value.isEmpty() || value.indexOf(' ') >= 0 ? "[" + value + "]" : value;
    }

    // --- helpers ----------------------------------------------------------------------------------

    private static String otherThan(String current, String[] titles) {
        for (String t : titles)
            if (!t.equals(current)) return t;
        return titles.length > 0 ? titles[0] : "";
    }

    private static double number(String text) {
        try {
            return text.isEmpty() ? 0 : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Decimal places to show a default with: at least 2, more if the default has more. */
    private static int digits(String text) {
        int dot = text.indexOf('.');
        if (dot < 0 || text.contains("e") || text.contains("E")) return 2;
        return Math.max(2, Math.min(9, text.length() - dot - 1));
    }

    private static String firstSentence(String doc) {
        String d = doc.replace('\n', ' ').trim();
        int end = d.indexOf(". ");
        return end < 0 ? d : d.substring(0, end + 1);
    }

    private IjclException fail(String key, String message) {
        return new IjclException("operation '" + op.name + "', argument '" + key + "': " + message);
    }

    @Override
    public String toString() {
        return op.name + Arrays.toString(keys.values().toArray());
    }
}
