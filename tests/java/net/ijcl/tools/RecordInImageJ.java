package net.ijcl.tools;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.ImageWindow;
import ij.io.FileSaver;
import ij.plugin.frame.Recorder;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.MenuItem;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.WindowEvent;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Drives a real ImageJ 1.x with its GUI (not headless, not patched; run under Xvfb by
 * {@link RecorderXvfbTest}) the way a user would: opens an image, opens the Recorder, runs ijcl
 * menu commands through ImageJ's command path ({@code IJ.doCommand}: an Executer thread, so the
 * Recorder records), fills in each command's dialog and clicks OK, and activates image windows
 * as a click would. Writes to OUT_DIR: {@code menu.txt} (the menu path of gaussianBlur2D (GPU)),
 * {@code recorded.ijm} (the Recorder's text), {@code log.txt} (the Log) and each result image as
 * {@code <title>.tif}. Exit status 0 when every step happened.
 *
 * <p>Usage: {@code RecordInImageJ OUT_DIR IMAGE}; the commands come from the plugins.config of a
 * jar in {@code <plugins.dir>/plugins/}.
 */
public final class RecordInImageJ {
    /** The result images, in the order the commands make them. */
    static final String[] RESULTS = {
        "blobs-gaussianBlur2D", "blobs-addImagesWeighted", "blobs-addImagesWeighted-flip2D",
        "blobs-gaussianBlur2D-automaticThreshold",
    };
    private static final long TIMEOUT_MS = 5 * 60 * 1000;

    private final File out;

    private RecordInImageJ(File out) {
        this.out = out;
    }

    public static void main(String[] args) {
        int status = 1;
        try {
            new RecordInImageJ(new File(args[0])).record(args[1]);
            status = 0;
        } catch (Throwable t) {
            t.printStackTrace();
        }
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    private void record(String imagePath) throws Exception {
        if (GraphicsEnvironment.isHeadless()) throw new IllegalStateException("no display: AWT is headless");
        out.mkdirs();
        ImageJ ij = new ImageJ();
        waitFor("the ImageJ window", ij::isShowing);
        write("menu.txt", menuPath(Menus.getMenuBar(), "gaussianBlur2D (GPU)"));

        IJ.open(imagePath);
        waitFor("blobs.tif", () -> WindowManager.getImage("blobs.tif") != null);
        IJ.run("Record...");
        waitFor("the Recorder", () -> Recorder.getInstance() != null);

        command("gaussianBlur2D (GPU)", gd -> {
            number(gd, 0, "2.5");
            number(gd, 1, "1.5");
        });
        activate("blobs.tif");
        command("addImagesWeighted (GPU)", gd -> {
            choice(gd, 0, "blobs-gaussianBlur2D");
            number(gd, 0, "1");
            number(gd, 1, "-0.5");
        });
        command("flip2D (GPU)", gd -> {
            checkbox(gd, 0, false);
            checkbox(gd, 1, true);
        });
        activate("blobs-gaussianBlur2D");
        command("automaticThreshold (GPU)", gd -> choice(gd, 0, "Otsu"));
        command("getSumOfAllPixels (GPU)", gd -> { });
        waitFor("the sum in the Log", () -> String.valueOf(IJ.getLog()).contains("getSumOfAllPixels("));

        write("recorded.ijm", Recorder.getInstance().getText());
        write("log.txt", String.valueOf(IJ.getLog()));
        for (String title : RESULTS) {
            ImagePlus imp = WindowManager.getImage(title);
            if (imp == null) throw new IllegalStateException("no image titled " + title);
            if (!new FileSaver(imp).saveAsTiff(new File(out, title + ".tif").getPath()))
                throw new IllegalStateException("cannot save " + title);
        }
        gpuMode();
    }

    /**
     * GPU mode in the GUI: the menu toggle Plugins > ijcl > GPU Mode, then ImageJ's own Gaussian
     * Blur... through its dialog (an Executer thread, as a click), then the report in the Log.
     * Writes recorded-gpu-mode.ijm (what the Recorder wrote from the toggle on), log-gpu-mode.txt
     * and blobs-gpu-mode-gaussian.tif. The plugin's classes live in the plugin class loader here,
     * so GPU mode is observed through the Log, not through its Java state.
     */
    private void gpuMode() throws Exception {
        activate("blobs.tif");
        Recorder recorder = Recorder.getInstance();
        int mark = recorder.getText().length();
        IJ.doCommand("GPU Mode");
        waitFor("GPU mode on in the Log", () -> String.valueOf(IJ.getLog()).contains("ijcl GPU mode on"));
        command("Gaussian Blur...", gd -> number(gd, 0, "2"));
        IJ.doCommand("IJCL GPU Mode"); // no options from a menu: the report
        waitFor("the report in the Log", () -> String.valueOf(IJ.getLog()).contains("commands ran on the GPU"));
        IJ.doCommand("GPU Mode"); // off again (the toggle also stores the preference)
        waitFor("GPU mode off in the Log", () -> String.valueOf(IJ.getLog()).contains("ijcl GPU mode off"));
        write("recorded-gpu-mode.ijm", recorder.getText().substring(mark));
        write("log-gpu-mode.txt", String.valueOf(IJ.getLog()));
        if (!new FileSaver(WindowManager.getImage("blobs.tif")).saveAsTiff(new File(out, "blobs-gpu-mode-gaussian.tif").getPath()))
            throw new IllegalStateException("cannot save the blurred blobs");
    }

    /** Runs a menu command as a click would, fills its dialog, clicks OK, waits until it is recorded. */
    private void command(String label, Consumer<GenericDialog> fill) throws Exception {
        Recorder recorder = Recorder.getInstance();
        int before = recorder.getText().length();
        IJ.doCommand(label);
        GenericDialog gd = dialog(label);
        EventQueue.invokeAndWait(() -> fill.accept(gd));
        Button ok = gd.getButtons()[0];
        EventQueue.invokeLater(() -> ok.dispatchEvent(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, ok.getLabel())));
        waitFor(label + " in the Recorder", () -> recorder.getText().substring(before).contains("run(\"" + label + "\""));
        settle();
    }

    /**
     * Waits until the current image's window is the active window: a newly shown window is
     * activated by the window system a moment later, and that activation (recorded as
     * selectImage when it changes the current image) must not land after the next click.
     */
    private static void settle() throws Exception {
        ImageWindow win = WindowManager.getCurrentWindow();
        if (win == null) return;
        long end = System.currentTimeMillis() + 10_000;
        while (!win.isActive() && System.currentTimeMillis() < end) Thread.sleep(20);
        EventQueue.invokeAndWait(() -> { });
    }

    /** Clicks an image window: the activation event the window system sends. */
    private static void activate(String title) throws Exception {
        ImageWindow win = WindowManager.getImage(title).getWindow();
        EventQueue.invokeAndWait(() -> {
            win.toFront();
            win.dispatchEvent(new WindowEvent(win, WindowEvent.WINDOW_ACTIVATED));
        });
        waitFor(title + " current", () -> WindowManager.getCurrentImage() != null
                && title.equals(WindowManager.getCurrentImage().getTitle()));
        settle();
    }

    private static GenericDialog dialog(String title) throws InterruptedException {
        GenericDialog[] found = new GenericDialog[1];
        waitFor("the dialog " + title, () -> {
            for (Window w : Window.getWindows())
                if (w instanceof GenericDialog && w.isShowing() && title.equals(((GenericDialog) w).getTitle()))
                    found[0] = (GenericDialog) w;
            return found[0] != null;
        });
        return found[0];
    }

    private static void number(GenericDialog gd, int index, String text) {
        ((TextField) gd.getNumericFields().get(index)).setText(text);
    }

    private static void choice(GenericDialog gd, int index, String item) {
        Choice c = (Choice) gd.getChoices().get(index);
        c.select(item);
        if (!item.equals(c.getSelectedItem())) throw new IllegalStateException("no item " + item);
    }

    private static void checkbox(GenericDialog gd, int index, boolean state) {
        ((Checkbox) gd.getCheckboxes().get(index)).setState(state);
    }

    /** "Plugins>ijcl>Filter>gaussianBlur2D (GPU)": where the item sits in the menu bar, or "". */
    private static String menuPath(MenuBar bar, String label) {
        for (int i = 0; i < bar.getMenuCount(); i++) {
            String path = menuPath(bar.getMenu(i), label);
            if (path != null) return path;
        }
        return "";
    }

    private static String menuPath(Menu menu, String label) {
        for (int i = 0; i < menu.getItemCount(); i++) {
            MenuItem item = menu.getItem(i);
            if (item instanceof Menu) {
                String path = menuPath((Menu) item, label);
                if (path != null) return menu.getLabel() + ">" + path;
            } else if (label.equals(item.getLabel())) {
                return menu.getLabel() + ">" + label;
            }
        }
        return null;
    }

    private void write(String name, String text) throws Exception {
        Files.write(new File(out, name).toPath(), text.getBytes(StandardCharsets.UTF_8));
    }

    /** Polls the GUI's state until it holds (the GUI runs on its own threads); fails after a timeout. */
    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new IllegalStateException("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }
}
