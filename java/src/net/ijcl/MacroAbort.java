package net.ijcl;

import ij.macro.ExtensionDescriptor;
import ij.macro.Functions;
import ij.macro.Interpreter;
import ij.macro.MacroExtension;

import java.lang.reflect.Field;

/**
 * Stops the running macro with an error message, through ImageJ's own error path:
 * {@code Interpreter.abort(message)}, which records the message ({@code getErrorMessage()}),
 * shows the "Macro Error" dialog with the line number in interactive ImageJ (headless, the
 * patched dialog shows nothing and the runner prints the message), and throws ImageJ's
 * "Macro canceled" exception so no further statement runs.
 *
 * <p>The interpreter must be the one running the calling thread's macro. {@code
 * Interpreter.getInstance()} is a single static that the last started (or finished) macro
 * overwrites, so with macros in two threads it can name the other macro or none. Instead, each
 * Ext function is registered through {@link Descriptor}, whose {@code dispatch(Functions)} is
 * handed the calling macro's {@code Functions}; its interpreter is kept in a thread-local for the
 * duration of the call.
 */
final class MacroAbort {
    private static final ThreadLocal<Interpreter> CURRENT = new ThreadLocal<>();
    private static final Field FUNCTIONS_INTERP = interpField();

    private MacroAbort() {}

    /** An Ext function descriptor that remembers which macro interpreter is calling. */
    static final class Descriptor extends ExtensionDescriptor {
        Descriptor(String name, int[] argTypes, MacroExtension handler) {
            super(name, argTypes, handler);
        }

        @Override
        public String dispatch(Functions func) {
            Interpreter previous = CURRENT.get();
            CURRENT.set(interpreterOf(func));
            try {
                return super.dispatch(func);
            } finally {
                if (previous == null) CURRENT.remove();
                else CURRENT.set(previous);
            }
        }
    }

    /**
     * Ends the calling macro with the message. Returns only when no macro is running in this
     * thread (then it throws IjclException) or the interpreter ignores errors (it is then done).
     */
    static void abort(String message) {
        Interpreter interp = CURRENT.get();
        if (interp == null) interp = Interpreter.getInstance();
        if (interp == null) throw new IjclException(message);
        interp.abort(message);
    }

    /** Whether the calling thread is inside an Ext function call (a macro is calling). */
    static boolean inExtensionCall() {
        return CURRENT.get() != null;
    }

    /** The interpreter running on behalf of the calling thread, or null. */
    static Interpreter current() {
        Interpreter interp = CURRENT.get();
        return interp != null ? interp : Interpreter.getInstance();
    }

    private static Interpreter interpreterOf(Functions func) {
        if (FUNCTIONS_INTERP != null && func != null) {
            try {
                Object interp = FUNCTIONS_INTERP.get(func);
                if (interp instanceof Interpreter) return (Interpreter) interp;
            } catch (IllegalAccessException e) {
                // fall back to the static instance below
            }
        }
        return Interpreter.getInstance();
    }

    private static Field interpField() {
        try {
            Field f = Functions.class.getDeclaredField("interp");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another ImageJ version: Interpreter.getInstance() is used instead
        }
    }
}
