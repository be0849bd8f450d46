package net.ijcl.tools;

import ij.IJ;
import ij.Macro;
import ij.Menus;
import ij.macro.Interpreter;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Enumeration;
import java.util.Hashtable;

import net.ijcl.Stop;

/**
 * Runs macros in an ImageJ 1.x already patched for headless use ({@link HeadlessImageJ#patch()};
 * see {@link RunMacro}).
 *
 * <p>How a failure is recognised: a syntax or runtime error, an unknown function or command, an
 * {@code Ext.IJCL_*} function failing ({@code net.ijcl.MacroAbort}) all go through ImageJ's
 * {@code Interpreter.error}, which ends the macro with ImageJ's "Macro canceled" exception and
 * sets {@code Interpreter.wasError()}; headless, the patched error dialog prints "Macro Error: ...
 * in line N" and the statement to standard error instead of showing anything. ImageJ commands that
 * report an error with {@code IJ.error} but let the macro go on (e.g. {@code open()} of a missing
 * file) are also counted as failures: their message is printed and the status is 1, because a
 * headless run cannot have meant to carry on past them.
 *
 * <p>A macro stopped at an operation boundary (an ijcl call refused with net.ijcl.IjclStopped:
 * Esc, or the JVM shutting down) fails the same way; {@link Outcome#stopped} says why.
 */
public final class HeadlessMacro {
    private HeadlessMacro() {}

    /** The outcome of one macro run. */
    public static final class Outcome {
        /** 0: ran to its end (or exit()); 1: failed. */
        public final int status;
        /** The error message, or null on success. */
        public final String error;
        /**
         * Why the macro was stopped at an operation boundary (Esc, the JVM shutting down; see
         * net.ijcl.Stop), or null when it was not stopped. A stopped macro has status 1.
         */
        public final String stopped;

        /** A run that failed with {@code error} (null: succeeded), stopped for {@code stopped} (or null). */
        Outcome(String error, String stopped) {
            this.error = error;
            this.stopped = stopped;
            status = error == null ? 0 : 1;
        }
    }

    /** Runs a macro file; returns the exit status (0 success, 1 failure; message on standard error). */
    public static int runFile(File file, String argument) throws IOException {
        String macro = new String(Files.readAllBytes(file.toPath()), StandardCharsets.UTF_8);
        Outcome outcome = run(macro, argument);
        if (outcome.stopped != null)
            System.err.println("RunMacro: " + file.getName() + " stopped at an operation boundary: " + outcome.stopped
                    + " (" + outcome.error + "); RunMacro itself writes no files; files the macro saved before are complete");
        else if (outcome.error != null) System.err.println("RunMacro: " + file.getName() + " failed: " + outcome.error);
        return outcome.status;
    }

    /** Runs macro text in the calling thread, in batch mode. */
    public static Outcome run(String macro, String argument) {
        init();
        Stop.takeStopOfThisThread();
        String errorBefore = IJ.getErrorMessage();
        Interpreter interp = new Interpreter();
        String error = null;
        try {
            interp.run(macro, argument == null ? "" : argument);
        } catch (RuntimeException e) {
            // "Macro canceled" ends a macro after an error (reported below) or an abort;
            // anything else escaped ImageJ's own handling.
            if (!Macro.MACRO_CANCELED.equals(e.getMessage())) error = "unexpected " + e;
        }
        if (error == null && interp.wasError())
            error = interp.getErrorMessage() == null ? "macro error" : interp.getErrorMessage();
        String errorAfter = IJ.getErrorMessage();
        if (error == null && errorAfter != null && errorAfter != errorBefore)
            error = "ImageJ reported an error: " + errorAfter.replace('\n', ' ');
        String stopped = Stop.takeStopOfThisThread();
        if (stopped == null && error != null && Stop.stopping()) // failed by the shutdown, e.g. a native call refused
            stopped = Stop.shutdownReason() != null ? Stop.shutdownReason() : "the JVM is shutting down";
        if (stopped != null && error == null) error = "stopped: " + stopped; // ended silently (an interpreter ignoring errors)
        return new Outcome(error, stopped);
    }

    /** Starts ImageJ (headless) once and adds the plugins.config commands of the class path. */
    static synchronized void init() {
        Interpreter.batchMode = true;
        if (Menus.getCommands() == null) IJ.runPlugIn("ij.IJ.init", "");
        Hashtable<String, String> commands = Menus.getCommands();
        if (commands == null) throw new IllegalStateException("ImageJ's command table did not initialise");
        try {
            Enumeration<URL> configs = HeadlessMacro.class.getClassLoader().getResources("plugins.config");
            while (configs.hasMoreElements()) addCommands(configs.nextElement(), commands);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read plugins.config: " + e, e);
        }
    }

    /** Adds the commands of one plugins.config ({@code Menu>Sub, "Label", class.Name("arg")}). */
    static void addCommands(URL config, Hashtable<String, String> commands) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(config.openStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                line = line.trim();
                if (line.isEmpty() || line.startsWith("#")) continue;
                int q1 = line.indexOf('"'), q2 = q1 < 0 ? -1 : line.indexOf('"', q1 + 1);
                int comma = q2 < 0 ? -1 : line.indexOf(',', q2 + 1);
                if (comma < 0) continue;
                String label = line.substring(q1 + 1, q2);
                String target = line.substring(comma + 1).trim();
                if (!label.isEmpty() && !target.isEmpty() && !commands.containsKey(label)) commands.put(label, target);
            }
        }
    }
}
