package net.ijcl.gpumode;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Access to ImageJ's private and package-private members that some twins need (ImageJ 1.54p has
 * no public hook for them). A member that is missing (another ImageJ version) gives null, and the
 * twin then runs ImageJ's own code.
 */
final class Reflect {
    private Reflect() {}

    /** The declared method, made accessible; null when {@code cls} has none of that signature. */
    static Method method(Class<?> cls, String name, Class<?>... parameters) {
        try {
            Method m = cls.getDeclaredMethod(name, parameters);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The declared field, made accessible; null when {@code cls} has none of that name. */
    static Field field(Class<?> cls, String name) {
        try {
            Field f = cls.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static Object get(Field f, Object target) {
        try {
            return f.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static void set(Field f, Object target, Object value) {
        try {
            f.set(target, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A static float or double field of ImageJ's (e.g. Filters3D.xradius); an error naming it when absent. */
    static double staticNumber(Class<?> cls, String name) {
        Field f = field(cls, name);
        if (f == null) throw new IllegalStateException("ImageJ's " + cls.getSimpleName() + " has no field " + name);
        try {
            return f.getDouble(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static void setStaticNumber(Class<?> cls, String name, double value) {
        Field f = field(cls, name);
        if (f == null) throw new IllegalStateException("ImageJ's " + cls.getSimpleName() + " has no field " + name);
        try {
            if (f.getType() == float.class) f.setFloat(null, (float) value);
            else f.setDouble(null, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The dialog of a 3D command whose x, y, z parameters are static fields of its class
     * (Filters3D's radii, GaussianBlur3D's sigmas): a number field per parameter showing the
     * remembered value (one decimal), read back into the fields, as the command's own showDialog.
     * False when cancelled.
     */
    static boolean xyzDialog(String title, Class<?> cls, String[] labels, String[] fields) {
        ij.gui.GenericDialog gd = new ij.gui.GenericDialog(title);
        for (int i = 0; i < 3; i++) gd.addNumericField(labels[i], staticNumber(cls, fields[i]), 1);
        gd.showDialog();
        if (gd.wasCanceled()) return false;
        for (int i = 0; i < 3; i++) setStaticNumber(cls, fields[i], gd.getNextNumber());
        return true;
    }
}
