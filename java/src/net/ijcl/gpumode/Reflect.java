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
}
