package net.ijcl.tools;

import java.awt.Component;
import java.awt.Dimension;
import java.awt.LayoutManager;
import java.awt.Point;
import java.awt.PopupMenu;
import java.awt.event.FocusEvent;
import java.awt.event.KeyListener;
import java.awt.event.MouseListener;
import java.awt.event.MouseWheelListener;
import java.awt.event.WindowEvent;

/**
 * What ImageJ's ROI Manager ({@code ij.plugin.frame.RoiManager}) extends in a headless JVM instead
 * of {@code ij.plugin.frame.PlugInFrame}: a window that is never shown, so no {@code java.awt.Frame}
 * (which cannot be created without a display). {@link HeadlessRoiManager} makes the switch when
 * ImageJ is patched for headless use; the ROI Manager's own code (its list, Add, Measure, Delete,
 * Save, ...) is unchanged. Every window method the ROI Manager or other ImageJ classes call on it
 * is here, doing what a hidden window does: nothing, or reporting that it is not visible.
 * Not used when a display is available.
 */
public class HeadlessPlugInFrame implements ij.plugin.PlugIn, java.awt.event.WindowListener, java.awt.event.FocusListener {
    private String title;

    public HeadlessPlugInFrame() {
        this("");
    }

    public HeadlessPlugInFrame(String title) {
        this.title = title;
    }

    @Override
    public void run(String arg) {}

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    /** Hidden: there is no display. */
    public boolean isVisible() {
        return false;
    }

    public boolean isShowing() {
        return false;
    }

    public void show() {}

    public void setVisible(boolean visible) {}

    public void toFront() {}

    public void toBack() {}

    public void pack() {}

    public void repaint() {}

    public void validate() {}

    public void dispose() {}

    /** PlugInFrame.close(): nothing to dispose of. */
    public void close() {}

    public Point getLocation() {
        return new Point();
    }

    public void setLocation(Point location) {}

    public void setLocation(int x, int y) {}

    public Dimension getSize() {
        return new Dimension();
    }

    public void setSize(int width, int height) {}

    public void setLayout(LayoutManager layout) {}

    public Component add(String name, Component component) {
        return component;
    }

    public Component add(Component component) {
        return component;
    }

    public void add(PopupMenu menu) {}

    public void addKeyListener(KeyListener listener) {}

    public void addMouseListener(MouseListener listener) {}

    public void addMouseWheelListener(MouseWheelListener listener) {}

    protected void processWindowEvent(WindowEvent e) {}

    @Override
    public void windowClosing(WindowEvent e) {}

    @Override
    public void windowActivated(WindowEvent e) {}

    @Override
    public void windowOpened(WindowEvent e) {}

    @Override
    public void windowClosed(WindowEvent e) {}

    @Override
    public void windowIconified(WindowEvent e) {}

    @Override
    public void windowDeiconified(WindowEvent e) {}

    @Override
    public void windowDeactivated(WindowEvent e) {}

    @Override
    public void focusGained(FocusEvent e) {}

    @Override
    public void focusLost(FocusEvent e) {}
}
