package net.ijcl.tools;

import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a macro through the real {@link RunMacro} main class in a fresh JVM, the way the launcher
 * does (class path from classpath.txt plus the compiled classes, the JVM flags of the pom).
 */
final class MacroProcess {
    final int exitStatus;
    final String stdout;
    final String stderr;

    private MacroProcess(int exitStatus, String stdout, String stderr) {
        this.exitStatus = exitStatus;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Runs macro text (written to a temporary file). */
    static MacroProcess run(String macro, String argument) throws IOException, InterruptedException {
        File dir = Files.createTempDirectory("ijcl-macro").toFile();
        File file = new File(dir, "test.ijm");
        Files.write(file.toPath(), macro.getBytes(StandardCharsets.UTF_8));
        try {
            return runFile(file, argument);
        } finally {
            file.delete();
            dir.delete();
        }
    }

    /** Runs a macro file. */
    static MacroProcess runFile(File file, String argument) throws IOException, InterruptedException {
        File dir = Files.createTempDirectory("ijcl-run").toFile();
        File out = new File(dir, "stdout.txt"), err = new File(dir, "stderr.txt");

        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        command.add("-Djava.awt.headless=true");
        for (String flag : System.getProperty("ijcl.jvm.opens", "--add-opens=java.base/java.lang=ALL-UNNAMED").split("\\s+"))
            if (!flag.isEmpty()) command.add(flag);
        String library = System.getProperty("ijcl.library.path", "");
        if (!library.isEmpty()) command.add("-Dijcl.library.path=" + library);
        command.add("-cp");
        command.add(classPath());
        command.add(RunMacro.class.getName());
        command.add(file.getPath());
        if (argument != null) command.add(argument);

        Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        if (!finished) p.destroyForcibly();
        assertTrue("RunMacro did not finish within 10 minutes", finished);
        String stdout = new String(Files.readAllBytes(out.toPath()), StandardCharsets.UTF_8);
        String stderr = new String(Files.readAllBytes(err.toPath()), StandardCharsets.UTF_8);
        for (File f : new File[] {out, err, dir}) f.delete();
        return new MacroProcess(p.exitValue(), stdout, stderr);
    }

    private static String classPath() throws IOException {
        File cpFile = new File(System.getProperty("ijcl.classpath.file", "target/classpath.txt"));
        assertTrue("missing " + cpFile + " (written by maven-dependency-plugin)", cpFile.isFile());
        String deps = new String(Files.readAllBytes(cpFile.toPath()), StandardCharsets.UTF_8).trim();
        String classes = System.getProperty("ijcl.classes.dir", "target/classes");
        return classes + File.pathSeparator + deps;
    }

    /** The value printed as "key=value" on its own line, or null. */
    String value(String key) {
        for (String line : stdout.split("\n"))
            if (line.startsWith(key + "=")) return line.substring(key.length() + 1).trim();
        return null;
    }

    @Override
    public String toString() {
        return "exit " + exitStatus + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
