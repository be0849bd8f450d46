package net.ijcl.tools;

import net.imagej.patcher.LegacyEnvironment;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Applies ij1-patcher's headless patches to ImageJ 1.x before any ImageJ class is loaded, plus
 * ijcl's headless ROI Manager ({@link HeadlessRoiManager}). Must be called before anything touches
 * an {@code ij.*} class: this class itself references none. Idempotent: when ImageJ is already
 * patched it does nothing (a JVM patched by ij1-patcher's own Java agent then has no headless ROI
 * Manager: the tests use {@link HeadlessAgent}, which calls this method, instead).
 */
public final class HeadlessImageJ {
    private HeadlessImageJ() {}

    private static volatile String roiManagerProblem = "HeadlessImageJ.patch() was not called";

    /**
     * Sets {@code java.awt.headless=true} and patches ImageJ 1.x in the context class loader as
     * ij1-patcher's {@code LegacyInjector.preinit()} does (the call Fiji/ImageJ2 makes before
     * ImageJ 1.x starts), with one more patch in the same pass: the ROI Manager's.
     */
    public static synchronized void patch() {
        System.setProperty("java.awt.headless", "true");
        try {
            preinit(Thread.currentThread().getContextClassLoader());
        } catch (RuntimeException | LinkageError | ReflectiveOperationException e) {
            String hint = "";
            if (String.valueOf(e).contains("InaccessibleObject") || String.valueOf(e.getCause()).contains("InaccessibleObject")
                    || String.valueOf(e).contains("module java.base"))
                hint = " (on Java 9 and later start the JVM with --add-opens=java.base/java.lang=ALL-UNNAMED)";
            throw new IllegalStateException("cannot patch ImageJ 1.x for headless use: " + e + hint, e);
        }
    }

    /**
     * Null when the ROI Manager was made headless in this JVM; else why not (e.g. ImageJ was
     * patched before, by ij1-patcher's agent).
     */
    public static String roiManagerProblem() {
        return roiManagerProblem;
    }

    /**
     * ij1-patcher 2.0.0's {@code LegacyInjector.preinit(ClassLoader)}, with the ROI Manager's patch
     * added to the injector's callbacks that run after its own patches and before the patched
     * classes are defined (the callback list and the CodeHacker's class lookup are package-private
     * in ij1-patcher, hence the reflection; the version is pinned in the pom).
     */
    private static void preinit(ClassLoader loader) throws ReflectiveOperationException {
        for (ClassLoader parent = loader.getParent(); parent != null && parent.getResource("ij/IJ.class") != null;
             parent = loader.getParent())
            loader = parent; // as preinit: the loader in the chain that holds ImageJ
        if (isLoaded(loader, "ij.IJ")) { // patched before (by this method: nothing to do), or ImageJ loaded first
            if (roiManagerProblem != null)
                roiManagerProblem = "ImageJ was loaded (or patched by ij1-patcher's own agent) before HeadlessImageJ.patch()";
            return;
        }
        boolean headless = java.awt.GraphicsEnvironment.isHeadless();
        LegacyEnvironment ij1 = new LegacyEnvironment(loader, headless);
        ij1.disableInitializer();
        ij1.noPluginClassLoader();
        ij1.suppressIJ1ScriptDiscovery();
        Field injectorField = LegacyEnvironment.class.getDeclaredField("injector");
        injectorField.setAccessible(true);
        Object injector = injectorField.get(ij1);
        Field afterField = injector.getClass().getDeclaredField("after");
        afterField.setAccessible(true);
        Class<?> callback = Class.forName("net.imagej.patcher.LegacyInjector$Callback", false, injector.getClass().getClassLoader());
        Object roiManager = Proxy.newProxyInstance(callback.getClassLoader(), new Class<?>[] {callback}, (proxy, method, args) -> {
            if (!method.getName().equals("call")) return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                    : method.getName().equals("equals") ? proxy == args[0] : "ijcl headless ROI Manager";
            Method getClass = args[0].getClass().getDeclaredMethod("getClass", String.class);
            getClass.setAccessible(true);
            java.util.function.Function<String, javassist.CtClass> classes = name -> {
                try {
                    return (javassist.CtClass) getClass.invoke(args[0], name);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("ij1-patcher's CodeHacker.getClass(\"" + name + "\"): " + e, e);
                }
            };
            HeadlessRoiManager.edit(classes);
            HeadlessResults.edit(classes);
            roiManagerProblem = null;
            return null;
        });
        @SuppressWarnings("unchecked")
        List<Object> after = (List<Object>) afterField.get(injector);
        if (headless) after.add(roiManager);
        else roiManagerProblem = "a display is available: ImageJ's own ROI Manager window is used";
        ij1.applyPatches();
    }

    private static boolean isLoaded(ClassLoader loader, String name) throws ReflectiveOperationException {
        Method findLoadedClass = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
        findLoadedClass.setAccessible(true);
        for (ClassLoader l = loader; l != null; l = l.getParent())
            if (findLoadedClass.invoke(l, name) != null) return true;
        return false;
    }
}
