package net.ijcl;

/**
 * ijcl refused to start an operation because a stop was requested: Esc was pressed while a macro
 * runs, or the JVM is shutting down (SIGTERM, Ctrl-C, quitting ImageJ). See {@link Stop}. The
 * operation did not start; the operations before it completed.
 */
public class IjclStopped extends IjclException {
    private static final long serialVersionUID = 1L;

    public IjclStopped(String message) {
        super(message);
    }
}
