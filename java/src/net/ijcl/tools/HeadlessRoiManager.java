package net.ijcl.tools;

import javassist.CannotCompileException;
import javassist.CtBehavior;
import javassist.CtClass;
import javassist.CtField;
import javassist.CtMethod;
import javassist.Modifier;
import javassist.NotFoundException;
import javassist.expr.ExprEditor;
import javassist.expr.FieldAccess;
import javassist.expr.MethodCall;
import javassist.expr.NewExpr;

/**
 * Makes ImageJ's ROI Manager ({@code ij.plugin.frame.RoiManager}, 1.54p) work without a display,
 * by editing its bytecode (javassist) before it is loaded, together with ij1-patcher's own headless
 * patches ({@link HeadlessImageJ#patch()} applies it).
 *
 * <p><b>Why.</b> The ROI Manager is a {@code java.awt.Frame} (via {@code PlugInFrame}); even the
 * hidden one that batch-mode macros use ({@code new RoiManager(true)}) constructs a Frame, and AWT
 * throws {@code java.awt.HeadlessException} for any Frame without a display. ij1-patcher makes
 * {@code GenericDialog} headless the same way (a superclass that is no AWT window) but leaves the
 * ROI Manager alone (imagej-legacy issue 153), so {@code roiManager("Add")}, Analyze Particles'
 * {@code add}, {@code RoiManager.getRoiManager()} all fail headless.
 *
 * <p><b>What changes</b> (only in a headless JVM; everything else is ImageJ's code as it is):
 * <ul>
 * <li>the superclass: {@link HeadlessPlugInFrame} instead of {@code PlugInFrame} (every window
 *     method there does what a hidden window does); calls to the superclass follow;</li>
 * <li>the static {@code instance} (declared {@code java.awt.Frame}) is held in a field of the ROI
 *     Manager's own type, so {@code getInstance()}, {@code getRoiManager()} and
 *     {@code new RoiManager()} keep ImageJ's semantics (one open manager, the batch-mode one in
 *     batch-mode macros);</li>
 * <li>{@code showWindow()} only makes the list model (what the hidden constructor does); the
 *     "Show All"/"Labels" check boxes, which AWT cannot create headless, are absent (their state
 *     reads false: they only affect what a display shows); the popup menu is not shown;</li>
 * <li>an error ({@code MessageDialog}) goes to {@code IJ.error} (aborting the macro with the
 *     message, as the dialog does); the confirmation dialog of a Delete outside a macro gets no
 *     parent window; no window location is saved on close.</li>
 * </ul>
 * Every other method, including the whole macro interface ({@code runCommand}, {@code add},
 * {@code select}, {@code measure}, {@code save}, ...), is ImageJ's unchanged bytecode.
 */
final class HeadlessRoiManager {
    private HeadlessRoiManager() {}

    static final String CLASS = "ij.plugin.frame.RoiManager";
    private static final String FIELD = "ijclHeadlessInstance";

    /** Edits the classes, given by name (not yet loaded), for a headless JVM. */
    static void edit(java.util.function.Function<String, CtClass> classes) throws CannotCompileException, NotFoundException {
        editRoiManager(classes.apply(CLASS));
        // Two commands find the open manager as a window (WindowManager.getFrame("ROI Manager"));
        // headless they take RoiManager.getRoiManager(), which opens one when none is open, as
        // their IJ.run("ROI Manager...") does.
        classes.apply("ij.plugin.filter.ParticleAnalyzer").getDeclaredMethod("addToRoiManager").insertBefore(
                "if (roiManager == null) {"
                + " if (ij.Macro.getOptions() != null && ij.macro.Interpreter.isBatchMode()) roiManager = ij.macro.Interpreter.getBatchModeRoiManager();"
                + " if (roiManager == null) roiManager = " + CLASS + ".getRoiManager();"
                + " if (resetCounter) roiManager.runCommand(\"reset\"); }");
        classes.apply("ij.plugin.Selection").getDeclaredMethod("addToRoiManager").insertBefore(
                "{ if (ij.IJ.macroRunning() && ij.macro.Interpreter.isBatchModeRoiManager())"
                + " ij.IJ.error(\"run(\\\"Add to Manager\\\") may not work in batch mode macros\");"
                + " " + CLASS + " rm = " + CLASS + ".getRoiManager();"
                + " if ($1 == null || $1.getRoi() == null) return;"
                + " rm.allowRecording(true); rm.runCommand(\"add\"); rm.allowRecording(false); return; }");
    }

    /** The ROI Manager's own class. */
    private static void editRoiManager(CtClass rm) throws CannotCompileException, NotFoundException {
        String base = HeadlessPlugInFrame.class.getName();
        rm.setSuperclass(rm.getClassPool().get(base)); // with the constructors' super(...) calls
        rm.replaceClassName("ij.plugin.frame.PlugInFrame", base); // the super.m() calls
        CtField instance = new CtField(rm, FIELD, rm);
        instance.setModifiers(Modifier.PRIVATE | Modifier.STATIC);
        rm.addField(instance);
        rm.getDeclaredMethod("showWindow").setBody("{ listModel = new javax.swing.DefaultListModel(); list.setModel(listModel); }");
        ExprEditor editor = new ExprEditor() {
            @Override
            public void edit(MethodCall call) throws CannotCompileException {
                String owner = call.getClassName(), name = call.getMethodName();
                if (owner.equals("java.awt.Checkbox"))
                    call.replace(call.getSignature().endsWith(")Z") ? "$_ = false;" : "");
                else if (owner.equals("java.awt.PopupMenu") && name.equals("show"))
                    call.replace("");
                else if (owner.equals("ij.WindowManager") && name.equals("toFront"))
                    call.replace(""); // the open manager has no window to bring to the front
                else if (owner.equals("ij.Prefs") && name.equals("saveLocation"))
                    call.replace(""); // no window location
            }

            @Override
            public void edit(NewExpr e) throws CannotCompileException {
                String type = e.getClassName();
                if (type.equals("java.awt.Checkbox") || type.equals("java.awt.List"))
                    e.replace("$_ = null;");
                else if (type.equals("ij.gui.MessageDialog"))
                    e.replace("{ ij.IJ.error($2, $3); $_ = null; }");
                else if (type.equals("ij.gui.YesNoCancelDialog"))
                    e.replace("$_ = new ij.gui.YesNoCancelDialog((java.awt.Frame) null, $2, $3);");
            }

            @Override
            public void edit(FieldAccess f) throws CannotCompileException {
                if (!f.getFieldName().equals("instance") || !f.getClassName().equals(CLASS)) return;
                if (f.isReader()) f.replace("$_ = " + FIELD + ";");
                else f.replace(FIELD + " = (" + CLASS + ") $1;");
            }
        };
        for (CtBehavior b : rm.getDeclaredBehaviors()) b.instrument(editor);
    }
}
