package net.ijcl;

import java.util.Collections;
import java.util.List;

/** One parameter of an operation, as the native registry declares it (see {@link OpRegistry}). */
public final class ParamDescriptor {
    /** What a parameter carries; the registry's kind names are in brackets. */
    public enum Kind {
        IMAGE_IN("image_in", "image"),
        IMAGE_OUT("image_out", "image, output"),
        NUMBER("number", "number"),
        BOOLEAN("boolean", "boolean"),
        STRING("string", "text"),
        NUMBER_OUT("number_out", "number, output"),
        /**
         * An existing image the operation writes in place: CLIJ2's plain (not ByRef) "Image source"
         * of set, setRampX, ... (a text argument like an input's; a refused call leaves it unchanged).
         */
        IMAGE_INOUT("image_inout", "image, written in place");

        final String registryName;
        final String description;

        Kind(String registryName, String description) {
            this.registryName = registryName;
            this.description = description;
        }

        static Kind fromRegistry(String name) {
            for (Kind k : values())
                if (k.registryName.equals(name)) return k;
            throw new IjclException("registry: unknown parameter kind '" + name + "'");
        }
    }

    public final String name;
    public final Kind kind;
    public final String defaultValue;
    public final double min;
    public final double max;
    public final boolean integer;
    public final List<String> choices;
    public final String doc;

    ParamDescriptor(String name, Kind kind, String defaultValue, double min, double max, boolean integer,
                    List<String> choices, String doc) {
        this.name = name;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.integer = integer;
        this.choices = Collections.unmodifiableList(choices);
        this.doc = doc;
    }

    public boolean isImage() {
        return kind == Kind.IMAGE_IN || kind == Kind.IMAGE_OUT || kind == Kind.IMAGE_INOUT;
    }

    /** An image that must exist before the call: an input, or one written in place. */
    public boolean isExistingImage() {
        return kind == Kind.IMAGE_IN || kind == Kind.IMAGE_INOUT;
    }

    public boolean isOutput() {
        return kind == Kind.IMAGE_OUT || kind == Kind.NUMBER_OUT;
    }

    /** One help line: "sigma_x (number, default 2, from 0): doc". */
    public String helpLine() {
        StringBuilder s = new StringBuilder(name).append(" (").append(integer ? "whole number" : kind.description);
        if (!defaultValue.isEmpty()) s.append(", default ").append(defaultValue);
        if (!Double.isInfinite(min) && !Double.isInfinite(max)) s.append(", ").append(number(min)).append(" to ").append(number(max));
        else if (!Double.isInfinite(min)) s.append(", at least ").append(number(min));
        else if (!Double.isInfinite(max)) s.append(", at most ").append(number(max));
        if (!choices.isEmpty()) s.append(", one of ").append(String.join(", ", choices));
        s.append(")");
        if (!doc.isEmpty()) s.append(": ").append(doc);
        return s.toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return name + ":" + kind.registryName;
    }
}
