package net.ijcl.tools;

import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of this project in a fresh JVM (class path: the compiled classes, the test
 * classes and the dependencies of classpath.txt; the native library the tests use), optionally
 * behind a wrapper command such as {@code xvfb-run -a}. Captures exit status, stdout and stderr.
 * {@link #start} starts one without waiting, for tests that signal it while it runs.
 */
final class JvmProcess {
    final int exitStatus;
    final String stdout;
    final String stderr;

    private JvmProcess(int exitStatus, String stdout, String stderr) {
        this.exitStatus = exitStatus;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The java command line of a test JVM: this JVM's java, ijcl's flags, the class path, a main class. */
    private static List<String> javaCommand(List<String> jvmFlags, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        for (String flag : System.getProperty("ijcl.jvm.opens", "--add-opens=java.base/java.lang=ALL-UNNAMED").split("\\s+"))
            if (!flag.isEmpty()) command.add(flag);
        String library = System.getProperty("ijcl.library.path", "");
        if (!library.isEmpty()) command.add("-Dijcl.library.path=" + library);
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classPath());
        command.add(main.getName());
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** A builder-free call: wrapper command (may be empty), JVM flags, main class, its arguments. */
    static JvmProcess run(List<String> wrapper, List<String> jvmFlags, Class<?> main, File workDir, String... args)
            throws IOException, InterruptedException {
        File dir = Files.createTempDirectory("ijcl-jvm").toFile();
        File out = new File(dir, "stdout.txt"), err = new File(dir, "stderr.txt");
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(javaCommand(jvmFlags, main, args));

        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
        if (workDir != null) pb.directory(workDir);
        Process p = pb.start();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        if (!finished) p.destroyForcibly();
        assertTrue(main.getSimpleName() + " did not finish within 10 minutes", finished);
        String stdout = new String(Files.readAllBytes(out.toPath()), StandardCharsets.UTF_8);
        String stderr = new String(Files.readAllBytes(err.toPath()), StandardCharsets.UTF_8);
        for (File f : new File[] {out, err, dir}) f.delete();
        return new JvmProcess(p.exitValue(), stdout, stderr);
    }

    /**
     * Starts a main class in a fresh JVM (same command line as {@link #run}) without waiting: its
     * output is read as it comes, so a test can wait for a line and then signal the process.
     */
    static Running start(List<String> jvmFlags, Class<?> main, File workDir, java.util.Map<String, String> env,
                         String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(javaCommand(jvmFlags, main, args));
        if (workDir != null) pb.directory(workDir);
        pb.environment().putAll(env);
        return new Running(pb.start(), main.getSimpleName());
    }

    /** A JVM started by {@link #start}: its stdout and stderr so far, a wait for a text, SIGTERM. */
    static final class Running {
        final Process process;
        private final String name;
        private final StringBuilder out = new StringBuilder(), err = new StringBuilder();
        private final Thread[] readers;

        Running(Process process, String name) {
            this.process = process;
            this.name = name;
            readers = new Thread[] {reader(process.getInputStream(), out), reader(process.getErrorStream(), err)};
        }

        private Thread reader(java.io.InputStream stream, StringBuilder into) {
            Thread t = new Thread(() -> {
                try (java.io.Reader r = new java.io.InputStreamReader(stream, StandardCharsets.UTF_8)) {
                    char[] buffer = new char[4096];
                    for (int n; (n = r.read(buffer)) >= 0; ) {
                        synchronized (this) {
                            into.append(buffer, 0, n);
                            notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                } finally {
                    synchronized (this) {
                        notifyAll();
                    }
                }
            }, name + "-output");
            t.setDaemon(true);
            t.start();
            return t;
        }

        /** Waits until stdout or stderr contains the text; false if the process ended or the time ran out first. */
        synchronized boolean awaitOutput(String text, long timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (out.indexOf(text) < 0 && err.indexOf(text) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !readers[0].isAlive() && !readers[1].isAlive())) return false;
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
            return true;
        }

        /**
         * Sends SIGTERM: ProcessHandle.destroy() (on Unix, SIGTERM). Not Process.destroy(), which
         * also closes this side's pipes, so the output the process writes while it stops would be
         * lost. (Through reflection: the tests compile against the Java 8 API.)
         */
        void sigterm() throws Exception {
            Object handle = Process.class.getMethod("toHandle").invoke(process);
            boolean sent = (Boolean) Class.forName("java.lang.ProcessHandle").getMethod("destroy").invoke(handle);
            assertTrue("could not signal " + name, sent || !process.isAlive());
        }

        /** Waits for the exit; null (and the process killed) if it has not exited in time. */
        JvmProcess await(long timeout, TimeUnit unit) throws InterruptedException {
            if (!process.waitFor(timeout, unit)) {
                process.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
                return null;
            }
            for (Thread t : readers) t.join(TimeUnit.MINUTES.toMillis(1));
            synchronized (this) {
                return new JvmProcess(process.exitValue(), out.toString(), err.toString());
            }
        }

        synchronized String outputSoFar() {
            return "--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static String classPath() throws IOException {
        File cpFile = new File(System.getProperty("ijcl.classpath.file", "target/classpath.txt"));
        assertTrue("missing " + cpFile + " (written by maven-dependency-plugin)", cpFile.isFile());
        String deps = new String(Files.readAllBytes(cpFile.toPath()), StandardCharsets.UTF_8).trim();
        return System.getProperty("ijcl.classes.dir", "target/classes") + File.pathSeparator
                + System.getProperty("ijcl.test.classes.dir", "target/test-classes") + File.pathSeparator + deps;
    }

    /** Whether a program is on the PATH. */
    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            if (new File(dir, program).canExecute()) return true;
        return false;
    }

    @Override
    public String toString() {
        return "exit " + exitStatus + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
