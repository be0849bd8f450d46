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

    /** A builder-free call: wrapper command (may be empty), JVM flags, main class, its arguments. */
    static JvmProcess run(List<String> wrapper, List<String> jvmFlags, Class<?> main, File workDir, String... args)
            throws IOException, InterruptedException {
        File dir = Files.createTempDirectory("ijcl-jvm").toFile();
        File out = new File(dir, "stdout.txt"), err = new File(dir, "stderr.txt");
        List<String> command = new ArrayList<>(wrapper);
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
